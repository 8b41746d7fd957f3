"""The weekly report's settings form: on or off, recipients as typed (checked by the settings,
which name every invalid address) and a box per section."""

from flask_wtf import FlaskForm
from wtforms import BooleanField, TextAreaField

from leadcapture.reports.weekly.sections import SECTIONS
from leadcapture.reports.weekly.settings import ReportSettings, split_addresses


class WeeklyReportForm(FlaskForm):
    enabled = BooleanField("Send it every Monday at 08:00, clinic time")
    recipients = TextAreaField("Recipients: one email address a line (or separated by commas)")


for _key, _kind in SECTIONS.items():
    setattr(WeeklyReportForm, f"section_{_key}", BooleanField(_kind.title))


def form_data(settings: ReportSettings) -> dict:
    """The form's values for ``settings``."""
    return {
        "enabled": settings.enabled,
        "recipients": "\n".join(settings.recipients),
        **{f"section_{key}": key in settings.sections for key in SECTIONS},
    }


def settings_values(form: WeeklyReportForm) -> dict:
    """The settings values typed into ``form``."""
    return {
        "enabled": form.enabled.data,
        "recipients": split_addresses(form.recipients.data),
        "sections": [key for key in SECTIONS if form[f"section_{key}"].data],
    }


def section_fields(form: WeeklyReportForm) -> list:
    return [form[f"section_{key}"] for key in SECTIONS]
