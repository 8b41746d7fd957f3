"""One-line summaries of a tool use's data and of a session's attribution, for logs and journeys."""

from leadcapture.models import VisitSession

MAX_SUMMARY = 160
# What matters most in each tool's data, in the order shown; other tools show every key.
SUMMARY_KEYS = {
    "ai_recommendation": ("query", "procedures", "concerns", "urgency", "budget_range"),
    "cost_calculator": ("procedures", "budget_range", "urgency", "total_low", "total_high"),
    "face_analysis": ("concerns", "photo", "face_found"),
    "appointment_booking": ("procedure", "slot"),
}


def _value(value) -> str:
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def shorten(text: str, length: int = MAX_SUMMARY) -> str:
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def interaction_summary(tool: str, data: dict | None) -> str:
    """``key: value; ...`` of the data that says what the visitor did with ``tool``."""
    data = data if isinstance(data, dict) else {}
    keys = SUMMARY_KEYS.get(tool) or sorted(data)
    parts = [
        f"{key.replace('_', ' ')}: {_value(data[key])}" for key in keys if data.get(key) not in (None, "", [])
    ]
    return shorten("; ".join(parts))


def session_summary(session: VisitSession) -> str:
    """Where a visit came from and on what: source / medium / campaign, referrer, landing page, device."""
    campaign = " / ".join(
        value or "-" for value in (session.utm_source, session.utm_medium, session.utm_campaign)
    )
    device = ", ".join(filter(None, (session.device_type, session.browser, session.os)))
    parts = [
        campaign if any((session.utm_source, session.utm_medium, session.utm_campaign)) else None,
        f"referrer: {session.referrer_class}",
        f"landing: {session.landing_page}" if session.landing_page else None,
        device or None,
    ]
    return shorten(" · ".join(filter(None, parts)), 300)
