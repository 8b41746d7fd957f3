"""What one visitor adds to the funnel roll-up: rows that answer "in which periods does this
visitor reach step n?" for every period at once. Pure functions, no database.

The funnel (whole UTC days a..b, filters on campaign, source, device and tool):

1. visitors: a session started in the period, with the campaign, source and device filtered on;
2. used a tool: also an interaction in the period (with the filtered tool);
3. offered the form: also a contact-form prompt offered in the period;
4. became a lead: also linked to a lead created in the period;
5. booked: also a booking created in the period, made by the visitor or by one of their leads.

Each step needs the activity of every step before it, so step n+1 is a subset of step n;
the activities may happen in any order and on any days of the period.

For a set of activity streams (days on which each happened), the first day by which all have
happened from a start day ``a`` on, ``r(a)``, changes only when ``a`` passes a day with some
activity. So a visitor is described by a few rows (lo, hi, r): for every period start ``a``
with lo < a <= hi, the visitor reaches the step in [a, b] exactly when r <= b. Summing the rows
of many visitors gives exact counts of distinct visitors for any period, with no visitor-level
work when the report is read.
"""

from bisect import bisect_left
from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from functools import lru_cache
from itertools import product
from typing import NamedTuple

from leadcapture.rollups.history import VisitorHistory

STEPS = ("visitors", "used_tool", "offered_form", "lead", "booked")
ANY = ""
# ``lo`` of a visitor's first interval: before every day there is.
BEFORE_ANY_DAY = date(1, 1, 1)


class FunnelKey(NamedTuple):
    step: int  # 1..5, as in STEPS
    campaign: str
    source: str
    device: str
    tool: str
    hi: date
    lo: date
    r: date


def funnel_rows(history: VisitorHistory) -> Iterator[FunnelKey]:
    """The visitor's rows, each counting 1 (no row comes twice)."""
    later_steps = (
        _days(p.day for p in history.prompts),
        _days(lead.day for lead in history.leads),
        _days(b.day for b in history.bookings),
    )
    tool_days: dict[str, set[date]] = {}
    for use in history.tool_uses:
        tool_days.setdefault(use.tool, set()).add(use.day)
    tools = {ANY: _days(u.day for u in history.tool_uses)} | {
        tool: _days(days) for tool, days in tool_days.items()
    }
    for (campaign, source, device), session_days in session_days_by_filter(history).items():
        for tool, days in tools.items():
            # The tool filter starts at step 2: step 1 is stored once, under "any tool".
            first_step = 1 if tool == ANY else 2
            for step, lo, hi, r in step_intervals((session_days, days, *later_steps), first_step):
                yield FunnelKey(step, campaign, source, device, tool, hi, lo, r)


def session_days_by_filter(history: VisitorHistory) -> dict[tuple[str, str, str], tuple[date, ...]]:
    """Days (sorted) with a session matching each (campaign, source, device) filter this visitor
    matches; ANY stands for an unfiltered dimension. A session without a campaign matches only "any"."""
    days: dict[tuple[str, str, str], set[date]] = {}
    for session in history.sessions:
        choices = [
            (value, ANY) if value else (ANY,) for value in (session.campaign, session.source, session.device)
        ]
        for key in product(*choices):
            days.setdefault(key, set()).add(session.day)
    return {key: _days(key_days) for key, key_days in days.items()}


# Visitors share their few patterns of days (most come on one day and use no tool), so the
# intervals of a pattern are computed once; a few thousand patterns hold nearly all of them.
@lru_cache(maxsize=8192)
def step_intervals(
    streams: tuple[tuple[date, ...], ...], first_step: int
) -> tuple[tuple[int, date, date, date], ...]:
    """(step, lo, hi, r) for each step from ``first_step`` on whose streams (each sorted, the
    step's own and those before it) all have days: see ``reach_intervals``."""
    found = []
    for step in range(first_step, len(streams) + 1):
        if not streams[step - 1]:
            break  # no later step can be reached either
        found.extend((step, lo, hi, r) for lo, hi, r in reach_intervals(streams[:step]))
    return tuple(found)


def reach_intervals(streams: Sequence[Sequence[date]]) -> Iterator[tuple[date, date, date]]:
    """(lo, hi, r): from any start day in (lo, hi], every stream (sorted days) has a day by r, and
    not before; none when a stream has no days."""
    lo = BEFORE_ANY_DAY
    for hi in sorted(set().union(*streams)):
        nexts = [days[index] for days in streams if (index := bisect_left(days, hi)) < len(days)]
        if len(nexts) < len(streams):
            return  # some activity never happens again from here on
        yield lo, hi, max(nexts)
        lo = hi


def _days(days: Iterable[date]) -> tuple[date, ...]:
    return tuple(sorted(set(days)))
