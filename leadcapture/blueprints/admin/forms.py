"""Admin forms."""

from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField
from wtforms.validators import DataRequired, Email, Length


class LoginForm(FlaskForm):
    email = EmailField(
        "Email", validators=[DataRequired(), Email(check_deliverability=False), Length(max=255)]
    )
    password = PasswordField("Password", validators=[DataRequired(), Length(max=200)])
