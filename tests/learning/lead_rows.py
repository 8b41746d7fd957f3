"""Hand-built leads for the learning tests: their fired rules, score, level and outcome, inserted in
bulk (no scoring, no sync)."""

from datetime import datetime
from itertools import count

from sqlalchemy import insert

from leadcapture.extensions import db
from leadcapture.models import Lead
from leadcapture.reports.period import Period

DAY = datetime(2026, 3, 10, 12, 0)
PERIOD = Period(DAY.date(), DAY.date())
QUERY = "from=2026-03-10&to=2026-03-10"
_numbers = count(1)


def add_leads(
    leads: int,
    won: int,
    rules=(),
    score: int = 50,
    level: str = "medium",
    at: datetime = DAY,
    matches: int = 1,
) -> None:
    """``leads`` leads created ``at`` where ``rules`` fired (counting ``matches``), the first ``won``
    of them won."""
    breakdown = [{"rule": name, "kind": "bonus", "points": 10, "matches": matches} for name in rules]
    rows = [
        {
            "email": f"learning{next(_numbers)}@example.com",
            "status": "won" if index < won else "new",
            "lifecycle_stage": "customer" if index < won else "lead",
            "score": score,
            "engagement_level": level,
            "score_breakdown": breakdown,
            "created_at": at,
            "updated_at": at,
        }
        for index in range(leads)
    ]
    db.session.execute(insert(Lead), rows)
    db.session.commit()
