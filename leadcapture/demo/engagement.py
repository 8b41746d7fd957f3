"""Each demo session's engagement, from the rows of its visitor's bundle, as the tracker keeps it."""

from collections import Counter
from datetime import datetime

from leadcapture.engagement import SessionActivity, SessionEngagement, measure


def engagement_at(
    bundle: dict[str, list[dict]], session: dict, until: datetime | None = None
) -> SessionEngagement:
    """The engagement of ``session`` (a row of ``bundle``) from what it had done by ``until``
    (default: all of it)."""

    def by_then(moment: datetime | None) -> bool:
        return moment is not None and (until is None or moment <= until)

    uses = Counter(
        row["tool"]
        for row in bundle["interactions"]
        if row["session_id"] == session["id"] and by_then(row["created_at"])
    )
    prompts = [row for row in bundle.get("contact_prompts", ()) if row["session_id"] == session["id"]]
    active = session["active_seconds"]
    if until is not None:
        active = min(active, max(int((until - session["started_at"]).total_seconds()), 0))
    return measure(
        SessionActivity(
            active,
            uses,
            form_started=any(by_then(row["interacted_at"]) for row in prompts),
            form_submitted=any(by_then(row["submitted_at"]) for row in prompts),
        )
    )


def add_engagement(bundle: dict[str, list[dict]]) -> None:
    """Set ``engagement_score`` and ``engagement_level`` on every session row of ``bundle``."""
    for session in bundle["visit_sessions"]:
        engagement = engagement_at(bundle, session)
        session["engagement_score"], session["engagement_level"] = engagement.score, engagement.level
