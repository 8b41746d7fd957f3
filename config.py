"""Configuration classes, chosen by the ``LEADCAPTURE_ENV`` environment variable.

The classes hold defaults; ``settings_from_environment`` reads the environment when the
app is created (not at import), so every documented variable overrides its default.
"""

import os


def normalise_database_url(url: str) -> str:
    """Use the installed psycopg 3 driver for the plain ``postgres(ql)://`` URLs hosts hand out."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def _flag(value: str) -> bool:
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _csv(value: str) -> list[str]:
    return [item.strip() for item in value.split(",") if item.strip()]


def _word(value: str) -> str:
    return value.strip().lower()


# Settings that take one of a few words, checked when the app starts (``Config.check``):
# TRACKING_CONSENT, how visitors are tracked before they answer the consent banner (see
# leadcapture/tracking/consent.py); SALES_SEE, all: sales see every lead, own: only the leads
# assigned to them and the unassigned ones.
# LOG_FORMAT, text (read by eye) or json (one object a line, for a log collector).
CHOICE_SETTINGS = {
    "TRACKING_CONSENT": ("required", "implied"),
    "SALES_SEE": ("all", "own"),
    "LOG_FORMAT": ("text", "json"),
}


# environment variable -> (config key, parser)
ENVIRONMENT_SETTINGS = {
    "SECRET_KEY": ("SECRET_KEY", str),
    "DATABASE_URL": ("SQLALCHEMY_DATABASE_URI", normalise_database_url),
    "REDIS_URL": ("REDIS_URL", str),
    "HUBSPOT_ACCESS_TOKEN": ("HUBSPOT_ACCESS_TOKEN", str),
    "HUBSPOT_BASE_URL": ("HUBSPOT_BASE_URL", str),
    "HUBSPOT_RATE_LIMIT": ("HUBSPOT_RATE_LIMIT", str),
    "HUBSPOT_SWEEP_AFTER_SECONDS": ("HUBSPOT_SWEEP_AFTER_SECONDS", int),
    "HUBSPOT_TIMEOUT_SECONDS": ("HUBSPOT_TIMEOUT_SECONDS", float),
    "HUBSPOT_MAX_BACKOFF_SECONDS": ("HUBSPOT_MAX_BACKOFF_SECONDS", float),
    "HUBSPOT_DEAD_AFTER_HOURS": ("HUBSPOT_DEAD_AFTER_HOURS", float),
    "PUBLIC_BASE_URL": ("PUBLIC_BASE_URL", str),
    "SITE_API_KEYS": ("SITE_API_KEYS", _csv),
    "SECURE_COOKIES": ("SECURE_COOKIES", _flag),
    "API_RATE_LIMIT": ("API_RATE_LIMIT", str),
    "LOGIN_RATE_LIMIT": ("LOGIN_RATE_LIMIT", str),
    "TRUSTED_PROXIES": ("TRUSTED_PROXIES", int),
    "DEMO_ADMIN_EMAIL": ("DEMO_ADMIN_EMAIL", str),
    "PHOTO_RETENTION_DAYS": ("PHOTO_RETENTION_DAYS", int),
    "RETENTION_VISITOR_DAYS": ("RETENTION_VISITOR_DAYS", int),
    "MEDIA_RETENTION_DAYS": ("MEDIA_RETENTION_DAYS", int),
    "FEEDBACK_RETENTION_DAYS": ("FEEDBACK_RETENTION_DAYS", int),
    "LEAD_RETENTION_DAYS": ("LEAD_RETENTION_DAYS", int),
    "DELETED_LEAD_DAYS": ("DELETED_LEAD_DAYS", int),
    "CLINIC_NAME": ("CLINIC_NAME", str),
    "CLINIC_TIMEZONE": ("CLINIC_TIMEZONE", str),
    "CLINIC_CLOSED_DATES": ("CLINIC_CLOSED_DATES", _csv),
    "PHONE_REGION": ("PHONE_REGION", str),
    "TRACKING_CONSENT": ("TRACKING_CONSENT", _word),
    "TRACKING_CONSENT_TEXT": ("TRACKING_CONSENT_TEXT", str),
    "DEMO_ADMIN_PASSWORD": ("DEMO_ADMIN_PASSWORD", str),
    "HSTS_SECONDS": ("HSTS_SECONDS", int),
    "ADMIN_IDLE_TIMEOUT_MINUTES": ("ADMIN_IDLE_TIMEOUT_MINUTES", int),
    "ADMIN_SESSION_HOURS": ("ADMIN_SESSION_HOURS", float),
    "PASSWORD_MIN_SCORE": ("PASSWORD_MIN_SCORE", int),
    "SALES_SEE": ("SALES_SEE", _word),
    "INSIGHT_QUIET_DAYS": ("INSIGHT_QUIET_DAYS", int),
    "MAIL_SERVER": ("MAIL_SERVER", str),
    "MAIL_PORT": ("MAIL_PORT", int),
    "MAIL_USE_TLS": ("MAIL_USE_TLS", _flag),
    "MAIL_USERNAME": ("MAIL_USERNAME", str),
    "MAIL_PASSWORD": ("MAIL_PASSWORD", str),
    "MAIL_DEFAULT_SENDER": ("MAIL_DEFAULT_SENDER", str),
    "MAIL_TIMEOUT": ("MAIL_TIMEOUT", float),
    "PRIVACY_RATE_LIMIT": ("PRIVACY_RATE_LIMIT", str),
    "WEBHOOK_ALLOW_PRIVATE": ("WEBHOOK_ALLOW_PRIVATE", _flag),
    "WEBHOOK_TIMEOUT_SECONDS": ("WEBHOOK_TIMEOUT_SECONDS", float),
    "WEBHOOK_RETENTION_DAYS": ("WEBHOOK_RETENTION_DAYS", int),
    "NOTIFICATION_STREAM_POLL_SECONDS": ("NOTIFICATION_STREAM_POLL_SECONDS", float),
    "NOTIFICATION_STREAM_SECONDS": ("NOTIFICATION_STREAM_SECONDS", float),
    "LOG_FORMAT": ("LOG_FORMAT", _word),
    "LOG_LEVEL": ("LOG_LEVEL", str.upper),
    "METRICS_TOKEN": ("METRICS_TOKEN", str),
    "READYZ_TIMEOUT_SECONDS": ("READYZ_TIMEOUT_SECONDS", float),
    "EXPERIMENTS_REFRESH_SECONDS": ("EXPERIMENTS_REFRESH_SECONDS", float),
    "EXPERIMENTS_PLANNED_VISITORS": ("EXPERIMENTS_PLANNED_VISITORS", int),
}


def settings_from_environment(environ=os.environ) -> dict:
    """The config values set through environment variables (empty ones are ignored)."""
    return {
        key: parse(environ[name]) for name, (key, parse) in ENVIRONMENT_SETTINGS.items() if environ.get(name)
    }


class Config:
    """Defaults shared by every environment."""

    SECRET_KEY = "dev-only-secret-change-me"
    # None means "a SQLite file in the instance folder", filled in by create_app.
    SQLALCHEMY_DATABASE_URI = None
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    REDIS_URL = None
    HUBSPOT_ACCESS_TOKEN = None
    HUBSPOT_BASE_URL = "https://api.hubapi.com"
    HUBSPOT_SWEEP_AFTER_SECONDS = 60
    # A HubSpot answer slower than this (seconds) counts as a transient failure.
    HUBSPOT_TIMEOUT_SECONDS = 15.0
    # Transient failures (5xx, timeouts, dropped connections) are retried with exponential backoff,
    # at most this far apart, and a row is dead-lettered only after failing that way this long.
    HUBSPOT_MAX_BACKOFF_SECONDS = 900.0
    HUBSPOT_DEAD_AFTER_HOURS = 72.0
    # Without Redis, the web process runs the periodic jobs of leadcapture/jobs/table.py on timers.
    INLINE_SWEEPER = True
    # Our own pace, below HubSpot's (100 per 10 s for Free/Starter apps), shared by all workers.
    HUBSPOT_RATE_LIMIT = "100 per 10 seconds"
    # Where staff open the admin (for the link on each HubSpot contact).
    PUBLIC_BASE_URL = "http://127.0.0.1:5000"
    SITE_API_KEYS: list[str] = []

    # Per client IP, on the public JSON API. A limit breach answers 429; an unreachable
    # Redis never fails a request (the limiter falls back to memory).
    API_RATE_LIMIT = "600 per minute"
    # Failed admin sign-ins, counted per client IP and per submitted email; beyond it every
    # sign-in (a correct one too) is refused with 429 until the window ends.
    LOGIN_RATE_LIMIT = "10 per 15 minutes"
    # Per client IP, on top of the API's: self-service privacy requests (each one sends an email),
    # the JSON endpoint and the /privacy form counted together.
    PRIVACY_RATE_LIMIT = "10 per hour"
    RATELIMIT_HEADERS_ENABLED = True
    # Reverse proxies in front of the app (nginx, a load balancer): with N, the client address,
    # scheme and host come from the last N X-Forwarded-* values. 0 trusts no such header, since
    # anyone can send one; behind a proxy, set it, or every visitor shares the proxy's address
    # (one rate limit for all, one anonymised IP).
    TRUSTED_PROXIES = 0
    RATELIMIT_SWALLOW_ERRORS = True
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True

    # Uploads (face photos) are the largest bodies we accept.
    MAX_CONTENT_LENGTH = 10 * 1024 * 1024
    EVENTS_MAX_BATCH = 1000
    EVENTS_MAX_BYTES = 1024 * 1024

    # Secure cookies need HTTPS; production turns them on.
    SECURE_COOKIES = False
    VISITOR_COOKIE_NAME = "lc_vid"
    VISITOR_COOKIE_MAX_AGE = 365 * 24 * 3600
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    # Strict-Transport-Security max-age over HTTPS; 0 sends none (production sends a year's).
    HSTS_SECONDS = 0
    # An admin session ends after this long without a request, and this long after sign-in.
    ADMIN_IDLE_TIMEOUT_MINUTES = 30
    ADMIN_SESSION_HOURS = 12
    # Staff passwords need at least this zxcvbn score (0 guessable .. 4 very unguessable).
    PASSWORD_MIN_SCORE = 3
    SALES_SEE = "all"
    # Insights (leadcapture.insights): a person went quiet this many days after a high-intent session.
    INSIGHT_QUIET_DAYS = 14

    # Face photos are deleted right after analysis unless a retention period is set (days);
    # kept ones go to a private folder (default: instance/private/photos), never served.
    PHOTO_RETENTION_DAYS = 0
    PHOTO_FOLDER = None
    # Photos and voice notes sent with a recommendation request, kept for staff (private folder,
    # default instance/private/attachments) this many days.
    ATTACHMENT_FOLDER = None

    # Retention in days, applied by `flask privacy purge` and its daily job (0 turns one off):
    # anonymous visitors (no lead) with their sessions, events, interactions, prompts and scores,
    # 13 months after their last visit (events go a whole month at a time);
    RETENTION_VISITOR_DAYS = 395
    # recommendation photos and voice notes;
    MEDIA_RETENTION_DAYS = 30
    # feedback comments;
    FEEDBACK_RETENTION_DAYS = 730
    # leads without activity for this long are anonymised (kept, so reports keep their counts);
    LEAD_RETENTION_DAYS = 1095
    # a lead staff deleted can be restored for this long, then it is erased.
    DELETED_LEAD_DAYS = 30

    CLINIC_NAME = "LeadCapture Clinic"
    CLINIC_TIMEZONE = "UTC"
    CLINIC_CLOSED_DATES: list[str] = []
    BOOKING_SLOT_MINUTES = 30
    BOOKING_DAYS_AHEAD = 21
    # Shown beside the (unticked) marketing checkbox and stored with each answer.
    CONSENT_TEXT = "Yes, the clinic may email me news and offers. I can unsubscribe at any time."
    # Region of phone numbers written without a country code.
    PHONE_REGION = "US"
    # "required": nothing is tracked before a visitor allows analytics on the consent banner;
    # "implied": visitors are tracked until they say no there.
    TRACKING_CONSENT = "implied"
    # The consent banner's text, stored with each answer.
    TRACKING_CONSENT_TEXT = (
        "This site keeps one necessary cookie to remember this choice. With your permission it also "
        "records how you use it (pages seen, tools used, the campaign that brought you here) so the "
        "clinic can improve it and follow up on the details you choose to leave. You can withdraw at "
        "any time from the link at the bottom of every page."
    )

    SESSION_TIMEOUT_MINUTES = 30
    DUPLICATE_INTERACTION_SECONDS = 10

    # Email, with the names of Flask's mail extensions (Flask-Mailman). No MAIL_SERVER: messages
    # are written to the log and kept for the admin's Mail page instead of being sent.
    MAIL_SERVER = None
    MAIL_PORT = 25
    MAIL_USE_TLS = False
    MAIL_USERNAME = None
    MAIL_PASSWORD = None
    MAIL_DEFAULT_SENDER = "LeadCapture <no-reply@localhost>"
    # Seconds an SMTP server may take to answer before the attempt fails (and is retried later).
    MAIL_TIMEOUT = 10.0

    # Outgoing webhooks (leadcapture/webhooks). A URL whose host resolves to a private, loopback,
    # link-local, multicast or reserved address is refused, when saved and when sent, unless this
    # is on (a receiver on the clinic's own network, the tests' local one): the server must not be
    # a way into networks its users cannot reach (SSRF).
    WEBHOOK_ALLOW_PRIVATE = False
    # Seconds a receiver may take to answer before the attempt fails (and is retried later).
    WEBHOOK_TIMEOUT_SECONDS = 5.0
    # Deliveries, with their payloads and attempts, are deleted this many days after they were made.
    WEBHOOK_RETENTION_DAYS = 30
    # The admin's live notification feed (server-sent events): how often a stream looks for new
    # notifications, and how long one lasts before the browser reconnects. An open stream holds a
    # web worker (thread) that long: see README, Production.
    NOTIFICATION_STREAM_POLL_SECONDS = 2.0
    NOTIFICATION_STREAM_SECONDS = 300.0

    DEMO_ADMIN_EMAIL = "admin@leadcapture.example"
    DEMO_ADMIN_PASSWORD = "leadcapture-admin"

    # Operations (leadcapture/ops): log lines as text or JSON, each with its request's id.
    LOG_FORMAT = "text"
    LOG_LEVEL = "INFO"
    # Bearer token /metrics asks for; unset: only loopback and private addresses may read it.
    METRICS_TOKEN = None
    # /readyz gives up on the database or Redis after this long (a stopped server answers at once).
    READYZ_TIMEOUT_SECONDS = 2.0
    # A process reads the running experiments again this often (at once after its own changes).
    EXPERIMENTS_REFRESH_SECONDS = 30.0
    # The visitors (all variants) an experiment's always-valid test is tuned for: its interval is
    # narrowest there (GrowthBook's default tuning).
    EXPERIMENTS_PLANNED_VISITORS = 5000

    @staticmethod
    def check(settings: dict) -> None:
        """Raise when the settings cannot run this environment."""
        for name, choices in CHOICE_SETTINGS.items():
            if settings.get(name) not in choices:
                raise RuntimeError(f"{name} must be one of {', '.join(choices)}, not {settings.get(name)!r}")
        if settings.get("EXPERIMENTS_PLANNED_VISITORS", 1) < 1:
            raise RuntimeError("EXPERIMENTS_PLANNED_VISITORS must be a positive number of visitors")


class DevelopmentConfig(Config):
    pass


class TestingConfig(Config):
    TESTING = True
    INLINE_SWEEPER = False
    SECRET_KEY = "testing-secret"
    # Quiet: a command's output stays its own (the tests of the logs ask for INFO).
    LOG_LEVEL = "WARNING"


class ProductionConfig(Config):
    SECURE_COOKIES = True
    HSTS_SECONDS = 365 * 24 * 3600
    LOG_FORMAT = "json"

    @staticmethod
    def check(settings: dict) -> None:
        Config.check(settings)
        missing = [
            name
            for name, key in (("SECRET_KEY", "SECRET_KEY"), ("DATABASE_URL", "SQLALCHEMY_DATABASE_URI"))
            if not settings.get(key) or settings[key] == Config.__dict__.get(key)
        ]
        if missing:
            raise RuntimeError("Production needs these environment variables set: " + ", ".join(missing))


CONFIGS = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}


def config_class(name: str | None = None) -> type[Config]:
    """The config class for ``name`` (default: ``LEADCAPTURE_ENV``, else development)."""
    name = (name or os.environ.get("LEADCAPTURE_ENV") or "development").lower()
    try:
        return CONFIGS[name]
    except KeyError:
        raise RuntimeError(f"Unknown LEADCAPTURE_ENV {name!r}; use one of {', '.join(CONFIGS)}") from None
