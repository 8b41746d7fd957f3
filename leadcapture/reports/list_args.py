"""Reading a list page's filters from the query string: each bad value is an InputError naming it."""

from collections.abc import Sequence

from leadcapture.errors import InputError
from leadcapture.reports.period import Period, period_from_args

MAX_TEXT = 255
PERIOD_ARGS = ("from", "to", "days")


def choice(args, name: str, choices: Sequence[str], default: str | None = None) -> str | None:
    """One of ``choices``, or ``default`` when the argument is absent or empty."""
    value = args.get(name, "")
    if not value:
        return default
    if value not in choices:
        raise InputError({name: f"must be one of: {', '.join(choices)}"})
    return value


def whole_number(args, name: str, low: int, high: int) -> int | None:
    """A whole number from ``low`` to ``high``, or None when absent or empty."""
    value = args.get(name, "").strip()
    if not value:
        return None
    if not value.isascii() or not value.isdigit() or not low <= int(value) <= high:
        raise InputError({name: f"must be a whole number from {low} to {high}"})
    return int(value)


def text(args, name: str) -> str | None:
    """Free text (trimmed), or None when absent or blank."""
    value = args.get(name, "").strip()
    if len(value) > MAX_TEXT or "\x00" in value:
        raise InputError({name: f"must be at most {MAX_TEXT} characters of text"})
    return value or None


def optional_period(args) -> Period | None:
    """The period in ``args`` when one is given, else None (no limit)."""
    return period_from_args(args) if any(args.get(name) for name in PERIOD_ARGS) else None


def page_number(args) -> int:
    """The ``page`` argument (1 when absent)."""
    return whole_number(args, "page", 1, 1_000_000) or 1
