"""A lead's feedback at a glance (count, average and latest rating), kept on the lead so that the
outbox hook sends it to HubSpot like any synced field."""

from sqlalchemy import func, select

from leadcapture.extensions import db
from leadcapture.models import Feedback, Lead


def summarise_feedback(lead: Lead, latest: Feedback) -> None:
    """Update ``lead``'s count and average over its feedback rows (``latest``, its newest, included;
    flushes) and its latest rating. The caller holds the lead's row lock."""
    db.session.flush()
    count, average = db.session.execute(
        select(func.count(), func.avg(Feedback.rating)).where(Feedback.lead_id == lead.id)
    ).one()
    lead.feedback_count = count
    lead.feedback_average = round(float(average), 2)
    lead.feedback_latest_rating = latest.rating
