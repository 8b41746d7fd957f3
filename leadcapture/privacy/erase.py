"""Erasing a person (the right to erasure): afterwards no row and no file holds their email, name,
phone or visitor ids, and every report counts what it counted before.

Counted rows are anonymised, not deleted. The dashboard, funnel and attribution count sessions,
tool uses, prompts, leads, lead links and bookings, by day, campaign, source, device, tool and
score, in roll-ups that hold counts and never ids (``leadcapture.rollups``, ``reports``): so those
rows stay with what they are counted by, their personal columns emptied (``scrub``), and the
visitors get fresh random ids in every table (``visitor_ids``; their queued roll-up items move
with them, so the triggers count nothing twice and a `flask rollups rebuild` gives the same
numbers). The lead stays as an anonymised row (``erased_at``, a placeholder email) that is never
synced again. What no report counts is deleted: behaviour events, sales notes, the status log, the
emails sent to them, staff's replies to their feedback, the lead's HubSpot outbox rows, the webhook
deliveries about them (sent or not) and the kept media's rows; their files (photos, voice notes)
are deleted after the commit.

HubSpot: the contact is deleted through the outbox (``sync.erasure``), and the email's keyed hash
is kept in ``erased_emails`` so that no sync re-creates the person. A later submission of the same
email is a new lead.

Every table that can hold a person's rows (``person.person_tables``) is in exactly one of
``DELETED``, ``ANONYMISED`` and ``KEPT`` (tests/privacy/test_policies.py): a new table is decided
on, not forgotten.
"""

import secrets
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import bindparam, delete, select, update

from leadcapture.extensions import db
from leadcapture.leads.locks import locked_lead
from leadcapture.models import Booking, Feedback, FeedbackReply, Interaction, Lead, SyncOutbox, VisitSession
from leadcapture.models.types import utcnow
from leadcapture.privacy import scrub
from leadcapture.privacy.files import delete_files, stored_files
from leadcapture.privacy.person import Person, find_lead, person_of, person_rows
from leadcapture.privacy.visitor_ids import replace_visitor_ids
from leadcapture.reports.weekly.quotes import forget_quoted_comments
from leadcapture.sync.erasure import queue_contact_delete

# The outbox goes first: on PostgreSQL deleting its rows waits for a sync that has them in hand.
DELETED = (
    "hubspot_outbox",
    "behaviour_events",
    "lead_notes",
    "lead_activity",
    "visitor_media",
    "outgoing_mail",
    # What a visitor typed for a known lead: names, phones, companies.
    "submitted_details",
    # Webhook events about the lead (not sent yet, or kept for the delivery log).
    "webhook_deliveries",
    # The lead's insight and next actions (the refresh never works one out for an erased lead).
    "lead_insights",
    # Staff's alerts about the lead (a hot lead's score breakdown).
    "notifications",
)
# Feedback keeps its ratings, answers and sentiment (the reports count them); what the person wrote
# and who they said they were go.
ANONYMISED = ("leads", "visitors", "visit_sessions", "interactions", "bookings", "feedback")
# Nothing personal once the visitor ids are new: links, prompts, scores, roll-up bookkeeping,
# journeys (channels per position), and the request log and erased emails (keyed hashes).
KEPT = (
    "lead_visitors",
    "contact_prompts",
    "feedback_prompts",
    "visitor_scores",
    "rollup_queue",
    "insight_queue",
    "lead_insight_queue",
    "channel_visitor_pairs",
    "lead_journeys",
    "lead_touches",
    "booking_journeys",
    "privacy_requests",
    "erased_emails",
    # Banner answers (visitor ids renewed) and staff's consent withdrawals (the lead's id).
    "tracking_consents",
    "marketing_consent_withdrawals",
    # Counts and dates of a visitor's sessions, kept as those are (under the renewed visitor id).
    "visitor_insights",
    # Which variant a visitor saw and their segment then (the experiments' results count them).
    "experiment_exposures",
)


@dataclass
class ErasureResult:
    """``found``: there was someone to erase; ``counts``: rows deleted or anonymised per table;
    ``files``: stored files deleted."""

    found: bool
    counts: dict[str, int] = field(default_factory=dict)
    files: int = 0

    def summary(self) -> str:
        """What was erased, without personal data (for the request log and the command line)."""
        if not self.found:
            return "nothing stored for this email"
        rows = ", ".join(f"{table} {count}" for table, count in self.counts.items() if count)
        return f"erased rows: {rows}; files deleted: {self.files}"


