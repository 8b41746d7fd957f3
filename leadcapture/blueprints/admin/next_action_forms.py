"""The form that adds or changes a next-action rule; the rules' own check says what is wrong."""

from flask_wtf import FlaskForm
from wtforms import BooleanField, StringField, TextAreaField


class NextActionRuleForm(FlaskForm):
    action = StringField("Action for sales")
    condition = TextAreaField("Condition")
    priority = StringField("Priority (1 is the most urgent)")
    enabled = BooleanField("Enabled", default=True)
