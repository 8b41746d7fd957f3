"""A visitor's funnel rows give, for every period and filter, the steps they reach by definition."""

import random
from collections import Counter
from datetime import date, timedelta

from leadcapture.rollups.funnel_rows import ANY, BEFORE_ANY_DAY, funnel_rows
from leadcapture.rollups.history import BookingFact, Dated, SessionFact, ToolUse, VisitorHistory
from leadcapture.rollups.query import FunnelFilters
from tests.rollups.brute_force import expected_counts

START = date(2026, 3, 1)
DAYS = 8
FILTERS = [
    FunnelFilters(),
    FunnelFilters(tool="calc"),
    FunnelFilters(tool="face"),
    FunnelFilters(campaign="spring"),
    FunnelFilters(campaign="spring", device="mobile", tool="calc"),
    FunnelFilters(source="google", device="desktop"),
    FunnelFilters(campaign="winter", source="google", device="mobile", tool="face"),
]


def random_history(rng: random.Random) -> VisitorHistory:
    def day() -> date:
        return START + timedelta(days=rng.randrange(DAYS))

    def some(make, most: int) -> tuple:
        return tuple(make(str(number)) for number in range(rng.randrange(most + 1)))

    return VisitorHistory(
        sessions=some(
            lambda ref: SessionFact(
                ref,
                day(),
                rng.choice([None, "spring", "winter"]),
                rng.choice([None, "google"]),
                rng.choice(["mobile", "desktop"]),
            ),
            3,
        ),
        tool_uses=some(lambda ref: ToolUse(ref, day(), rng.choice(["calc", "face"])), 3),
        prompts=some(lambda ref: Dated(ref, day()), 2),
        leads=some(lambda ref: Dated(ref, day()), 1),
        bookings=some(lambda ref: BookingFact(ref, day(), True, None), 2),
    )


def counts_from_rows(rows: Counter, first: date, last: date, filters: FunnelFilters) -> list[int]:
    totals = [0] * 5
    for key, visitors in rows.items():
        tool = ANY if key.step == 1 else filters.tool
        if (
            (key.campaign, key.source, key.device, key.tool)
            == (
                filters.campaign,
                filters.source,
                filters.device,
                tool,
            )
            and key.lo < first <= key.hi
            and key.r <= last
        ):
            totals[key.step - 1] += visitors
    return totals


def test_rows_agree_with_the_definition_for_every_period_and_filter():
    rng = random.Random(6)
    histories = [random_history(rng) for _ in range(300)]
    rows = Counter()
    for history in histories:
        keys = list(funnel_rows(history))
        assert len(set(keys)) == len(keys)  # each row counts the visitor once
        rows.update(keys)
    checked = 0
    for first_offset in range(DAYS):
        for last_offset in range(first_offset, DAYS):
            first, last = START + timedelta(days=first_offset), START + timedelta(days=last_offset)
            for filters in FILTERS:
                expected = expected_counts(histories, first, last, filters)
                assert counts_from_rows(rows, first, last, filters) == expected, (first, last, filters)
                checked += expected[-1] > 0
    assert checked > 20  # the data set reaches the last step often enough to mean something


def test_a_visitor_on_two_days_has_a_row_per_stretch_of_start_days():
    history = VisitorHistory(
        sessions=(
            SessionFact("s1", date(2026, 3, 2), None, None, "mobile"),
            SessionFact("s2", date(2026, 3, 5), None, None, "mobile"),
        )
    )
    step_one = sorted((k.device, k.lo, k.hi, k.r) for k in funnel_rows(history) if k.step == 1)
    assert step_one == [
        ("", BEFORE_ANY_DAY, date(2026, 3, 2), date(2026, 3, 2)),
        ("", date(2026, 3, 2), date(2026, 3, 5), date(2026, 3, 5)),
        ("mobile", BEFORE_ANY_DAY, date(2026, 3, 2), date(2026, 3, 2)),
        ("mobile", date(2026, 3, 2), date(2026, 3, 5), date(2026, 3, 5)),
    ]


def test_without_takes_back_queued_items_and_bookings_that_came_with_a_lead():
    history = VisitorHistory(
        leads=(Dated("7", date(2026, 3, 2)),),
        bookings=(
            BookingFact("via-lead", date(2026, 3, 3), False, "7"),
            BookingFact("own", date(2026, 3, 4), True, "7"),
        ),
    )
    before = history.without({("l", "7")})
    assert before.leads == () and [b.ref for b in before.bookings] == ["own"]
    assert history.without({("b", "own")}).bookings == (history.bookings[0],)
