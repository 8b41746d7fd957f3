"""Conditions of next-action rules over a lead's insight (pure).

A condition is clauses ``field operator value`` joined by ``and`` and ``or`` (``and`` binds
tighter: ``a or b and c`` is ``a or (b and c)``), for instance
``days_since_booking <= 7 or level = high and days_since_last <= 7``. Operators: ``=``, ``!=``,
``<``, ``<=``, ``>``, ``>=`` for numbers; ``=`` and ``!=`` for words and yes/no. ``FIELDS`` lists
the fields; a clause on a figure the lead does not have (days since a booking, never booked) is false.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass

from leadcapture.insights.view import TRENDS, InsightView
from leadcapture.scoring.vocabulary import TOOLS

MAX_LENGTH = 500
MAX_CLAUSES = 10
OPERATORS = {
    "=": lambda a, b: a == b,
    "!=": lambda a, b: a != b,
    "<": lambda a, b: a < b,
    "<=": lambda a, b: a <= b,
    ">": lambda a, b: a > b,
    ">=": lambda a, b: a >= b,
}
YES_NO = ("yes", "no")


@dataclass(frozen=True)
class Field:
    description: str
    read: Callable[[InsightView], object]
    choices: tuple[str, ...] = ()  # words it may equal; none: a whole number


def _flag(name: str) -> Callable[[InsightView], str]:
    return lambda view: "yes" if getattr(view, name) else "no"


FIELDS: dict[str, Field] = {
    "score": Field("the lead's score", lambda v: v.score),
    "level": Field("the score's level", lambda v: v.level, ("low", "medium", "high")),
    "sessions": Field("visits", lambda v: v.sessions),
    "tool_uses": Field("completed tool uses", lambda v: v.tool_uses),
    "events_high": Field("high-impact events", lambda v: v.events_high),
    "events_medium": Field("medium-impact events", lambda v: v.events_medium),
    "events_low": Field("low-impact events", lambda v: v.events_low),
    "exports": Field("exports (estimates, calendar files...)", lambda v: v.exports),
    "bookings": Field("bookings made", lambda v: v.bookings),
    "days_since_first": Field("whole days since the first visit", lambda v: v.days_since_first),
    "days_since_last": Field("whole days since the last activity", lambda v: v.days_since_last),
    "days_since_booking": Field("whole days since the last booking", lambda v: v.days_since_booking),
    "recent_activity": Field("sessions and tool uses in the last 4 weeks", lambda v: v.activity[0]),
    "trend": Field("weekly activity", lambda v: v.trend, TRENDS),
    "primary_tool": Field("the tool used most", lambda v: v.primary_tool or "none", (*TOOLS, "none")),
    "went_quiet": Field("silent since a high-intent session", _flag("went_quiet"), YES_NO),
    "abandoned_form": Field("left a contact form unsent", _flag("abandoned_form"), YES_NO),
    "abandoned_booking": Field("started a booking and left", _flag("abandoned_booking"), YES_NO),
    **{
        f"uses_{tool}": Field(f"completed uses of {tool}", lambda v, tool=tool: v.uses(tool))
        for tool in TOOLS
    },
}

_CLAUSE = re.compile(r"\s*([a-z_]+)\s*(<=|>=|!=|=|<|>)\s*([a-z_0-9]+)\s*", re.IGNORECASE)


@dataclass(frozen=True)
class Clause:
    field: str
    operator: str
    value: int | str

    def holds(self, view: InsightView) -> bool:
        found = FIELDS[self.field].read(view)
        return found is not None and OPERATORS[self.operator](found, self.value)


Condition = tuple[tuple[Clause, ...], ...]  # alternatives ("or") of clauses that all hold ("and")


class ConditionError(ValueError):
    """What is wrong with a condition, in words for the admin."""


def parse(text: str) -> Condition:
    """The condition ``text`` says; ConditionError names what is wrong."""
    text = (text or "").strip()
    if not text:
        raise ConditionError("write a condition, for instance: score >= 70 and days_since_last <= 7")
    if len(text) > MAX_LENGTH:
        raise ConditionError(f"at most {MAX_LENGTH} characters")
    condition = tuple(
        tuple(_clause(part) for part in re.split(r"\s+and\s+", alternative, flags=re.IGNORECASE))
        for alternative in re.split(r"\s+or\s+", text, flags=re.IGNORECASE)
    )
    if sum(len(clauses) for clauses in condition) > MAX_CLAUSES:
        raise ConditionError(f"at most {MAX_CLAUSES} clauses")
    return condition


def matches(condition: Condition, view: InsightView) -> bool:
    return any(all(clause.holds(view) for clause in clauses) for clauses in condition)


def _clause(text: str) -> Clause:
    found = _CLAUSE.fullmatch(text)
    if not found:
        raise ConditionError(
            f"“{text.strip()}” is not “field operator value” (operators: {' '.join(OPERATORS)})"
        )
    name, operator, value = found.group(1).lower(), found.group(2), found.group(3).lower()
    field = FIELDS.get(name)
    if field is None:
        raise ConditionError(f"unknown field “{name}”; the fields: {', '.join(FIELDS)}")
    if field.choices:
        if operator not in ("=", "!="):
            raise ConditionError(f"{name} takes = or != only")
        if value not in field.choices:
            raise ConditionError(f"{name} is one of {', '.join(field.choices)}")
        return Clause(name, operator, value)
    if not value.isdigit() or len(value) > 9:
        raise ConditionError(f"{name} is a whole number, not “{value}”")
    return Clause(name, operator, int(value))
