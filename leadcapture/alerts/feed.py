"""The live feed: the notifications a user may see, as server-sent events while they open.

The stream polls the notifications table (every poll a short query, its connection given back in
between), so it works across processes and on SQLite. It ends after a set time; the browser's
EventSource reconnects by itself, sending the last id it got (``Last-Event-ID``).
"""

import json
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import func, or_, select

from leadcapture.alerts.inbox import Reader, visible_to, with_lead_names
from leadcapture.extensions import db
from leadcapture.models import Notification
from leadcapture.models.types import utcnow

# A notification whose id came before another's may commit after it: recent ones are looked at
# again (each is sent once a stream; the page skips one it shows already).
LATE_COMMIT = timedelta(seconds=30)
BATCH = 100


@dataclass(frozen=True)
class FeedTiming:
    poll_seconds: float
    max_seconds: float


def newest_id(reader: Reader) -> int:
    """The id of the newest notification ``reader`` may see (0: none)."""
    return db.session.scalar(select(func.max(Notification.id)).where(visible_to(reader))) or 0


# A notification and its lead's name as the event's data (a JSON object).
Render = Callable[[Notification, str | None], dict]


def feed_events(reader: Reader, after_id: int, timing: FeedTiming, render: Render) -> Iterator[str]:
    """The event stream: each notification ``reader`` may see after the id ``after_id`` as it opens
    (its data made by ``render``), a comment line on quiet polls, until ``timing.max_seconds``
    have passed."""
    yield f"retry: {int(timing.poll_seconds * 1000)}\n\n"
    deadline = time.monotonic() + timing.max_seconds
    sent: set[int] = set()
    while True:
        events = [_event(row.id, render(row, name)) for row, name in _recent(reader, after_id, sent)]
        db.session.close()  # no connection held while waiting
        for notification_id, event in events:
            sent.add(notification_id)
            after_id = max(after_id, notification_id)
            yield event
        if not events:
            yield ": waiting\n\n"  # also tells a gone client's server to stop
        if time.monotonic() >= deadline:
            return
        time.sleep(timing.poll_seconds)


def _recent(reader: Reader, after_id: int, sent: set[int]) -> list[tuple[Notification, str | None]]:
    query = (
        with_lead_names(reader)
        .where(or_(Notification.id > after_id, Notification.opened_at >= utcnow() - LATE_COMMIT))
        .where(Notification.id.not_in(sent))
        .order_by(Notification.id)
        .limit(BATCH)
    )
    return [(notification, name) for notification, name in db.session.execute(query)]


def _event(notification_id: int, data: dict) -> tuple[int, str]:
    return notification_id, f"id: {notification_id}\nevent: notification\ndata: {json.dumps(data)}\n\n"
