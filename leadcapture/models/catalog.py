"""The procedure catalog: editable data the tools recommend and price."""

from sqlalchemy import Boolean, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from leadcapture.extensions import db
from leadcapture.models.types import JSONType


class Procedure(db.Model):
    """A treatment the clinic offers, with what it treats and what it costs per session."""

    __tablename__ = "procedures"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    description: Mapped[str] = mapped_column(Text)
    concerns: Mapped[list] = mapped_column(JSONType, default=list)
    # Words people use for it ("anti-wrinkle injections"), for matching free text.
    keywords: Mapped[list] = mapped_column(JSONType, default=list)
    price_low: Mapped[int] = mapped_column(Integer)
    price_high: Mapped[int] = mapped_column(Integer)
    currency: Mapped[str] = mapped_column(String(3), default="USD")
    typical_sessions: Mapped[int] = mapped_column(Integer, default=1)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
