"""Build the tracker's ``VisitContext`` from a Flask request; keep the ``lc_vid`` and ``lc_consent``
cookies."""

from flask import current_app, g, request
from flask_login import current_user

from leadcapture.tracking import Visit, VisitContext, is_valid_visitor_id
from leadcapture.tracking.consent import CONSENT_COOKIE, CONSENT_COOKIE_MAX_AGE, NECESSARY, analytics_allowed


def visit_context(
    visitor_id: str | None = None,
    page_url: str | None = None,
    referrer: str | None = None,
    utm: dict | None = None,
    analytics_consent: bool | None = None,
) -> VisitContext:
    """The context of the current request; explicit values (a headless client's) win.

    ``visitor_id`` must already be validated; without it the ``lc_vid`` cookie is used
    when it holds a well-formed id. ``analytics_consent`` is what a headless client said.
    """
    cookie = request.cookies.get(current_app.config["VISITOR_COOKIE_NAME"])
    if visitor_id is None and is_valid_visitor_id(cookie):
        visitor_id = cookie
    return VisitContext(
        visitor_id=visitor_id,
        page_url=page_url or request.url,
        referrer=referrer if referrer is not None else request.referrer,
        user_agent=request.user_agent.string or "",
        ip=request.remote_addr,
        privacy_signal=request.headers.get("DNT") == "1" or request.headers.get("Sec-GPC") == "1",
        utm=utm or {},
        is_staff=current_user.is_authenticated,
        own_host=request.host.split(":")[0],
        analytics_consent=consent_given(analytics_consent),
    )


def consent_given(client_says: bool | None = None) -> bool:
    """Whether this request may be tracked (the setting, the ``lc_consent`` cookie, the client)."""
    mode = current_app.config["TRACKING_CONSENT"]
    return analytics_allowed(mode, request.cookies.get(CONSENT_COOKIE), client_says)


def remember_visitor(visit: Visit | None) -> None:
    """Have the response carry the visitor's cookie (see ``set_visitor_cookie``)."""
    if visit is not None:
        g.visit = visit


def set_consent_cookies(response, choice: str) -> None:
    """Remember the visitor's answer in ``lc_consent`` (readable by tracker.js); a "no" also
    drops ``lc_vid``."""
    config = current_app.config
    secure = config["SECURE_COOKIES"]
    response.set_cookie(CONSENT_COOKIE, choice, max_age=CONSENT_COOKIE_MAX_AGE, samesite="Lax", secure=secure)
    if choice == NECESSARY:
        response.delete_cookie(config["VISITOR_COOKIE_NAME"], httponly=True, samesite="Lax", secure=secure)


def set_visitor_cookie(response):
    """After-request hook: (re)issue ``lc_vid`` when a visit was tracked on a new session."""
    visit = getattr(g, "visit", None)
    if visit is None:
        return response
    config = current_app.config
    name = config["VISITOR_COOKIE_NAME"]
    if visit.new_session or request.cookies.get(name) != visit.visitor.id:
        response.set_cookie(
            name,
            visit.visitor.id,
            max_age=config["VISITOR_COOKIE_MAX_AGE"],
            httponly=True,
            samesite="Lax",
            secure=config["SECURE_COOKIES"],
        )
    return response
