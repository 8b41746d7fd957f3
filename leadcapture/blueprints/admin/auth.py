"""Staff sign-in (failed attempts rate-limited) and sign-out."""

import math
import time

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_limiter import RateLimitExceeded
from flask_login import current_user, login_required, login_user, logout_user

from leadcapture.accounts import authenticate, normalise_email
from leadcapture.blueprints.admin.blueprint import bp
from leadcapture.blueprints.admin.forms import LoginForm
from leadcapture.blueprints.admin.session_timeout import start_session
from leadcapture.blueprints.local_paths import local_path
from leadcapture.extensions import limiter


def _login_rate_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


def _refused(response) -> bool:
    # The view answers 400 exactly when it refused a sign-in; only those attempts count.
    return response.status_code == 400


def _submitted_email() -> str:
    return "sign-in-email:" + normalise_email(request.form.get("email", ""))


# Once either count is over the limit every sign-in is refused, a correct password included,
# so guessing cannot go on from many addresses against one account, or from one address.
_limit_per_ip = limiter.limit(_login_rate_limit, methods=["POST"], deduct_when=_refused)
_limit_per_email = limiter.limit(
    _login_rate_limit, methods=["POST"], deduct_when=_refused, key_func=_submitted_email
)


@bp.route("/login", methods=["GET", "POST"])
@_limit_per_ip
@_limit_per_email
def login():
    if current_user.is_authenticated:
        return redirect(url_for("admin.index"))
    form = LoginForm()
    if form.validate_on_submit():
        user = authenticate(form.email.data, form.password.data)
        if user is not None:
            login_user(user)
            start_session()
            # Only local paths: never redirect to another site after sign-in.
            return redirect(local_path(request.args.get("next")) or url_for("admin.index"))
        flash("Wrong email or password.", "error")
    status = 400 if form.errors or request.method == "POST" else 200
    return render_template("admin/login.html", form=form), status


@bp.errorhandler(RateLimitExceeded)
def too_many_sign_ins(_error):
    breached = limiter.current_limit
    # reset_at is rounded up to the next second; the window's own end is exact.
    seconds = breached.window.reset_time - time.time() if breached else 60
    minutes = max(1, math.ceil(seconds / 60))
    return render_template("admin/too_many_sign_ins.html", minutes=minutes), 429


@bp.post("/logout")
@login_required
def logout():
    logout_user()
    return redirect(url_for("admin.login"))
