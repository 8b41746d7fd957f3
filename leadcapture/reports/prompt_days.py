"""The prompts shown each day, by type and engagement level, and how far they got (``PromptDay``):
prompt performance and the feedback response rate for any period from a few hundred rows.

``prompt_log`` is the one log of both prompt tables (``contact_prompts``: type ``contact_form``,
offered = shown, no engagement level; ``feedback_prompts``). A prompt's outcome can come late (a
follow-up email is answered from a link valid ``LINK_DAYS``), so a day is final only then; until
then it is counted again now and then (``day_rollups``).
"""

from datetime import datetime, timedelta

from sqlalchemy import Date, Row, Select, String, delete, func, literal, null, select, true, union_all

from leadcapture.extensions import db
from leadcapture.feedback_prompts.followup import LINK_DAYS
from leadcapture.models import ContactPrompt, FeedbackPrompt, PromptDay
from leadcapture.models.upsert import dialect_insert
from leadcapture.reports.day_rollups import DayRollup, ensure_days
from leadcapture.reports.period import Period

NONE = ""  # the engagement level of the contact form's prompts
OUTCOMES = ("submitted", "dismissed", "abandoned")
COUNTS = ("shown", "interacted", *OUTCOMES)


def prompt_log(start: datetime, end: datetime) -> Select:
    """Every prompt, of either kind, shown from ``start`` to before ``end``: its type, visitor,
    session, engagement level, status and times (each branch filtered on its own index)."""
    contact = select(
        literal("contact_form").label("prompt_type"),
        ContactPrompt.visitor_id,
        ContactPrompt.session_id,
        null().cast(String).label("engagement_level"),
        ContactPrompt.status,
        ContactPrompt.offered_at.label("shown_at"),
        ContactPrompt.interacted_at,
        ContactPrompt.submitted_at,
        ContactPrompt.dismissed_at,
        ContactPrompt.abandoned_at,
    ).where(ContactPrompt.offered_at >= start, ContactPrompt.offered_at < end)
    feedback = select(
        FeedbackPrompt.prompt_type,
        FeedbackPrompt.visitor_id,
        FeedbackPrompt.session_id,
        FeedbackPrompt.engagement_level,
        FeedbackPrompt.status,
        FeedbackPrompt.shown_at,
        FeedbackPrompt.interacted_at,
        FeedbackPrompt.submitted_at,
        FeedbackPrompt.dismissed_at,
        FeedbackPrompt.abandoned_at,
    ).where(FeedbackPrompt.shown_at >= start, FeedbackPrompt.shown_at < end)
    return union_all(contact, feedback)


def _recount(days: Period) -> None:
    db.session.execute(delete(PromptDay).where(PromptDay.day >= days.first, PromptDay.day <= days.last))
    log = prompt_log(days.start, days.end).subquery()
    keys = (
        func.date(log.c.shown_at, type_=Date),
        log.c.prompt_type,
        func.coalesce(log.c.engagement_level, NONE),
    )
    # Interacted: touched by the visitor, which a submission or an abandoned half-filled form was too.
    touched = func.coalesce(log.c.interacted_at, log.c.submitted_at, log.c.abandoned_at)
    counted = select(
        *keys,
        func.count(),
        func.count(touched),
        *(func.count().filter(log.c.status == status) for status in OUTCOMES),
    ).group_by(*keys)
    # SQLite parses INSERT ... SELECT ... ON CONFLICT only with a WHERE in the SELECT.
    statement = dialect_insert(PromptDay).from_select(
        ("day", "prompt_type", "engagement_level", *COUNTS), counted.where(true())
    )
    # A view counting the same days at the same moment wrote them already: keep the newer count.
    db.session.execute(
        statement.on_conflict_do_update(
            index_elements=["day", "prompt_type", "engagement_level"],
            set_={name: statement.excluded[name] for name in COUNTS},
        )
    )


PROMPT_DAYS = DayRollup("prompt_days", PromptDay, timedelta(days=LINK_DAYS), _recount)


def prompt_days(period: Period, now: datetime) -> list[Row]:
    """The roll-up rows of the period's days (counted first where they are not, or not lately):
    day, prompt type, engagement level and ``COUNTS``, as ``PromptDay``'s attributes."""
    ensure_days(PROMPT_DAYS, period, now)
    columns = (getattr(PromptDay, name) for name in ("day", "prompt_type", "engagement_level", *COUNTS))
    query = select(*columns).where(PromptDay.day >= period.first, PromptDay.day <= period.last)
    return list(db.session.execute(query))
