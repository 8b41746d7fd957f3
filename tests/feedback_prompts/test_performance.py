"""Prompt performance: shown → interacted → submitted, dismissed, abandoned, per type, the contact
form's prompts beside the feedback prompts, for the prompts shown in the period."""

from datetime import date, datetime

from leadcapture.extensions import db
from leadcapture.models import ContactPrompt, FeedbackPrompt, Visitor, VisitSession
from leadcapture.reports.period import Period
from leadcapture.reports.prompt_performance import PROMPT_TYPES, PromptPerformance, prompt_performance

DAY = datetime(2026, 4, 10, 12)
APRIL = Period(date(2026, 4, 1), date(2026, 4, 30))


def visit() -> tuple[str, str]:
    visitor = Visitor(created_at=DAY)
    db.session.add(visitor)
    db.session.flush()
    session = VisitSession(visitor_id=visitor.id, started_at=DAY, last_seen_at=DAY)
    db.session.add(session)
    db.session.flush()
    return visitor.id, session.id


def feedback_prompt(prompt_type, status, shown_at=DAY, **times):
    visitor_id, session_id = visit()
    db.session.add(
        FeedbackPrompt(
            prompt_type=prompt_type,
            visitor_id=visitor_id,
            session_id=session_id,
            engagement_level="low",
            status=status,
            shown_at=shown_at,
            **{f"{name}_at": DAY for name in times},
        )
    )


def contact_prompt(status, **times):
    visitor_id, session_id = visit()
    db.session.add(
        ContactPrompt(
            visitor_id=visitor_id,
            session_id=session_id,
            fields=["email"],
            score=70,
            status=status,
            offered_at=DAY,
            **{f"{name}_at": DAY for name in times},
        )
    )


def test_every_type_in_order_and_each_prompt_counted_by_how_far_it_got(app_ctx):
    feedback_prompt("tool_result", "shown")
    feedback_prompt("tool_result", "interacted", interacted=True)
    feedback_prompt("tool_result", "submitted", submitted=True)  # no touch reported: sent at once
    feedback_prompt("tool_result", "dismissed", interacted=True, dismissed=True)
    feedback_prompt("exit_intent", "abandoned", interacted=True, abandoned=True)
    feedback_prompt("exit_intent", "shown", shown_at=datetime(2026, 5, 1))  # after the period
    feedback_prompt("email", "interacted", shown_at=datetime(2026, 3, 31, 23, 59), interacted=True)  # before
    contact_prompt("offered")
    contact_prompt("submitted", interacted=True, submitted=True)
    contact_prompt("abandoned", interacted=True, abandoned=True)
    db.session.commit()

    rows = prompt_performance(APRIL)
    assert [row.prompt_type for row in rows] == list(PROMPT_TYPES)
    by_type = {row.prompt_type: row for row in rows}
    assert by_type["tool_result"] == PromptPerformance("tool_result", 4, 3, 1, 1, 0)
    assert by_type["exit_intent"] == PromptPerformance("exit_intent", 1, 1, 0, 0, 1)
    assert by_type["contact_form"] == PromptPerformance("contact_form", 3, 2, 1, 0, 1)
    assert by_type["email"] == PromptPerformance("email")
    assert by_type["tool_result"].rate(3) == 0.75 and by_type["email"].rate(0) is None
    assert by_type["contact_form"].label == "Contact form"
