"""Attribution: each model on hand-made journeys, then the page and CSV on a hand-built data set
whose every number is worked out here."""

import csv
import html
import io
import json
import re
from datetime import date, datetime, timedelta
from fractions import Fraction as F
from random import Random

import pytest

from leadcapture.extensions import db
from leadcapture.models import Booking, Lead, LeadVisitor, Visitor, VisitSession
from leadcapture.models.catalog_store import seed_catalog
from leadcapture.reports.attribution import (
    UNKNOWN,
    Conversion,
    credit_by_channel,
    total_credit,
)
from leadcapture.reports.attribution_report import AttributionQuery, attribution_report
from leadcapture.reports.period import Period
from tests.admin.signin import signed_in_client

DAY = timedelta(days=1)


def journey(*touches, lead=None, booking=None, score=None) -> Conversion:
    """``touches``: (channel, days before the conversion)."""
    return Conversion(
        channels=tuple(channel for channel, _days in touches),
        ages=tuple(float(days) for _channel, days in touches),
        lead_touch=lead,
        booking_touch=booking,
        score_sum=score,
    )


def assert_credit(model, conversion, expected, half_life=7.0):
    got = credit_by_channel(model, conversion, half_life)
    assert set(got) == set(expected)
    for channel, value in expected.items():
        assert got[channel] == pytest.approx(float(value), abs=1e-12), channel
    assert sum(got.values()) == pytest.approx(1.0, abs=1e-12)


# -- the models on hand-made journeys -------------------------------------------------------------

ONE = journey(("a", 3), lead=0)
TWO = journey(("a", 7), ("b", 0), lead=1)
THREE = journey(("a", 14), ("b", 7), ("c", 0), lead=2)
# Five touches, channel "a" twice: the lead converted in the third touch, the booking in the fifth.
FIVE = journey(("a", 28), ("b", 14), ("a", 7), ("c", 7), ("d", 0), lead=2, booking=4)


@pytest.mark.parametrize("model", ["first_touch", "last_touch", "linear", "position_based", "w_shaped"])
def test_one_touch_gets_everything_under_every_model(model):
    assert_credit(model, ONE, {"a": 1})


def test_time_decay_of_one_touch_is_everything_however_old():
    assert_credit("time_decay", journey(("a", 400), lead=0), {"a": 1})


@pytest.mark.parametrize(
    ("model", "conversion", "expected"),
    [
        ("first_touch", TWO, {"a": 1, "b": 0}),
        ("last_touch", TWO, {"a": 0, "b": 1}),
        ("linear", TWO, {"a": F(1, 2), "b": F(1, 2)}),
        ("position_based", TWO, {"a": F(1, 2), "b": F(1, 2)}),
        # first and lead touch 30 each, nothing else: scaled up to 50/50
        ("w_shaped", TWO, {"a": F(1, 2), "b": F(1, 2)}),
        # 7 days is one half-life: weights 1/2 and 1
        ("time_decay", TWO, {"a": F(1, 3), "b": F(2, 3)}),
        ("first_touch", THREE, {"a": 1, "b": 0, "c": 0}),
        ("last_touch", THREE, {"a": 0, "b": 0, "c": 1}),
        ("linear", THREE, {"a": F(1, 3), "b": F(1, 3), "c": F(1, 3)}),
        ("position_based", THREE, {"a": F(2, 5), "b": F(1, 5), "c": F(2, 5)}),
        # a lead: first 30, middle 10, lead touch 30, no booking -> 3/7, 1/7, 3/7
        ("w_shaped", THREE, {"a": F(3, 7), "b": F(1, 7), "c": F(3, 7)}),
        # weights 1/4, 1/2, 1 of 7/4
        ("time_decay", THREE, {"a": F(1, 7), "b": F(2, 7), "c": F(4, 7)}),
        ("first_touch", FIVE, {"a": 1, "b": 0, "c": 0, "d": 0}),
        ("last_touch", FIVE, {"a": 0, "b": 0, "c": 0, "d": 1}),
        ("linear", FIVE, {"a": F(2, 5), "b": F(1, 5), "c": F(1, 5), "d": F(1, 5)}),
        # 40 first (a), 20 over b, a, c, 40 last (d)
        ("position_based", FIVE, {"a": F(2, 5) + F(1, 15), "b": F(1, 15), "c": F(1, 15), "d": F(2, 5)}),
        # first (a) 30 + lead touch (a) 30 + booking (d) 30, b and c share 10
        ("w_shaped", FIVE, {"a": F(3, 5), "b": F(1, 20), "c": F(1, 20), "d": F(3, 10)}),
        # weights 1/16, 1/4, 1/2, 1/2, 1 of 37/16
        ("time_decay", FIVE, {"a": F(9, 37), "b": F(4, 37), "c": F(8, 37), "d": F(16, 37)}),
    ],
)
def test_models_on_two_three_and_five_touches(model, conversion, expected):
    assert_credit(model, conversion, expected)


