"""``flask users ...``: create staff accounts, list them, change roles, (de)activate."""

import click
from flask.cli import AppGroup, ScriptInfo

from leadcapture.accounts import change_role, create_user, find_user, list_users, password_problem, set_active
from leadcapture.errors import InputError
from leadcapture.models import ROLES, User

users_cli = AppGroup("users", help="Staff accounts of the admin area.")

ROLE = click.Choice(ROLES)


def _acceptable_password(ctx, _param, password: str) -> str:
    # A BadParameter makes click ask again when it prompted, and exit with the reason otherwise.
    # Option callbacks run before the command's app context (the strength setting) is pushed.
    with ctx.ensure_object(ScriptInfo).load_app().app_context():
        problem = password_problem(password)
    if problem:
        raise click.BadParameter(problem)
    return password


def _apply(change, *args):
    """Run an accounts change; its InputError becomes a one-line error and exit code 1."""
    try:
        return change(*args)
    except InputError as error:
        raise click.ClickException(" ".join(error.fields.values())) from None


def _user(email: str) -> User:
    user = find_user(email)
    if user is None:
        raise click.ClickException(f"No user with email {email}.")
    return user


@users_cli.command("create")
@click.argument("email")
@click.option("--role", type=ROLE, required=True, help="What the user may see in the admin.")
@click.option(
    "--password",
    prompt=True,
    hide_input=True,
    confirmation_prompt=True,
    callback=_acceptable_password,
    help="Asked for (hidden, twice) when not given.",
)
def create_command(email: str, role: str, password: str) -> None:
    """Create an active user who signs in at /admin/login."""
    user = _apply(create_user, email, password, role)
    click.echo(f"Created {user.email} ({user.role}).")


@users_cli.command("list")
def list_command() -> None:
    """Every user with role, state and creation date."""
    for user in list_users():
        state = "active" if user.active else "deactivated"
        click.echo(f"{user.email:<40} {user.role:<10} {state:<12} {user.created_at:%Y-%m-%d %H:%M}")


def _change(email: str, change, value, done: str) -> None:
    """Apply ``change(user, value)`` to the user with ``email`` and say ``done``."""
    user = _user(email)
    _apply(change, user, value)
    click.echo(done.format(email=user.email))


@users_cli.command("set-role")
@click.argument("email")
@click.argument("role", type=ROLE)
def set_role_command(email: str, role: str) -> None:
    """Give a user another role (the last active admin keeps theirs)."""
    _change(email, change_role, role, "{email} is now " + role + ".")


@users_cli.command("deactivate")
@click.argument("email")
def deactivate_command(email: str) -> None:
    """Sign a user out everywhere and refuse their sign-ins (the last active admin stays)."""
    _change(email, set_active, False, "{email} is deactivated.")


@users_cli.command("activate")
@click.argument("email")
def activate_command(email: str) -> None:
    """Let a deactivated user sign in again."""
    _change(email, set_active, True, "{email} is active.")
