"""The self-service privacy pages: ``/privacy`` (ask for a copy of your data, its erasure, or no more
marketing emails) and the page the emailed link opens, where the request is confirmed.

Nothing here tracks the visitor, and a GET never acts: mail scanners open links before people do.
"""

import io

from flask import Blueprint, current_app, redirect, render_template, request, send_file, url_for

from leadcapture.errors import InputError
from leadcapture.extensions import limiter
from leadcapture.privacy.self_service import PageRequest, confirm, open_request, request_link
from leadcapture.signed_links import LinkError

bp = Blueprint("privacy", __name__, url_prefix="/privacy")
limiter.limit(lambda: current_app.config["API_RATE_LIMIT"])(bp)
# Each request sends an email: the JSON endpoint and this form share a tighter limit per client IP.
request_limit = limiter.shared_limit(
    lambda: current_app.config["PRIVACY_RATE_LIMIT"], scope="privacy-requests", override_defaults=False
)


@bp.after_request
def private(response):
    """A confirmation link is a credential in the URL: never cached (nor sent on as a referrer: the
    pages it opens say so in a meta tag, since the app-wide Referrer-Policy header is Talisman's)."""
    response.headers["Cache-Control"] = "no-store"
    return response


def confirmation_link(token: str) -> str:
    """The link a request's email carries: on PUBLIC_BASE_URL, never on the Host a client sent."""
    base = current_app.config["PUBLIC_BASE_URL"].rstrip("/")
    return base + url_for("privacy.confirmation", token=token)


@bp.get("")
def page():
    return render_template("privacy/request.html", values={}, errors={})


@bp.post("")
@request_limit
def ask():
    values = {"email": request.form.get("email", ""), "kind": request.form.get("kind", "")}
    try:
        request_link(values, confirmation_link, PageRequest)
    except InputError as error:
        return render_template("privacy/request.html", values=values, errors=error.fields), 422
    return redirect(url_for("privacy.sent"))


@bp.get("/sent")
def sent():
    return render_template("privacy/sent.html")


@bp.errorhandler(LinkError)
def link_error(error: LinkError):
    return render_template("privacy/link_error.html", message=error.message), error.status


@bp.get("/confirm/<token>")
def confirmation(token: str):
    return render_template("privacy/confirm.html", kind=open_request(token).kind, errors={})


@bp.post("/confirm/<token>")
def confirmed(token: str):
    out = io.BytesIO()
    try:
        kind, found = confirm(token, request.form.get("email", ""), out)
    except InputError as error:
        return render_template(
            "privacy/confirm.html", kind=open_request(token).kind, errors=error.fields
        ), 422
    if kind == "export" and found:
        out.seek(0)
        return send_file(out, mimetype="application/zip", as_attachment=True, download_name="my-data.zip")
    return render_template("privacy/done.html", kind=kind, found=found)
