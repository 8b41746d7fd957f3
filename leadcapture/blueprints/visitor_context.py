"""Build the tracker's ``VisitContext`` from a Flask request; keep the ``lc_vid`` cookie."""

from flask import current_app, g, request
from flask_login import current_user

from leadcapture.tracking import Visit, VisitContext, is_valid_visitor_id


def visit_context(
    visitor_id: str | None = None,
    page_url: str | None = None,
    referrer: str | None = None,
    utm: dict | None = None,
) -> VisitContext:
    """The context of the current request; explicit values (a headless client's) win.

    ``visitor_id`` must already be validated; without it the ``lc_vid`` cookie is used
    when it holds a well-formed id.
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
    )


def remember_visitor(visit: Visit | None) -> None:
    """Have the response carry the visitor's cookie (see ``set_visitor_cookie``)."""
    if visit is not None:
        g.visit = visit


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
