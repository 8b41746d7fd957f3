"""The event explorer's roll-up (``EventDay``): behaviour events stored each day by type, name,
impact, tool, page and their session's campaign and device.

A day is counted in one grouped query (the page without its query string, so campaign links and
click ids do not make each URL its own page), then its pages are cut to their paths and its tools
named (``tracking.session_counts.tool_of``, else a ``tool`` property naming one) in Python. Events
are stamped when they are stored, so a day is final a couple of minutes after it ends.
"""

from collections import Counter
from datetime import timedelta
from urllib.parse import urlsplit

from sqlalchemy import Date, delete, func, select

from leadcapture.extensions import db
from leadcapture.models import BehaviourEvent, EventDay, VisitSession
from leadcapture.models.upsert import upsert
from leadcapture.reports.analytics.sql_dates import before_query
from leadcapture.reports.day_rollups import DayRollup
from leadcapture.reports.period import Period
from leadcapture.scoring.vocabulary import TOOLS
from leadcapture.tracking.session_counts import tool_of

NONE = ""  # a key column's value for none
MAX_TEXT = 255
KEYS = ("day", "event_type", "name", "impact", "tool", "page", "campaign", "device")


def page_path(url: str | None) -> str:
    """The path of a page URL (``/tools/cost-calculator``), at most 255 characters."""
    if not url:
        return NONE
    return (urlsplit(url).path or url.split("?", 1)[0])[:MAX_TEXT]


def _tool(event_type: str, name: str, named: str) -> str:
    return tool_of(event_type, name) or (named if named in TOOLS else NONE)


def _recount(days: Period) -> None:
    db.session.execute(delete(EventDay).where(EventDay.day >= days.first, EventDay.day <= days.last))
    event = BehaviourEvent
    keys = (
        func.date(event.created_at, type_=Date),
        event.event_type,
        func.coalesce(event.name, NONE),
        event.impact,
        func.coalesce(event.properties["tool"].as_string(), NONE),
        func.coalesce(before_query(event.page_url), NONE),
        func.coalesce(VisitSession.utm_campaign, NONE),
        func.coalesce(VisitSession.device_type, NONE),
    )
    query = (
        select(*keys, func.count())
        .select_from(event)
        .outerjoin(VisitSession, VisitSession.id == event.session_id)
        .where(event.created_at >= days.start, event.created_at < days.end)
        .group_by(*keys)
    )
    counts: Counter = Counter()
    for day, event_type, name, impact, tool, page, campaign, device, events in db.session.execute(query):
        key = (day, event_type, name[:MAX_TEXT], impact, _tool(event_type, name, tool), page_path(page))
        counts[(*key, campaign[:MAX_TEXT], device)] += events
    if counts:
        # A view counting the same day at the same moment wrote it already: keep the newer count.
        rows = [dict(zip((*KEYS, "events"), (*key, events), strict=True)) for key, events in counts.items()]
        upsert(EventDay, rows, KEYS)


EVENT_DAYS = DayRollup("event_days", EventDay, timedelta(minutes=2), _recount)
