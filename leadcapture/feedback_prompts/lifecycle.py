"""What a visitor does with a prompt, feedback or contact form: interacted, dismissed, abandoned
(the page closed with it half-filled), closed (the page closed with it untouched), submitted.

A feedback prompt's status only moves forward (shown → interacted → dismissed or abandoned →
submitted) and each time is set once, in one UPDATE: a page's reports often arrive together (a
first touch and a dismissal), and neither may undo the other whatever order they commit in.
"""

from datetime import datetime

from sqlalchemy import case, func, select, update

from leadcapture.extensions import db
from leadcapture.models import ContactPrompt, FeedbackPrompt
from leadcapture.models.types import utcnow
from leadcapture.prompts import mark_prompt

# What a page reports (a submission comes with the feedback or the contact details themselves).
PAGE_ACTIONS = ("interacted", "dismissed", "abandoned", "closed")
RANK = {"shown": 0, "interacted": 1, "dismissed": 2, "abandoned": 2, "submitted": 3}
OPEN = ("shown", "offered", "interacted")


def record_prompt_action(
    prompt_id: str, visitor_id: str | None, action: str, now: datetime | None = None
) -> bool:
    """Record ``action`` (one of ``PAGE_ACTIONS``) on the visitor's own prompt of either kind;
    commits. False when this visitor has no such prompt (nothing changes)."""
    if action not in PAGE_ACTIONS:
        raise ValueError(f"action must be one of {', '.join(PAGE_ACTIONS)}")
    model = _kind_of(prompt_id, visitor_id) if visitor_id else None
    if model is None:
        return False
    now = now or utcnow()
    if action == "closed":
        _close(model, prompt_id, now)
    elif model is FeedbackPrompt:
        advance(prompt_id, action, now)
    else:
        _answer_form(prompt_id, action, now)
    db.session.commit()
    return True


def mark_feedback_submitted(prompt_id: str | None, visitor_id: str | None, now: datetime) -> bool:
    """Mark the feedback prompt ``prompt_id`` submitted when it was shown to ``visitor_id``, or is
    a follow-up email (answered from any device: only its signed link carries its id); no
    commit. Whether there was such a prompt."""
    if not prompt_id:
        return False
    shown = db.session.execute(
        select(FeedbackPrompt.prompt_type, FeedbackPrompt.visitor_id).where(FeedbackPrompt.id == prompt_id)
    ).first()
    mine = shown is not None and (shown.prompt_type == "email" or shown.visitor_id == visitor_id)
    return mine and advance(prompt_id, "submitted", now)


def advance(prompt_id: str, status: str, now: datetime) -> bool:
    """Set ``status``'s time on a feedback prompt if unset, and the status if it is further on
    (no commit). An answered prompt was interacted with too, even when no page said so (the
    emailed form, a page without JavaScript). Whether the prompt exists."""
    times = (status, "interacted") if status == "submitted" else (status,)
    columns = [getattr(FeedbackPrompt, f"{name}_at") for name in times]
    behind = [name for name, rank in RANK.items() if rank < RANK[status]]
    changed = db.session.execute(
        update(FeedbackPrompt)
        .where(FeedbackPrompt.id == prompt_id)
        .values(
            {
                **{column: func.coalesce(column, now) for column in columns},
                FeedbackPrompt.status: case(
                    (FeedbackPrompt.status.in_(behind), status), else_=FeedbackPrompt.status
                ),
            }
        )
        .execution_options(synchronize_session=False)
    )
    return changed.rowcount == 1


def _kind_of(prompt_id: str, visitor_id: str):
    """The table of the visitor's prompt ``prompt_id``, or None when they have none by that id."""
    for model in (FeedbackPrompt, ContactPrompt):
        owner = db.session.scalar(select(model.visitor_id).where(model.id == prompt_id))
        if owner is not None:
            return model if owner == visitor_id else None
    return None


def _close(model, prompt_id: str, now: datetime) -> None:
    """The page of an unanswered prompt closed: it is off the screen (answered ones already are)."""
    db.session.execute(
        update(model)
        .where(model.id == prompt_id, model.status.in_(OPEN), model.closed_at.is_(None))
        .values(closed_at=now)
        .execution_options(synchronize_session=False)
    )


def _answer_form(prompt_id: str, action: str, now: datetime) -> None:
    """A contact form's answer; one dismissed, abandoned or submitted stays so."""
    prompt = db.session.get(ContactPrompt, prompt_id, with_for_update=True)
    if prompt.status in OPEN:
        mark_prompt(prompt, action, now)
