"""Staff accounts: creation, roles, (de)activation, sign-in check and the Flask-Login user loader.

The ``flask users`` commands and the admin's users page both go through these functions, so the
same rules hold everywhere: a valid email used once, a known role, a password of at least
``PASSWORD_MIN_LENGTH`` characters that the zxcvbn estimator scores at least
``PASSWORD_MIN_SCORE``, and always one active admin left.
"""

import re

from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from zxcvbn import zxcvbn

from leadcapture.admin_audit import record_admin_action
from leadcapture.contact_fields import ContactError
from leadcapture.contact_fields import normalise_email as valid_email
from leadcapture.errors import InputError
from leadcapture.extensions import db, login_manager
from leadcapture.models import ROLES, User

PASSWORD_MIN_LENGTH = 8
# The sign-in form accepts no longer password.
PASSWORD_MAX_LENGTH = 200


def init_app(app) -> None:
    """Let Flask-Login load the signed-in user from their id."""
    login_manager.user_loader(load_user)


def load_user(user_id: str) -> User | None:
    # A deactivated user's open sessions end with their next request.
    user = db.session.get(User, int(user_id)) if user_id.isdigit() else None
    return user if user is not None and user.active else None


def normalise_email(email: str) -> str:
    return email.strip().lower()


def find_user(email: str) -> User | None:
    return db.session.scalars(select(User).where(func.lower(User.email) == normalise_email(email))).first()


def list_users() -> list[User]:
    """Every account, by email."""
    return list(db.session.scalars(select(User).order_by(User.email)))


def authenticate(email: str, password: str) -> User | None:
    """The active user with this email and password, else None."""
    user = find_user(email)
    if user is None or not user.active or not user.check_password(password):
        return None
    return user


def role_problem(role: str) -> str | None:
    return None if role in ROLES else f"Role must be one of {', '.join(ROLES)}."


def password_problem(password: str, email: str = "") -> str | None:
    """Why ``password`` may not be used (by the owner of ``email``), or None."""
    if len(password) < PASSWORD_MIN_LENGTH:
        return f"Use at least {PASSWORD_MIN_LENGTH} characters."
    if len(password) > PASSWORD_MAX_LENGTH:
        return f"Use at most {PASSWORD_MAX_LENGTH} characters."
    return weak_password_problem(password, email)


def weak_password_problem(password: str, email: str = "") -> str | None:
    """The estimator's feedback when ``password`` scores below ``PASSWORD_MIN_SCORE``, else None.

    The parts of ``email`` count as known words: a password made of them is easy to guess.
    """
    # Our own name too: an attacker tries the product's and the clinic's words first.
    known = [email.lower(), *re.split(r"[^a-z0-9]+", email.lower()), "leadcapture", "clinic"]
    estimate = zxcvbn(password, user_inputs=[word for word in known if word])
    if estimate["score"] >= current_app.config["PASSWORD_MIN_SCORE"]:
        return None
    feedback = estimate["feedback"]
    advice = " ".join([feedback["warning"], *feedback["suggestions"]]).strip()
    return f"This password is too easy to guess. {advice or 'Add more words or characters.'}"


def create_user(email: str, password: str, role: str, by: User | None = None) -> User:
    """A new active user, made by ``by`` (None: the command line); commits. InputError names every
    bad field (email taken included)."""
    problems = {"role": role_problem(role), "password": password_problem(password, email)}
    try:
        email = normalise_email(valid_email(email))
    except ContactError as error:
        problems["email"] = error.fields["email"]
    else:
        if find_user(email) is not None:
            problems["email"] = f"A user with email {email} already exists."
    _refuse_if_any(problems)
    user = User(email=email, role=role, active=True)
    user.set_password(password)
    db.session.add(user)
    try:
        db.session.flush()
        record_admin_action(_id(by), "user.create", "user", user.id, {"role": role})
        db.session.commit()
    except IntegrityError:
        # Created by someone else between our check and our insert.
        db.session.rollback()
        raise InputError({"email": f"A user with email {email} already exists."}) from None
    return user


def ensure_user(email: str, password: str, role: str) -> tuple[User, bool]:
    """The user with ``email``, created with ``password`` and ``role`` if missing; commits.

    Returns the user and whether it was created. An existing user is left as it is.
    """
    user = find_user(email)
    if user is not None:
        return user, False
    return create_user(email, password, role), True


def change_role(user: User, role: str, by: User | None = None) -> None:
    """Give ``user`` another role; commits. ``by`` (the signed-in admin) may not demote themselves."""
    _refuse_if_any({"role": role_problem(role)})
    if role == user.role:
        return
    if by is not None and by.id == user.id:
        raise InputError({"role": "You cannot change your own role."})
    _keep_an_active_admin(user, "role")
    record_admin_action(_id(by), "user.role", "user", user.id, {"from": user.role, "to": role})
    user.role = role
    db.session.commit()


def set_active(user: User, active: bool, by: User | None = None) -> None:
    """Deactivate (signs out, refuses sign-in) or reactivate ``user``; commits."""
    if active == user.active:
        return
    if not active:
        if by is not None and by.id == user.id:
            raise InputError({"active": "You cannot deactivate your own account."})
        _keep_an_active_admin(user, "active")
    user.active = active
    record_admin_action(_id(by), "user.activate" if active else "user.deactivate", "user", user.id)
    db.session.commit()


def _keep_an_active_admin(user: User, field: str) -> None:
    """InputError if ``user`` is the only active admin (who is about to stop being one)."""
    if user.role != "admin" or not user.active:
        return
    # Locking the active admins' rows makes two admins demoting each other at once wait in turn,
    # so the second sees the first one's change and is refused.
    admins = db.session.scalars(
        select(User.id).where(User.role == "admin", User.active.is_(True)).with_for_update()
    ).all()
    if set(admins) <= {user.id}:
        raise InputError({field: f"{user.email} is the last active admin; make another user admin first."})


def _id(user: User | None) -> int | None:
    return None if user is None else user.id


def _refuse_if_any(problems: dict[str, str | None]) -> None:
    fields = {field: message for field, message in problems.items() if message}
    if fields:
        raise InputError(fields)
