"""Visits: sessions start with their campaign and roll over after 30 minutes or a new campaign."""

from datetime import timedelta

from sqlalchemy import select

from leadcapture.extensions import db
from leadcapture.models import VisitSession
from leadcapture.models.types import utcnow
from leadcapture.tracking import VisitContext, track_visit

IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 "
    "Version/17.0 Mobile/15E148 Safari/604.1"
)
SPRING = "/?utm_source=google&utm_medium=cpc&utm_campaign=spring"


def sessions_of(visitor_id):
    return db.session.scalars(
        select(VisitSession).where(VisitSession.visitor_id == visitor_id).order_by(VisitSession.started_at)
    ).all()


def visitor_cookie(response):
    cookie = response.headers["Set-Cookie"]
    return cookie.split(";")[0].split("=", 1)[1]


def test_campaign_visit_starts_a_session_with_its_fields(client, app):
    response = client.get(
        SPRING, headers={"User-Agent": IPHONE, "Referer": "https://www.google.com/search?q=botox"}
    )
    assert response.status_code == 200
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Max-Age=31536000" in cookie
    with app.app_context():
        (session,) = sessions_of(visitor_cookie(response))
        assert (session.utm_source, session.utm_medium, session.utm_campaign) == ("google", "cpc", "spring")
        assert session.referrer_class == "search"
        assert session.referrer == "https://www.google.com/search"
        assert session.landing_page == "http://localhost/"
        assert (session.device_type, session.browser, session.os) == ("mobile", "Mobile Safari", "iOS")
        assert session.ip_anonymized == "127.0.0.0"


def test_visit_31_minutes_later_starts_a_new_session(client, app):
    visitor = visitor_cookie(client.get(SPRING))
    client.get("/")
    with app.app_context():
        (first,) = sessions_of(visitor)
        first.last_seen_at -= timedelta(minutes=31)
        first.started_at -= timedelta(minutes=31)
        db.session.commit()
    client.get("/")
    with app.app_context():
        first, second = sessions_of(visitor)
        assert first.utm_campaign == "spring"
        assert second.utm_campaign is None and second.referrer_class == "direct"


def test_visit_29_minutes_later_continues_the_session_and_counts_active_time(app_ctx):
    start = utcnow()
    first = track_visit(VisitContext(page_url="https://clinic.example/" + SPRING, now=start))
    later = track_visit(
        VisitContext(
            visitor_id=first.visitor.id,
            page_url="https://clinic.example/tools",
            now=start + timedelta(minutes=29),
        )
    )
    assert later.session.id == first.session.id
    assert later.session.active_seconds == 29 * 60
    assert not later.new_session


def test_new_campaign_starts_a_new_session(app_ctx):
    start = utcnow()
    first = track_visit(VisitContext(page_url="https://clinic.example/" + SPRING, now=start))
    other = track_visit(
        VisitContext(
            visitor_id=first.visitor.id,
            page_url="https://clinic.example/?utm_source=facebook&utm_medium=social&utm_campaign=summer",
            now=start + timedelta(minutes=2),
        )
    )
    assert other.new_session and other.session.utm_campaign == "summer"
    assert other.session.referrer_class == "social"


def test_privacy_signal_keeps_ip_and_user_agent_detail_out(client, app):
    response = client.get(
        "/", headers={"User-Agent": IPHONE, "DNT": "1"}, environ_base={"REMOTE_ADDR": "203.0.113.77"}
    )
    with app.app_context():
        (session,) = sessions_of(visitor_cookie(response))
        assert session.privacy_signal
        assert session.ip_anonymized is None and session.browser is None and session.os is None


def test_ip_is_stored_anonymised(client, app):
    response = client.get("/", environ_base={"REMOTE_ADDR": "203.0.113.77"})
    with app.app_context():
        (session,) = sessions_of(visitor_cookie(response))
        assert session.ip_anonymized == "203.0.113.0"


def test_bots_are_not_tracked(client, app):
    response = client.get(
        "/",
        headers={"User-Agent": "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"},
    )
    assert response.status_code == 200
    assert "Set-Cookie" not in response.headers
    with app.app_context():
        assert db.session.scalar(select(db.func.count()).select_from(VisitSession)) == 0


def test_returning_cookie_is_the_same_visitor(client, app):
    visitor = visitor_cookie(client.get("/"))
    second = client.get("/about-nothing")
    assert second.status_code == 404
    client.get("/")
    with app.app_context():
        assert len(sessions_of(visitor)) == 1