@pytest.mark.parametrize(
    ("conversion", "expected"),
    [
        # a one-session booking: first, lead and booking touch at once (90 of 90)
        (journey(("a", 0), lead=0, booking=0), {"a": 1}),
        # lead and booking in the last session: 30 + 60, nothing else -> 1/3, 2/3
        (journey(("a", 2), ("b", 0), lead=1, booking=1), {"a": F(1, 3), "b": F(2, 3)}),
        # lead in the first session, booking in the third: 60, 10, 30
        (
            journey(("a", 9), ("b", 4), ("c", 0), lead=0, booking=2),
            {"a": F(3, 5), "b": F(1, 10), "c": F(3, 10)},
        ),
        # three roles on three touches, none left for the 10: a third each
        (
            journey(("a", 9), ("b", 4), ("c", 0), lead=1, booking=2),
            {"a": F(1, 3), "b": F(1, 3), "c": F(1, 3)},
        ),
        # a booking with no lead: first 30, middle 10, booking 30 -> 3/7, 1/7, 3/7
        (journey(("a", 9), ("b", 4), ("c", 0), booking=2), {"a": F(3, 7), "b": F(1, 7), "c": F(3, 7)}),
    ],
)
def test_w_shaped_merges_coinciding_roles_and_scales_missing_ones(conversion, expected):
    assert_credit("w_shaped", conversion, expected)


def test_time_decay_halves_a_touchs_weight_with_every_half_life():
    conversion = journey(("a", 28), ("b", 14), ("c", 0), lead=2)
    # half-life 14 days: weights 1/4, 1/2, 1
    assert_credit("time_decay", conversion, {"a": F(1, 7), "b": F(2, 7), "c": F(4, 7)}, half_life=14)
    # half-life 2 days: 2^-14, 2^-7, 1
    total = 2**-14 + 2**-7 + 1
    expected = {"a": 2**-14 / total, "b": 2**-7 / total, "c": 1 / total}
    assert_credit("time_decay", conversion, expected, half_life=2)
    # touches at the same moment weigh the same
    assert_credit("time_decay", journey(("a", 3), ("b", 3), lead=1), {"a": F(1, 2), "b": F(1, 2)})


def test_a_conversion_without_touches_is_credited_to_unknown():
    assert_credit("linear", journey(), {UNKNOWN: 1})


def test_credit_and_credit_weighted_scores_add_up_over_conversions():
    # three leads took the journey a -> b (scores adding up to 150), one came by a alone (score 20)
    together = Conversion(("a", "b"), (1.0, 0.0), lead_touch=1, count=3, score_sum=150)
    totals = total_credit("linear", [together, journey(("a", 0), score=20)])
    assert totals["a"].conversions == pytest.approx(2.5) and totals["b"].conversions == pytest.approx(1.5)
    assert totals["a"].average_score == pytest.approx((0.5 * 150 + 20) / 2.5)
    assert totals["b"].average_score == pytest.approx(50)


