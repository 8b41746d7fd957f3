"""Condition operators: which field types they apply to, what value they need, how they run.

Every operator is false on a missing value (``None``), except ``exists`` with value ``false``
- so, as in SQL, ``ne``/``not_in`` do not match interactions that lack the field.

* ``eq`` / ``ne`` - equal / not equal to one value (text, number or boolean).
* ``in`` / ``not_in`` - equal to one of / none of a non-empty list of values.
* ``gt`` / ``gte`` / ``lt`` / ``lte`` - numeric comparison with a number.
* ``contains`` - a list field holds the value, or a text field contains it as a substring.
* ``count_gte`` - a list field has at least ``value`` (a whole number >= 0) items.
* ``exists`` - the field is present and not null (``value`` true, the default) or missing (false).

Each operator compiles to three functions over values: ``pred(x)`` for one value, ``mask(column)``
giving one bool per value and ``count(column)`` giving how many match - the last two use
C-level list operations where they can, which is what makes evaluation fast.
"""

import math
import operator
from collections.abc import Callable
from itertools import repeat
from operator import and_, eq, is_, is_not, ne, not_
from typing import Any

from leadcapture.scoring.fields import ANY, LIST, NUMBER, TEXT, FieldSpec

OPERATORS = ("eq", "ne", "in", "not_in", "gt", "gte", "lt", "lte", "contains", "count_gte", "exists")
OPERATORS_BY_TYPE = {
    TEXT: ("eq", "ne", "in", "not_in", "contains", "exists"),
    LIST: ("contains", "count_gte", "exists"),
    NUMBER: ("eq", "ne", "in", "not_in", "gt", "gte", "lt", "lte", "exists"),
    ANY: OPERATORS,
}
_COMPARISONS = {"gt": operator.gt, "gte": operator.ge, "lt": operator.lt, "lte": operator.le}
_SCALARS = (str, int, float, bool)
_SEQUENCES = (list, tuple)
_NUMBERS = (int, float)

Pred = Callable[[Any], bool]
Mask = Callable[[list], list]
Count = Callable[[list], int]


def _describe(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, str):
        return f"text {value[:40]!r}"
    if isinstance(value, int | float):
        return f"the number {value!r}"
    if isinstance(value, list | tuple):
        return "a list"
    return f"a {type(value).__name__}"


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def check_operator_name(op: Any) -> str | None:
    """Why ``op`` is not an operator at all, or None."""
    return None if op in OPERATORS else f"unknown operator {op!r}; use one of {', '.join(OPERATORS)}"


def check_operator(spec: FieldSpec, op: Any) -> str | None:
    """Why ``op`` cannot be used on this field, or None when it can."""
    if op not in OPERATORS:
        return check_operator_name(op)
    allowed = OPERATORS_BY_TYPE[spec.type]
    if op not in allowed:
        return f"operator {op!r} does not apply to {spec.path} ({spec.type}); use one of {', '.join(allowed)}"
    return None


def check_value(spec: FieldSpec, op: str, value: Any) -> str | None:
    """Why ``value`` is wrong for ``op`` on this field, or None when it is fine."""
    if op == "exists":
        return None if isinstance(value, bool) else f"'exists' needs true or false, got {_describe(value)}"
    if op == "count_gte":
        if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
            return None
        return f"'count_gte' needs a whole number >= 0, got {_describe(value)}"
    if op in _COMPARISONS:
        return None if _is_number(value) else f"{op!r} needs a number, got {_describe(value)}"
    if op in ("in", "not_in"):
        if not isinstance(value, list | tuple) or not value:
            return f"{op!r} needs a non-empty list of values, got {_describe(value)}"
        for item in value:
            problem = _check_scalar(spec, op, item)
            if problem:
                return problem
        return None
    return _check_scalar(spec, op, value)


