"""The next-action rules admins edit on ``/admin/next-actions/rules``, and what they give a lead.

A lead gets the action of every enabled rule whose condition its insight meets
(``insights.conditions``), the most urgent first: the lowest priority number, then the rule added
first. Changes are audited and reapplied to every lead (``insights.reapply``).
"""

from dataclasses import dataclass

from sqlalchemy import func, select

from leadcapture.admin_audit import record_admin_action
from leadcapture.errors import InputError
from leadcapture.extensions import db
from leadcapture.insights.conditions import Condition, ConditionError, matches, parse
from leadcapture.insights.view import InsightView
from leadcapture.jobs.dispatch import enqueue
from leadcapture.models import NextActionRule
from leadcapture.models.types import utcnow

# The defaults (migration 0030 loads the same): (action, condition, priority).
DEFAULT_RULES = (
    ("Call now", "days_since_booking <= 7 or level = high and days_since_last <= 7", 10),
    ("Send the price list", "uses_cost_calculator >= 2", 20),
    ("Re-engage", "level = high and days_since_last >= 30", 30),
)
MAX_RULES = 50
MAX_ACTION_LENGTH = 80
MAX_PRIORITY = 999


@dataclass(frozen=True)
class LiveRule:
    action: str
    condition: Condition
    priority: int


def live_rules() -> list[LiveRule]:
    """The enabled rules, the most urgent first."""
    rows = db.session.scalars(
        select(NextActionRule)
        .where(NextActionRule.enabled.is_(True))
        .order_by(NextActionRule.priority, NextActionRule.id)
    )
    return [LiveRule(row.action, parse(row.condition), row.priority) for row in rows]


def next_actions(view: InsightView, rules: list[LiveRule]) -> tuple[list[str], int | None]:
    """The actions ``rules`` give this insight (each once, the most urgent first), and the most
    urgent one's priority."""
    found = [rule for rule in rules if matches(rule.condition, view)]
    actions = list(dict.fromkeys(rule.action for rule in found))
    return actions, found[0].priority if found else None


def seed_next_action_rules() -> int:
    """Load ``DEFAULT_RULES`` into an empty rule table (no commit); how many were added."""
    if db.session.scalar(select(func.count()).select_from(NextActionRule)):
        return 0
    for action, condition, priority in DEFAULT_RULES:
        db.session.add(NextActionRule(action=action, condition=condition, priority=priority, enabled=True))
    db.session.flush()
    return len(DEFAULT_RULES)


def all_rules() -> list[NextActionRule]:
    return list(
        db.session.scalars(select(NextActionRule).order_by(NextActionRule.priority, NextActionRule.id))
    )


def checked(action: str | None, condition: str | None, priority: str | int | None) -> tuple[str, str, int]:
    """The rule's values, cleaned; InputError names each bad one."""
    errors = {}
    action = " ".join((action or "").split())
    if not action or len(action) > MAX_ACTION_LENGTH:
        errors["action"] = f"what sales should do, at most {MAX_ACTION_LENGTH} characters"
    condition = " ".join((condition or "").split())
    try:
        parse(condition)
    except ConditionError as error:
        errors["condition"] = str(error)
    text = str(priority if priority is not None else "").strip()
    if not text.isdigit() or not 1 <= int(text) <= MAX_PRIORITY:
        errors["priority"] = f"a whole number from 1 (most urgent) to {MAX_PRIORITY}"
    if errors:
        raise InputError(errors)
    return action, condition, int(text)


def save_rule(
    rule_id: int | None, action: str | None, condition: str | None, priority, enabled: bool, actor_id: int
) -> int | None:
    """Add a rule (``rule_id`` None) or change one, audit it and commit; its id, or None when there
    is no such rule. InputError for bad values."""
    action, condition, priority = checked(action, condition, priority)
    if rule_id is None:
        if db.session.scalar(select(func.count()).select_from(NextActionRule)) >= MAX_RULES:
            raise InputError({"action": f"at most {MAX_RULES} rules"})
        rule = NextActionRule()
        db.session.add(rule)
    elif (rule := db.session.get(NextActionRule, rule_id)) is None:
        return None
    rule.action, rule.condition, rule.priority, rule.enabled = action, condition, priority, enabled
    rule.updated_at, rule.updated_by = utcnow(), actor_id
    db.session.flush()
    detail = {"action": action, "condition": condition, "priority": priority, "enabled": enabled}
    record_admin_action(actor_id, "next_action.save", "next_action_rule", rule.id, detail)
    db.session.commit()
    _reapply()
    return rule.id


def set_enabled(rule_id: int, enabled: bool, actor_id: int) -> bool:
    """Enable or disable a rule, audit it and commit; False when there is no such rule."""
    rule = db.session.get(NextActionRule, rule_id)
    if rule is None:
        return False
    rule.enabled, rule.updated_at, rule.updated_by = enabled, utcnow(), actor_id
    action = "next_action.enable" if enabled else "next_action.disable"
    record_admin_action(actor_id, action, "next_action_rule", rule_id, {"action": rule.action})
    db.session.commit()
    _reapply()
    return True


def delete_rule(rule_id: int, actor_id: int) -> bool:
    """Delete a rule, audit it and commit; False when there is no such rule."""
    rule = db.session.get(NextActionRule, rule_id)
    if rule is None:
        return False
    detail = {"action": rule.action, "condition": rule.condition, "priority": rule.priority}
    db.session.delete(rule)
    record_admin_action(actor_id, "next_action.delete", "next_action_rule", rule_id, detail)
    db.session.commit()
    _reapply()
    return True


def _reapply() -> None:
    """Every lead's actions again, by the job (minutes at 100k leads: not in the request)."""
    enqueue("reapply-next-actions", job_id="reapply-next-actions")