# -- the page and the CSV on a hand-built data set ------------------------------------------------
#
# March 2025. Sessions (source / medium / campaign; untagged ones by referrer class):
#   v1: S1 google/cpc/spring_promo Mar 1 10:00, S2 newsletter/email/monthly Mar 8 10:00,
#       S3 untagged direct Mar 15 10:00 -> lead L1 (score 80) and booking B1, both Mar 15 10:00
#   v2: S4 facebook/social/summer_glow Mar 13 11:00 -> lead L2 (score 50) Mar 13 11:00;
#       S5 untagged search Mar 20 11:00 -> booking B2 (lead L2) Mar 20 11:00
#   v3: S6 google/cpc/spring_promo Mar 5, and one on Apr 2 (after the period); no lead
#   v4: S7 google/cpc/spring_promo Feb 24 10:00 (before the period), S8 untagged search
#       Mar 3 10:00 -> lead L3 (score 20) Mar 3 10:00
#   v5: S9 untagged direct Mar 12; v6: S10 utm_source "=evil" from another site Mar 20
#   v0: a session and a lead in February: outside the period
PERIOD = {"from": "2025-03-01", "to": "2025-03-31"}
SCORES = {"L1": 80, "L2": 50, "L3": 20}
VISITORS = {
    "source": {"google": 2, "newsletter": 1, "(direct)": 2, "facebook": 1, "(search)": 2, "=evil": 1},
    "medium": {"cpc": 2, "email": 1, "(none)": 2, "social": 1, "organic": 2, "referral": 1},
    "campaign": {"spring_promo": 2, "monthly": 1, "summer_glow": 1, "(not set)": 5},
}
# Touches by source: L1 and B1 google (14 days before), newsletter (7), (direct) (0), lead and
# booking in the last; L2 facebook alone; L3 google (7), (search) (0); B2 facebook (7, the
# lead's touch), (search) (0, the booking's).
LEADS = {
    "first_touch": {"L1": {"google": 1}, "L2": {"facebook": 1}, "L3": {"google": 1}},
    "last_touch": {"L1": {"(direct)": 1}, "L2": {"facebook": 1}, "L3": {"(search)": 1}},
    "linear": {
        "L1": {"google": F(1, 3), "newsletter": F(1, 3), "(direct)": F(1, 3)},
        "L2": {"facebook": 1},
        "L3": {"google": F(1, 2), "(search)": F(1, 2)},
    },
    "position_based": {
        "L1": {"google": F(2, 5), "newsletter": F(1, 5), "(direct)": F(2, 5)},
        "L2": {"facebook": 1},
        "L3": {"google": F(1, 2), "(search)": F(1, 2)},
    },
    "w_shaped": {  # no booking touch in a lead's own journey: 30/10/30 scaled to 3/7, 1/7, 3/7
        "L1": {"google": F(3, 7), "newsletter": F(1, 7), "(direct)": F(3, 7)},
        "L2": {"facebook": 1},
        "L3": {"google": F(1, 2), "(search)": F(1, 2)},
    },
    "time_decay": {  # half-life 7 days: weights 1/4, 1/2, 1 and 1/2, 1
        "L1": {"google": F(1, 7), "newsletter": F(2, 7), "(direct)": F(4, 7)},
        "L2": {"facebook": 1},
        "L3": {"google": F(1, 3), "(search)": F(2, 3)},
    },
}
BOOKINGS = {
    "first_touch": {"B1": {"google": 1}, "B2": {"facebook": 1}},
    "last_touch": {"B1": {"(direct)": 1}, "B2": {"(search)": 1}},
    "linear": {
        "B1": {"google": F(1, 3), "newsletter": F(1, 3), "(direct)": F(1, 3)},
        "B2": {"facebook": F(1, 2), "(search)": F(1, 2)},
    },
    "position_based": {
        "B1": {"google": F(2, 5), "newsletter": F(1, 5), "(direct)": F(2, 5)},
        "B2": {"facebook": F(1, 2), "(search)": F(1, 2)},
    },
    "w_shaped": {  # B1: first 30, middle 10, lead + booking touch 60; B2: first + lead 60, booking 30
        "B1": {"google": F(3, 10), "newsletter": F(1, 10), "(direct)": F(3, 5)},
        "B2": {"facebook": F(2, 3), "(search)": F(1, 3)},
    },
    "time_decay": {
        "B1": {"google": F(1, 7), "newsletter": F(2, 7), "(direct)": F(4, 7)},
        "B2": {"facebook": F(1, 3), "(search)": F(2, 3)},
    },
}


def session(visitor, started_at, referrer_class, source=None, medium=None, campaign=None):
    return VisitSession(
        visitor_id=visitor,
        started_at=started_at,
        last_seen_at=started_at + timedelta(minutes=10),
        referrer_class=referrer_class,
        utm_source=source,
        utm_medium=medium,
        utm_campaign=campaign,
    )


