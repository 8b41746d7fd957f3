"""Tracking consent: whether a request may be tracked, and recording a visitor's answer.

The answer lives in the first-party cookie ``lc_consent`` ("analytics" or "necessary"), which the
server and ``static/js/tracker.js`` both read; each answer is also stored with the text shown.
"""

from dataclasses import replace

from leadcapture.extensions import db
from leadcapture.models import TrackingConsent, Visitor
from leadcapture.models.visit import Visit
from leadcapture.tracking.context import VisitContext
from leadcapture.tracking.visits import identify

CONSENT_COOKIE = "lc_consent"
ANALYTICS, NECESSARY = "analytics", "necessary"
CHOICES = (NECESSARY, ANALYTICS)
# Asked again after about six months, as data protection authorities recommend.
CONSENT_COOKIE_MAX_AGE = 183 * 24 * 3600


def analytics_allowed(mode: str, choice: str | None, client_says: bool | None = None) -> bool:
    """Whether a request may be tracked.

    ``mode`` is the TRACKING_CONSENT setting, ``choice`` the ``lc_consent`` cookie and
    ``client_says`` the ``analytics_consent`` a headless client sent. A person's "necessary"
    is never overridden; otherwise what the client says wins, then the cookie, then the mode
    ("implied": tracked until they say no).
    """
    if choice == NECESSARY:
        return False
    if client_says is not None:
        return client_says
    return choice == ANALYTICS or mode == "implied"


def record_choice(ctx: VisitContext, analytics: bool, text: str) -> Visit | None:
    """Store a visitor's answer to the banner (shown with ``text``) and commit.

    ``ctx`` is the request as it was before the answer. A "yes" starts tracking at once and
    returns the visit (its visitor's id goes in the ``lc_vid`` cookie); a "no" while tracking
    was allowed (given or implied) is recorded as a withdrawal. Nothing tracked before is deleted.
    """
    visit = identify(replace(ctx, analytics_consent=True)) if analytics else None
    if visit is not None:
        visitor_id = visit.visitor.id
    else:
        known = db.session.get(Visitor, ctx.visitor_id) if ctx.visitor_id else None
        visitor_id = known.id if known else None
    withdrawal = ctx.analytics_consent and not analytics
    db.session.add(
        TrackingConsent(
            visitor_id=visitor_id, analytics=analytics, withdrawal=withdrawal, text=text, created_at=ctx.now
        )
    )
    db.session.commit()
    return visit
