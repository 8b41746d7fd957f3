"""Giving every lead its next actions again from its stored insight: after the rules change, and
as days pass (days since, the trend and going quiet depend on the date). The leads' scores are
copied again too (a rescore changes them without queueing anyone). No visitor rows are read."""

from datetime import datetime

from flask import current_app
from sqlalchemy import select, update

from leadcapture.extensions import db
from leadcapture.insights.rules import live_rules, next_actions
from leadcapture.insights.summary import SUMMARY_FIELDS
from leadcapture.insights.view import InsightView
from leadcapture.models import Lead, LeadInsight
from leadcapture.models.types import utcnow

BATCH = 5000


def reapply_actions(now: datetime | None = None) -> int:
    """Every lead's actions, priority and score as of ``now``, committing per batch; how many
    leads' actions changed."""
    rules, quiet_days, now = live_rules(), current_app.config["INSIGHT_QUIET_DAYS"], now or utcnow()
    columns = [getattr(LeadInsight, name) for name in SUMMARY_FIELDS]
    changed, after = 0, None
    while True:
        query = (
            select(LeadInsight.lead_id, Lead.score, Lead.engagement_level, *columns, LeadInsight.actions)
            .join(Lead, Lead.id == LeadInsight.lead_id)
            .order_by(LeadInsight.lead_id)
            .limit(BATCH)
        )
        rows = db.session.execute(query if after is None else query.where(LeadInsight.lead_id > after)).all()
        if not rows:
            return changed
        updates = []
        for lead_id, score, level, *stored, old_actions in rows:
            view = InsightView(dict(zip(SUMMARY_FIELDS, stored, strict=True)), score, level, now, quiet_days)
            actions, priority = next_actions(view, rules)
            changed += actions != old_actions
            updates.append(
                {"lead_id": lead_id, "score": score, "level": level, "actions": actions}
                | {"priority": priority, "actions_at": now}
            )
        db.session.execute(update(LeadInsight), updates)
        db.session.commit()
        after = rows[-1][0]
