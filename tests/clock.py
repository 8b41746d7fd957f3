"""Clocks a test moves by hand, in place of time.time() or time.monotonic() (``ManualClock``) and
of ``utcnow()`` (``ManualNow``)."""

from datetime import datetime, timedelta


class ManualClock:
    def __init__(self, start: float = 1_800_000_000.0):
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


class ManualNow:
    """A naive-UTC ``utcnow`` a test moves by hand."""

    def __init__(self, start: datetime):
        self.start = self.now = start

    def __call__(self) -> datetime:
        return self.now

    def at(self, delta: timedelta) -> None:
        """Move it to ``delta`` after its start."""
        self.now = self.start + delta
