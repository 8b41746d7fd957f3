"""Behaviour events from the JavaScript tracker: validated one by one, stored in bulk."""

from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy import insert

from leadcapture.extensions import db
from leadcapture.models import BehaviourEvent
from leadcapture.models.commit import commit_keeping_state
from leadcapture.models.copy import copy_rows
from leadcapture.tracking.context import VisitContext
from leadcapture.tracking.impact_table import current_impact_table
from leadcapture.tracking.session_counts import count_tool_activity, tally_events
from leadcapture.tracking.visits import Visit, identify, is_trackable

EVENT_TYPES = frozenset(
    {
        "page_view",
        "click",
        "form_submit",
        "tool_usage",
        "export",
        "content_interaction",
        "navigation",
        "error",
    }
)
MAX_NAME_LENGTH = 255
MAX_URL_LENGTH = 2000
MAX_PROPERTIES = 50
# Time on page and session duration, in milliseconds: what a 32-bit integer holds (24 days).
MAX_DURATION_MS = 2**31 - 1
NUMBERS = (int, float)  # a tuple: isinstance() checks it faster than ``int | float``


class InvalidEvent(ValueError):
    """An event that cannot be stored; the message says why."""


@dataclass
class EventBatchResult:
    accepted: int
    rejected: list[dict] = field(default_factory=list)
    visit: Visit | None = None
    # False: nothing was stored for want of analytics consent (``accepted`` is then 0).
    analytics_consent: bool = True


def parse_client_timestamp(value: object) -> datetime | None:
    """An ISO-8601 string or epoch milliseconds, as naive UTC; None when absent."""
    if value is None:
        return None
    try:
        if isinstance(value, str):
            moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
        elif isinstance(value, NUMBERS) and not isinstance(value, bool):
            moment = datetime.fromtimestamp(value / 1000, UTC)
        else:
            raise TypeError
    except (TypeError, ValueError, OverflowError, OSError):
        raise InvalidEvent("timestamp must be an ISO-8601 string or epoch milliseconds") from None
    if moment.tzinfo is not None:
        try:
            moment = moment.astimezone(UTC).replace(tzinfo=None)
        except OverflowError:
            raise InvalidEvent("timestamp is out of range") from None
    return moment


def parse_duration(raw: dict, key: str) -> int | None:
    """``raw[key]``: milliseconds from 0 to ``MAX_DURATION_MS`` (rounded), or None when absent."""
    value = raw.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, NUMBERS) or not 0 <= value <= MAX_DURATION_MS:
        raise InvalidEvent(f"{key} must be a number of milliseconds from 0 to {MAX_DURATION_MS}")
    return round(value)


def validate_event(raw: object) -> dict:
    """The storable fields of one raw event; raises InvalidEvent naming the bad field."""
    if not isinstance(raw, dict):
        raise InvalidEvent("event must be an object")
    event_type = raw.get("type")
    if not isinstance(event_type, str) or event_type not in EVENT_TYPES:
        raise InvalidEvent(f"type must be one of: {', '.join(sorted(EVENT_TYPES))}")
    name = raw.get("name")
    if name is not None and (not isinstance(name, str) or len(name) > MAX_NAME_LENGTH):
        raise InvalidEvent(f"name must be a string of at most {MAX_NAME_LENGTH} characters")
    properties = raw.get("properties")
    if properties is None:
        properties = {}
    elif not isinstance(properties, dict) or len(properties) > MAX_PROPERTIES:
        raise InvalidEvent(f"properties must be an object with at most {MAX_PROPERTIES} keys")
    page_url = raw.get("page_url")
    if page_url is not None and (not isinstance(page_url, str) or len(page_url) > MAX_URL_LENGTH):
        raise InvalidEvent(f"page_url must be a string of at most {MAX_URL_LENGTH} characters")
    return {
        "event_type": event_type,
        "name": name,
        "properties": properties,
        "page_url": page_url,
        "client_timestamp": parse_client_timestamp(raw.get("timestamp")),
        "time_on_page_ms": parse_duration(raw, "time_on_page_ms"),
        "session_duration_ms": parse_duration(raw, "session_duration_ms"),
    }


def record_events(ctx: VisitContext, raw_events: list) -> EventBatchResult:
    """Validate ``raw_events``, store the valid ones in one bulk insert, and commit.

    Bad events are reported by index and do not stop the good ones. Bots' and staff's
    events are validated but not stored; without analytics consent none is accepted. Each event
    is stored with its business impact (the impact table in force now), and its session's
    analytics count it (``session_counts``).
    """
    rows, rejected = [], []
    for index, raw in enumerate(raw_events):
        try:
            rows.append(validate_event(raw))
        except InvalidEvent as error:
            rejected.append({"index": index, "error": str(error)})
    if not ctx.analytics_consent:
        return EventBatchResult(accepted=0, rejected=rejected, analytics_consent=False)
    if not rows:
        return EventBatchResult(accepted=0, rejected=rejected)
    if not is_trackable(ctx):
        return EventBatchResult(accepted=len(rows), rejected=rejected)
    table = current_impact_table()
    for row in rows:
        row["impact"] = table.impact_of(row["event_type"], row["name"])
    tally = tally_events(rows)
    visit = identify(ctx, events=tally)
    store_events(
        rows, {"visitor_id": visit.visitor.id, "session_id": visit.session.id, "created_at": ctx.now}
    )
    if tally.tool_events:
        count_tool_activity(visit.session.id, events=tally.tool_events)
    commit_keeping_state()  # the answer and its cookie read the visitor: no reload
    return EventBatchResult(accepted=len(rows), rejected=rejected, visit=visit)


def store_events(rows: list[dict], shared: dict) -> None:
    """Insert validated events with the ``shared`` columns (visitor, session, time).

    PostgreSQL: one binary COPY (``copy_rows``), a third of the app's CPU of the INSERT ... SELECT
    FROM unnest() it replaced (``bench/ingest_cpu.py``). Elsewhere: one executemany.
    """
    rows = [{**row, **shared} for row in rows]
    if db.session.get_bind().dialect.name == "postgresql":
        copy_rows(BehaviourEvent.__table__, rows)
    else:
        db.session.execute(insert(BehaviourEvent), rows)
