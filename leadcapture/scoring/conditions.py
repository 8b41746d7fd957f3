"""Rule conditions: validating the stored structure and compiling it into fast callables.

A rule's condition is plain data::

    {"match": "all" | "any",
     "conditions": [{"field": "tool", "op": "eq", "value": "cost_calculator"},
                    {"field": "data.procedures", "op": "count_gte", "value": 2}]}

Fields are described in ``fields``, operators in ``operators``. Nothing here ever ``eval``s.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from leadcapture.scoring.fields import INTERACTION, column_reader, resolve_field, unknown_field_message
from leadcapture.scoring.fields import visitor_reader as _visitor_reader
from leadcapture.scoring.operators import check_operator, check_operator_name, check_value, compile_operator

MATCH_MODES = ("all", "any")
MAX_CONDITIONS = 20
_CONDITION_KEYS = ("field", "op", "value")


def validate_condition(condition: Any) -> tuple[dict, dict[str, str]]:
    """Check a condition block; return ``(normalized copy, errors)``.

    Error paths are ``condition``, ``match``, ``conditions`` and ``conditions[i].field|op|value``.
    The normalized copy has ``match`` filled in (default ``all``), ``exists`` values defaulted
    to true and ``in``/``not_in`` values as lists.
    """
    if not isinstance(condition, Mapping):
        return {}, {"condition": 'must be an object like {"match": "all", "conditions": [...]}'}
    errors: dict[str, str] = {}
    for key in condition:
        if key not in ("match", "conditions"):
            errors[f"condition.{key}"] = "unexpected key; a condition has only match and conditions"
    match = condition.get("match", "all")
    if match not in MATCH_MODES:
        errors["match"] = f"unknown match mode {match!r}; use all or any"
    items = condition.get("conditions")
    normalized: list[dict] = []
    if not isinstance(items, list | tuple) or not items:
        errors["conditions"] = "needs a non-empty list of {field, op, value} conditions"
    elif len(items) > MAX_CONDITIONS:
        errors["conditions"] = f"at most {MAX_CONDITIONS} conditions per rule"
    else:
        for index, item in enumerate(items):
            normalized.append(_validate_item(item, f"conditions[{index}]", errors))
    return {"match": match, "conditions": normalized}, errors


def _validate_item(item: Any, path: str, errors: dict[str, str]) -> dict:
    if not isinstance(item, Mapping):
        errors[path] = 'must be an object like {"field": "tool", "op": "eq", "value": "cost_calculator"}'
        return {}
    for key in item:
        if key not in _CONDITION_KEYS:
            errors[f"{path}.{key}"] = "unexpected key; a condition has field, op and value"
    field, op = item.get("field"), item.get("op")
    value = item.get("value", True if op == "exists" else None)
    spec = resolve_field(field)
    if spec is None:
        errors[f"{path}.field"] = "is required" if field is None else unknown_field_message(field)
    problem = check_operator_name(op) if spec is None else check_operator(spec, op)
    if problem:
        errors[f"{path}.op"] = "is required" if op is None else problem
    if spec is None or problem:
        return dict(item)
    problem = check_value(spec, op, value)
    if problem:
        errors[f"{path}.value"] = problem
    if op in ("in", "not_in") and isinstance(value, list | tuple):
        value = list(value)  # a copy: the rule does not share the caller's list
    return {"field": field, "op": op, "value": value}


@dataclass(frozen=True, eq=False)
class CompiledCondition:
    """One validated condition turned into callables.

    Interaction conditions read a *column* (this field's value for every interaction, see
    ``fields.column_reader``); ``column_key`` names the column so an evaluation reads it once.
    Visitor conditions read one aggregate with ``visitor_reader``.
    """

    field: str
    op: str
    value: Any
    scope: str
    column_key: str
    read_column: Callable[[Any], list] | None
    visitor_reader: Callable[[Any], Any] | None
    pred: Callable[[Any], bool]
    mask: Callable[[list], list]
    count: Callable[[list], int]

    @property
    def key(self) -> tuple:
        """Identity of the test: equal keys are the same test (shared between rules)."""
        value = tuple(self.value) if isinstance(self.value, list) else self.value
        return (self.field, self.op, type(value).__name__, value)

    def holds_for(self, visitor: Any) -> bool:
        """The visitor-level condition's verdict on ``visitor`` (a ``VisitorFacts``)."""
        return self.pred(self.visitor_reader(visitor))


def compile_condition(item: Mapping) -> CompiledCondition:
    """Compile one normalized ``{field, op, value}`` (from ``validate_condition``)."""
    spec = resolve_field(item["field"])
    pred, mask, count = compile_operator(item["op"], item["value"])
    interaction = spec.scope == INTERACTION
    return CompiledCondition(
        field=spec.path,
        op=item["op"],
        value=item["value"],
        scope=spec.scope,
        column_key=spec.path,
        read_column=column_reader(spec) if interaction else None,
        visitor_reader=None if interaction else _visitor_reader(spec),
        pred=pred,
        mask=mask,
        count=count,
    )
