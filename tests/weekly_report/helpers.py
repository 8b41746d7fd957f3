"""Helpers of the weekly report's tests: demo data with consent answers, settings, page values."""

import re
from datetime import UTC, datetime, timedelta

from leadcapture.extensions import db
from leadcapture.models import TrackingConsent
from leadcapture.models.types import utcnow
from leadcapture.reports.period import Period
from leadcapture.reports.weekly.sections import SECTIONS
from leadcapture.reports.weekly.settings import save_report_settings
from leadcapture.reports.weekly.week import last_full_week


def load_demo_data(app, visitors: int = 2000) -> Period:
    """``flask demo-data`` over the last three weeks (enough comments in a week for themes) plus some
    consent banner answers; returns the last full week (UTC)."""
    args = ["demo-data", "--visitors", str(visitors), "--days", "21", "--seed", "11"]
    result = app.test_cli_runner().invoke(args=args)
    assert result.exit_code == 0, result.output
    with app.app_context():
        week = last_full_week(utcnow(), UTC)
        for day, answers in (
            (week.first, (True, True, False)),
            (week.first - timedelta(days=3), (True, False)),
        ):
            for analytics in answers:
                db.session.add(TrackingConsent(analytics=analytics, text="Banner", created_at=_noon(day)))
        db.session.commit()
    return week


def _noon(day) -> datetime:
    return datetime.combine(day, datetime.min.time()) + timedelta(hours=12)


def configure(recipients=("boss@example.com",), enabled=True, sections=tuple(SECTIONS)) -> None:
    save_report_settings(
        {"enabled": enabled, "recipients": list(recipients), "sections": list(sections)}, None
    )


def text_of(html: str, testid: str) -> str:
    """The text of the element with ``data-testid=testid`` (no nested tags)."""
    match = re.search(rf'data-testid="{re.escape(testid)}">([^<]*)<', html)
    assert match, f"no {testid}"
    return match.group(1).strip()
