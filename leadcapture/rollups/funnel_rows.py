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
from collections import Counter
from collections.abc import Iterator, Sequence
from datetime import date
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


def funnel_rows(history: VisitorHistory) -> Counter[FunnelKey]:
    """The visitor's rows, each counting 1."""
    rows: Counter[FunnelKey] = Counter()
    later_steps = [
        {p.day for p in history.prompts},
        {lead.day for lead in history.leads},
        {b.day for b in history.bookings},
    ]
    tools: dict[str, set[date]] = {ANY: {u.day for u in history.tool_uses}}
    for use in history.tool_uses:
        tools.setdefault(use.tool, set()).add(use.day)
    for (campaign, source, device), session_days in session_days_by_filter(history).items():
        for tool, tool_days in tools.items():
            streams = [session_days, tool_days, *later_steps]
            # The tool filter starts at step 2: step 1 is stored once, under "any tool".
            for step in range(1 if tool == ANY else 2, len(STEPS) + 1):
                if not streams[step - 1]:
                    break  # no later step can be reached either
                for lo, hi, r in reach_intervals(streams[:step]):
                    rows[FunnelKey(step, campaign, source, device, tool, hi, lo, r)] += 1
    return rows


def session_days_by_filter(history: VisitorHistory) -> dict[tuple[str, str, str], set[date]]:
    """Days with a session matching each (campaign, source, device) filter this visitor matches;
    ANY stands for an unfiltered dimension. A session without a campaign matches only "any"."""
    days: dict[tuple[str, str, str], set[date]] = {}
    for session in history.sessions:
        choices = [
            (value, ANY) if value else (ANY,) for value in (session.campaign, session.source, session.device)
        ]
        for key in product(*choices):
            days.setdefault(key, set()).add(session.day)
    return days


def reach_intervals(streams: Sequence[set[date]]) -> Iterator[tuple[date, date, date]]:
    """(lo, hi, r): from any start day in (lo, hi], every stream has a day by r, and not before."""
    if not all(streams):
        return
    ordered = [sorted(days) for days in streams]
    lo = BEFORE_ANY_DAY
    for hi in sorted(set().union(*streams)):
        nexts = [days[index] for days in ordered if (index := bisect_left(days, hi)) < len(days)]
        if len(nexts) < len(ordered):
            return  # some activity never happens again from here on
        yield lo, hi, max(nexts)
        lo = hi
