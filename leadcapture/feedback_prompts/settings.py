"""The feedback prompts' settings, which admins change on ``/admin/prompts``: which prompts show,
the frequency caps, the banner's delay, the follow-up email's delay and the messages per
engagement level. Saved settings apply at once (no draft, unlike the scoring rules).
"""

from dataclasses import asdict, dataclass, field, fields
from typing import Any

from leadcapture.admin_audit import record_admin_action
from leadcapture.engagement import ENGAGEMENT_LEVELS
from leadcapture.errors import InputError
from leadcapture.extensions import db
from leadcapture.models import FEEDBACK_PROMPT_TYPES, FeedbackPromptSettingsRow
from leadcapture.models.types import utcnow

SETTINGS_ROW_ID = 1
MAX_MESSAGE_LENGTH = 300
# Seed 000's four greetings, for a clinic.
DEFAULT_GREETINGS = {
    "very_high": "You really explored your options with us!",
    "high": "Great visit! You tried several of our tools.",
    "medium": "Nice! You got a feel for what the clinic offers.",
    "low": "Thanks for visiting the clinic!",
}
INT_RANGES = {
    "max_per_session": (1, 5),
    "quiet_days_after_submission": (0, 365),
    "quiet_days_after_dismissal": (0, 365),
    "banner_delay_seconds": (0, 3600),
    "email_delay_hours": (1, 24 * 30),
}


@dataclass(frozen=True)
class PromptSettings:
    enabled_types: tuple[str, ...] = FEEDBACK_PROMPT_TYPES
    max_per_session: int = 2  # prompts of all types in one visit; each type at most once
    quiet_days_after_submission: int = 7
    quiet_days_after_dismissal: int = 1
    banner_delay_seconds: int = 20  # the in-page banner waits this long on a page
    email_delay_hours: int = 24  # the follow-up email goes this long after a booking
    greetings: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_GREETINGS))

    def to_dict(self) -> dict:
        """JSON-ready values."""
        return {**asdict(self), "enabled_types": list(self.enabled_types)}


def settings_from(values: dict[str, Any]) -> PromptSettings:
    """Validated settings from stored or submitted values (missing ones take their default);
    InputError names each bad value."""
    known = {f.name for f in fields(PromptSettings)}
    errors = {name: "unknown setting" for name in values if name not in known}
    errors |= {
        name: message for name, message in _value_errors(values).items() if name.split(".")[0] in values
    }
    if errors:
        raise InputError(errors)
    given = {name: value for name, value in values.items() if name in known}
    if "enabled_types" in given:
        given["enabled_types"] = tuple(t for t in FEEDBACK_PROMPT_TYPES if t in given["enabled_types"])
    if "greetings" in given:
        given["greetings"] = {**DEFAULT_GREETINGS, **given["greetings"]}
    return PromptSettings(**given)


def _value_errors(values: dict[str, Any]) -> dict[str, str]:
    errors = {}
    for name, (low, high) in INT_RANGES.items():
        value = values.get(name)
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            errors[name] = f"a whole number from {low} to {high}"
    types = values.get("enabled_types")
    if not isinstance(types, list | tuple) or not set(types) <= set(FEEDBACK_PROMPT_TYPES):
        errors["enabled_types"] = f"a list of {', '.join(FEEDBACK_PROMPT_TYPES)}"
    greetings = values.get("greetings")
    if not isinstance(greetings, dict) or not set(greetings) <= set(ENGAGEMENT_LEVELS):
        errors["greetings"] = f"a text for each of {', '.join(ENGAGEMENT_LEVELS)}"
        return errors
    for level, text in greetings.items():
        if not isinstance(text, str) or not 0 < len(text.strip()) <= MAX_MESSAGE_LENGTH:
            errors[f"greetings.{level}"] = f"a text of 1 to {MAX_MESSAGE_LENGTH} characters"
    return errors


def prompt_settings() -> PromptSettings:
    """The settings in force (the defaults until an admin saves some)."""
    row = db.session.get(FeedbackPromptSettingsRow, SETTINGS_ROW_ID)
    return settings_from(row.values) if row else PromptSettings()


def save_prompt_settings(values: dict[str, Any], actor_id: int | None) -> PromptSettings:
    """Validate and store ``values`` over the current settings, logged in the admin audit log;
    commits. InputError names each bad value (nothing is saved)."""
    before = prompt_settings()
    settings = settings_from({**before.to_dict(), **values})
    row = db.session.get(FeedbackPromptSettingsRow, SETTINGS_ROW_ID)
    if row is None:
        db.session.add(FeedbackPromptSettingsRow(id=SETTINGS_ROW_ID, values=settings.to_dict()))
    else:
        row.values, row.updated_at = settings.to_dict(), utcnow()
    changed = sorted(name for name, value in settings.to_dict().items() if before.to_dict()[name] != value)
    record_admin_action(
        actor_id, "prompts.settings", "prompt_settings", SETTINGS_ROW_ID, {"changed": changed}
    )
    db.session.commit()
    return settings
