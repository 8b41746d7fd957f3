"""Notifications (every staff role): the list of the alerts a user may see, the bell's unread
count on every admin page, and the live feed (server-sent events) the list page listens to."""

from flask import Response, current_app, render_template, request, stream_with_context
from flask_login import current_user

from leadcapture.alerts.feed import FeedTiming, feed_events, newest_id
from leadcapture.alerts.inbox import Reader, mark_seen, notifications_for, reader_of, unread_count
from leadcapture.alerts.store import link_path
from leadcapture.blueprints.admin.access import section_required, viewer_scope
from leadcapture.blueprints.admin.blueprint import bp
from leadcapture.extensions import db
from leadcapture.models import Notification
from leadcapture.models.types import utcnow

PAGE_SIZE = 50
LARGEST_ID = 2**63 - 1


@bp.get("/notifications")
@section_required("notifications")
def notifications_page():
    reader = _reader()
    before = _notification_id(request.args.get("before"))
    rows = notifications_for(reader, before, PAGE_SIZE)
    if before is None:
        mark_seen(reader, utcnow())
    return render_template(
        "admin/notifications.html",
        rows=rows,
        seen_since=reader.seen_since,
        after=newest_id(reader),
        more=len(rows) == PAGE_SIZE,
    )


@bp.get("/notifications/stream")
@section_required("notifications")
def notification_stream():
    reader = _reader()
    after = _notification_id(request.headers.get("Last-Event-ID") or request.args.get("after"))
    config = current_app.config
    timing = FeedTiming(config["NOTIFICATION_STREAM_POLL_SECONDS"], config["NOTIFICATION_STREAM_SECONDS"])
    events = feed_events(reader, newest_id(reader) if after is None else after, timing, feed_item)
    db.session.close()  # the stream takes a connection only while it polls
    headers = {"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}  # no proxy buffering
    return Response(stream_with_context(events), mimetype="text/event-stream", headers=headers)


def feed_item(notification: Notification, lead_name: str | None) -> dict:
    """A feed event's data: the notification's kind, title and lead, and its list item as the
    page shows it."""
    html = render_template(
        "admin/_notification.html", notification=notification, lead_name=lead_name, new=True
    )
    return {
        "kind": notification.kind,
        "title": notification.title,
        "lead_id": notification.lead_id,
        "html": html,
    }


@bp.app_context_processor
def notification_bell() -> dict:
    """``unread_notifications()`` for the bell in the admin's navigation; ``notification_link``."""
    return {
        "unread_notifications": lambda: unread_count(_reader()),
        "notification_link": lambda notification: link_path(notification.kind, notification.lead_id),
    }


def _reader() -> Reader:
    return reader_of(current_user, viewer_scope())


def _notification_id(text: str | None) -> int | None:
    return int(text) if text and text.isdigit() and int(text) <= LARGEST_ID else None
