"""Submitting feedback (the JSON API and the HTML form): validated, linked, rated for sentiment."""

from dataclasses import dataclass

from pydantic import ValidationError

from leadcapture.errors import InputError
from leadcapture.extensions import db
from leadcapture.feedback.lead_summary import summarise_feedback
from leadcapture.feedback.links import feedback_lead, rated_interaction
from leadcapture.feedback.organisation import organisation_key
from leadcapture.feedback.sentiment import NEUTRAL, Sentiment, sentiment_of
from leadcapture.feedback.submission import FeedbackSubmission
from leadcapture.feedback_prompts.lifecycle import mark_feedback_submitted
from leadcapture.models import Feedback
from leadcapture.models.types import new_id
from leadcapture.tools.validation import field_errors
from leadcapture.tracking import Visit, VisitContext, identify, is_person
from leadcapture.webhooks.events import FEEDBACK_SUBMITTED, feedback_data
from leadcapture.webhooks.outbox import emit


@dataclass(frozen=True)
class SubmittedFeedback:
    feedback: Feedback
    visit: Visit | None  # None: not tracked (no analytics consent)

    @property
    def sentiment(self) -> Sentiment:
        """The comment's sentiment; neutral (0) without a comment."""
        feedback = self.feedback
        if feedback.sentiment_label is None:
            return NEUTRAL
        return Sentiment(feedback.sentiment_label, feedback.sentiment_score)


def submit_feedback(ctx: VisitContext, data: object) -> SubmittedFeedback:
    """Validate ``data`` (SPEC's feedback body) and store it with its session, visitor, lead and
    organisation; commits. InputError by field (422), or 403 for staff and bots. Without analytics
    consent it is stored with no visitor or session (and linked to a lead only by an email given)."""
    try:
        submission = FeedbackSubmission.model_validate(data)
    except ValidationError as error:
        raise InputError(field_errors(error)) from None
    visit = identify(ctx)
    if visit is None and not is_person(ctx):
        raise InputError(
            {}, status=403, message="Signed-in staff and automated clients cannot leave feedback."
        )
    interaction = rated_interaction(visit, submission.interaction_id)
    lead = feedback_lead(ctx, visit, submission)
    feedback = _feedback_row(submission, ctx)
    feedback.visitor_id = visit.visitor.id if visit else None
    feedback.session_id = visit.session.id if visit else None
    # The session's engagement when the feedback came, for reports by engagement level.
    feedback.engagement_level = visit.session.engagement_level if visit else None
    feedback.campaign = visit.session.utm_campaign if visit else None
    feedback.interaction_id = interaction.id if interaction else None
    feedback.tool = interaction.tool if interaction else submission.tool
    feedback.lead_id = lead.id if lead else None
    db.session.add(feedback)
    mark_feedback_submitted(submission.prompt_id, feedback.visitor_id, ctx.now)
    if lead is not None:
        summarise_feedback(lead, feedback)
    emit(FEEDBACK_SUBMITTED, feedback_data(feedback), ctx.now)
    db.session.commit()
    return SubmittedFeedback(feedback, visit)


def _feedback_row(submission: FeedbackSubmission, ctx: VisitContext) -> Feedback:
    """The row of what was submitted, its organisation and its comment's sentiment."""
    ratings = submission.ratings or {}
    mood = sentiment_of(submission.comment) if submission.comment else None
    return Feedback(
        id=new_id(),  # now: the webhook event names it before the insert
        prompt_id=submission.prompt_id,
        context=submission.context,
        rating=submission.rating,
        rating_experience=ratings.get("experience"),
        rating_tool=ratings.get("tool"),
        rating_ease_of_use=ratings.get("ease_of_use"),
        ease_of_use=submission.ease_of_use,
        helpfulness=submission.helpfulness,
        would_book=submission.would_book,
        comment=submission.comment,
        name=submission.name,
        email=submission.email,
        organisation=submission.organisation,
        organisation_key=organisation_key(submission.organisation, submission.email),
        follow_up_consent=submission.follow_up_consent,
        sentiment_label=mood.label if mood else None,
        sentiment_score=mood.score if mood else None,
        created_at=ctx.now,
    )
