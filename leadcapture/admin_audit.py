"""The audit log of staff actions: ``record_admin_action`` adds an entry to the caller's transaction,
``audit_page`` reads it for the admin's audit page.

Actions are dotted names (``user.role``, ``leads.export``...); ``ACTION_LABELS`` names the known ones
for the page, and an action it does not know is shown as it is, so a new one needs no change here.
"""

from dataclasses import dataclass

from sqlalchemy import String, cast, select
from sqlalchemy.orm import aliased

from leadcapture.extensions import db
from leadcapture.models import AdminAuditEntry, User

ACTION_LABELS = {
    "user.create": "User created",
    "user.role": "Role changed",
    "user.deactivate": "User deactivated",
    "user.activate": "User reactivated",
    "rules.publish": "Rules published",
    "rules.restore": "Rules version restored",
    "sync.retry": "HubSpot sync retried",
    "webhook.create": "Webhook endpoint added",
    "webhook.update": "Webhook endpoint changed",
    "webhook.rotate_secret": "Webhook secret rotated",
    "webhook.delete": "Webhook endpoint deleted",
    "webhook.replay": "Webhook delivery replayed",
    "leads.export": "Leads exported (CSV)",
    "person.export": "Person's data exported",
    "person.erase": "Person erased",
    "consent.withdraw": "Marketing consent withdrawn",
    "lead.delete": "Lead deleted",
    "lead.restore": "Deleted lead restored",
    "feedback.reply": "Feedback answered by email",
    "feedback.export": "Feedback exported (CSV)",
    "feedback.organisation_report": "Organisation's feedback report (PDF)",
    "interactions.export": "Interactions exported (CSV)",
    "next_actions.export": "Next actions exported (CSV)",
    "prompts.settings": "Feedback prompt settings changed",
    "weekly_report.settings": "Weekly report settings changed",
    "impact.save": "Business-impact rule saved",
    "impact.delete": "Business-impact rule deleted",
    "alerts.rule": "Alert rule changed",
    "experiment.create": "Experiment created",
    "experiment.update": "Experiment edited",
    "experiment.weights": "Experiment's weights changed",
    "experiment.start": "Experiment started",
    "experiment.stop": "Experiment stopped",
    "experiment.ship": "Experiment shipped",
}
PAGE_SIZE = 100


def record_admin_action(
    actor_id: int | None,
    action: str,
    target_kind: str,
    target_id: str | int | None,
    detail: dict | None = None,
) -> AdminAuditEntry:
    """Log that ``actor_id`` (None: the command line) did ``action`` on a ``target_kind`` record.

    No commit: the entry is written with the caller's change, or not at all. ``detail`` holds ids and
    settings only, never a person's email, name or phone.
    """
    entry = AdminAuditEntry(
        actor_id=actor_id,
        action=action,
        target_kind=target_kind,
        target_id=None if target_id is None else str(target_id),
        detail=detail or {},
    )
    db.session.add(entry)
    return entry


def log_admin_action(
    actor_id: int | None,
    action: str,
    target_kind: str,
    target_id: str | int | None,
    detail: dict | None = None,
) -> None:
    """``record_admin_action`` and commit: for an action that changes nothing else (an export)."""
    record_admin_action(actor_id, action, target_kind, target_id, detail)
    db.session.commit()


@dataclass(frozen=True)
class AuditFilters:
    action: str | None = None
    actor_id: int | None = None

    def as_args(self) -> dict[str, str]:
        """The query-string arguments that give these filters back (for page links)."""
        values = {"action": self.action, "user": self.actor_id}
        return {key: str(value) for key, value in values.items() if value is not None}


@dataclass
class AuditPage:
    rows: list[tuple[AdminAuditEntry, str | None, str | None]]  # entry, actor's email, target user's
    page: int
    has_next: bool


def audit_page(filters: AuditFilters, page: int = 1) -> AuditPage:
    """Newest first, ``PAGE_SIZE`` entries a page, with the emails of the staff involved."""
    actor, target = aliased(User), aliased(User)
    query = (
        select(AdminAuditEntry, actor.email, target.email)
        .outerjoin(actor, actor.id == AdminAuditEntry.actor_id)
        .outerjoin(
            target,
            (AdminAuditEntry.target_kind == "user") & (AdminAuditEntry.target_id == cast(target.id, String)),
        )
        .order_by(AdminAuditEntry.created_at.desc(), AdminAuditEntry.id.desc())
    )
    if filters.action:
        query = query.where(AdminAuditEntry.action == filters.action)
    if filters.actor_id is not None:
        query = query.where(AdminAuditEntry.actor_id == filters.actor_id)
    found = db.session.execute(query.limit(PAGE_SIZE + 1).offset((page - 1) * PAGE_SIZE)).all()
    return AuditPage([tuple(row) for row in found[:PAGE_SIZE]], page, len(found) > PAGE_SIZE)


def target_trail(target_kind: str, target_id: str | int) -> list[tuple[AdminAuditEntry, str | None]]:
    """Every entry about one record, oldest first, with the actor's email."""
    query = (
        select(AdminAuditEntry, User.email)
        .outerjoin(User, User.id == AdminAuditEntry.actor_id)
        .where(AdminAuditEntry.target_kind == target_kind, AdminAuditEntry.target_id == str(target_id))
        .order_by(AdminAuditEntry.created_at, AdminAuditEntry.id)
    )
    return [tuple(row) for row in db.session.execute(query)]


def logged_actions() -> list[str]:
    """Every action the log holds, for the page's filter."""
    return list(
        db.session.scalars(select(AdminAuditEntry.action).distinct().order_by(AdminAuditEntry.action))
    )


def action_label(action: str) -> str:
    return ACTION_LABELS.get(action, action)
