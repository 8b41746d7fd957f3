"""What a variant may change on each kind of target, and the checks on a variant's ``changes``.

A target is ``"<kind>"`` or ``"<kind>:<name>"``: ``tool_page:<tool>`` and ``result_page:<tool>``
(a tool of ``scoring.vocabulary.TOOLS``), ``contact_form``, ``feedback_prompt:<prompt type>``
(one of ``FEEDBACK_PROMPT_TYPES``, e.g. ``tool_result``). A variant's ``changes`` maps some of
its kind's settings to values; a setting left out keeps the site's own (the control usually
changes nothing).
"""

from collections.abc import Callable, Mapping

from leadcapture.models.experiments import TARGET_KINDS
from leadcapture.models.feedback_prompts import FEEDBACK_PROMPT_TYPES
from leadcapture.scoring.vocabulary import CONTACT_FIELDS, TOOLS

MAX_COPY_LENGTH = 200
# How a tool's result is laid out: "standard" as today; "summary_first" puts the headline figure
# and the next step above the details.
RESULT_LAYOUTS = ("standard", "summary_first")
TARGET_NAMES = {
    "tool_page": TOOLS,
    "result_page": TOOLS,
    "contact_form": (),
    "feedback_prompt": FEEDBACK_PROMPT_TYPES,
}


def _copy(value: object) -> str | None:
    if not isinstance(value, str) or not value.strip() or len(value) > MAX_COPY_LENGTH:
        return f"must be text of 1 to {MAX_COPY_LENGTH} characters"
    return None


def _score(value: object) -> str | None:
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 100:
        return "must be a whole number from 0 to 100"
    return None


def _fields(value: object) -> str | None:
    if (
        not isinstance(value, list)
        or not value
        or len(set(value)) != len(value)
        or any(name not in CONTACT_FIELDS for name in value)
    ):
        return f"must list some of {', '.join(CONTACT_FIELDS)} once each, in the order asked"
    return None


def _max_fields(value: object) -> str | None:
    if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= len(CONTACT_FIELDS):
        return f"must be a whole number from 1 to {len(CONTACT_FIELDS)}"
    return None


def _layout(value: object) -> str | None:
    return None if value in RESULT_LAYOUTS else f"must be one of {', '.join(RESULT_LAYOUTS)}"


# Per target kind: setting name → its check (None when the value is fine, else the error).
CHANGES: dict[str, dict[str, Callable[[object], str | None]]] = {
    "tool_page": {"cta_copy": _copy},
    "result_page": {"layout": _layout},
    "contact_form": {
        "fields": _fields,  # the fields asked, most valuable first (the form's field priority)
        "max_fields": _max_fields,  # how many of them are asked at once
        "threshold": _score,  # the score from which the form is offered
        "headline": _copy,
        "button": _copy,
    },
    "feedback_prompt": {"message": _copy},
}


def target_kind(target: str) -> str:
    """The kind of ``target`` (``"tool_page:cost_calculator"`` → ``"tool_page"``)."""
    return target.partition(":")[0]


def target_error(target: str) -> str | None:
    """Why ``target`` is not one an experiment can have, or None."""
    kind, _, name = target.partition(":")
    if kind not in TARGET_KINDS:
        return f"must start with one of {', '.join(TARGET_KINDS)}"
    names = TARGET_NAMES[kind]
    if names and name not in names:
        return f"{kind} needs one of {', '.join(names)} after a colon"
    if not names and name:
        return f"{kind} takes no name"
    return None


def every_target() -> list[str]:
    """Every target an experiment can have, for forms."""
    return [
        f"{kind}:{name}" if name else kind for kind in TARGET_KINDS for name in TARGET_NAMES[kind] or [""]
    ]


def changes_errors(target: str, changes: Mapping[str, object]) -> dict[str, str]:
    """Setting name → why the value is refused, for the settings of ``changes`` that the target's
    kind does not have or whose value is wrong; empty when all are fine."""
    allowed = CHANGES.get(target_kind(target), {})
    errors = {}
    for name, value in changes.items():
        if name not in allowed:
            errors[name] = f"not a setting of {target_kind(target)}; use {', '.join(allowed)}"
        elif error := allowed[name](value):
            errors[name] = error
    return errors
