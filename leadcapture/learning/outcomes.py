"""Which leads reached an outcome, as a 0/1 SQL column over ``leads``, and the leads a report reads.

* booking: a booking of the lead, or of one of its visitors;
* qualified: sales qualified the lead at some point (its HubSpot lifecycle stage reached sales
  qualified or customer; the stage never goes back, so a lead qualified and then lost counts);
* won: the lead's status is won.

Reports read the leads created in the period (staff-deleted ones left out) and their outcome as of
now, so a recent period has had less time to book or be won.
"""

from collections.abc import Mapping

from sqlalchemy import ColumnElement, Select, case, select, union

from leadcapture.errors import InputError
from leadcapture.models import Booking, Lead, LeadVisitor
from leadcapture.reports.period import Period

OUTCOMES = {"booking": "Booked an appointment", "qualified": "Qualified by sales", "won": "Won"}
DEFAULT_OUTCOME = "booking"


def outcome_from_args(args: Mapping[str, str]) -> str:
    """The ``outcome`` query argument (default booking); InputError names it when unknown."""
    outcome = args.get("outcome") or DEFAULT_OUTCOME
    if outcome not in OUTCOMES:
        raise InputError({"outcome": f"must be one of {', '.join(OUTCOMES)}"})
    return outcome


def outcome_flag(outcome: str) -> ColumnElement[int]:
    """1 for a lead (a row of ``leads``) that reached ``outcome``, else 0."""
    return case((_reached(outcome), 1), else_=0)


def leads_with_outcome(outcome: str, period: Period, *columns) -> Select:
    """``columns`` of the leads created in ``period``, with their outcome flag as ``hit``."""
    return select(*columns, outcome_flag(outcome).label("hit")).where(
        Lead.created_at >= period.start, Lead.created_at < period.end, Lead.deleted_at.is_(None)
    )


def _reached(outcome: str) -> ColumnElement[bool]:
    if outcome == "booking":
        # Uncorrelated: PostgreSQL hashes the booked leads' ids once instead of probing per lead.
        booked = union(
            select(Booking.lead_id).where(Booking.lead_id.is_not(None)),
            select(LeadVisitor.lead_id).join(Booking, Booking.visitor_id == LeadVisitor.visitor_id),
        )
        return Lead.id.in_(booked)
    if outcome == "qualified":
        return Lead.lifecycle_stage.in_(("salesqualifiedlead", "customer"))
    return Lead.status == "won"
