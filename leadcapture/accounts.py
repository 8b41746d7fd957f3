"""Staff accounts: creation, sign-in check and the Flask-Login user loader."""

from sqlalchemy import func, select

from leadcapture.extensions import db, login_manager
from leadcapture.models import ROLES, User


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    return db.session.get(User, int(user_id)) if user_id.isdigit() else None


def normalise_email(email: str) -> str:
    return email.strip().lower()


def find_user(email: str) -> User | None:
    return db.session.scalars(select(User).where(func.lower(User.email) == normalise_email(email))).first()


def authenticate(email: str, password: str) -> User | None:
    """The active user with this email and password, else None."""
    user = find_user(email)
    if user is None or not user.active or not user.check_password(password):
        return None
    return user


def ensure_user(email: str, password: str, role: str) -> tuple[User, bool]:
    """The user with ``email``, created with ``password`` and ``role`` if missing; commits.

    Returns the user and whether it was created. An existing user is left as it is.
    """
    if role not in ROLES:
        raise ValueError(f"role must be one of {', '.join(ROLES)}")
    user = find_user(email)
    if user is not None:
        return user, False
    user = User(email=normalise_email(email), role=role)
    user.set_password(password)
    db.session.add(user)
    db.session.commit()
    return user, True