def lead(email, created_at, score, visitor):
    row = Lead(email=email, created_at=created_at, score=score, engagement_level="high", score_breakdown=[])
    row.visitor_links.append(LeadVisitor(visitor_id=visitor, linked_at=created_at))
    return row


def booking(lead_row, created_at, slot_start, visitor):
    return Booking(
        lead_id=lead_row.id,
        visitor_id=visitor,
        created_at=created_at,
        slot_start=slot_start,
        slot_minutes=30,
        procedure_id="botox",
        name="Test Person",
        email=lead_row.email,
    )


@pytest.fixture
def marketing(app):
    """The hand-built data set and a signed-in marketing user's client."""
    google, newsletter = ("google", "cpc", "spring_promo"), ("newsletter", "email", "monthly")
    march = datetime(2025, 3, 1, 10, 0)
    with app.app_context():
        seed_catalog()
        db.session.add_all(Visitor(id=f"v{number}", created_at=datetime(2025, 1, 1)) for number in range(7))
        db.session.add_all(
            [
                session("v0", datetime(2025, 2, 10, 9), "search", *google),
                session("v1", march, "search", *google),
                session("v1", march + 7 * DAY, "email", *newsletter),
                session("v1", march + 14 * DAY, "direct"),
                session("v2", datetime(2025, 3, 13, 11), "social", "facebook", "social", "summer_glow"),
                session("v2", datetime(2025, 3, 20, 11), "search"),
                session("v3", datetime(2025, 3, 5, 9), "search", *google),
                session("v3", datetime(2025, 4, 2, 9), "search", *google),
                session("v4", datetime(2025, 2, 24, 10), "search", *google),
                session("v4", datetime(2025, 3, 3, 10), "search"),
                session("v5", datetime(2025, 3, 12, 9), "direct"),
                session("v6", datetime(2025, 3, 20, 15), "referral", "=evil"),
            ]
        )
        l0 = lead("l0@example.com", datetime(2025, 2, 10, 9, 5), 99, "v0")
        l1 = lead("l1@example.com", datetime(2025, 3, 15, 10), SCORES["L1"], "v1")
        l2 = lead("l2@example.com", datetime(2025, 3, 13, 11), SCORES["L2"], "v2")
        l3 = lead("l3@example.com", datetime(2025, 3, 3, 10), SCORES["L3"], "v3")
        l3.visitor_links[0].visitor_id = "v4"
        db.session.add_all([l0, l1, l2, l3])
        db.session.flush()
        db.session.add_all(
            [
                booking(l0, datetime(2025, 2, 10, 9, 5), datetime(2025, 2, 12, 10), "v0"),
                booking(l1, datetime(2025, 3, 15, 10), datetime(2025, 3, 17, 10), "v1"),
                booking(l2, datetime(2025, 3, 20, 11), datetime(2025, 3, 21, 10), "v2"),
            ]
        )
        db.session.commit()
    return signed_in_client(app, "marketing")


def expected_rows(model: str, visitors: dict, leads: dict, bookings: dict) -> dict[str, tuple]:
    """Channel -> (visitors, leads, bookings, conversion rate, average score), as the page shows them."""
    rows = {}
    for channel in visitors.keys() | {c for credit in leads.values() for c in credit}:
        lead_credit = sum(credit.get(channel, 0) for credit in leads.values())
        booking_credit = sum(credit.get(channel, 0) for credit in bookings.values())
        score = sum(credit.get(channel, 0) * SCORES[name] for name, credit in leads.items())
        count = visitors.get(channel, 0)
        rows[channel] = (
            f"{count:,}",
            f"{float(lead_credit):.2f}",
            f"{float(booking_credit):.2f}",
            f"{100 * float(lead_credit) / count:.2f} %" if count else "—",
            f"{float(score / lead_credit):.1f}" if lead_credit else "—",
        )
    rows["Total"] = ("6", "3", "2", "50.00 %", "50.0")
    return rows


def table(page: str) -> dict[str, tuple]:
    """The attribution table of ``page``: channel -> the other cells."""
    rows = {}
    for channel, cells in re.findall(r'<tr data-channel="([^"]*)">(.*?)</tr>', page, re.DOTALL):
        values = [
            html.unescape(re.sub(r"<[^>]+>", "", cell)).strip()
            for cell in re.findall(r"<t[dh]>(.*?)</t[dh]>", cells, re.DOTALL)
        ]
        rows[html.unescape(channel)] = tuple(values[1:])
    return rows


