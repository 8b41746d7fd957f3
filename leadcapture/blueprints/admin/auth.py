"""Staff sign-in and sign-out."""

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required, login_user, logout_user

from leadcapture.accounts import authenticate
from leadcapture.blueprints.admin import bp
from leadcapture.blueprints.admin.forms import LoginForm


@bp.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("admin.index"))
    form = LoginForm()
    if form.validate_on_submit():
        user = authenticate(form.email.data, form.password.data)
        if user is not None:
            login_user(user)
            return redirect(_safe_next() or url_for("admin.index"))
        flash("Wrong email or password.", "error")
    status = 400 if form.errors or request.method == "POST" else 200
    return render_template("admin/login.html", form=form), status


@bp.post("/logout")
@login_required
def logout():
    logout_user()
    return redirect(url_for("admin.login"))


def _safe_next() -> str | None:
    target = request.args.get("next", "")
    # Only local paths: never redirect to another site after sign-in.
    return target if target.startswith("/") and not target.startswith("//") else None
