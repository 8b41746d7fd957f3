"""The weekly report's settings, which admins change on ``/admin/weekly-report``: whether the
schedule sends it, to whom, and which sections it has."""

import re
from dataclasses import asdict, dataclass
from typing import Any

from email_validator import EmailNotValidError, validate_email

from leadcapture.admin_audit import record_admin_action
from leadcapture.errors import InputError
from leadcapture.extensions import db
from leadcapture.models import WeeklyReportSettingsRow
from leadcapture.models.types import utcnow
from leadcapture.reports.weekly.sections import SECTIONS

SETTINGS_ROW_ID = 1
MAX_RECIPIENTS = 50


@dataclass(frozen=True)
class ReportSettings:
    enabled: bool = False  # the Monday schedule sends it (``flask report weekly --send`` always can)
    recipients: tuple[str, ...] = ()
    sections: tuple[str, ...] = tuple(SECTIONS)

    def to_dict(self) -> dict:
        """JSON-ready values."""
        return {
            key: list(value) if isinstance(value, tuple) else value for key, value in asdict(self).items()
        }


def split_addresses(text: str) -> list[str]:
    """The addresses in ``text``, one a line or separated by commas or semicolons."""
    return [part.strip() for part in re.split(r"[,;\n]", text or "") if part.strip()]


def settings_from(values: dict[str, Any]) -> ReportSettings:
    """Validated settings (addresses normalised, sections in the report's order); InputError names
    each bad value, every invalid address."""
    recipients, errors = _recipients(values.get("recipients", ()))
    if not errors and values.get("enabled") and not recipients:
        errors["recipients"] = "Give at least one address to send the report to."
    sections = values.get("sections", ())
    if unknown := [str(key) for key in sections if key not in SECTIONS]:
        errors["sections"] = f"Unknown sections: {', '.join(unknown)}"
    elif not sections:
        errors["sections"] = "Choose at least one section."
    if errors:
        raise InputError(errors)
    chosen = tuple(key for key in SECTIONS if key in sections)
    return ReportSettings(bool(values.get("enabled")), tuple(recipients), chosen)


def _recipients(addresses) -> tuple[list[str], dict[str, str]]:
    """The valid addresses, normalised and without repeats, and the error naming the invalid ones."""
    recipients, bad = [], []
    for address in addresses:
        try:
            normalised = validate_email(str(address), check_deliverability=False).normalized
        except EmailNotValidError as error:
            bad.append(f"{str(address)[:80]!r} ({error})")
            continue
        if normalised.lower() not in {known.lower() for known in recipients}:
            recipients.append(normalised)
    if bad:
        return recipients, {"recipients": "Not an email address: " + "; ".join(bad)}
    if len(recipients) > MAX_RECIPIENTS:
        return recipients, {"recipients": f"At most {MAX_RECIPIENTS} recipients."}
    return recipients, {}


def report_settings() -> ReportSettings:
    """The settings in force (the defaults, off and with no recipients, until an admin saves some)."""
    row = db.session.get(WeeklyReportSettingsRow, SETTINGS_ROW_ID)
    if row is None:
        return ReportSettings()
    # A section a later version dropped is left out, not an error.
    sections = [key for key in row.values.get("sections", SECTIONS) if key in SECTIONS]
    return settings_from({**ReportSettings().to_dict(), **row.values, "sections": sections})


def save_report_settings(values: dict[str, Any], actor_id: int | None) -> ReportSettings:
    """Validate and store ``values``, logged in the admin audit log (without the addresses);
    commits. InputError names each bad value (nothing is saved)."""
    before = report_settings().to_dict()
    settings = settings_from(values)
    row = db.session.get(WeeklyReportSettingsRow, SETTINGS_ROW_ID)
    if row is None:
        db.session.add(WeeklyReportSettingsRow(id=SETTINGS_ROW_ID, values=settings.to_dict()))
    else:
        row.values, row.updated_at = settings.to_dict(), utcnow()
    detail = {
        "changed": sorted(name for name, value in settings.to_dict().items() if before[name] != value),
        "enabled": settings.enabled,
        "recipients": len(settings.recipients),
        "sections": list(settings.sections),
    }
    record_admin_action(actor_id, "weekly_report.settings", "weekly_report", SETTINGS_ROW_ID, detail)
    db.session.commit()
    return settings
