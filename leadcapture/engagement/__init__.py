"""Session engagement: each visit session's 0-12 score and level (seed 000), distinct from the
visitor's lead score. ``score`` computes it (pure), ``store`` keeps it on the session."""

from leadcapture.engagement.score import ENGAGEMENT_LEVELS, SessionActivity, SessionEngagement, measure
from leadcapture.engagement.store import (
    follow_active_time,
    refresh_session_engagement,
    session_engagement,
    set_engagement,
)

__all__ = [
    "ENGAGEMENT_LEVELS",
    "SessionActivity",
    "SessionEngagement",
    "follow_active_time",
    "measure",
    "refresh_session_engagement",
    "session_engagement",
    "set_engagement",
]
