"""The audit log of staff actions in the admin and on the command line (role changes, exports,
rule publishes, sync retries, erasures...): who, what, on which record, when.

Its detail holds ids and settings, never a lead's or a person's email, name or phone: an erased
person must not stay in it.
"""

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from leadcapture.extensions import db
from leadcapture.models.types import BigIntegerPK, JSONType, utcnow


class AdminAuditEntry(db.Model):
    __tablename__ = "admin_audit"
    __table_args__ = (
        Index("ix_admin_audit_created_at", "created_at"),
        Index("ix_admin_audit_action_created", "action", "created_at"),
        Index("ix_admin_audit_actor_created", "actor_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(BigIntegerPK, primary_key=True, autoincrement=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    # None: the command line (or an account since deleted; the log outlives accounts).
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    action: Mapped[str] = mapped_column(String(64))  # e.g. "user.role", "leads.export"
    target_kind: Mapped[str] = mapped_column(String(32))  # e.g. "user", "lead", "rule_set"
    target_id: Mapped[str | None] = mapped_column(String(64))
    detail: Mapped[dict] = mapped_column(JSONType, default=dict)
