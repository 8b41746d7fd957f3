"""What an erased person's kept rows look like: the columns that could identify them emptied, the
columns the reports count by (days, campaigns, sources, devices, tools, scores) left as they were."""

import re
from collections.abc import Iterable
from datetime import datetime

from leadcapture.models.types import new_id

# Anonymised leads keep their status, score, stage, times and the campaigns they are counted under.
LEAD = {
    "name": None,
    "phone": None,
    "company": None,
    "preferred_contact_time": None,
    "consent_marketing": False,
    "hubspot_contact_id": None,
    "first_utm_term": None,
    "first_utm_content": None,
    "converting_utm_term": None,
    "converting_utm_content": None,
}
# Sessions keep the day, campaign, source, medium, device and landing page; the referrer's class
# stays, its URL and the click ids (which ad networks tie to a person) go.
SESSION = {
    "referrer": None,
    "ip_anonymized": None,
    "gclid": None,
    "fbclid": None,
    "utm_term": None,
    "utm_content": None,
}
# Bookings keep their slot (still taken), procedure and time.
BOOKING = {"name": "", "email": "", "phone": None, "notes": None}
# What a feedback's person wrote and said they were: cleared after FEEDBACK_RETENTION_DAYS too.
FEEDBACK_WRITTEN = {"comment": None, "name": None, "email": None, "organisation": None}
# Erased feedback keeps its ratings, answers, sentiment, context and tool; the organisation key goes
# with the person (a one-person practice is named after them).
FEEDBACK = {**FEEDBACK_WRITTEN, "organisation_key": None, "follow_up_consent": False}
# Keys of tool-use data that hold what the person wrote, said or showed (the query text, stored
# files) or their contact details; the structured answers the scoring rules read stay.
PERSONAL_KEYS = frozenset({"query", "attachment", "photo_file", "email", "name", "phone", "notes", "comment"})


def erased_lead(now: datetime) -> dict:
    """The values an erased lead is left with (a unique placeholder where the email was)."""
    return {**LEAD, "email": f"erased-{new_id()}@erased.invalid", "erased_at": now}


def erased_data(data: dict, identifiers: Iterable[str]) -> dict:
    """A tool use's data without personal keys, nor any value naming one of ``identifiers``."""
    return _scrubbed(data, [_pattern(value) for value in identifiers if value])


def _pattern(value: str) -> re.Pattern:
    # Whole words only, so a short name does not take every value it is part of.
    return re.compile(rf"(?<!\w){re.escape(value)}(?!\w)", re.IGNORECASE)


def _scrubbed(value, patterns: list[re.Pattern]):
    if isinstance(value, dict):
        return {
            key: _scrubbed(item, patterns)
            for key, item in value.items()
            if key not in PERSONAL_KEYS and not _names(item, patterns)
        }
    if isinstance(value, list):
        return [_scrubbed(item, patterns) for item in value if not _names(item, patterns)]
    return value


def _names(value, patterns: list[re.Pattern]) -> bool:
    return isinstance(value, str) and any(pattern.search(value) for pattern in patterns)
