"""The alert rules admins set on ``/admin/alerts``: each kind on or off, its thresholds and the
addresses its new alerts are emailed to. A kind without a stored rule is off, with the defaults."""

from dataclasses import dataclass

from sqlalchemy import select

from leadcapture.admin_audit import record_admin_action
from leadcapture.alerts.kinds import KINDS, Threshold
from leadcapture.alerts.recipients import parse_recipients
from leadcapture.errors import InputError
from leadcapture.extensions import db
from leadcapture.models import AlertRule
from leadcapture.models.types import utcnow


@dataclass(frozen=True)
class RuleSettings:
    kind: str
    enabled: bool
    thresholds: dict[str, float]
    recipients: tuple[str, ...]


def default_thresholds(kind: str) -> dict[str, float]:
    return {threshold.name: threshold.default for threshold in KINDS[kind].thresholds}


def rule_settings(kind: str) -> RuleSettings:
    """The rule of ``kind`` in force (off, with the defaults, until an admin saves it)."""
    return _settings(kind, db.session.get(AlertRule, kind))


def all_rule_settings() -> list[RuleSettings]:
    """Every kind's rule, in the order of ``KINDS`` (one query)."""
    stored = {row.kind: row for row in db.session.scalars(select(AlertRule))}
    return [_settings(kind, stored.get(kind)) for kind in KINDS]


def rule_recipients(kind: str) -> tuple[str, ...]:
    """The addresses new alerts of ``kind`` are emailed to (none for a kind without a rule)."""
    row = db.session.get(AlertRule, kind)
    return tuple(row.recipients) if row else ()


def save_rule(
    kind: str, enabled: bool, thresholds: dict, recipients: str, actor_id: int | None
) -> RuleSettings:
    """Validate and store the rule of ``kind`` (thresholds as typed, recipients as one text), in the
    admin audit log; commits. InputError names each bad field (nothing is saved)."""
    values, errors = parse_thresholds(kind, thresholds)
    try:
        addresses = parse_recipients(recipients)
    except ValueError as error:
        errors["recipients"] = str(error)
    if errors:
        raise InputError(errors)
    row = db.session.get(AlertRule, kind) or AlertRule(kind=kind)
    row.enabled, row.thresholds, row.recipients = enabled, values, addresses
    row.updated_at, row.updated_by = utcnow(), actor_id
    db.session.add(row)
    detail = {"enabled": enabled, "thresholds": values, "recipients": len(addresses)}
    record_admin_action(actor_id, "alerts.rule", "alert_rule", kind, detail)
    db.session.commit()
    return _settings(kind, row)


def parse_thresholds(kind: str, typed: dict) -> tuple[dict[str, float], dict[str, str]]:
    """The thresholds of ``kind`` from what was typed (a missing one keeps its default), and an error
    per malformed or out-of-range one."""
    values, errors = {}, {}
    for threshold in KINDS[kind].thresholds:
        raw = typed.get(threshold.name, threshold.default)
        value = _number(raw, threshold)
        if value is None:
            errors[threshold.name] = f"{threshold.label}: {threshold.describe()}."
        else:
            values[threshold.name] = value
    return values, errors


def _number(raw, threshold: Threshold) -> float | None:
    """``raw`` (text or a number) as the threshold's number, or None when it is not one in range."""
    try:
        value = float(str(raw).strip())
    except ValueError:
        return None
    if not threshold.low <= value <= threshold.high:  # NaN fails this too
        return None
    if threshold.whole:
        return int(value) if value.is_integer() else None
    return value


def _settings(kind: str, row: AlertRule | None) -> RuleSettings:
    if row is None:
        return RuleSettings(kind, False, default_thresholds(kind), ())
    thresholds = default_thresholds(kind) | {
        name: value for name, value in row.thresholds.items() if name in default_thresholds(kind)
    }
    return RuleSettings(kind, row.enabled, thresholds, tuple(row.recipients))
