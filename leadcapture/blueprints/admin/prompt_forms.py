"""The feedback prompts' settings form, and turning what was typed into settings values.

The form refuses nothing itself: text that is not a whole number stays text, so the settings'
own validation says what is wrong with each field.
"""

from flask_wtf import FlaskForm
from wtforms import BooleanField, StringField

from leadcapture.feedback_prompts.settings import ENGAGEMENT_LEVELS, INT_RANGES, PromptSettings
from leadcapture.models import FEEDBACK_PROMPT_TYPES
from leadcapture.reports.prompt_performance import PROMPT_LABELS

NUMBER_LABELS = {
    "max_per_session": "Most prompts in one visit (each prompt shows at most once a visit)",
    "quiet_days_after_submission": "Days without prompts after a visitor sent feedback",
    "quiet_days_after_dismissal": "Days without prompts after a visitor dismissed one",
    "banner_delay_seconds": "Seconds on a page before the banner shows",
    "email_delay_hours": "Hours after a booking before the follow-up email",
}
LEVEL_LABELS = {"low": "Low", "medium": "Medium", "high": "High", "very_high": "Very high"}


class PromptSettingsForm(FlaskForm):
    pass


for _type in FEEDBACK_PROMPT_TYPES:
    setattr(PromptSettingsForm, f"show_{_type}", BooleanField(f"Show: {PROMPT_LABELS[_type]}"))
for _name, _label in NUMBER_LABELS.items():
    setattr(PromptSettingsForm, _name, StringField(_label))
for _level in ENGAGEMENT_LEVELS:
    setattr(
        PromptSettingsForm, f"greeting_{_level}", StringField(f"Greeting, {LEVEL_LABELS[_level]} engagement")
    )


def settings_form_data(settings: PromptSettings) -> dict:
    """The form's values for ``settings``."""
    return {
        **{f"show_{t}": t in settings.enabled_types for t in FEEDBACK_PROMPT_TYPES},
        **{name: str(getattr(settings, name)) for name in INT_RANGES},
        **{f"greeting_{level}": text for level, text in settings.greetings.items()},
    }


def settings_from_form(form: PromptSettingsForm) -> dict:
    """The settings values typed into ``form`` (whole numbers where they are; the rest as typed)."""
    return {
        "enabled_types": [t for t in FEEDBACK_PROMPT_TYPES if form[f"show_{t}"].data],
        **{name: _number(form[name].data) for name in INT_RANGES},
        "greetings": {level: form[f"greeting_{level}"].data or "" for level in ENGAGEMENT_LEVELS},
    }


def form_errors(errors: dict[str, str]) -> dict[str, str]:
    """The settings' errors by form field (``greetings.low`` is ``greeting_low``)."""
    return {name.replace("greetings.", "greeting_"): message for name, message in errors.items()}


def _number(text: str | None):
    text = (text or "").strip()
    return int(text) if text.isdigit() else text
