"""Who a data-subject request is about, and which rows of which tables are theirs.

A person is a lead (one per email) and every visitor linked to it (``lead_visitors``, or a booking
of the lead). Their rows are found from the schema, so a table added later is covered as soon
as it has a ``lead_id``, ``visitor_id``, ``email_hash`` or ``recipient`` column:

- ``leads`` and ``visitors`` by their ids;
- a table with ``lead_id``: the rows of this lead; with ``visitor_id`` too, also the rows of their
  visitors that belong to no lead (a visitor shared with another person, on a shared computer,
  keeps that person's rows out: their bookings, their link);
- a table with ``visitor_id`` only: the rows of their visitors;
- a table with ``email_hash``: the rows of their address (the request log);
- a table with ``recipient``: the emails sent to their address (``outgoing_mail``).
"""

from dataclasses import dataclass

from sqlalchemy import ColumnElement, Table, func, or_, select

from leadcapture.contact_fields import ContactError, normalise_email
from leadcapture.email_keys import email_hash
from leadcapture.extensions import db
from leadcapture.models import Booking, Lead, LeadVisitor


@dataclass(frozen=True)
class Person:
    lead: Lead
    visitor_ids: tuple[str, ...]

    @property
    def email_hash(self) -> str:
        return email_hash(self.lead.email)


def find_lead(email: str) -> Lead | None:
    """The (not erased) lead with ``email`` in any spelling; None for an unknown or invalid one."""
    try:
        normalised = normalise_email(email)
    except ContactError:
        return None
    return db.session.scalar(select(Lead).where(Lead.email == normalised, Lead.erased_at.is_(None)))


def person_of(lead: Lead) -> Person:
    """The lead and its visitors (linked, or who made one of its bookings)."""
    linked = select(LeadVisitor.visitor_id).where(LeadVisitor.lead_id == lead.id)
    booked = select(Booking.visitor_id).where(Booking.lead_id == lead.id, Booking.visitor_id.is_not(None))
    return Person(lead, tuple(sorted(db.session.scalars(linked.union(booked)))))


def person_tables() -> list[Table]:
    """Every table that can hold rows of a person, parents before children."""
    return [table for table in db.metadata.sorted_tables if holds_people(table)]


def holds_people(table: Table) -> bool:
    return table.name in ("leads", "visitors") or bool(
        {"lead_id", "visitor_id", "email_hash", "recipient"} & set(table.c.keys())
    )


def person_rows(table: Table, person: Person) -> ColumnElement:
    """The WHERE clause that picks ``person``'s rows of ``table`` (one of ``person_tables``)."""
    columns = table.c
    if table.name == "leads":
        return columns.id == person.lead.id
    if table.name == "visitors":
        return columns.id.in_(person.visitor_ids)
    if "lead_id" in columns:
        mine = columns.lead_id == person.lead.id
        if "visitor_id" not in columns:
            return mine
        return or_(mine, columns.visitor_id.in_(person.visitor_ids) & columns.lead_id.is_(None))
    if "visitor_id" in columns:
        return columns.visitor_id.in_(person.visitor_ids)
    if "recipient" in columns:
        return func.lower(columns.recipient) == person.lead.email
    return columns.email_hash == person.email_hash