@pytest.mark.parametrize("model", list(LEADS))
def test_each_model_credits_the_hand_built_leads_and_bookings(marketing, model):
    response = marketing.get("/admin/attribution", query_string={"model": model, **PERIOD})
    assert response.status_code == 200
    expected = expected_rows(model, VISITORS["source"], LEADS[model], BOOKINGS[model])
    assert table(response.get_data(as_text=True)) == expected


def test_time_decay_uses_the_half_life_chosen_on_the_page(marketing):
    # half-life 3.5 days: ages 14, 7, 0 weigh 1/16, 1/4, 1 (of 21/16); ages 7, 0 weigh 1/4, 1
    leads = {
        "L1": {"google": F(1, 21), "newsletter": F(4, 21), "(direct)": F(16, 21)},
        "L2": {"facebook": 1},
        "L3": {"google": F(1, 5), "(search)": F(4, 5)},
    }
    bookings = {
        "B1": {"google": F(1, 21), "newsletter": F(4, 21), "(direct)": F(16, 21)},
        "B2": {"facebook": F(1, 5), "(search)": F(4, 5)},
    }
    query = {"model": "time_decay", "half_life": "3.5", **PERIOD}
    page = marketing.get("/admin/attribution", query_string=query).get_data(as_text=True)
    assert table(page) == expected_rows("time_decay", VISITORS["source"], leads, bookings)
    assert "half-life 3.5 days" in page


@pytest.mark.parametrize(
    ("grouping", "leads", "bookings"),
    [
        (
            "medium",
            {
                "L1": {"cpc": F(1, 3), "email": F(1, 3), "(none)": F(1, 3)},
                "L2": {"social": 1},
                "L3": {"cpc": F(1, 2), "organic": F(1, 2)},
            },
            {
                "B1": {"cpc": F(1, 3), "email": F(1, 3), "(none)": F(1, 3)},
                "B2": {"social": F(1, 2), "organic": F(1, 2)},
            },
        ),
        (
            "campaign",
            {
                "L1": {"spring_promo": F(1, 3), "monthly": F(1, 3), "(not set)": F(1, 3)},
                "L2": {"summer_glow": 1},
                "L3": {"spring_promo": F(1, 2), "(not set)": F(1, 2)},
            },
            {
                "B1": {"spring_promo": F(1, 3), "monthly": F(1, 3), "(not set)": F(1, 3)},
                "B2": {"summer_glow": F(1, 2), "(not set)": F(1, 2)},
            },
        ),
    ],
)
def test_grouping_by_medium_and_campaign(marketing, grouping, leads, bookings):
    query = {"model": "linear", "group": grouping, **PERIOD}
    page = marketing.get("/admin/attribution", query_string=query).get_data(as_text=True)
    assert table(page) == expected_rows("linear", VISITORS[grouping], leads, bookings)


def test_rows_come_most_credited_first_and_the_chart_shows_them(marketing):
    page = marketing.get("/admin/attribution", query_string={"model": "position_based", **PERIOD})
    text = page.get_data(as_text=True)
    assert list(table(text)) == ["facebook", "google", "(search)", "(direct)", "newsletter", "=evil", "Total"]
    config = json.loads(html.unescape(re.search(r"data-chart='([^']*)'", text).group(1)))
    assert config["type"] == "bar"
    assert config["data"]["labels"] == ["facebook", "google", "(search)", "(direct)", "newsletter", "=evil"]
    leads, bookings = config["data"]["datasets"]
    assert leads["data"] == [1.0, 0.9, 0.5, 0.4, 0.2, 0.0]
    assert bookings["data"] == [0.5, 0.4, 0.5, 0.4, 0.2, 0.0]


