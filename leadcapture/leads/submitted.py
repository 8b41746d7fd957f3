"""What visitors submit for a lead: kept field by field, never overwriting what the lead holds.

Anyone can type a known email, so a public submission only fills the lead's empty fields; a value
that differs from the stored one waits on the lead's timeline until staff accept it.
"""

from datetime import datetime

from sqlalchemy import select, update

from leadcapture.errors import InputError
from leadcapture.extensions import db
from leadcapture.leads.contact import ContactDetails
from leadcapture.models import Lead, SubmittedDetail, User
from leadcapture.models.types import utcnow

# The lead fields a submission may carry besides the email (the lead's key).
SUBMITTED_FIELDS = ("name", "phone", "company", "preferred_contact_time")


def record_submission(lead: Lead, visitor_id: str | None, details: ContactDetails, now: datetime) -> None:
    """Keep each field ``details`` gives as a row (``visitor_id``: who gave it, None without analytics
    consent); fill the lead's empty fields with them (no flush)."""
    for field in SUBMITTED_FIELDS:
        value = getattr(details, field)
        if not value:
            continue
        stored = getattr(lead, field)
        if not stored:
            setattr(lead, field, value)
            state = "filled"
        else:
            state = "same" if stored.casefold() == value.casefold() else "pending"
        db.session.add(
            SubmittedDetail(
                lead_id=lead.id,
                visitor_id=visitor_id,
                field=field,
                value=value,
                state=state,
                submitted_at=now,
            )
        )


def fields_given(visitor_id: str, lead_id: int) -> set[str]:
    """The contact fields this visitor gave for the lead: its email, and what they submitted."""
    query = select(SubmittedDetail.field).where(
        SubmittedDetail.visitor_id == visitor_id, SubmittedDetail.lead_id == lead_id
    )
    return {"email", *db.session.scalars(query.distinct())}


def accept_submitted(lead: Lead, detail_id: int, user: User, now: datetime | None = None) -> SubmittedDetail:
    """Set the lead's field to a pending submitted value (the outbox hook sends it to HubSpot);
    the same value submitted again is accepted with it. Commits. InputError when it is not a
    pending value of this lead."""
    detail = db.session.get(SubmittedDetail, detail_id)
    if detail is None or detail.lead_id != lead.id:
        raise InputError({"submitted": "this lead has no such submitted value"}, status=404)
    if detail.state != "pending":
        raise InputError({"submitted": f"this {_label(detail.field)} was already {detail.state}"}, status=409)
    setattr(lead, detail.field, detail.value)
    db.session.execute(
        update(SubmittedDetail)
        .where(
            SubmittedDetail.lead_id == lead.id,
            SubmittedDetail.field == detail.field,
            SubmittedDetail.value == detail.value,
            SubmittedDetail.state == "pending",
        )
        .values(state="accepted", accepted_at=now or utcnow(), accepted_by_id=user.id)
        .execution_options(synchronize_session="fetch")
    )
    db.session.commit()
    return detail


def _label(field: str) -> str:
    return field.replace("_", " ")
