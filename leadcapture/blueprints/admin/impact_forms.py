"""The form that adds or changes a business-impact rule; the rules' own check says what is wrong."""

from flask_wtf import FlaskForm
from wtforms import SelectField, StringField

from leadcapture.tracking import EVENT_TYPES
from leadcapture.tracking.impact import IMPACTS


class ImpactRuleForm(FlaskForm):
    event_type = SelectField("Event type", choices=sorted(EVENT_TYPES), validate_choice=False)
    pattern = StringField("Event name or pattern (* stands for any characters)")
    impact = SelectField("Impact", choices=list(reversed(IMPACTS)), validate_choice=False)
