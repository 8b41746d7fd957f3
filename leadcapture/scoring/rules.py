"""Scoring rules: the ``Rule`` dataclass and its validation.

A rule as stored (one row of the rule table) is a plain dict::

    {"name": "High budget",                 # required, unique within a rule set
     "description": "...",                  # optional text
     "kind": "bonus",                       # required: "base" or "bonus"
     "condition": {"match": "all", "conditions": [{"field", "op", "value"}, ...]},  # required
     "points": 20,                          # required whole number, -1000..1000, may be negative
     "per_match": False,                    # bonus only: points for every matching interaction
     "maximum": None,                       # per-match only: cap on the rule's total points
     "skip_matches": 0,                     # per-match only: the first N matches score nothing
     "active": True,                        # inactive rules never fire
     "position": 0,                         # order in the table and the breakdown
     "id": None}                            # optional, opaque: carried through for the database

``Rule.from_dict`` (or constructing a ``Rule``) refuses anything else with a
``RuleValidationError`` whose ``errors`` say which attribute is wrong and why.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from leadcapture.scoring.conditions import validate_condition
from leadcapture.scoring.errors import RuleValidationError

BASE, BONUS = "base", "bonus"
KINDS = (BASE, BONUS)
MAX_NAME_LENGTH = 120
POINTS_LIMIT = 1000
COUNT_LIMIT = 1_000_000  # for maximum and skip_matches: far beyond any score, within a database integer
REQUIRED_KEYS = ("name", "kind", "condition", "points")
OPTIONAL_KEYS = ("description", "per_match", "maximum", "skip_matches", "active", "position", "id")


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


@dataclass(frozen=True)
class Rule:
    """One validated scoring rule (see the module docstring for the attributes)."""

    name: str
    kind: str
    condition: dict
    points: int
    description: str = ""
    per_match: bool = False
    maximum: int | None = None
    skip_matches: int = 0
    active: bool = True
    position: int = 0
    id: Any = field(default=None, compare=False)

    def __post_init__(self):
        values = {key: getattr(self, key) for key in REQUIRED_KEYS + OPTIONAL_KEYS}
        condition, errors = _rule_errors(values)
        if errors:
            raise RuleValidationError(errors)
        object.__setattr__(self, "name", self.name.strip())
        object.__setattr__(self, "condition", condition)

    @classmethod
    def from_dict(cls, raw: Any) -> "Rule":
        """Validate a stored rule dict; raise ``RuleValidationError`` listing every problem.

        Optional attributes given as null take their default.
        """
        if not isinstance(raw, Mapping):
            raise RuleValidationError({"rule": "must be an object with name, kind, condition and points"})
        known = REQUIRED_KEYS + OPTIONAL_KEYS
        hint = f"unknown rule attribute; use {', '.join(known)}"
        errors = {str(key): hint for key in raw if key not in known}
        values = {key: raw[key] for key in REQUIRED_KEYS + OPTIONAL_KEYS if raw.get(key) is not None}
        _, value_errors = _rule_errors(_DEFAULTS | {key: None for key in REQUIRED_KEYS} | values)
        errors = value_errors | errors
        if errors:
            raise RuleValidationError(errors)
        return cls(**values)

    @property
    def interaction_scoped(self) -> bool:
        """Whether any condition reads interaction fields (else it is judged on aggregates only)."""
        return any(not item["field"].startswith("visitor.") for item in self.condition["conditions"])

    def to_dict(self) -> dict:
        """The rule as a plain, JSON-ready dict (the shape ``from_dict`` reads)."""
        return {
            "name": self.name,
            "description": self.description,
            "kind": self.kind,
            "condition": {
                "match": self.condition["match"],
                "conditions": [dict(item) for item in self.condition["conditions"]],
            },
            "points": self.points,
            "per_match": self.per_match,
            "maximum": self.maximum,
            "skip_matches": self.skip_matches,
            "active": self.active,
            "position": self.position,
            "id": self.id,
        }


_DEFAULTS = {
    "description": "",
    "per_match": False,
    "maximum": None,
    "skip_matches": 0,
    "active": True,
    "position": 0,
    "id": None,
}


def _rule_errors(rule: dict) -> tuple[dict, dict[str, str]]:
    """``(normalized condition, errors)`` for a dict holding every rule attribute."""
    errors = {key: "is required" for key in REQUIRED_KEYS if rule[key] is None}
    _check_name(rule["name"], errors)
    if rule["kind"] not in KINDS and rule["kind"] is not None:
        errors["kind"] = f"unknown kind {rule['kind']!r}; use base or bonus"
    if not isinstance(rule["description"], str):
        errors["description"] = "must be text"
    points = rule["points"]
    if points is not None and (not _is_int(points) or abs(points) > POINTS_LIMIT):
        errors["points"] = f"must be a whole number between -{POINTS_LIMIT} and {POINTS_LIMIT}"
    for key in ("per_match", "active"):
        if not isinstance(rule[key], bool):
            errors[key] = "must be true or false"
    if not _is_int(rule["position"]):
        errors["position"] = "must be a whole number"
    _check_per_match(rule, errors)
    condition, condition_errors = (
        ({}, {}) if rule["condition"] is None else validate_condition(rule["condition"])
    )
    return condition, errors | condition_errors


def _check_name(name: Any, errors: dict[str, str]) -> None:
    if name is None:
        return
    if not isinstance(name, str) or not name.strip():
        errors["name"] = "is required (non-empty text)"
    elif len(name.strip()) > MAX_NAME_LENGTH:
        errors["name"] = f"at most {MAX_NAME_LENGTH} characters"


def _check_per_match(rule: dict, errors: dict[str, str]) -> None:
    per_match, maximum, skip = rule["per_match"], rule["maximum"], rule["skip_matches"]
    if per_match is True and rule["kind"] == BASE:
        errors["per_match"] = "base rules cannot be per match (the highest base rule counts once)"
    if maximum is not None:
        if not _is_int(maximum) or not 0 <= maximum <= COUNT_LIMIT:
            limits = f"from 0 to {COUNT_LIMIT}"
            errors["maximum"] = (
                f"must be a whole number {limits} (the most points this rule can give), or null"
            )
        elif per_match is not True:
            errors["maximum"] = "applies only to per-match rules"
    if not _is_int(skip) or not 0 <= skip <= COUNT_LIMIT:
        errors["skip_matches"] = f"must be a whole number from 0 to {COUNT_LIMIT}"
    elif skip and per_match is not True:
        errors["skip_matches"] = "applies only to per-match rules"
