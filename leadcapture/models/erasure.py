"""Erased emails: a keyed hash of each address erased, so that no sync re-creates the person."""

from datetime import datetime

from sqlalchemy import DateTime, String
from sqlalchemy.orm import Mapped, mapped_column

from leadcapture.extensions import db


class ErasedEmail(db.Model):
    __tablename__ = "erased_emails"

    # ``leadcapture.email_keys.email_hash`` of the address, never the address.
    email_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    erased_at: Mapped[datetime] = mapped_column(DateTime)
    # When HubSpot confirmed the contact's deletion (None: the outbox has not got it done yet).
    contact_deleted_at: Mapped[datetime | None] = mapped_column(DateTime)
