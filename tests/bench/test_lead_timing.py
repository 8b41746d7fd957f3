"""bench/lead_timing.py on a few requests: known and new emails are both submitted, timed, reported."""

from sqlalchemy import func, select

from bench.lead_timing import report, summary, time_both
from leadcapture.extensions import db
from leadcapture.models import Lead, SubmittedDetail
from leadcapture.models.catalog_store import seed_catalog


def test_known_and_new_submissions_are_timed_and_reported(app):
    with app.app_context():
        seed_catalog()
    times = time_both(app, requests=3, warmup=1)
    assert {kind: len(seconds) for kind, seconds in times.items()} == {"known": 3, "new": 3}
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Lead)) == 4 + 4
        pending = select(func.count()).where(SubmittedDetail.state == "pending")
        assert db.session.scalar(pending) == 4 * 3  # the stranger's name, phone and company per known lead
    section = report({"SQLite": summary(times)}, 3, "15.18", (0.5, 0.6))
    assert section.count("| SQLite |") == 1 and "| database | known email" in section
    assert "Goal: medians within 10% of each other" in section
