"""What a visitor does with a prompt, feedback or contact form: interacted, dismissed, abandoned
(the page closed with it half-filled), closed (the page closed with it untouched), submitted.

A status only moves forward (shown → interacted → dismissed or abandoned → submitted), so a late
report never undoes a later one; each time is set once.
"""

from datetime import datetime

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
    now = now or utcnow()
    prompt = db.session.get(FeedbackPrompt, prompt_id) or db.session.get(ContactPrompt, prompt_id)
    if prompt is None or visitor_id is None or prompt.visitor_id != visitor_id:
        return False
    if action == "closed":
        if prompt.status in OPEN and prompt.closed_at is None:
            prompt.closed_at = now
    elif isinstance(prompt, FeedbackPrompt):
        advance(prompt, action, now)
    elif prompt.status in OPEN:  # a contact form dismissed or abandoned stays so
        mark_prompt(prompt, action, now)
    db.session.commit()
    return True


def advance(prompt: FeedbackPrompt, status: str, now: datetime) -> None:
    """Set ``status``'s time on a feedback prompt, and the status if it is further on (no commit)."""
    column = f"{status}_at"
    if getattr(prompt, column) is None:
        setattr(prompt, column, now)
    if RANK[status] > RANK[prompt.status]:
        prompt.status = status


def mark_feedback_submitted(
    prompt_id: str | None, visitor_id: str | None, now: datetime
) -> FeedbackPrompt | None:
    """Mark the feedback prompt ``prompt_id`` submitted when it was shown to ``visitor_id`` (or is
    a follow-up email, which has none); no commit. The prompt, or None when there is no such one."""
    prompt = db.session.get(FeedbackPrompt, prompt_id) if prompt_id else None
    if prompt is None or (prompt.visitor_id is not None and prompt.visitor_id != visitor_id):
        return None
    advance(prompt, "submitted", now)
    return prompt
