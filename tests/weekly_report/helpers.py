"""Helpers of the weekly report's tests: demo data with consent answers, settings, page values."""

import re
from datetime import UTC, datetime, timedelta

import pytest

from leadcapture.cli import demo_data as demo_data_command
from leadcapture.extensions import db
from leadcapture.models import TrackingConsent
from leadcapture.reports.period import Period
from leadcapture.reports.weekly.archive import send_report
from leadcapture.reports.weekly.sections import SECTIONS, weekly_report
from leadcapture.reports.weekly.settings import save_report_settings
from leadcapture.reports.weekly.week import last_full_week, week_of
from tests.admin.feedback_data import feedback
from tests.cli.demo_loads import demo_data

# The moment the demo data is loaded at (a Monday noon): the traffic depends on it to the minute,
# and with the real clock the week's comments at 17:49 on 2026-12-07 shared too few words for themes.
LOADED_AT = datetime(2026, 12, 7, 12, 0)
EVIL = "<script>alert('x')</script> The price is too high"


def load_demo_data(app, visitors: int = 2000) -> Period:
    """``flask demo-data`` over the three weeks before ``LOADED_AT`` (enough comments in a week for
    themes) plus some consent banner answers; returns the last full week then (UTC)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(demo_data_command, "utcnow", lambda: LOADED_AT)
        demo_data(app.test_cli_runner(), "--visitors", str(visitors), "--days", "21", "--seed", "11")
    with app.app_context():
        week = last_full_week(LOADED_AT, UTC)
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


def archive_one(app) -> int:
    """A report sent for the week of 2026-11-30, quoting a comment written as HTML; its id."""
    with app.app_context():
        feedback("2026-12-02 10:00", 1, EVIL, sentiment_label="negative")
        db.session.commit()
        sent = datetime(2026, 12, 7, 8, 0)
        report = weekly_report(week_of(sent.date() - timedelta(days=7)), now=sent)
        return send_report(report, ("boss@example.com",), "schedule", sent).id
