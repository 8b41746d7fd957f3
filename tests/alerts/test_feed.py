"""The live feed: /admin/notifications/stream sends each notification the user may see as a
server-sent event once it opens, and ends after NOTIFICATION_STREAM_SECONDS (the browser
reconnects with the last id). Time is a hand-moved clock: the stream's sleeps move it."""

import json
from datetime import timedelta
from types import SimpleNamespace

import pytest

from leadcapture.accounts import ensure_user
from leadcapture.alerts import open_alert
from leadcapture.extensions import db
from leadcapture.models.types import utcnow
from tests.admin.signin import PASSWORD, signed_in_client
from tests.clock import ManualClock

STREAM = "/admin/notifications/stream"


@pytest.fixture
def feed_app(make_app):
    return make_app(NOTIFICATION_STREAM_POLL_SECONDS=2.0, NOTIFICATION_STREAM_SECONDS=10.0)


@pytest.fixture
def clock(monkeypatch):
    """The stream's clock; each of its sleeps moves it and runs the next of ``clock.during`` (if any)."""
    clock = ManualClock()
    clock.during = []
    clock.sleeps = []

    def sleep(seconds: float) -> None:
        clock.sleeps.append(seconds)
        clock.advance(seconds)
        if clock.during:
            clock.during.pop(0)()

    monkeypatch.setattr("leadcapture.alerts.feed.time", SimpleNamespace(monotonic=clock, sleep=sleep))
    return clock


def opened(title: str, **audience):
    """An action opening an alert (from the stream's thread: the app context is the stream's)."""

    def act():
        open_alert("test", title, title, f"About {title}.", **audience)
        db.session.commit()

    return act


def events(body: str) -> list[dict]:
    """The ``notification`` events of a stream's body: id and data."""
    found = []
    for block in body.split("\n\n"):
        fields = dict(line.split(": ", 1) for line in block.splitlines() if not line.startswith(":"))
        if fields.get("event") == "notification":
            found.append({"id": int(fields["id"]), **json.loads(fields["data"])})
    return found


def test_notifications_arrive_as_they_open_and_the_stream_ends_in_time(feed_app, clock):
    client = signed_in_client(feed_app, "sales")
    with feed_app.app_context():
        earlier = utcnow() - timedelta(minutes=1)  # before the late-commit window
        open_alert("test", "before", "Before the stream", "Old.", for_role="sales", now=earlier)
        sue = ensure_user("sue@example.com", PASSWORD, "sales")[0].id
        db.session.commit()
    clock.during = [
        opened("For sales", for_role="sales"),
        opened("For marketing", for_role="marketing"),
        opened("For Sue", for_user_id=sue, for_role=None),
        opened("For all", for_role=None),
    ]
    response = client.get(STREAM)
    assert response.status_code == 200 and response.mimetype == "text/event-stream"
    assert response.headers["Cache-Control"] == "no-cache"
    body = response.get_data(as_text=True)
    assert body.startswith("retry: 2000\n\n")
    got = events(body)
    assert [event["title"] for event in got] == ["For sales", "For all"]
    assert 'id="notification-' in got[0]["html"] and "About For sales." in got[0]["html"]
    assert clock.sleeps == [2.0] * 5  # polls at 0, 2, ..., 10 s: then the stream ends


def test_a_reconnection_continues_after_the_last_event_it_got(feed_app, clock):
    client = signed_in_client(feed_app, "admin")
    with feed_app.app_context():
        earlier = utcnow() - timedelta(minutes=1)
        first, second = (open_alert("test", title, title, "Body.", now=earlier) for title in ("One", "Two"))
        db.session.commit()
        first_id, second_id = first.id, second.id
    got = events(client.get(STREAM, headers={"Last-Event-ID": str(first_id)}).get_data(as_text=True))
    assert [(event["id"], event["title"]) for event in got] == [(second_id, "Two")]
    assert events(client.get(f"{STREAM}?after={second_id}").get_data(as_text=True)) == []


def test_a_notification_committed_late_still_arrives(feed_app, clock):
    """Ids are handed out before commits: one can commit after a higher id was sent."""
    client = signed_in_client(feed_app, "admin")
    with feed_app.app_context():
        late = open_alert("test", "late", "Late", "Committed after a later one was sent.")
        db.session.commit()
        late_id = late.id
    got = events(client.get(STREAM, headers={"Last-Event-ID": str(late_id + 5)}).get_data(as_text=True))
    assert [event["title"] for event in got] == ["Late"]  # sent once, though seen at every poll


def test_an_ended_session_gets_an_empty_answer_and_is_not_kept_alive(feed_app, clock, monkeypatch):
    session_clock = ManualClock()
    monkeypatch.setattr(
        "leadcapture.blueprints.admin.session_timeout.time", SimpleNamespace(time=session_clock)
    )
    client = signed_in_client(feed_app, "marketing")
    session_clock.advance(20 * 60)
    assert client.get(STREAM).status_code == 200  # the feed's requests are no activity
    session_clock.advance(10 * 60)
    assert client.get(STREAM).status_code == 204
    response = client.get("/admin/")
    assert response.status_code == 302 and response.location.startswith("/admin/login")
