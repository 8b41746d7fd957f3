"""The scoring audit log: who changed what, when, from what to what."""

from sqlalchemy import select

from leadcapture.extensions import db
from leadcapture.models import ScoringAudit
from leadcapture.models.types import utcnow


def record(
    actor: str, action: str, subject: str, before=None, after=None, version: int | None = None
) -> None:
    """Add an audit entry to the current transaction (the caller commits with its change)."""
    db.session.add(
        ScoringAudit(
            at=utcnow(),
            actor=actor,
            action=action,
            subject=subject,
            before=before,
            after=after,
            version=version,
        )
    )


def recent(limit: int = 100) -> list[ScoringAudit]:
    """The newest audit entries first."""
    return list(db.session.scalars(select(ScoringAudit).order_by(ScoringAudit.id.desc()).limit(limit)))
