"""The documented hash: reproducible from its description, split by the weights, and a traffic
draw independent of the variant."""

import hashlib

from leadcapture.experiments.assignment import in_traffic, pick_variant, point

IDS = [f"visitor-{number:06d}" for number in range(20_000)]


def test_the_point_is_the_documented_sha256_prefix():
    digest = hashlib.sha256(b"cta-copy:visitor-000001").digest()
    assert point("", "cta-copy", "visitor-000001") == int.from_bytes(digest[:8], "big") / 2**64
    traffic = hashlib.sha256(b"traffic:cta-copy:visitor-000001").digest()
    assert point("traffic:", "cta-copy", "visitor-000001") == int.from_bytes(traffic[:8], "big") / 2**64


def test_weights_split_the_visitors_about_right():
    weights = (("control", 50), ("short", 30), ("long", 20))
    picks = [pick_variant("split", visitor, weights) for visitor in IDS]
    for key, weight in weights:
        assert abs(picks.count(key) / len(IDS) - weight / 100) < 0.015, key


def test_the_same_visitor_gets_the_same_variant_and_experiments_differ():
    weights = (("a", 1), ("b", 1))
    first = [pick_variant("one", visitor, weights) for visitor in IDS[:500]]
    assert first == [pick_variant("one", visitor, weights) for visitor in IDS[:500]]
    assert first != [pick_variant("two", visitor, weights) for visitor in IDS[:500]]


def test_the_traffic_share_is_drawn_apart_from_the_variant():
    weights = (("a", 50), ("b", 50))
    enrolled = [visitor for visitor in IDS if in_traffic("split", visitor, 30)]
    assert abs(len(enrolled) / len(IDS) - 0.3) < 0.015
    share_a = sum(pick_variant("split", visitor, weights) == "a" for visitor in enrolled) / len(enrolled)
    assert abs(share_a - 0.5) < 0.03  # enrolment does not pick one variant's visitors
    assert not any(in_traffic("split", visitor, 0) for visitor in IDS[:500])
    assert all(in_traffic("split", visitor, 100) for visitor in IDS[:500])


def test_a_zero_weight_variant_gets_nobody():
    assert {pick_variant("k", visitor, (("a", 0), ("b", 100))) for visitor in IDS[:2000]} == {"b"}
