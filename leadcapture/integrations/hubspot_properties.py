"""Which lead fields become which HubSpot contact properties."""

from leadcapture.models import Lead

GROUP = "leadcapture"
TOUCHES = ("first", "converting")
TOUCH_FIELDS = ("utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content", "referrer_class")
# The lead's attribution columns sent, each as leadcapture_<column> (not the landing pages).
SENT_ATTRIBUTION = tuple(f"{touch}_{field}" for touch in TOUCHES for field in TOUCH_FIELDS)
# Our own contact properties (HubSpot's email, firstname, lastname, phone, company, hs_lead_status and
# lifecyclestage exist).
CUSTOM_PROPERTIES = {
    "leadcapture_lead_id": ("LeadCapture lead id", "number", "number"),
    "leadcapture_admin_url": ("LeadCapture admin link", "string", "text"),
    "leadcapture_score": ("LeadCapture score", "number", "number"),
    "leadcapture_engagement": ("LeadCapture engagement level", "string", "text"),
    "leadcapture_status": ("LeadCapture lead status", "string", "text"),
    # The owner's email: our staff are not HubSpot users, so HubSpot's own owner id cannot be set.
    "leadcapture_owner": ("LeadCapture owner", "string", "text"),
    "leadcapture_tools_used": ("LeadCapture tools used", "string", "text"),
    "leadcapture_marketing_consent": ("LeadCapture marketing consent", "string", "text"),
    "leadcapture_feedback_count": ("LeadCapture feedback count", "number", "number"),
    "leadcapture_feedback_average": ("LeadCapture average feedback rating", "number", "number"),
    "leadcapture_feedback_latest": ("LeadCapture latest feedback rating", "number", "number"),
    **{
        f"leadcapture_{touch}_{field}": (
            f"LeadCapture {touch} touch {field.replace('_', ' ')}",
            "string",
            "text",
        )
        for touch in TOUCHES
        for field in TOUCH_FIELDS
    },
}
# Our workflow in hs_lead_status's documented options. A won lead stays OPEN_DEAL: its lifecyclestage
# "customer" tells the win (HubSpot's lead status has no option for it).
LEAD_STATUS = {
    "new": "NEW",
    "contacted": "CONNECTED",
    "qualified": "OPEN_DEAL",
    "won": "OPEN_DEAL",
    "lost": "UNQUALIFIED",
}


def split_name(name: str | None) -> tuple[str | None, str | None]:
    """First and last name from one field: the last word is the last name."""
    parts = (name or "").split()
    if not parts:
        return None, None
    return (" ".join(parts[:-1]) or parts[0], parts[-1] if len(parts) > 1 else None)


def contact_properties(lead: Lead, admin_url: str) -> dict[str, str]:
    """The HubSpot properties of a lead (values as strings, empty ones left out, except the owner:
    an empty owner clears the one HubSpot has when a lead is unassigned)."""
    first, last = split_name(lead.name)
    values = {
        "email": lead.email,
        "firstname": first,
        "lastname": last,
        "phone": lead.phone,
        "company": lead.company,
        "hs_lead_status": LEAD_STATUS.get(lead.status),
        "lifecyclestage": lead.lifecycle_stage,
        "leadcapture_lead_id": lead.id,
        "leadcapture_admin_url": admin_url,
        "leadcapture_score": lead.score,
        "leadcapture_engagement": lead.engagement_level,
        "leadcapture_status": lead.status,
        "leadcapture_tools_used": lead.tools_used,
        "leadcapture_marketing_consent": "yes" if lead.consent_marketing else "no",
        "leadcapture_feedback_count": lead.feedback_count,
        "leadcapture_feedback_average": lead.feedback_average,
        "leadcapture_feedback_latest": lead.feedback_latest_rating,
    }
    for column in SENT_ATTRIBUTION:
        values[f"leadcapture_{column}"] = getattr(lead, column)
    known = {key: str(value) for key, value in values.items() if value not in (None, "")}
    return known | {"leadcapture_owner": lead.owner.email if lead.owner else ""}