def test_the_csv_has_the_same_table_with_formula_cells_defused(marketing):
    query = {"model": "linear", **PERIOD}
    response = marketing.get("/admin/attribution.csv", query_string=query)
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "attribution-linear-source-2025-03-01-2025-03-31.csv" in response.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert rows[0] == [
        "Source",
        "Visitors",
        "Leads (credit)",
        "Bookings (credit)",
        "Conversion rate (%)",
        "Average lead score",
    ]
    assert rows[1:] == [
        ["facebook", "1", "1.00", "0.50", "100.00", "50.0"],
        ["google", "2", "0.83", "0.33", "41.67", "44.0"],
        ["(search)", "2", "0.50", "0.50", "25.00", "20.0"],
        ["(direct)", "2", "0.33", "0.33", "16.67", "80.0"],
        ["newsletter", "1", "0.33", "0.33", "33.33", "80.0"],
        ["'=evil", "1", "0.00", "0.00", "0.00", ""],
        ["Total", "6", "3.00", "2.00", "50.00", "50.0"],
    ]
    page = marketing.get("/admin/attribution", query_string=query).get_data(as_text=True)
    assert (
        html.escape("/admin/attribution.csv?model=linear&group=source&from=2025-03-01&to=2025-03-31") in page
    )


def test_an_empty_period_shows_an_empty_table(marketing):
    page = marketing.get("/admin/attribution", query_string={"from": "2024-01-01", "to": "2024-01-31"})
    text = page.get_data(as_text=True)
    assert "No visitors, leads or bookings in this period." in text
    assert table(text) == {"Total": ("0", "0", "0", "—", "—")}


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"model": "data_driven"}, "model"),
        ({"group": "device"}, "group"),
        ({"model": "time_decay", "half_life": "0"}, "half_life"),
        ({"half_life": "-3"}, "half_life"),
        ({"half_life": "soon"}, "half_life"),
        ({"half_life": "nan"}, "half_life"),
        ({"half_life": "inf"}, "half_life"),
        ({"half_life": "400"}, "half_life"),
        ({"from": "2025-13-01"}, "from"),
        ({"days": "0"}, "days"),
    ],
)
@pytest.mark.parametrize("path", ["/admin/attribution", "/admin/attribution.csv"])
def test_bad_settings_get_a_400_naming_them(app, path, query, field):
    response = signed_in_client(app, "marketing").get(path, query_string=query)
    assert response.status_code == 400
    assert f"<code>{field}</code>" in response.get_data(as_text=True)


@pytest.mark.parametrize("path", ["/admin/attribution", "/admin/attribution.csv"])
def test_marketing_and_admins_may_see_attribution_sales_and_strangers_may_not(app, path):
    assert signed_in_client(app, "marketing").get(path).status_code == 200
    assert signed_in_client(app, "admin").get(path).status_code == 200
    assert signed_in_client(app, "sales").get(path).status_code == 403
    anonymous = app.test_client().get(path)
    assert anonymous.status_code == 302 and "/admin/login" in anonymous.headers["Location"]


def test_time_decay_summed_in_the_database_matches_the_model_on_many_journeys(app):
    """Time decay over journeys of several touches is summed by the database: it must give what
    the model gives, journey by journey, for an odd half-life."""
    rng = Random(11)
    march = datetime(2025, 3, 1)
    expected = []
    with app.app_context():
        for number in range(60):
            visitor = f"r{number}"
            db.session.add(Visitor(id=visitor, created_at=datetime(2025, 1, 1)))
            starts = sorted(
                march + timedelta(minutes=rng.randrange(30 * 24 * 60)) for _ in range(rng.randint(1, 4))
            )
            sources = [rng.choice(("google", "facebook", "newsletter", "partner")) for _ in starts]
            db.session.add_all(
                session(visitor, at, "search", source) for at, source in zip(starts, sources, strict=True)
            )
            created = starts[-1] + timedelta(minutes=rng.randrange(1, 90))
            score = rng.randrange(101)
            db.session.add(lead(f"{visitor}@example.com", created, score, visitor))
            ages = tuple((created - at).total_seconds() / 86400 for at in starts)
            expected.append(Conversion(tuple(sources), ages, lead_touch=len(starts) - 1, score_sum=score))
        db.session.commit()
        query = AttributionQuery("time_decay", "source", 2.5, Period(date(2025, 3, 1), date(2025, 4, 5)))
        report = attribution_report(query)
    model = total_credit("time_decay", expected, 2.5)
    assert {row.channel: row.leads for row in report.rows if row.leads} == pytest.approx(
        {channel: credit.conversions for channel, credit in model.items()}, abs=1e-9
    )
    shown = {row.channel: row.average_score for row in report.rows if row.leads}
    assert shown == pytest.approx(
        {channel: credit.average_score for channel, credit in model.items()}, abs=1e-9
    )
