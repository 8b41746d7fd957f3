"""The users page (admins only): list accounts, create one, change roles, (de)activate."""

from flask import flash, redirect, render_template, url_for
from flask_login import current_user

from leadcapture.accounts import change_role, create_user, list_users, set_active
from leadcapture.blueprints.admin.access import section_required
from leadcapture.blueprints.admin.account_forms import ROLE_CHOICES, NewUserForm, RoleForm
from leadcapture.blueprints.admin.blueprint import bp
from leadcapture.errors import InputError
from leadcapture.extensions import db
from leadcapture.models import User


@bp.route("/users", methods=["GET", "POST"])
@section_required("users")
def users():
    form = NewUserForm()
    if form.validate_on_submit():
        try:
            user = create_user(form.email.data, form.password.data, form.role.data, by=current_user)
        except InputError as error:
            for field, message in error.fields.items():
                form[field].errors.append(message)
        else:
            flash(f"Created {user.email} ({user.role}).", "info")
            return redirect(url_for("admin.users"))
    return _page(form, status=400 if form.errors else 200)


@bp.post("/users/<int:user_id>/role")
@section_required("users")
def user_role(user_id: int):
    form = RoleForm()
    if not form.validate():
        return _page(NewUserForm(formdata=None), problems=form.role.errors, status=400)
    return _change(user_id, change_role, form.role.data, done="{email} is now {role}.")


@bp.post("/users/<int:user_id>/deactivate")
@section_required("users")
def user_deactivate(user_id: int):
    return _change(user_id, set_active, False, done="{email} is deactivated and signed out.")


@bp.post("/users/<int:user_id>/reactivate")
@section_required("users")
def user_reactivate(user_id: int):
    return _change(user_id, set_active, True, done="{email} may sign in again.")


def _change(user_id: int, change, value, done: str):
    """Apply ``change(user, value)`` as the signed-in admin; PRG on success, the page with the
    reason (400) when the accounts rules refuse it."""
    user = db.get_or_404(User, user_id)
    try:
        change(user, value, by=current_user)
    except InputError as error:
        return _page(NewUserForm(formdata=None), problems=list(error.fields.values()), status=400)
    flash(done.format(email=user.email, role=user.role), "info")
    return redirect(url_for("admin.users"))


def _page(form: NewUserForm, problems=(), status: int = 200):
    return render_template(
        "admin/users.html", users=list_users(), form=form, problems=problems, roles=ROLE_CHOICES
    ), status
