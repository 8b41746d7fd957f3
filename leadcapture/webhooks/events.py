"""The events webhooks carry and their JSON bodies, in Standard Webhooks' shape:
``{"type": "lead.created", "timestamp": "2026-12-10T09:30:00.123456Z", "data": {...}}``.

The data is what a receiver needs to react and to find the record, no more: ids, a lead's score,
engagement level and status, a booking's slot, a feedback's rating. Never an email, name, phone,
comment or the treatment a person asked about (a clinic's leads are health data): a receiver that
needs them opens the lead in the admin (``data.url``) or finds it in HubSpot by its lead id.
"""

import json
from datetime import datetime

from flask import current_app

from leadcapture.models import Booking, Feedback

LEAD_CREATED = "lead.created"
LEAD_SCORE_CHANGED = "lead.score_changed"
LEAD_STATUS_CHANGED = "lead.status_changed"
BOOKING_CREATED = "booking.created"
FEEDBACK_SUBMITTED = "feedback.submitted"


def lead_data(lead_id: int, score: int, engagement_level: str, status: str, **previous) -> dict:
    """A lead event's data; ``previous`` adds what it was (``previous_score=…``)."""
    base_url = current_app.config["PUBLIC_BASE_URL"].rstrip("/")
    return {
        "lead_id": lead_id,
        "score": score,
        "engagement_level": engagement_level,
        "status": status,
        "url": f"{base_url}/admin/leads/{lead_id}",
        **previous,
    }


def booking_data(booking: Booking) -> dict:
    return {
        "booking_id": booking.id,
        "lead_id": booking.lead_id,
        "slot": timestamp(booking.slot_start),
        "slot_minutes": booking.slot_minutes,
    }


def feedback_data(feedback: Feedback) -> dict:
    return {
        "feedback_id": feedback.id,
        "lead_id": feedback.lead_id,
        "rating": feedback.rating,
        "context": feedback.context,
        "tool": feedback.tool,
        "sentiment": feedback.sentiment_label,
    }


def event_body(event_type: str, data: dict, now: datetime) -> str:
    """The request body of an event that happened at ``now`` (naive UTC), compact JSON."""
    return json.dumps({"type": event_type, "timestamp": timestamp(now), "data": data}, separators=(",", ":"))


def timestamp(moment: datetime) -> str:
    """A naive UTC time as ISO 8601 with a ``Z``."""
    return moment.isoformat() + "Z"
