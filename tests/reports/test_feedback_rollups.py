"""The feedback report's daily roll-ups: a day is counted when a report first needs it, today again
at most once a minute, a settled day never again (until a bulk load forgets it), and a prompt's late
answer is counted once its day is counted again."""

from datetime import date, datetime, timedelta

import click
import pytest
from sqlalchemy import update

from leadcapture.extensions import db
from leadcapture.models import FeedbackPrompt
from leadcapture.reports.bulk_load import update_rollups_after_load
from leadcapture.reports.feedback_days import feedback_groups
from leadcapture.reports.feedback_filters import FeedbackFilters
from leadcapture.reports.period import Period
from leadcapture.reports.prompt_days import prompt_days
from tests.admin.feedback_data import feedback, prompt

pytestmark = pytest.mark.heavy

MARCH = Period(date(2026, 3, 1), date(2026, 3, 31))


def counted(now: datetime, period: Period = MARCH) -> int:
    return sum(part.count for _key, part in feedback_groups(FeedbackFilters(period), now))


def test_a_settled_day_is_counted_once_and_again_after_a_bulk_load(app_ctx):
    feedback("2026-03-02 10:00", 4)
    db.session.commit()
    later = datetime(2026, 4, 1)
    assert counted(later) == 1
    feedback("2026-03-02 11:00", 5)  # written into a settled day, as a bulk load does
    db.session.commit()
    assert counted(later + timedelta(days=30)) == 1
    update_rollups_after_load(datetime(2026, 3, 1), click.progressbar)
    assert counted(later + timedelta(days=30)) == 2


def test_today_is_counted_again_at_most_once_a_minute(app_ctx):
    now = datetime(2026, 3, 15, 12)
    today = Period(now.date(), now.date())
    feedback("2026-03-15 11:00", 3)
    db.session.commit()
    assert counted(now, today) == 1
    feedback("2026-03-15 12:00", 5)
    db.session.commit()
    assert counted(now + timedelta(seconds=30), today) == 1
    assert counted(now + timedelta(seconds=60), today) == 2


def test_a_prompt_answered_days_later_is_counted_when_its_day_is_counted_again(app_ctx):
    prompt_id = prompt("2026-03-02 10:00", "medium", prompt_type="email")
    db.session.commit()
    day = Period(date(2026, 3, 2), date(2026, 3, 2))
    first = datetime(2026, 3, 5)  # two days after the day ended: trusted for a tenth of that
    assert [(row.shown, row.submitted) for row in prompt_days(day, first)] == [(1, 0)]
    db.session.execute(
        update(FeedbackPrompt)
        .where(FeedbackPrompt.id == prompt_id)
        .values(status="submitted", submitted_at=datetime(2026, 3, 5, 1))
    )
    db.session.commit()
    assert [row.submitted for row in prompt_days(day, first + timedelta(hours=4))] == [0]
    assert [row.submitted for row in prompt_days(day, first + timedelta(hours=5))] == [1]
