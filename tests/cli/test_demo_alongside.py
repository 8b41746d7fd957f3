"""The demo generator in a second process: the same bundles in the same order as in this one,
and a generator that fails or dies is an error for the writer, never a hang or a silent stop."""

import multiprocessing
import os
import signal
from datetime import datetime

import pytest

from leadcapture import forked
from leadcapture.demo import DemoOptions, alongside, generate, generate_alongside

NOW = datetime(2026, 11, 23, 12, 0)
# More than two batches, and not a whole number of them.
VISITORS = 2 * alongside.BATCH_BUNDLES + 57


def without_ids(bundles) -> list:
    """What a seed fixes (ids are random)."""
    return [
        [(row["tool"], row["data"], row["created_at"]) for row in bundle["interactions"]]
        + [(row["event_type"], row["client_timestamp"]) for row in bundle["behaviour_events"]]
        + [(row["started_at"], row["utm_campaign"]) for row in bundle["visit_sessions"]]
        for bundle in bundles
    ]


def test_the_child_makes_every_bundle_of_the_seed_in_order():
    options = DemoOptions(visitors=VISITORS, seed=11, now=NOW)
    made_alongside = list(generate_alongside(options))
    assert len(made_alongside) == VISITORS
    assert without_ids(made_alongside) == without_ids(generate(options))
    assert multiprocessing.active_children() == []


def failing_after(bundles: int, fail):
    def generate_then_fail(options):
        yield from list(generate(options))[:bundles]
        fail()

    return generate_then_fail


def test_an_error_in_the_generator_reaches_the_writer_with_its_traceback(monkeypatch):
    def fail():
        raise ValueError("no such procedure: teeth_whitening")

    monkeypatch.setattr(alongside, "generate", failing_after(alongside.BATCH_BUNDLES + 3, fail))
    received = []
    failure = "demo-generator-0 failed:(.|\n)*ValueError: no such procedure: teeth_whitening"
    with pytest.raises(forked.ChildFailed, match=failure):
        for bundle in generate_alongside(DemoOptions(visitors=VISITORS, seed=1, now=NOW)):
            received.append(bundle)
    assert len(received) == alongside.BATCH_BUNDLES  # the whole batch made before it, nothing after


def test_a_killed_generator_is_an_error_not_a_hang(monkeypatch):
    monkeypatch.setattr(forked, "POLL_SECONDS", 0.05)
    monkeypatch.setattr(alongside, "generate", failing_after(3, lambda: os.kill(os.getpid(), signal.SIGKILL)))
    killed = rf"demo-generator-0 stopped \(exit code -{signal.SIGKILL.value}\)"
    with pytest.raises(forked.ChildFailed, match=killed):
        list(generate_alongside(DemoOptions(visitors=10, seed=1, now=NOW)))


def test_a_writer_that_stops_early_stops_the_generator():
    bundles = generate_alongside(DemoOptions(visitors=5000, seed=1, now=NOW))
    first = next(bundles)
    assert first["visitors"]
    bundles.close()
    assert multiprocessing.active_children() == []
