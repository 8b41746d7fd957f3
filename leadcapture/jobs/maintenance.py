"""The report roll-ups' refresh job (its period is in ``leadcapture.jobs.table``)."""

from leadcapture.models.types import utcnow
from leadcapture.reports.attribution_report import prepare_attribution
from leadcapture.reports.period import last_days
from leadcapture.reports.presets import PRESET_DAYS
from leadcapture.rollups.refresh import refresh_rollups

# Well inside the job timeout; a long backlog (after a bulk load) is worked off over several runs.
REFRESH_SECONDS = 60


def refresh_report_rollups() -> int:
    """Fold new activity into the admin reports' roll-ups, and count the visitor days and keep the
    conversions' journeys of the longest preset period, so a page view has little left to do;
    returns how many visitors' roll-ups changed."""
    changed = refresh_rollups(seconds=REFRESH_SECONDS)
    prepare_attribution(last_days(max(PRESET_DAYS)), utcnow())
    return changed
