"""Publishing the working rule set as a new version, history, diffs and restoring."""

from dataclasses import dataclass

from sqlalchemy import func, select

from leadcapture.admin_audit import record_admin_action
from leadcapture.extensions import db
from leadcapture.models import RuleSetVersion
from leadcapture.models.types import utcnow
from leadcapture.scoring import compile_rules
from leadcapture.scoring_rules import audit
from leadcapture.scoring_rules.draft import draft_rules, draft_settings, replace_draft


def latest_version() -> RuleSetVersion | None:
    """The live (newest published) version, or None before the first publish."""
    return db.session.scalars(select(RuleSetVersion).order_by(RuleSetVersion.version.desc()).limit(1)).first()


def history() -> list[RuleSetVersion]:
    """Every published version, newest first."""
    return list(db.session.scalars(select(RuleSetVersion).order_by(RuleSetVersion.version.desc())))


def get_version(version: int) -> RuleSetVersion:
    found = db.session.get(RuleSetVersion, version)
    if found is None:
        raise LookupError(f"no rule set version {version}")
    return found


def publish(
    actor: str, note: str = "", restored_from: int | None = None, actor_id: int | None = None
) -> RuleSetVersion:
    """Snapshot the working rules and settings as the next version, now live; commits.

    The whole set is compiled first, so a set the engine refuses is never published. ``actor_id``
    is the staff account in the admin audit log (None: the command line).
    """
    rules = [{k: v for k, v in rule.items() if k != "id"} for rule in draft_rules()]
    compile_rules(rules)
    settings = draft_settings().to_dict()
    number = (db.session.scalar(select(func.max(RuleSetVersion.version))) or 0) + 1
    version = RuleSetVersion(
        version=number,
        rules=rules,
        settings=settings,
        published_at=utcnow(),
        published_by=actor,
        note=note,
        restored_from=restored_from,
    )
    db.session.add(version)
    action = "restored" if restored_from else "published"
    subject = f"version {number}" + (f" (from version {restored_from})" if restored_from else "")
    audit.record(actor, action, subject, after={"note": note, "rules": len(rules)}, version=number)
    detail = {"rules": len(rules)} | ({"restored_from": restored_from} if restored_from else {})
    record_admin_action(
        actor_id, "rules.restore" if restored_from else "rules.publish", "rule_set", number, detail
    )
    db.session.commit()
    return version


def restore(version: int, actor: str, actor_id: int | None = None) -> RuleSetVersion:
    """Make an earlier version's rules and settings the working set and publish them again."""
    old = get_version(version)
    replace_draft(old.rules, old.settings)
    return publish(actor, note=f"Restored version {version}", restored_from=version, actor_id=actor_id)


@dataclass
class VersionDiff:
    added: list[str]
    removed: list[str]
    changed: dict[str, dict[str, tuple]]  # rule name -> attribute -> (before, after)
    settings: dict[str, tuple]  # setting -> (before, after)

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.changed or self.settings)


def diff(
    before_rules: list[dict], before_settings: dict, after_rules: list[dict], after_settings: dict
) -> VersionDiff:
    """What changed between two rule sets, rule by rule (matched by name) and setting by setting."""
    old = {rule["name"]: rule for rule in before_rules}
    new = {rule["name"]: rule for rule in after_rules}
    changed = {}
    for name in old.keys() & new.keys():
        attributes = {
            key: (old[name].get(key), new[name].get(key))
            for key in (old[name].keys() | new[name].keys()) - {"id"}
            if old[name].get(key) != new[name].get(key)
        }
        if attributes:
            changed[name] = attributes
    settings = {
        key: (before_settings.get(key), after_settings.get(key))
        for key in before_settings.keys() | after_settings.keys()
        if before_settings.get(key) != after_settings.get(key)
    }
    return VersionDiff(sorted(new.keys() - old.keys()), sorted(old.keys() - new.keys()), changed, settings)
