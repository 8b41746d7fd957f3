"""How the working rules differ from the live version, and what each version changed."""

from dataclasses import dataclass

from leadcapture.models import RuleSetVersion
from leadcapture.scoring import ScoringSettings
from leadcapture.scoring_rules.draft import draft_rules, draft_settings
from leadcapture.scoring_rules.versions import VersionDiff, diff, get_version, latest_version

NOTHING_TO_PUBLISH = "The draft is the same as the live version: nothing to publish."


@dataclass
class DraftStatus:
    live: RuleSetVersion | None
    rules: list[dict]  # the working rules and settings
    settings: ScoringSettings
    changes: VersionDiff

    @property
    def differs(self) -> bool:
        """Whether publishing now would change anything."""
        return self.live is None or not self.changes.empty


def draft_status() -> DraftStatus:
    """The live version, the working rules and settings, and their unpublished changes."""
    live, rules, settings = latest_version(), draft_rules(), draft_settings()
    before_rules, before_settings = (live.rules, live.settings) if live else ([], {})
    return DraftStatus(live, rules, settings, diff(before_rules, before_settings, rules, settings.to_dict()))


def version_changes(version: int) -> tuple[RuleSetVersion, RuleSetVersion | None, VersionDiff]:
    """``version``, the one before it (None for the first) and what changed between them.

    Raises ``LookupError`` for an unknown version.
    """
    current = get_version(version)
    try:
        previous = get_version(version - 1)
    except LookupError:
        previous = None
    before_rules, before_settings = (previous.rules, previous.settings) if previous else ([], {})
    return current, previous, diff(before_rules, before_settings, current.rules, current.settings)
