"""Admins extend the impact table (``/admin/impact``): a stored rule adds to the defaults or
replaces the default of its event type and pattern; deleting it brings the default back.

A change applies to the events stored from then on. Stored events keep the impact they were given
(an event's impact is a fact of when it was recorded), so what was counted from them (each
session's events by impact, later roll-ups) never needs recounting. Changes are audited.
"""

from dataclasses import dataclass

from sqlalchemy import func, select

from leadcapture.admin_audit import record_admin_action
from leadcapture.errors import InputError
from leadcapture.extensions import db
from leadcapture.models import EventImpactRule
from leadcapture.models.types import utcnow
from leadcapture.tracking.events import EVENT_TYPES
from leadcapture.tracking.impact import DEFAULT_RULES, IMPACTS, MAX_PATTERN_LENGTH, normalised_pattern

MAX_STORED_RULES = 200


@dataclass(frozen=True)
class TableRow:
    """A rule of the table in force, for the admin page: ``stored_id`` None for a default;
    ``replaces`` the default impact a stored rule overrides."""

    event_type: str
    pattern: str
    impact: str
    why: str = ""
    stored_id: int | None = None
    replaces: str | None = None


def table_rows() -> list[TableRow]:
    """The rules in force, defaults and stored ones, by event type and pattern."""
    defaults = {rule.key: rule for rule in DEFAULT_RULES}
    stored = {(row.event_type, row.pattern): row for row in db.session.scalars(select(EventImpactRule))}
    rows = [TableRow(*key, rule.impact, rule.why) for key, rule in defaults.items() if key not in stored]
    for key, row in stored.items():
        default = defaults.get(key)
        rows.append(TableRow(*key, row.impact, "", row.id, default.impact if default else None))
    return sorted(rows, key=lambda row: (row.event_type, row.pattern))


def checked_rule(event_type: str | None, pattern: str | None, impact: str | None) -> tuple[str, str, str]:
    """The rule's values, its pattern normalised; InputError names each bad one."""
    errors = {}
    if event_type not in EVENT_TYPES:
        errors["event_type"] = f"one of {', '.join(sorted(EVENT_TYPES))}"
    pattern = normalised_pattern(pattern or "")
    if not pattern or len(pattern) > MAX_PATTERN_LENGTH or not pattern.isprintable():
        errors["pattern"] = f"an event name or a pattern with *, at most {MAX_PATTERN_LENGTH} characters"
    if impact not in IMPACTS:
        errors["impact"] = f"one of {', '.join(IMPACTS)}"
    if errors:
        raise InputError(errors)
    return event_type, pattern, impact


def save_impact_rule(event_type: str | None, pattern: str | None, impact: str | None, actor_id: int) -> int:
    """Store the rule (replacing a stored one of the same type and pattern), audit it and commit;
    its id."""
    event_type, pattern, impact = checked_rule(event_type, pattern, impact)
    rule = db.session.scalar(
        select(EventImpactRule).where(
            EventImpactRule.event_type == event_type, EventImpactRule.pattern == pattern
        )
    )
    if rule is None:
        if db.session.scalar(select(func.count()).select_from(EventImpactRule)) >= MAX_STORED_RULES:
            raise InputError({"pattern": f"at most {MAX_STORED_RULES} rules besides the defaults"})
        rule = EventImpactRule(event_type=event_type, pattern=pattern)
        db.session.add(rule)
    rule.impact, rule.updated_at, rule.updated_by = impact, utcnow(), actor_id
    db.session.flush()
    detail = {"event_type": event_type, "pattern": pattern, "impact": impact}
    record_admin_action(actor_id, "impact.save", "impact_rule", rule.id, detail)
    db.session.commit()
    return rule.id


def delete_impact_rule(rule_id: int, actor_id: int) -> bool:
    """Delete a stored rule (its default, if any, is in force again), audit it and commit; False
    when there is no such rule."""
    rule = db.session.get(EventImpactRule, rule_id)
    if rule is None:
        return False
    detail = {"event_type": rule.event_type, "pattern": rule.pattern, "impact": rule.impact}
    db.session.delete(rule)
    record_admin_action(actor_id, "impact.delete", "impact_rule", rule_id, detail)
    db.session.commit()
    return True
