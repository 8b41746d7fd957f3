"""The periods offered as one-click choices on the report pages."""

from leadcapture.reports.period import Period, last_days

PRESET_DAYS = (7, 30, 90)


def preset_of(period: Period) -> int | None:
    """How many days ``period`` covers when it is one of the presets (ending today), else None."""
    return next((days for days in PRESET_DAYS if period == last_days(days)), None)
