"""The insights' refresh job (its period is in ``leadcapture.jobs.table``)."""

from leadcapture.insights.refresh import refresh_insights

# Well inside the job timeout; a backlog (after a bulk load) is worked off over several runs.
REFRESH_SECONDS = 60


def refresh_job() -> int:
    """Recompute the queued insights for up to ``REFRESH_SECONDS``; how many were recomputed."""
    return refresh_insights(seconds=REFRESH_SECONDS)
