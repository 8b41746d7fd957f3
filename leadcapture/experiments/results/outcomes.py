"""What each exposed visitor did AFTER their exposure, one value per visitor and metric.

Each metric is one set-based query: the experiment's exposures joined to the outcome's table on the
visitor, the outcome at or after ``exposed_at``, grouped by visitor (only visitors with an outcome
come back; the others count 0). What counts:

- ``form_submitted``: a contact-form prompt (the progressive form as offered, ``contact_prompts``)
  the visitor submitted — the form's own log, as the session engagement counts it; a lead posted
  without its ``prompt_id`` is a lead, not a form answer;
- ``lead_created``: a lead linked to the visitor (``lead_visitors``) and created after exposure (an
  email already known when submitted is no new lead);
- ``booking_made``: a booking of the visitor;
- ``feedback_rating``: a mean, the visitor's average overall rating after exposure; its denominator
  is the exposed visitors who rated (the others have no value: NaN), so it says how the ones who
  answered felt, not how many answered;
- ``score_reached``: the visitor's stored score, computed after exposure, is at least the
  experiment's ``score_goal`` (scores only grow with tool uses, so it was reached then or before:
  CUPED on the tool uses before exposure takes the visitors who came in high into account).
"""

import numpy as np
from sqlalchemy import Select, and_, func, literal, select

from leadcapture.experiments.results.exposed import Exposed
from leadcapture.extensions import db
from leadcapture.models import (
    Booking,
    ContactPrompt,
    Experiment,
    ExperimentExposure,
    Feedback,
    Lead,
    LeadVisitor,
    VisitorScore,
)

MEAN_METRICS = ("feedback_rating",)
E = ExperimentExposure


def metric_kind(metric: str) -> str:
    """``mean`` for a metric averaged over the visitors who have a value, else ``rate``."""
    return "mean" if metric in MEAN_METRICS else "rate"


def metric_values(experiment: Experiment, exposed: Exposed, metric: str) -> np.ndarray | None:
    """One value per exposed visitor in ``exposed``'s order: 0/1 for a rate, the value or NaN for a
    mean; None when the metric cannot be measured (``score_reached`` without a goal)."""
    query = _QUERIES[metric](experiment)
    if query is None:
        return None
    values = np.full(len(exposed), np.nan if metric_kind(metric) == "mean" else 0.0)
    for visitor_id, value in db.session.execute(query.where(E.experiment_id == experiment.id)):
        row = exposed.index.get(visitor_id)
        if row is not None:  # an exposure written since the exposures were read
            values[row] = float(value)
    return values


def _converted(outcome, *on) -> Select:
    """Visitors with at least one ``outcome`` row joined ``on`` their exposure."""
    return select(E.visitor_id, literal(1)).join(outcome, and_(*on)).group_by(E.visitor_id)


def _form_submitted(experiment: Experiment) -> Select:
    prompt = ContactPrompt
    return _converted(prompt, prompt.visitor_id == E.visitor_id, prompt.submitted_at >= E.exposed_at)


def _lead_created(experiment: Experiment) -> Select:
    return (
        select(E.visitor_id, literal(1))
        .join(LeadVisitor, LeadVisitor.visitor_id == E.visitor_id)
        .join(Lead, and_(Lead.id == LeadVisitor.lead_id, Lead.created_at >= E.exposed_at))
        .group_by(E.visitor_id)
    )


def _booking_made(experiment: Experiment) -> Select:
    return _converted(Booking, Booking.visitor_id == E.visitor_id, Booking.created_at >= E.exposed_at)


def _feedback_rating(experiment: Experiment) -> Select:
    on = and_(Feedback.visitor_id == E.visitor_id, Feedback.created_at >= E.exposed_at)
    return select(E.visitor_id, func.avg(Feedback.rating)).join(Feedback, on).group_by(E.visitor_id)


def _score_reached(experiment: Experiment) -> Select | None:
    if experiment.score_goal is None:
        return None
    score = VisitorScore
    return _converted(
        score,
        score.visitor_id == E.visitor_id,
        score.computed_at >= E.exposed_at,
        score.score >= experiment.score_goal,
    )


_QUERIES = {
    "form_submitted": _form_submitted,
    "lead_created": _lead_created,
    "booking_made": _booking_made,
    "feedback_rating": _feedback_rating,
    "score_reached": _score_reached,
}
