"""The tracking consent banner's answers (``POST /consent/``) and the settings page the footer links
to (``GET /consent/``); every public page shows the banner until the visitor answers."""

from urllib.parse import urlsplit

from flask import Blueprint, abort, current_app, has_request_context, redirect, render_template, request

from leadcapture.blueprints.local_paths import MAX_URL_LENGTH, local_path
from leadcapture.blueprints.visitor_context import (
    consent_given,
    remember_visitor,
    set_consent_cookies,
    visit_context,
)
from leadcapture.tracking.consent import ANALYTICS, CHOICES, CONSENT_COOKIE, record_choice

bp = Blueprint("consent", __name__, url_prefix="/consent")


@bp.get("/")
def settings():
    return render_template("consent/settings.html", errors={})


@bp.post("/")
def choose():
    """Record the answer, remember it in ``lc_consent`` and go back to the page it was given on."""
    refuse_other_sites()
    choice = request.form.get("choice", "")
    if choice not in CHOICES:
        errors = {"choice": "Choose “Necessary only” or “Allow analytics”."}
        return render_template("consent/settings.html", errors=errors), 422
    back = local_path(request.form.get("next")) or "/"
    referrer = request.form.get("referrer", "")
    ctx = visit_context(page_url=request.host_url.rstrip("/") + back, referrer=_url_or_none(referrer))
    text = current_app.config["TRACKING_CONSENT_TEXT"]
    remember_visitor(record_choice(ctx, choice == ANALYTICS, text))
    response = redirect(back, 303)
    set_consent_cookies(response, choice)
    return response


def refuse_other_sites() -> None:
    """The form carries no CSRF token (a session cookie before consent is what the banner asks
    about), so a browser's own word on where the request comes from is checked instead."""
    origin = request.headers.get("Origin")
    foreign_origin = origin is not None and urlsplit(origin).netloc != request.host
    if foreign_origin or request.headers.get("Sec-Fetch-Site") not in (None, "same-origin", "none"):
        abort(403, "Answer the consent question on this site's own pages.")


def _url_or_none(value: str) -> str | None:
    return value if value and len(value) <= MAX_URL_LENGTH else None


@bp.app_context_processor
def consent_state() -> dict:
    """``tracking_consent`` for the banner, the footer and tracker.js's meta tag (every page)."""
    if not has_request_context():
        return {}
    choice = request.cookies.get(CONSENT_COOKIE)
    return {
        "tracking_consent": {
            "mode": current_app.config["TRACKING_CONSENT"],
            "text": current_app.config["TRACKING_CONSENT_TEXT"],
            "choice": choice if choice in CHOICES else None,
            "allowed": consent_given(),
            "here": _here(),
            "referrer": request.referrer if request.method == "GET" else None,
        }
    }


def _here() -> str:
    """Where the consent forms send the visitor back: this page (the settings page: the one its
    link was followed from), or for a posted form's answer the page that posted it (the answer's
    own URL may take no GET)."""
    if request.endpoint == "consent.settings":
        return local_path(request.args.get("next")) or "/"
    if request.method == "GET":
        return request.full_path.rstrip("?")
    referrer = urlsplit(request.referrer or "")
    if referrer.netloc != request.host:
        return "/"
    return local_path(referrer.path + (f"?{referrer.query}" if referrer.query else "")) or "/"
