"""The impact table in force: the defaults with the rules admins stored (``event_impact_rules``).

Each lookup reads the stored rules (a handful of rows, one small query); the table is rebuilt only
when they changed, so a rule saved on ``/admin/impact`` applies to the next event on every process.
"""

from flask import current_app
from sqlalchemy import select

from leadcapture.extensions import db
from leadcapture.models import EventImpactRule
from leadcapture.tracking.impact import DEFAULT_IMPACT, ImpactRule, ImpactTable, merged_rules

_STORED = select(EventImpactRule.event_type, EventImpactRule.pattern, EventImpactRule.impact).order_by(
    EventImpactRule.id
)
_CACHE = "leadcapture.impact_table"


def stored_rules() -> tuple[ImpactRule, ...]:
    """The rules admins stored, oldest first."""
    return tuple(ImpactRule(*row) for row in db.session.execute(_STORED))


def current_impact_table() -> ImpactTable:
    """The impact table in force now."""
    stored = stored_rules()
    cached = current_app.extensions.get(_CACHE)
    if cached is not None and cached[0] == stored:
        return cached[1]
    table = ImpactTable(merged_rules(stored))
    current_app.extensions[_CACHE] = (stored, table)
    return table


def tracker_config() -> dict:
    """What ``tracker.js`` needs of the table to send high-impact events at once (it applies the
    same matching: ``static/js/tracker.js``)."""
    rules = current_impact_table().rules
    return {
        "impact": {
            "default": DEFAULT_IMPACT,
            "rules": [{"type": r.event_type, "name": r.pattern, "impact": r.impact} for r in rules],
        }
    }
