"""HubSpot's lifecycle stage of a lead: where its state has taken it, never back."""

from leadcapture.models import LIFECYCLE_STAGES


def reached_stage(engagement_level: str | None, status: str | None) -> str:
    """The stage a lead in this state has reached: won → customer, qualified → sales qualified,
    high engagement → marketing qualified, else lead."""
    if status == "won":
        return "customer"
    if status == "qualified":
        return "salesqualifiedlead"
    if engagement_level == "high":
        return "marketingqualifiedlead"
    return "lead"


def advanced_stage(current: str | None, engagement_level: str | None, status: str | None) -> str:
    """The later of ``current`` (None: a new lead) and the stage the state has reached."""
    return max(current or "lead", reached_stage(engagement_level, status), key=LIFECYCLE_STAGES.index)
