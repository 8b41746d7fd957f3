"""Forms of the admin's users page; the account rules themselves live in ``leadcapture.accounts``."""

from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, SelectChoice, SelectField
from wtforms.validators import DataRequired

from leadcapture.accounts import PASSWORD_MIN_LENGTH
from leadcapture.models import ROLES

ROLE_CHOICES = [SelectChoice(role, role.capitalize()) for role in ROLES]


class NewUserForm(FlaskForm):
    email = EmailField("Email", validators=[DataRequired()])
    role = SelectField("Role", choices=ROLE_CHOICES)
    password = PasswordField(
        "Password", validators=[DataRequired()], description=f"At least {PASSWORD_MIN_LENGTH} characters."
    )


class RoleForm(FlaskForm):
    role = SelectField("Role", choices=ROLE_CHOICES)
