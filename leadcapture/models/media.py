"""Special-category media kept for staff: face photos, recommendation photos and voice notes.

Each kept file has a row naming its visitor (and the tool use), so erasure, export and retention
find it by visitor; the file itself sits in a private folder, never under a public URL.
"""

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from leadcapture.extensions import db
from leadcapture.models.types import new_id, utcnow

MEDIA_KINDS = ("face_photo", "recommendation_photo", "voice_note")


class VisitorMedia(db.Model):
    __tablename__ = "visitor_media"
    __table_args__ = (
        Index("ix_visitor_media_visitor_created", "visitor_id", "created_at"),
        Index("ix_visitor_media_kind_created", "kind", "created_at"),
        Index("ix_visitor_media_interaction", "interaction_id"),
    )

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    # RESTRICT: a visitor is deleted only after its media (rows and files) went, so no file outlives
    # its row unnoticed (leadcapture.media.erase_visitor_media first).
    visitor_id: Mapped[str] = mapped_column(ForeignKey("visitors.id", ondelete="RESTRICT"))
    interaction_id: Mapped[str | None] = mapped_column(ForeignKey("interactions.id", ondelete="SET NULL"))
    kind: Mapped[str] = mapped_column(String(24))
    # The file's random name in its kind's private folder.
    file_name: Mapped[str] = mapped_column(String(64), unique=True)
    content_type: Mapped[str] = mapped_column(String(64))
    bytes: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
