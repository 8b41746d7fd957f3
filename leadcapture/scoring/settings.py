"""Scoring settings: level thresholds, contact-form behaviour and score decay.

``ScoringSettings`` is a frozen dataclass validated on construction (``SettingsValidationError``);
``from_dict`` / ``to_dict`` convert to and from the stored plain-dict form, and
``dataclasses.replace(settings, form_threshold=50)`` derives a changed copy.

Decay (off by default): when ``decay_enabled``, an interaction ``age_days`` old counts
``2 ** (-age_days / decay_half_life_days)`` of its points - see ``engine`` for exactly how.
(Settings stored with the old one-step ``decay_after_days`` were renamed by migration 0033: "counts
half after N days" and "a half-life of N days" agree on day N.)
"""

from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields
from typing import Any

from leadcapture.scoring.errors import SettingsValidationError
from leadcapture.scoring.vocabulary import CONTACT_FIELDS


@dataclass(frozen=True)
class ScoringSettings:
    """Thresholds and limits the engine and the contact-form decision use."""

    medium_threshold: int = 40  # score >= this is "medium"
    high_threshold: int = 70  # score >= this is "high"
    form_threshold: int = 60  # the contact form is offered from this score
    max_fields_per_form: int = 3  # at most this many fields are asked at once
    reprompt_cooldown_seconds: int = 600  # no new offer this soon after a dismissal
    max_prompts_per_session: int = 2  # no more offers than this in one session
    field_priority: tuple[str, ...] = CONTACT_FIELDS  # most valuable first
    decay_enabled: bool = False
    decay_half_life_days: int = 90  # when decay is on, an interaction this old counts half

    def __post_init__(self):
        if isinstance(self.field_priority, list):
            object.__setattr__(self, "field_priority", tuple(self.field_priority))
        errors = _settings_errors(self)
        if errors:
            raise SettingsValidationError(errors)

    @classmethod
    def from_dict(cls, raw: Mapping[str, Any]) -> "ScoringSettings":
        """Settings from a stored dict; missing keys take their default, unknown keys are refused."""
        known = {f.name for f in fields(cls)}
        unknown = {
            str(key): f"unknown setting; use {', '.join(sorted(known))}" for key in raw if key not in known
        }
        if unknown:
            raise SettingsValidationError(unknown)
        return cls(**dict(raw))

    def to_dict(self) -> dict:
        """JSON-ready dict (``field_priority`` as a list)."""
        values = asdict(self)
        values["field_priority"] = list(self.field_priority)
        return values


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


_INT_RANGES = {
    "medium_threshold": (0, 100),
    "high_threshold": (0, 100),
    "form_threshold": (0, 100),
    "max_fields_per_form": (1, 20),
    "reprompt_cooldown_seconds": (0, 365 * 86400),
    "max_prompts_per_session": (0, 1000),
    "decay_half_life_days": (1, 3650),
}


def _settings_errors(settings: ScoringSettings) -> dict[str, str]:
    errors = {}
    for name, (low, high) in _INT_RANGES.items():
        value = getattr(settings, name)
        if not _is_int(value) or not low <= value <= high:
            errors[name] = f"must be a whole number from {low} to {high}"
    thresholds_ok = "medium_threshold" not in errors and "high_threshold" not in errors
    if thresholds_ok and settings.medium_threshold > settings.high_threshold:
        errors["high_threshold"] = "must not be below medium_threshold"
    if not isinstance(settings.decay_enabled, bool):
        errors["decay_enabled"] = "must be true or false"
    priority = settings.field_priority
    if (
        not isinstance(priority, tuple)
        or not priority
        or not all(isinstance(name, str) and name for name in priority)
        or len(set(priority)) != len(priority)
    ):
        errors["field_priority"] = "must be a non-empty list of distinct field names"
    elif unknown := [name for name in priority if name not in CONTACT_FIELDS]:
        # The contact form and the API schema know only these fields.
        errors["field_priority"] = f"unknown contact field {unknown[0]!r}; use {', '.join(CONTACT_FIELDS)}"
    return errors


DEFAULT_SETTINGS = ScoringSettings()
