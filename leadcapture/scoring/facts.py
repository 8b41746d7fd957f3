"""The plain facts the engine scores: a visitor's interactions and aggregates.

Build them with the dataclasses directly or from plain dicts (``VisitorFacts.from_dict``). The
database layer gives *all* of the visitor's interactions (every session), oldest first.
``interaction_count`` and ``distinct_tools`` are derived from the interactions.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any


@dataclass(frozen=True, slots=True)
class InteractionFacts:
    """One use of a tool: ``tool``, its free-form ``data`` and how old it is.

    ``age_days`` (days since the interaction; None = unknown, treated as fresh) is only used by
    score decay. A ``data`` dict is kept as is, not copied; the engine never changes it.
    """

    tool: str
    data: dict[str, Any] = field(default_factory=dict)  # None -> {}; other mappings -> a dict copy
    age_days: float | None = None

    def __post_init__(self):
        if not isinstance(self.tool, str):
            raise TypeError(f"interaction tool must be text, got {type(self.tool).__name__}")
        if type(self.data) is not dict:
            if self.data is not None and not isinstance(self.data, Mapping):
                raise TypeError(f"interaction data must be a mapping, got {type(self.data).__name__}")
            object.__setattr__(self, "data", dict(self.data or {}))

    @classmethod
    def from_dict(cls, raw: Mapping[str, Any], now: datetime | None = None) -> "InteractionFacts":
        """From ``{"tool", "data"?, "age_days"? | "created_at"?}``.

        ``created_at`` (a datetime or ISO-8601 text; naive means UTC) gives ``age_days`` when
        ``now`` is passed.
        """
        age = raw.get("age_days")
        created = raw.get("created_at")
        if age is None and created is not None and now is not None:
            age = (_as_utc(now) - _as_utc(created)).total_seconds() / 86400
        return cls(tool=raw["tool"], data=raw.get("data"), age_days=age)


def _as_utc(moment: datetime | str) -> datetime:
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


@dataclass(frozen=True, slots=True)
class VisitorFacts:
    """Everything the engine knows about one visitor.

    ``active_seconds`` is the total active time over all sessions, ``session_count`` the number of
    sessions and ``days_since_last_visit`` the days between the previous visit and now (None when
    unknown or first visit - conditions on it then do not match).
    """

    interactions: tuple[InteractionFacts, ...] = ()
    active_seconds: float = 0
    session_count: int = 0
    days_since_last_visit: float | None = None
    interaction_count: int = field(init=False)
    distinct_tools: int = field(init=False)

    def __post_init__(self):
        interactions = tuple(self.interactions)
        for item in interactions:
            if not isinstance(item, InteractionFacts):
                raise TypeError(
                    "interactions must be InteractionFacts (use VisitorFacts.from_dict for dicts)"
                )
        object.__setattr__(self, "interactions", interactions)
        object.__setattr__(self, "interaction_count", len(interactions))
        object.__setattr__(self, "distinct_tools", len({i.tool for i in interactions}))

    @classmethod
    def from_dict(cls, raw: Mapping[str, Any], now: datetime | None = None) -> "VisitorFacts":
        """From ``{"interactions": [dict, ...], "active_seconds", "session_count", "days_since_last_visit"}``.

        Every key is optional; interaction dicts are read by ``InteractionFacts.from_dict``.
        """
        return cls(
            interactions=_interactions(raw.get("interactions") or (), now),
            active_seconds=raw.get("active_seconds") or 0,
            session_count=raw.get("session_count") or 0,
            days_since_last_visit=raw.get("days_since_last_visit"),
        )


def _interactions(items: Iterable[Any], now: datetime | None) -> tuple[InteractionFacts, ...]:
    return tuple(i if isinstance(i, InteractionFacts) else InteractionFacts.from_dict(i, now) for i in items)
