"""What the tracker knows about one request, as plain data (no Flask)."""

from dataclasses import dataclass, field
from datetime import datetime

from leadcapture.models.types import utcnow


@dataclass(frozen=True)
class VisitContext:
    """The facts of one request that identify and describe a visit.

    ``utm`` holds UTM fields a headless client sent explicitly; they win over the ones
    parsed from ``page_url``. Without ``analytics_consent`` nothing of the request is tracked
    (``tracking.consent`` decides it from the TRACKING_CONSENT setting and the visitor's answer).
    """

    visitor_id: str | None = None
    page_url: str | None = None
    referrer: str | None = None
    user_agent: str = ""
    ip: str | None = None
    privacy_signal: bool = False
    utm: dict[str, str] = field(default_factory=dict)
    is_staff: bool = False
    own_host: str | None = None
    analytics_consent: bool = True
    now: datetime = field(default_factory=utcnow)
