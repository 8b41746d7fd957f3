"""The app factory: ``create_app`` builds the Flask app from its config, extensions, blueprints,
error handlers and CLI commands (cookiecutter-flask's layout)."""

import os

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from config import TestingConfig, config_class, settings_from_environment
from leadcapture import accounts, cli, limiter_storage, mail, models, security_headers  # noqa: F401  (models: known to Alembic)
from leadcapture.blueprints import admin, api, consent, contact, errors, feedback, ops, privacy, public
from leadcapture.blueprints.tool_pages import tool_blueprint
from leadcapture.blueprints.visitor_context import set_visitor_cookie
from leadcapture.cta.registry import TOOLS
from leadcapture.experiments import running as running_experiments
from leadcapture.extensions import cors, csrf, db, limiter, login_manager, mailman, migrate
from leadcapture.jobs import dispatch
from leadcapture.jobs.periodic import ArmOnFirstRequest
from leadcapture.leads import lifecycle
from leadcapture.models.event_partitions import include_in_migrations
from leadcapture.models.sqlite import configure_sqlite_connections
from leadcapture.ops import logs, metrics, request_hooks
from leadcapture.reports import journeys
from leadcapture.sync import changes, outbox
from leadcapture.webhooks import lead_events
from leadcapture.webhooks import outbox as webhook_outbox


def create_app(test_config: dict | None = None) -> Flask:
    """Build the app: config, extensions, blueprints, error handlers, CLI commands."""
    app = Flask("leadcapture", instance_relative_config=True)
    configure(app, test_config)
    register_operations(app)
    register_extensions(app)
    register_blueprints(app)
    register_errorhandlers(app)
    register_commands(app)
    trust_proxies(app)
    return app


def trust_proxies(app: Flask) -> None:
    """Read the client's address, scheme and host from the TRUSTED_PROXIES proxies in front."""
    hops = app.config["TRUSTED_PROXIES"]
    if hops:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)


def configure(app: Flask, test_config: dict | None) -> None:
    config = TestingConfig if test_config is not None else config_class()
    app.config.from_object(config)
    app.config.update(settings_from_environment())
    app.config.update(test_config or {})
    config.check(app.config)
    os.makedirs(app.instance_path, exist_ok=True)
    if not app.config.get("SQLALCHEMY_DATABASE_URI"):
        path = os.path.join(app.instance_path, "leadcapture.db")
        app.config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{path}"
    for key, folder in (("PHOTO_FOLDER", "photos"), ("ATTACHMENT_FOLDER", "attachments")):
        if not app.config.get(key):
            app.config[key] = os.path.join(app.instance_path, "private", folder)
    # Rate limits are shared by every web process through Redis when there is one.
    app.config.setdefault("RATELIMIT_STORAGE_URI", app.config["REDIS_URL"] or f"{limiter_storage.SCHEME}://")
    if app.config["SECURE_COOKIES"]:
        app.config["SESSION_COOKIE_SECURE"] = True
        app.config["REMEMBER_COOKIE_SECURE"] = True


def register_operations(app: Flask) -> None:
    """Logs in LOG_FORMAT with request ids; each request timed and counted (first, so that its
    after-request hook runs last and times the others too)."""
    logs.init_app(app)
    metrics.init_app(app)
    request_hooks.init_app(app)


def register_extensions(app: Flask) -> None:
    db.init_app(app)
    migrate.init_app(
        app,
        db,
        directory=os.path.join(os.path.dirname(app.root_path), "migrations"),
        render_as_batch=True,
        compare_type=True,
        include_name=include_in_migrations,
    )
    csrf.init_app(app)
    login_manager.init_app(app)
    limiter.init_app(app)
    mailman.init_app(app)
    # The tracker runs on other sites' pages too: answer their CORS requests to the public API.
    cors.init_app(
        app,
        resources={r"/api/v1/*": {"origins": "*"}},
        allow_headers=["Content-Type", "X-API-Key"],
        methods=["GET", "POST"],
        supports_credentials=False,
        max_age=7200,
    )
    security_headers.init_app(app)
    running_experiments.init_app(app)
    with app.app_context():
        configure_sqlite_connections(db.engine)
    register_jobs(app)


def register_jobs(app: Flask) -> None:
    dispatch.init_app(app)
    outbox.init_app(app)
    changes.init_app(app)
    lifecycle.init_app(app)
    journeys.init_app(app)
    mail.init_app(app)
    lead_events.init_app(app)
    webhook_outbox.init_app(app)
    if "inline_jobs" in app.extensions and app.config["INLINE_SWEEPER"]:
        app.before_request(ArmOnFirstRequest())


def register_blueprints(app: Flask) -> None:
    accounts.init_app(app)
    app.register_blueprint(public.bp)
    for tool in TOOLS.values():
        app.register_blueprint(tool_blueprint(tool))
    app.register_blueprint(contact.bp)
    app.register_blueprint(feedback.bp)
    app.register_blueprint(consent.bp)
    app.register_blueprint(privacy.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(api.openapi.bp)
    app.register_blueprint(admin.bp)
    app.register_blueprint(ops.bp)
    csrf.exempt(api.bp)
    csrf.exempt(ops.bp)
    limiter.exempt(ops.bp)
    csrf.exempt(consent.bp)  # checks the request's origin instead (see refuse_other_sites)
    login_manager.login_view = "admin.login"
    app.after_request(set_visitor_cookie)


def register_errorhandlers(app: Flask) -> None:
    errors.init_app(app)


def register_commands(app: Flask) -> None:
    cli.init_app(app)
