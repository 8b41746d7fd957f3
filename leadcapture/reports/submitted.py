"""The submitted values a lead page shows on its timeline: those that differed from what the lead
held, pending for staff or accepted by them."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from leadcapture.extensions import db
from leadcapture.models import Lead, SubmittedDetail, User

SHOWN_STATES = ("pending", "accepted")


@dataclass(frozen=True)
class SubmittedLine:
    id: int
    at: datetime
    visitor_id: str | None
    field: str
    value: str
    stored: str | None  # what the lead holds now
    state: str
    accepted_at: datetime | None
    accepted_by: str | None  # the staff member's email
    kind: str = "submitted"  # beside the activity lines on the lead's timeline


def submitted_lines(lead: Lead) -> list[SubmittedLine]:
    """The lead's differing submitted values, newest first."""
    rows = db.session.execute(
        select(SubmittedDetail, User.email)
        .outerjoin(User, User.id == SubmittedDetail.accepted_by_id)
        .where(SubmittedDetail.lead_id == lead.id, SubmittedDetail.state.in_(SHOWN_STATES))
        .order_by(SubmittedDetail.submitted_at.desc(), SubmittedDetail.id.desc())
    )
    return [
        SubmittedLine(
            row.id,
            row.submitted_at,
            row.visitor_id,
            row.field,
            row.value,
            getattr(lead, row.field),
            row.state,
            row.accepted_at,
            accepted_by,
        )
        for row, accepted_by in rows
    ]
