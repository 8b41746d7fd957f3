"""Each demo session's engagement, from the rows of its visitor's bundle, as the tracker keeps it."""

from collections import Counter, defaultdict

from leadcapture.engagement import SessionActivity, measure


def add_engagement(bundle: dict[str, list[dict]]) -> None:
    """Set ``engagement_score`` and ``engagement_level`` on every session row of ``bundle``."""
    uses: dict[str, Counter] = defaultdict(Counter)
    for interaction in bundle["interactions"]:
        uses[interaction["session_id"]][interaction["tool"]] += 1
    started, submitted = set(), set()
    for prompt in bundle.get("contact_prompts", ()):
        if prompt["interacted_at"] is not None:
            started.add(prompt["session_id"])
        if prompt["submitted_at"] is not None:
            submitted.add(prompt["session_id"])
    for session in bundle["visit_sessions"]:
        sid = session["id"]
        activity = SessionActivity(session["active_seconds"], uses[sid], sid in started, sid in submitted)
        engagement = measure(activity)
        session["engagement_score"], session["engagement_level"] = engagement.score, engagement.level
