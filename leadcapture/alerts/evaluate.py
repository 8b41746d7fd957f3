"""The ``evaluate-alerts`` job: each enabled rule's check says which causes fire now; a new cause
opens an alert (emailed to the rule's recipients), an open cause that no longer fires clears.
A disabled rule's open alerts clear."""

from dataclasses import dataclass
from datetime import datetime

from werkzeug.utils import import_string

from leadcapture.alerts.kinds import KINDS
from leadcapture.alerts.rules import RuleSettings, all_rule_settings
from leadcapture.alerts.store import clear_alerts, open_alert, open_causes
from leadcapture.extensions import db
from leadcapture.models.types import utcnow


@dataclass(frozen=True)
class AlertText:
    title: str
    body: str
    lead_id: int | None = None


# Each firing cause with its alert; None for an open cause that still holds (nothing new to say).
Firing = dict[str, AlertText | None]


@dataclass(frozen=True)
class Outcome:
    opened: int
    cleared: int


def evaluate_alerts(now: datetime | None = None) -> dict[str, Outcome]:
    """Check every rule (commits after each); how many alerts of each kind opened and cleared."""
    now = now or utcnow()
    return {rule.kind: evaluate_rule(rule, now) for rule in all_rule_settings()}


def evaluate_rule(rule: RuleSettings, now: datetime) -> Outcome:
    """Open the alerts of ``rule``'s causes that fire and clear the open ones that stopped; commits."""
    already = open_causes(rule.kind)
    firing: Firing = import_string(KINDS[rule.kind].check)(rule, already, now) if rule.enabled else {}
    opened = 0
    for cause, text in firing.items():
        if text is not None and cause not in already:
            alert = open_alert(rule.kind, cause, text.title, text.body, lead_id=text.lead_id, now=now)
            opened += alert is not None
    cleared = clear_alerts(rule.kind, already - set(firing), now)
    db.session.commit()
    return Outcome(opened, cleared)
