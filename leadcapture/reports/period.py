"""The reporting period an admin page shows: whole UTC days, chosen in the query string."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from leadcapture.errors import InputError
from leadcapture.models.types import utcnow

DEFAULT_DAYS = 30
MAX_DAYS = 3660


@dataclass(frozen=True)
class Period:
    """The days ``first`` to ``last``, both included."""

    first: date
    last: date

    @property
    def start(self) -> datetime:
        """The first instant in the period (naive UTC, as stored)."""
        return datetime.combine(self.first, time.min)

    @property
    def end(self) -> datetime:
        """The first instant after the period."""
        return datetime.combine(self.last + timedelta(days=1), time.min)

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    def previous(self) -> "Period":
        """The period of the same length just before this one."""
        return Period(self.first - timedelta(days=self.days), self.first - timedelta(days=1))

    def dates(self) -> list[date]:
        """Every day of the period, in order."""
        return [self.first + timedelta(days=offset) for offset in range(self.days)]

    def parts(self, days: int) -> list["Period"]:
        """The period cut into consecutive periods of ``days`` days (the last may be shorter)."""
        return [
            Period(first, min(first + timedelta(days=days - 1), self.last)) for first in self.dates()[::days]
        ]

    def as_args(self) -> dict[str, str]:
        """Query-string arguments that give this period back (for links and exports)."""
        return {"from": self.first.isoformat(), "to": self.last.isoformat()}


def last_days(days: int, today: date | None = None) -> Period:
    """The ``days`` days ending today (UTC)."""
    today = today or utcnow().date()
    return Period(today - timedelta(days=days - 1), today)


def period_from_args(args, default_days: int = DEFAULT_DAYS) -> Period:
    """The period in ``args`` (``from``/``to`` as YYYY-MM-DD, or ``days``), else the last
    ``default_days`` days. Raises InputError, naming the field, on a bad value."""
    if args.get("from") or args.get("to"):
        today = utcnow().date()
        first = _day(args, "from", today - timedelta(days=default_days - 1))
        last = _day(args, "to", today)
        if first > last:
            raise InputError({"from": "must not be after 'to'"})
        if (last - first).days >= MAX_DAYS:
            raise InputError({"from": f"a period can be at most {MAX_DAYS} days"})
        return Period(first, last)
    days = args.get("days", "")
    if not days:
        return last_days(default_days)
    if not days.isdigit() or not 1 <= int(days) <= MAX_DAYS:
        raise InputError({"days": f"must be a whole number from 1 to {MAX_DAYS}"})
    return last_days(int(days))


def _day(args, name: str, default: date) -> date:
    value = args.get(name, "")
    if not value:
        return default
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InputError({name: "must be a date as YYYY-MM-DD"}) from None