def erase_person(email: str, now: datetime | None = None) -> ErasureResult:
    """Erase the person with ``email`` (any spelling); commits. Erasing again finds nothing."""
    lead = find_lead(email)
    if lead is None:
        db.session.commit()
        return ErasureResult(found=False)
    return erase_lead(lead, now or utcnow())


def erase_lead(lead: Lead, now: datetime) -> ErasureResult:
    """Erase ``lead``'s person in one transaction (commits), then delete their stored files. An
    erased lead is left as it is (``found`` False)."""
    if lead.erased_at is not None:
        return ErasureResult(found=False)
    # The outbox rows first, the lead's lock second, as the sync job takes them (no deadlock); on
    # PostgreSQL the delete waits for a sync that has the rows in hand, so the contact delete is
    # queued after any upsert in flight.
    counts = {"hubspot_outbox": _delete_outbox(lead.id)}
    lead = locked_lead(Lead.id == lead.id)
    if lead is None or lead.erased_at is not None:  # erased meanwhile
        db.session.rollback()
        return ErasureResult(found=False)
    counts["hubspot_outbox"] += _delete_outbox(lead.id)  # written by a submission we waited for
    person = person_of(lead)
    files = [path for _, path in stored_files(person.visitor_ids)]
    counts["interactions"] = _erase_interactions(person, _identifiers(person))
    for name in DELETED[1:]:
        table = db.metadata.tables[name]
        counts[name] = db.session.execute(delete(table).where(person_rows(table, person))).rowcount
    counts["visit_sessions"] = _anonymise(VisitSession, person, scrub.SESSION)
    counts["bookings"] = _anonymise(Booking, person, scrub.BOOKING)
    counts["feedback_replies"] = _delete_replies(person)  # staff's answers may name the person
    counts["weekly_reports"] = _forget_quotes(person)  # before their comments go
    counts["feedback"] = _anonymise(Feedback, person, scrub.FEEDBACK)
    queue_contact_delete(lead, now)  # reads the email: before the lead is anonymised
    counts["leads"] = _anonymise(Lead, person, scrub.erased_lead(now))
    counts["visitors"] = replace_visitor_ids(person.visitor_ids)  # last: the steps above find rows by them
    db.session.commit()
    return ErasureResult(True, counts, delete_files(files))


def _delete_outbox(lead_id: int) -> int:
    return db.session.execute(delete(SyncOutbox.__table__).where(SyncOutbox.lead_id == lead_id)).rowcount


def _delete_replies(person: Person) -> int:
    theirs = select(Feedback.id).where(person_rows(Feedback.__table__, person))
    return db.session.execute(delete(FeedbackReply).where(FeedbackReply.feedback_id.in_(theirs))).rowcount


def _forget_quotes(person: Person) -> int:
    """Their comments quoted in archived weekly reports (and the emails that carried them) go."""
    theirs = select(Feedback.id, Feedback.created_at).where(person_rows(Feedback.__table__, person))
    return forget_quoted_comments(db.session.execute(theirs).all())


def _anonymise(model, person: Person, values: dict) -> int:
    table = model.__table__
    return db.session.execute(update(table).where(person_rows(table, person)).values(**values)).rowcount


def _identifiers(person: Person) -> set[str]:
    """Everything that names the person: their contact details (as a lead and on bookings) and
    visitor ids."""
    lead, table = person.lead, Booking.__table__
    booked = db.session.execute(
        select(table.c.name, table.c.email, table.c.phone).where(person_rows(table, person))
    ).all()
    values = {lead.email, lead.name, lead.phone, lead.company, *person.visitor_ids}
    return {value for value in values.union(*booked) if value}


def _erase_interactions(person: Person, identifiers: set[str]) -> int:
    """Anonymise the person's tool uses; how many."""
    table = Interaction.__table__
    rows = db.session.execute(select(table.c.id, table.c.data).where(person_rows(table, person))).all()
    datas = [data if isinstance(data, dict) else {} for _, data in rows]
    if rows:
        # The input fingerprint is a hash of what they typed: a random one replaces it.
        erased = [
            {
                "row_id": row_id,
                "new_data": scrub.erased_data(data, identifiers),
                "new_hash": secrets.token_hex(32),
            }
            for (row_id, _), data in zip(rows, datas, strict=True)
        ]
        statement = update(table).where(table.c.id == bindparam("row_id"))
        db.session.execute(
            statement.values(data=bindparam("new_data"), input_hash=bindparam("new_hash")), erased
        )
    return len(rows)
