"""The working rule set: rules and settings admins edit before publishing them.

Every change is validated by the scoring engine (a refused rule raises
``RuleValidationError`` saying which attribute is wrong and why) and written to the audit log.
"""

from sqlalchemy import select

from leadcapture.extensions import db
from leadcapture.models import ScoringRule, ScoringSettingsRow
from leadcapture.scoring import Rule, RuleValidationError, ScoringSettings
from leadcapture.scoring_rules import audit

RULE_ATTRIBUTES = (
    "name",
    "description",
    "kind",
    "condition",
    "points",
    "per_match",
    "maximum",
    "skip_matches",
    "active",
    "position",
)
SETTINGS_ROW_ID = 1


def rule_to_dict(row: ScoringRule) -> dict:
    """A rule row as the engine's plain dict (with its ``id``)."""
    return {"id": row.id, **{name: getattr(row, name) for name in RULE_ATTRIBUTES}}


def draft_rule_rows() -> list[ScoringRule]:
    return list(db.session.scalars(select(ScoringRule).order_by(ScoringRule.position, ScoringRule.id)))


def draft_rules() -> list[dict]:
    """The working rules, in table order, as plain dicts."""
    return [rule_to_dict(row) for row in draft_rule_rows()]


def draft_rule(rule_id: int) -> dict:
    """One working rule as a plain dict; ``LookupError`` when there is none with that id."""
    return rule_to_dict(_get(rule_id))


def draft_settings() -> ScoringSettings:
    """The working settings (defaults until an admin saves some)."""
    row = db.session.get(ScoringSettingsRow, SETTINGS_ROW_ID)
    return ScoringSettings.from_dict(row.values) if row else ScoringSettings()


def _row_values(data: dict) -> dict:
    """The validated, normalised column values of a rule (``RuleValidationError`` otherwise)."""
    values = Rule.from_dict({key: value for key, value in data.items() if key != "id"}).to_dict()
    values.pop("id")
    return values


def _unique_row_values(data: dict, rule_id: int | None = None) -> dict:
    values = _row_values(data)
    clash = db.session.scalars(select(ScoringRule.id).where(ScoringRule.name == values["name"])).first()
    if clash is not None and clash != rule_id:
        raise RuleValidationError({"name": f"a rule named {values['name']!r} already exists"})
    return values


def create_rule(data: dict, actor: str) -> ScoringRule:
    """Add a validated rule to the working set; commits."""
    row = ScoringRule(**_unique_row_values(data))
    db.session.add(row)
    db.session.flush()
    audit.record(actor, "rule_created", row.name, after=rule_to_dict(row))
    db.session.commit()
    return row


def update_rule(rule_id: int, data: dict, actor: str) -> ScoringRule:
    """Replace a working rule's attributes with validated ``data`` (missing ones kept); commits."""
    row = _get(rule_id)
    before = rule_to_dict(row)
    for name, value in _unique_row_values({**before, **data}, rule_id).items():
        setattr(row, name, value)
    audit.record(actor, "rule_updated", row.name, before=before, after=rule_to_dict(row))
    db.session.commit()
    return row


def delete_rule(rule_id: int, actor: str) -> None:
    """Remove a working rule; commits."""
    row = _get(rule_id)
    audit.record(actor, "rule_deleted", row.name, before=rule_to_dict(row))
    db.session.delete(row)
    db.session.commit()


def reorder_rules(rule_ids: list[int], actor: str) -> None:
    """Give the working rules the order of ``rule_ids`` (which must name each rule once); commits."""
    rows = {row.id: row for row in draft_rule_rows()}
    if sorted(rule_ids) != sorted(rows):
        raise RuleValidationError({"order": "must list every rule exactly once"})
    before = [rows[i].name for i in sorted(rows, key=lambda i: rows[i].position)]
    for position, rule_id in enumerate(rule_ids):
        rows[rule_id].position = (position + 1) * 10
    audit.record(
        actor,
        "rules_reordered",
        "rule order",
        before={"order": before},
        after={"order": [rows[i].name for i in rule_ids]},
    )
    db.session.commit()


def update_settings(values: dict, actor: str) -> ScoringSettings:
    """Save validated working settings (``SettingsValidationError`` otherwise); commits."""
    before = draft_settings()
    settings = ScoringSettings.from_dict({**before.to_dict(), **values})
    row = db.session.get(ScoringSettingsRow, SETTINGS_ROW_ID)
    if row is None:
        row = ScoringSettingsRow(id=SETTINGS_ROW_ID, values=settings.to_dict())
        db.session.add(row)
    else:
        row.values = settings.to_dict()
    audit.record(actor, "settings_updated", "settings", before=before.to_dict(), after=settings.to_dict())
    db.session.commit()
    return settings


def replace_draft(rules: list[dict], settings: dict) -> None:
    """Make the working set exactly ``rules`` and ``settings`` (no commit, no audit)."""
    for row in draft_rule_rows():
        db.session.delete(row)
    db.session.flush()
    db.session.add_all(ScoringRule(**_row_values(data)) for data in rules)
    row = db.session.get(ScoringSettingsRow, SETTINGS_ROW_ID)
    if row is None:
        db.session.add(ScoringSettingsRow(id=SETTINGS_ROW_ID, values=settings))
    else:
        row.values = settings


def _get(rule_id: int) -> ScoringRule:
    row = db.session.get(ScoringRule, rule_id)
    if row is None:
        raise LookupError(f"no rule with id {rule_id}")
    return row