def _check_scalar(spec: FieldSpec, op: str, value: Any) -> str | None:
    if value is None:
        return f"{op!r} needs a value, got null; use 'exists' to test for a missing field"
    if not isinstance(value, _SCALARS):
        return f"{op!r} needs text, a number or a boolean, got {_describe(value)}"
    if isinstance(value, float) and not math.isfinite(value):
        return f"{op!r} needs a finite number, got {value!r}"
    if spec.type in (TEXT, LIST) and not isinstance(value, str):
        return f"{op!r} on {spec.path} needs text, got {_describe(value)}"
    if spec.type == NUMBER and not _is_number(value):
        return f"{op!r} on {spec.path} needs a number, got {_describe(value)}"
    if spec.choices and op != "contains" and value not in spec.choices:
        return f"{value!r} is not a known {spec.choice_label}; use one of {', '.join(spec.choices)}"
    return None


def compile_operator(op: str, value: Any) -> tuple[Pred, Mask, Count]:
    """``(pred, mask, count)`` for an already validated operator and value."""
    if op in _COMPARISONS:
        return _comparison(_COMPARISONS[op], value)
    return _BUILDERS[op](value)


def _eq(v: Any) -> tuple[Pred, Mask, Count]:
    def pred(x):
        return x is not None and x == v

    return pred, lambda col: list(map(eq, col, repeat(v))), lambda col: col.count(v)


def _ne(v: Any) -> tuple[Pred, Mask, Count]:
    def pred(x):
        return x is not None and x != v

    def mask(col):
        return list(map(and_, map(ne, col, repeat(v)), map(is_not, col, repeat(None))))

    return pred, mask, lambda col: len(col) - col.count(v) - col.count(None)


def _in(values: Any) -> tuple[Pred, Mask, Count]:
    vals = tuple(dict.fromkeys(values))
    members = frozenset(vals)
    member = members.__contains__

    def pred(x):
        try:
            return member(x)
        except TypeError:  # an unhashable list or object equals no scalar
            return False

    def mask(col):
        try:
            return list(map(member, col))
        except TypeError:
            return [pred(x) for x in col]

    return pred, mask, lambda col: sum(map(col.count, vals))


def _not_in(values: Any) -> tuple[Pred, Mask, Count]:
    vals = tuple(dict.fromkeys(values))
    in_pred, in_mask, in_count = _in(vals)

    def pred(x):
        return x is not None and not in_pred(x)

    def mask(col):
        return list(map(and_, map(is_not, col, repeat(None)), map(not_, in_mask(col))))

    return pred, mask, lambda col: len(col) - col.count(None) - in_count(col)


def _comparison(compare: Callable[[Any, Any], bool], v: Any) -> tuple[Pred, Mask, Count]:
    def pred(x):
        return isinstance(x, _NUMBERS) and compare(x, v)

    def mask(col):
        try:
            return list(map(compare, col, repeat(v)))
        except TypeError:  # a missing or non-numeric value somewhere: go one by one
            return [pred(x) for x in col]

    def count(col):
        try:
            return sum(map(compare, col, repeat(v)))
        except TypeError:
            return sum(map(pred, col))

    return pred, mask, count


def _contains(v: Any) -> tuple[Pred, Mask, Count]:
    def pred(x):
        if isinstance(x, _SEQUENCES):
            return v in x
        return isinstance(x, str) and isinstance(v, str) and v in x

    return pred, lambda col: [pred(x) for x in col], lambda col: sum(map(pred, col))


def _count_gte(n: int) -> tuple[Pred, Mask, Count]:
    def pred(x):
        return isinstance(x, _SEQUENCES) and len(x) >= n

    def mask(col):
        return [isinstance(x, _SEQUENCES) and len(x) >= n for x in col]

    return pred, mask, lambda col: mask(col).count(True)


def _exists(want: bool) -> tuple[Pred, Mask, Count]:
    if want:
        return (
            (lambda x: x is not None),
            (lambda col: list(map(is_not, col, repeat(None)))),
            (lambda col: len(col) - col.count(None)),
        )
    return (
        (lambda x: x is None),
        (lambda col: list(map(is_, col, repeat(None)))),
        (lambda col: col.count(None)),
    )


_BUILDERS = {
    "eq": _eq,
    "ne": _ne,
    "in": _in,
    "not_in": _not_in,
    "contains": _contains,
    "count_gte": _count_gte,
    "exists": _exists,
}
