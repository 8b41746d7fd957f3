"""Whether to offer the progressive contact form now, and which fields to ask."""

from collections.abc import Iterable
from dataclasses import dataclass, field

from leadcapture.scoring.settings import DEFAULT_SETTINGS, ScoringSettings

OFFER = "offer"
BELOW_THRESHOLD = "below_threshold"
NOTHING_TO_ASK = "nothing_to_ask"
COOLDOWN = "cooldown"
SESSION_LIMIT = "session_limit"


@dataclass(frozen=True)
class FormDecision:
    """``offer``: show the form; ``fields``: what to ask (empty when not offered); ``reason``: why.

    ``reason`` is one of ``offer``, ``below_threshold``, ``nothing_to_ask``, ``cooldown``,
    ``session_limit`` (checked in that order, the first that applies is reported).
    """

    offer: bool
    fields: list[str] = field(default_factory=list)
    reason: str = OFFER

    def to_dict(self) -> dict:
        return {"offer": self.offer, "fields": list(self.fields), "reason": self.reason}


def fields_to_ask(known_fields: Iterable[str], settings: ScoringSettings = DEFAULT_SETTINGS) -> list[str]:
    """The unknown fields in priority order, at most ``max_fields_per_form``."""
    known = set(known_fields)
    missing = [name for name in settings.field_priority if name not in known]
    return missing[: settings.max_fields_per_form]


def decide_contact_form(
    score: float,
    known_fields: Iterable[str],
    settings: ScoringSettings = DEFAULT_SETTINGS,
    seconds_since_last_dismissal: float | None = None,
    prompts_this_session: int = 0,
) -> FormDecision:
    """Offer the form when the score reaches ``form_threshold``, some priority field is unknown,
    the last dismissal (None = never dismissed) is at least ``reprompt_cooldown_seconds`` ago and
    fewer than ``max_prompts_per_session`` offers were made this session.
    """
    if score < settings.form_threshold:
        return FormDecision(False, [], BELOW_THRESHOLD)
    fields = fields_to_ask(known_fields, settings)
    if not fields:
        return FormDecision(False, [], NOTHING_TO_ASK)
    if (
        seconds_since_last_dismissal is not None
        and seconds_since_last_dismissal < settings.reprompt_cooldown_seconds
    ):
        return FormDecision(False, [], COOLDOWN)
    if prompts_this_session >= settings.max_prompts_per_session:
        return FormDecision(False, [], SESSION_LIMIT)
    return FormDecision(True, fields, OFFER)
