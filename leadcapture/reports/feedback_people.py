"""Feedback at the organisation and person levels (seed 002), for the drill-down organisation →
person → session.

A person is a lead (their feedback, and that of the visitors linked to them) or, for feedback of
no lead, a visitor; feedback with neither (no analytics consent, no email) belongs to no person.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import exists, select

from leadcapture.extensions import db
from leadcapture.models import Feedback, Lead, LeadVisitor, Visitor, VisitSession
from leadcapture.reports.feedback_tally import Tally, tally, tally_columns
from leadcapture.reports.period import Period

MAX_ROWS = 500  # feedback rows a drill-down page reads (the newest)


@dataclass(frozen=True)
class Person:
    kind: str | None  # "lead", "visitor", or None: nobody known
    key: str | None  # the lead id or visitor id
    name: str | None
    email: str | None
    feedback: list[Feedback]  # newest first

    @property
    def tally(self) -> Tally:
        return Tally.of(self.feedback)

    @property
    def latest(self) -> datetime | None:
        return self.feedback[0].created_at if self.feedback else None


@dataclass(frozen=True)
class Organisation:
    key: str
    name: str
    period: Period
    tally: Tally
    people: list[Person]  # the most feedback first
    feedback: list[Feedback]  # newest first, at most MAX_ROWS
    truncated: bool


def organisation_feedback(key: str, period: Period) -> Organisation | None:
    """The organisation ``key``'s feedback in ``period`` and its people; None for an organisation
    that never gave feedback."""
    where = (
        Feedback.organisation_key == key,
        Feedback.created_at >= period.start,
        Feedback.created_at < period.end,
    )
    counted = db.session.execute(select(*tally_columns()).where(*where)).one()
    name = db.session.scalar(
        select(Feedback.organisation)
        .where(Feedback.organisation_key == key)
        .order_by(Feedback.organisation.is_(None), Feedback.created_at.desc())
        .limit(1)
    )
    if name is None and not db.session.scalar(select(exists().where(Feedback.organisation_key == key))):
        return None
    rows = _newest(select(Feedback).where(*where))
    return Organisation(
        key=key,
        name=name or key,
        period=period,
        tally=tally(counted),
        people=people_of(rows),
        feedback=rows[:MAX_ROWS],
        truncated=len(rows) > MAX_ROWS,
    )


def people_of(rows: list[Feedback]) -> list[Person]:
    """``rows`` (newest first) by person, the people with the most feedback first."""
    grouped = defaultdict(list)
    for row in rows:
        grouped[_person_key(row)].append(row)
    people = [_person(kind, key, found) for (kind, key), found in grouped.items()]
    people.sort(key=lambda person: (-len(person.feedback), -person.latest.timestamp()))
    return people


def lead_person(lead_id: int) -> Person | None:
    """The lead's feedback, and that of its visitors given before they were linked to any lead,
    newest first; None for no such lead (or a deleted one)."""
    lead = db.session.get(Lead, lead_id)
    if lead is None or lead.deleted_at is not None:
        return None
    visitors = select(LeadVisitor.visitor_id).where(LeadVisitor.lead_id == lead_id)
    # Two queries, each on its index (an OR of the two reads the whole table).
    rows = [
        *_newest(select(Feedback).where(Feedback.lead_id == lead_id)),
        *_newest(select(Feedback).where(Feedback.lead_id.is_(None), Feedback.visitor_id.in_(visitors))),
    ]
    rows.sort(key=lambda row: (row.created_at, row.id), reverse=True)
    return _person("lead", str(lead_id), rows[:MAX_ROWS])


def visitor_person(visitor_id: str) -> Person | None:
    """A visitor's feedback, newest first; None for no such visitor."""
    if db.session.get(Visitor, visitor_id) is None:
        return None
    rows = _newest(select(Feedback).where(Feedback.visitor_id == visitor_id))[:MAX_ROWS]
    return _person("visitor", visitor_id, rows)


@dataclass(frozen=True)
class SessionLine:
    session: VisitSession | None  # None: feedback given without a tracked visit
    feedback: list[Feedback]  # newest first


def sessions_of(found: Person) -> list[SessionLine]:
    """The person's feedback by the visit it was given in, the latest visit first."""
    grouped = defaultdict(list)
    for row in found.feedback:
        grouped[row.session_id].append(row)
    ids = [session_id for session_id in grouped if session_id is not None]
    sessions = {
        row.id: row for row in db.session.scalars(select(VisitSession).where(VisitSession.id.in_(ids)))
    }
    return [SessionLine(sessions.get(session_id), rows) for session_id, rows in grouped.items()]


def person_link(row: Feedback) -> tuple[str, str] | None:
    """(kind, key) of the person a feedback belongs to, None for nobody known."""
    kind, key = _person_key(row)
    return (kind, key) if kind else None


def _person_key(row: Feedback) -> tuple[str | None, str | None]:
    if row.lead_id is not None:
        return "lead", str(row.lead_id)
    if row.visitor_id is not None:
        return "visitor", row.visitor_id
    return None, row.id


def _person(kind: str | None, key: str | None, rows: list[Feedback]) -> Person:
    """The name and email a person gave most recently."""
    name = next((row.name for row in rows if row.name), None)
    email = next((row.email for row in rows if row.email), None)
    return Person(kind, key if kind else None, name, email, rows)


def _newest(query) -> list[Feedback]:
    ordered = query.order_by(Feedback.created_at.desc(), Feedback.id.desc()).limit(MAX_ROWS + 1)
    return list(db.session.scalars(ordered))
