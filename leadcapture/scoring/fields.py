"""The fields a condition can name, what type they hold, and how to read them.

* ``tool`` - the interaction's tool (text, one of ``TOOLS``).
* ``data.<key>[.<key>...]`` - a dotted path into the interaction's free-form ``data``. Any path is
  allowed; the paths in ``KNOWN_DATA_FIELDS`` also have their type (and allowed values) checked.
* ``visitor.<aggregate>`` - one of ``VISITOR_FIELDS`` (numbers), evaluated once per visitor.

A missing key, a path through a non-object and a JSON ``null`` all read as ``None`` ("missing").
"""

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from operator import attrgetter
from typing import Any

from leadcapture.scoring.vocabulary import BUDGET_RANGES, TOOLS, URGENCIES, VISITOR_FIELDS

TEXT, LIST, NUMBER, ANY = "text", "list", "number", "any"
INTERACTION, VISITOR = "interaction", "visitor"

_DATA_PATH = re.compile(r"^data(\.[A-Za-z0-9_-]+)+$")


@dataclass(frozen=True)
class FieldSpec:
    """What a field path means: its scope, value type and (for some text fields) allowed values."""

    path: str
    scope: str
    type: str
    choices: tuple[str, ...] = ()
    choice_label: str = ""

    @property
    def keys(self) -> tuple[str, ...]:
        """The keys after ``data`` (for ``data.*`` paths) or the aggregate name (``visitor.*``)."""
        return tuple(self.path.split(".")[1:])


KNOWN_DATA_FIELDS: dict[str, FieldSpec] = {
    spec.path: spec
    for spec in (
        FieldSpec("data.procedures", INTERACTION, LIST),
        FieldSpec("data.concerns", INTERACTION, LIST),
        FieldSpec("data.budget_range", INTERACTION, TEXT, BUDGET_RANGES, "budget range"),
        FieldSpec("data.urgency", INTERACTION, TEXT, URGENCIES, "urgency"),
        FieldSpec("data.intent.urgency", INTERACTION, TEXT, URGENCIES, "urgency"),
        FieldSpec("data.procedure", INTERACTION, TEXT),
        FieldSpec("data.query", INTERACTION, TEXT),
    )
}
TOOL_FIELD = FieldSpec("tool", INTERACTION, TEXT, TOOLS, "tool")


def resolve_field(path: Any) -> FieldSpec | None:
    """The spec of a field path, or None when the path names nothing we know how to read."""
    if not isinstance(path, str):
        return None
    if path == "tool":
        return TOOL_FIELD
    if path in KNOWN_DATA_FIELDS:
        return KNOWN_DATA_FIELDS[path]
    if _DATA_PATH.match(path):
        return FieldSpec(path, INTERACTION, ANY)
    if path.startswith("visitor.") and path[len("visitor.") :] in VISITOR_FIELDS:
        return FieldSpec(path, VISITOR, NUMBER)
    return None


def unknown_field_message(path: Any) -> str:
    visitor = ", ".join(f"visitor.{name}" for name in VISITOR_FIELDS)
    return f"unknown field {path!r}; use tool, data.<key> (e.g. data.budget_range) or one of {visitor}"


def column_reader(spec: FieldSpec) -> Callable[[Sequence[Any]], list]:
    """A function turning a visitor's interactions into the list of this field's values."""
    if spec.path == "tool":
        return lambda interactions: [i.tool for i in interactions]
    first, *rest = spec.keys
    if not rest:
        return lambda interactions: [i.data.get(first) for i in interactions]
    if len(rest) == 1:  # the common data.a.b, inlined
        second = rest[0]
        return lambda interactions: [
            d.get(second) if type(d := i.data.get(first)) is dict else (None if d is None else dig(d, rest))
            for i in interactions
        ]
    return lambda interactions: [dig(i.data.get(first), rest) for i in interactions]


def visitor_reader(spec: FieldSpec) -> Callable[[Any], Any]:
    """A function reading this aggregate from a ``VisitorFacts``."""
    return attrgetter(spec.keys[0])


def dig(data: Any, keys: Sequence[str]) -> Any:
    """``data[k1][k2]...``, or None when a key is missing or a step is not an object."""
    for key in keys:
        if data is None or (type(data) is not dict and not isinstance(data, Mapping)):
            return None
        data = data.get(key)
    return data
