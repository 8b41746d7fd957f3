"""A lead captured outside a tool use (the contact form): captured, scored over all its visitors,
committed."""

from datetime import datetime

from leadcapture.extensions import db
from leadcapture.leads.capture import Captured, capture_lead
from leadcapture.leads.contact import ContactDetails
from leadcapture.models.types import utcnow
from leadcapture.models.visit import Visit
from leadcapture.scoring_rules.live import LiveRules, live_rules
from leadcapture.visitor_scores.store import store_lead_score


def capture_scored_lead(
    visit: Visit | None,
    details: ContactDetails,
    interaction_id: str | None = None,
    now: datetime | None = None,
    live: LiveRules | None = None,
    commit: bool = True,
) -> Captured:
    """Create or find the lead for ``details`` (see ``capture_lead``) and store its score; commits
    unless ``commit`` is False (a caller that writes more in the transaction)."""
    now = now or utcnow()
    live = live or live_rules()  # first: without rules yet this commits the defaults on its own
    captured = capture_lead(visit, details, interaction_id, now)
    with db.session.no_autoflush:  # the lead's changes are one UPDATE, at the commit (see capture_lead)
        store_lead_score(captured.lead, now, live)
    if commit:
        db.session.commit()
    return captured
