"""Admin sessions end after ``ADMIN_IDLE_TIMEOUT_MINUTES`` without a request and
``ADMIN_SESSION_HOURS`` after sign-in: the next admin request signs out and goes to the sign-in
page with a message.

Both times live in the signed session cookie. A signed-in session without them (one restored
from a remember-me cookie, or older than this rule) counts as ended, so nothing outlives them.
"""

import time

from flask import current_app, flash, redirect, request, session, url_for
from flask_login import current_user, logout_user

from leadcapture.blueprints.admin.blueprint import bp

SIGNED_IN_AT = "admin_signed_in_at"
SEEN_AT = "admin_seen_at"
# What a page asks for by itself (the live notification feed): no activity, and an ended session
# gets an empty answer (the browser stops asking), the person's next request signing them out.
PASSIVE_ENDPOINTS = {"admin.notification_stream"}


def start_session() -> None:
    """Start the clocks of the session just signed in."""
    session[SIGNED_IN_AT] = session[SEEN_AT] = time.time()


def end_reason(now: float) -> str | None:
    """Why the signed-in session has ended at ``now`` (epoch seconds), or None while it lasts."""
    config = current_app.config
    idle_minutes, hours = config["ADMIN_IDLE_TIMEOUT_MINUTES"], config["ADMIN_SESSION_HOURS"]
    signed_in_at, seen_at = session.get(SIGNED_IN_AT), session.get(SEEN_AT)
    if signed_in_at is None or seen_at is None or now - signed_in_at >= hours * 3600:
        return f"Your session has ended: sessions last at most {hours:g} hours. Please sign in again."
    if now - seen_at >= idle_minutes * 60:
        return f"You were signed out after {idle_minutes} minutes without activity. Please sign in again."
    return None


@bp.before_request
def end_expired_session():
    if not current_user.is_authenticated:
        return None
    now = time.time()
    reason = end_reason(now)
    if request.endpoint in PASSIVE_ENDPOINTS:
        return ("", 204) if reason else None
    if reason is None:
        session[SEEN_AT] = now
        return None
    logout_user()
    session.pop(SIGNED_IN_AT, None)
    session.pop(SEEN_AT, None)
    flash(reason, "error")
    back = (
        request.full_path.rstrip("?")
        if request.method == "GET" and request.endpoint != "admin.login"
        else None
    )
    return redirect(url_for("admin.login", next=back))
