"""The sync-health check: HubSpot rejected our credentials (the sync records a 401/403 in
``integration_state``), changes are dead-lettered, or the oldest change still waiting for HubSpot
is older than the threshold. Each clears once healthy again."""

from datetime import datetime, timedelta

from leadcapture.alerts.evaluate import AlertText, Firing
from leadcapture.alerts.rules import RuleSettings
from leadcapture.models.outbox import outbox_counts
from leadcapture.sync.outbox import hubspot_configured
from leadcapture.sync.state import hubspot_state
from leadcapture.sync.status import pending_times


def check(rule: RuleSettings, _open: set[str], now: datetime) -> Firing:
    """The sync's causes that fire now: ``credentials``, ``dead_letters``, ``pending_age``."""
    firing: Firing = {}
    configured = hubspot_configured()  # unconfigured, changes wait by design
    state = hubspot_state()
    if configured and state is not None and state.credentials_ok is False:
        firing["credentials"] = AlertText(
            "HubSpot rejected our credentials",
            f"{state.message}\n\nNothing is lost: changes wait in the outbox until the token is fixed.",
        )
    dead = outbox_counts(("dead",))["dead"]
    if dead >= rule.thresholds["dead_letters"]:
        firing["dead_letters"] = AlertText(
            f"{dead} change{'s' if dead != 1 else ''} dead-lettered for HubSpot",
            "HubSpot refused them, or they failed for too long. Their errors are on the HubSpot sync "
            "page, where they can be sent again.",
        )
    oldest, _due = pending_times()
    limit = timedelta(minutes=rule.thresholds["pending_minutes"])
    if configured and oldest is not None and now - oldest >= limit:
        minutes = int((now - oldest).total_seconds() // 60)
        firing["pending_age"] = AlertText(
            f"A change has waited {minutes} minutes for HubSpot",
            f"The oldest change still waiting for HubSpot was written {minutes} minutes ago (the alert "
            f"fires from {rule.thresholds['pending_minutes']}). Is a worker running, and HubSpot reachable?",
        )
    return firing
