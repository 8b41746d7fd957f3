"""Business impact of a behaviour event (seed 004): ``high``, ``medium`` or ``low``, from its type and
name by a table of rules (pure: no Flask, no database).

A rule is (event type, name pattern, impact). A pattern is a name, or a name with ``*`` standing
for any run of characters (``*`` alone: every name of the type, the nameless too). For one event
the most specific matching rule wins: an exact name before any pattern, then the pattern with the
most characters besides ``*``; on a tie the higher impact. An event no rule matches is ``low``.

The defaults below are the documented table; admins add rules and override defaults on
``/admin/impact`` (``tracking.impact_rules``); a stored rule replaces the default of the same type
and pattern. ``static/js/tracker.js`` applies the same table (``GET /api/v1/events/config``), so it
sends high-impact events at once.

Tool steps are named ``<tool>:<step>`` (``cost_calculator:start``, ``cost_calculator:result``,
``face_analysis:failed``), which is what the tool rules below match.
"""

import re
from dataclasses import dataclass
from functools import lru_cache

IMPACTS = ("low", "medium", "high")
DEFAULT_IMPACT = "low"
WILDCARD = "*"
MAX_PATTERN_LENGTH = 255


@dataclass(frozen=True)
class ImpactRule:
    event_type: str
    pattern: str
    impact: str
    why: str = ""

    @property
    def key(self) -> tuple[str, str]:
        return self.event_type, self.pattern

    @property
    def specificity(self) -> tuple[int, int, int]:
        """Larger wins: an exact name, then more literal characters, then the higher impact."""
        exact = WILDCARD not in self.pattern
        return int(exact), len(self.pattern.replace(WILDCARD, "")), IMPACTS.index(self.impact)

    def matches(self, name: str | None) -> bool:
        if self.pattern == WILDCARD:
            return True
        return name is not None and _compiled(self.pattern).fullmatch(name) is not None


DEFAULT_RULES = (
    ImpactRule("form_submit", "*", "high", "a form sent: the contact form, a booking, feedback"),
    ImpactRule("export", "*", "high", "something taken away: a price estimate, a calendar file"),
    ImpactRule("tool_usage", "*:result", "high", "a tool's result shown (a booking made, an estimate)"),
    ImpactRule("tool_usage", "*:start", "medium", "a tool's input started"),
    ImpactRule("tool_usage", "*:failed", "medium", "a tool use that failed (a photo refused)"),
    ImpactRule("tool_usage", "*", "medium", "any other step of a tool"),
    ImpactRule("error", "*", "medium", "something failed the visitor"),
    ImpactRule("click", "*", "low", "a click"),
    ImpactRule("page_view", "*", "low", "navigation"),
    ImpactRule("navigation", "*", "low", "navigation"),
    ImpactRule("content_interaction", "*", "low", "reading: scrolling, expanding a section"),
)


class ImpactTable:
    """Rules by event type, the most specific first; ``impact_of`` remembers recent answers."""

    def __init__(self, rules: tuple[ImpactRule, ...] = DEFAULT_RULES):
        self.rules = rules
        by_type: dict[str, list[ImpactRule]] = {}
        for rule in rules:
            by_type.setdefault(rule.event_type, []).append(rule)
        self._by_type = {
            event_type: sorted(found, key=lambda rule: rule.specificity, reverse=True)
            for event_type, found in by_type.items()
        }
        self.impact_of = lru_cache(maxsize=4096)(self._impact_of)

    def _impact_of(self, event_type: str, name: str | None) -> str:
        for rule in self._by_type.get(event_type, ()):
            if rule.matches(name):
                return rule.impact
        return DEFAULT_IMPACT


def merged_rules(stored: tuple[ImpactRule, ...]) -> tuple[ImpactRule, ...]:
    """The defaults with ``stored`` rules added, a stored rule replacing the default of its key."""
    replaced = {rule.key for rule in stored}
    return tuple(rule for rule in DEFAULT_RULES if rule.key not in replaced) + stored


DEFAULT_TABLE = ImpactTable()


def impact_of(event_type: str, name: str | None, table: ImpactTable = DEFAULT_TABLE) -> str:
    """The impact ``table`` (default: the documented defaults) gives an event of this type and name."""
    return table.impact_of(event_type, name)


def normalised_pattern(pattern: str) -> str:
    """``pattern`` without surrounding spaces and with runs of ``*`` made one."""
    return re.sub(r"\*+", WILDCARD, pattern.strip())


@lru_cache(maxsize=1024)
def _compiled(pattern: str) -> re.Pattern:
    return re.compile(".*".join(re.escape(part) for part in pattern.split(WILDCARD)), re.DOTALL)
