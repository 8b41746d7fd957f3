"""Offering a feedback prompt: the page asks, the server decides by the caps and, when it may show,
logs it as shown and says what it says."""

import re
from dataclasses import dataclass, field, replace

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from leadcapture.engagement import session_engagement
from leadcapture.errors import InputError
from leadcapture.experiments.exposure import named, show
from leadcapture.extensions import db
from leadcapture.feedback_prompts.caps import refusal
from leadcapture.feedback_prompts.history import prompt_history
from leadcapture.feedback_prompts.messages import PromptMessage, prompt_message
from leadcapture.feedback_prompts.settings import prompt_settings
from leadcapture.models import Booking, FeedbackPrompt, Interaction, VisitSession
from leadcapture.models.insert import insert_new
from leadcapture.tracking import Visit, VisitContext, identify

# The prompts a page asks for (the follow-up email is the job's own).
PAGE_PROMPTS = ("tool_result", "exit_intent", "after_booking", "in_app")
# What each prompt is about, which the page names.
SUBJECTS = {"tool_result": "interaction_id", "after_booking": "booking_id"}
# Tool uses and bookings have ``new_id`` ids: anything else is not looked up.
ROW_ID = re.compile(r"[0-9a-f]{32}")


@dataclass(frozen=True)
class Offer:
    """A prompt to show (``prompt`` logged as shown), or why none may (``refused``);
    ``experiments``: ``{key: variant}`` of the experiment whose message it shows."""

    visit: Visit | None = None
    prompt: FeedbackPrompt | None = None
    message: PromptMessage | None = None
    refused: str | None = None
    experiments: dict[str, str] = field(default_factory=dict)


def offer_prompt(ctx: VisitContext, prompt_type: str | None, ids: dict[str, str | None]) -> Offer:
    """Decide whether a ``prompt_type`` prompt may show to this visitor now, and log it if so (and
    the exposure to the variant of its message an experiment on ``feedback_prompt:<type>`` gives:
    the message's ``ask`` line); commits. ``ids`` names what it is about: ``interaction_id``
    (``tool_result``) or ``booking_id`` (``after_booking``), which must be the visitor's.
    InputError for an unknown type or a missing or foreign subject."""
    if prompt_type not in PAGE_PROMPTS:
        raise InputError({"type": f"one of {', '.join(PAGE_PROMPTS)}"})
    visit = identify(ctx)
    if visit is None:
        return Offer(refused="not_tracked")
    subject = _subject(prompt_type, ids, visit.visitor.id)
    # Holds the session's row until the commit: two pages of one visit asking at once take turns.
    db.session.execute(select(VisitSession.id).where(VisitSession.id == visit.session.id).with_for_update())
    settings = prompt_settings()
    reason = refusal(
        prompt_type, settings, prompt_history(visit.visitor.id, visit.session.id, ctx.now), ctx.now
    )
    if reason:
        db.session.commit()  # the visit itself is tracked
        return Offer(visit, refused=reason)
    level = session_engagement(visit.session.id)[1]
    prompt = FeedbackPrompt(
        prompt_type=prompt_type,
        visitor_id=visit.visitor.id,
        session_id=visit.session.id,
        engagement_level=level,
        shown_at=ctx.now,
        **({SUBJECTS[prompt_type]: subject} if subject else {}),
    )
    try:
        with db.session.begin_nested():  # the visit's own tracking stays whatever happens here
            insert_new(prompt)
    except IntegrityError:  # this booking's prompt was shown already, on another page or visit
        db.session.commit()
        return Offer(visit, refused="shown_this_session")
    shown = show(ctx, visit, f"feedback_prompt:{prompt_type}")
    db.session.commit()
    message = prompt_message(prompt_type, level, settings)
    if "message" in shown.changes:
        message = replace(message, ask=shown.changes["message"])
    return Offer(visit, prompt, message, experiments=named(shown))


def _subject(prompt_type: str, ids: dict[str, str | None], visitor_id: str) -> str | None:
    """The id of what the prompt is about, checked to be this visitor's."""
    name = SUBJECTS.get(prompt_type)
    if name is None:
        return None
    subject_id = ids.get(name)
    model = Interaction if name == "interaction_id" else Booking
    well_formed = isinstance(subject_id, str) and ROW_ID.fullmatch(subject_id)
    row = db.session.get(model, subject_id) if well_formed else None
    if row is None or row.visitor_id != visitor_id:
        raise InputError(
            {name: f"The {prompt_type.replace('_', ' ')} prompt needs one of this visitor's own."}
        )
    return row.id
