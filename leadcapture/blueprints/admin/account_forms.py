"""Forms of the admin's users page; the account rules themselves live in ``leadcapture.accounts``."""

from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, SelectChoice, SelectField
from wtforms.validators import DataRequired

from leadcapture.accounts import PASSWORD_MIN_LENGTH
from leadcapture.models import ROLES

ROLE_CHOICES = [SelectChoice(role, role.capitalize()) for role in ROLES]


class NewUserForm(FlaskForm):
    email = EmailField("Email", validators=[DataRequired()])
    # No role preselected: giving someone admin rights should never be a default.
    role = SelectField("Role", choices=[SelectChoice("", "Choose a role"), *ROLE_CHOICES])
    password = PasswordField(
        "Password",
        validators=[DataRequired()],
        description=f"At least {PASSWORD_MIN_LENGTH} characters, hard to guess: a few uncommon words.",
        render_kw={"minlength": PASSWORD_MIN_LENGTH, "autocomplete": "new-password"},
    )


class RoleForm(FlaskForm):
    role = SelectField("Role", choices=ROLE_CHOICES)
