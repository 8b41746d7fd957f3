"""Which leads reached an outcome, as a 0/1 SQL column over ``leads``, and the leads a report reads.

* booking: a booking of the lead, or of one of its visitors;
* qualified: sales qualified the lead at some point (its HubSpot lifecycle stage reached sales
  qualified or customer; the stage never goes back, so a lead qualified and then lost counts);
* won: the lead's status is won.

Reports read the leads created in the period (staff-deleted ones left out) and their outcome as of
now, so a recent period has had less time to book or be won.

A booking is itself a tool use (``appointment_booking``, with its time on the tool), scored like any
other: a rule that reads the booking tool, or a visitor aggregate a booking raises, fires *because*
the lead booked; and a base rule worth no more than such a base rule stops firing when the lead
books (only the highest base counts). Either way the rule's booking lift is the outcome, not a
prediction, so the reports set these rules apart for that outcome (``set_apart``).
"""

from collections.abc import Mapping

from sqlalchemy import ColumnElement, Select, case, select, union

from leadcapture.errors import InputError
from leadcapture.models import Booking, Lead, LeadVisitor
from leadcapture.reports.period import Period
from leadcapture.scoring import Rule
from leadcapture.scoring.operators import compile_operator
from leadcapture.scoring.rules import BASE

OUTCOMES = {"booking": "Booked an appointment", "qualified": "Qualified by sales", "won": "Won"}
DEFAULT_OUTCOME = "booking"
BOOKING_TOOL = "appointment_booking"
RAISED_BY_A_BOOKING = ("visitor.interaction_count", "visitor.active_seconds", "visitor.distinct_tools")


def outcome_from_args(args: Mapping[str, str]) -> str:
    """The ``outcome`` query argument (default booking); InputError names it when unknown."""
    outcome = args.get("outcome") or DEFAULT_OUTCOME
    if outcome not in OUTCOMES:
        raise InputError({"outcome": f"must be one of {', '.join(OUTCOMES)}"})
    return outcome


FIRES_WITH_IT = "fires when the lead books"
OUTRANKED_BY_IT = "outranked when the lead books"


def set_apart(outcome: str, rules: tuple[Rule, ...]) -> dict[str, str]:
    """{rule name: why} of the ``rules`` whose firing ``outcome`` itself decides (see above)."""
    if outcome != "booking":
        return {}
    booking = [rule for rule in rules if any(map(_met_by_a_booking, rule.condition["conditions"]))]
    why = dict.fromkeys((rule.name for rule in booking), FIRES_WITH_IT)
    top = max((rule.points for rule in booking if rule.kind == BASE), default=None)
    if top is not None:
        outranked = (rule.name for rule in rules if rule.kind == BASE and rule.points <= top)
        why = dict.fromkeys(outranked, OUTRANKED_BY_IT) | why
    return why


def _met_by_a_booking(item: dict) -> bool:
    if item["field"] in RAISED_BY_A_BOOKING:
        return True
    if item["field"] != "tool":
        return False
    meets, _mask, _count = compile_operator(item["op"], item["value"])
    return meets(BOOKING_TOOL)


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
