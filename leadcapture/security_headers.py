"""Security headers on every response (Flask-Talisman): a Content-Security-Policy whose scripts are
our own files or inline ones carrying the request's nonce (``csp_nonce()`` in templates), no framing,
``nosniff``, a strict Referrer-Policy, and HSTS where ``HSTS_SECONDS`` is set (production).

Only headers: the public API and ``tracker.js`` stay usable from other sites, since CORS (Flask-Cors)
and a page's own policy decide that, not ours.
"""

from flask import Flask
from flask_talisman import Talisman

CONTENT_SECURITY_POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",  # plus the request's nonce
    "style-src": "'self'",
    "img-src": "'self'",
    "connect-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'none'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}
# A stored HTML document shown inside our own pages (an archived email): nothing loads or runs in
# it but its inline styles, and it opens its links in a new tab, outside its sandbox.
SANDBOX = "allow-popups allow-popups-to-escape-sandbox"
FRAMED_DOCUMENT_OPTIONS = {
    "frame_options": "SAMEORIGIN",
    "content_security_policy": {
        "default-src": "'none'",
        "style-src": "'unsafe-inline'",
        "base-uri": "'none'",
        "form-action": "'none'",
        "frame-ancestors": "'self'",
        "sandbox": SANDBOX,
    },
    "content_security_policy_nonce_in": [],
}


def framed_document(view):
    """Serve ``view``'s HTML with ``FRAMED_DOCUMENT_OPTIONS`` (Talisman reads a view's own options)."""
    view.talisman_view_options = dict(FRAMED_DOCUMENT_OPTIONS)
    return view


def init_app(app: Flask) -> None:
    """Send the headers on every response of ``app``."""
    hsts_seconds = app.config["HSTS_SECONDS"]
    # Talisman keeps its options on the object, so each app gets its own (tests build several).
    app.extensions["talisman"] = Talisman(
        app,
        content_security_policy=CONTENT_SECURITY_POLICY,
        content_security_policy_nonce_in=["script-src"],
        frame_options="DENY",
        referrer_policy="strict-origin-when-cross-origin",
        strict_transport_security=hsts_seconds > 0,
        strict_transport_security_max_age=hsts_seconds,
        # TLS ends at the proxy in front (README, Production): redirecting is its job, and
        # SECURE_COOKIES, not Talisman, decides the cookies' flags.
        force_https=False,
        session_cookie_secure=False,
        session_cookie_samesite=app.config["SESSION_COOKIE_SAMESITE"],
    )
