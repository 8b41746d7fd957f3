"""The lead-flow rule: no new lead for N opening hours of the clinic (its timezone, weekends) opens
one alert, which a new lead clears; yesterday significantly below the day before (an exact binomial
test, from a minimum count) opens one, which clears when the next day is not."""

from datetime import datetime, timedelta

import pytest

from leadcapture.alerts.evaluate import evaluate_alerts
from leadcapture.extensions import db
from leadcapture.models import Lead
from tests.alerts.helpers import enable, notifications, open_ones


@pytest.fixture
def london(make_app):
    app = make_app(CLINIC_TIMEZONE="Europe/London")  # Mon-Fri 09:00-18:00, Sat 10:00-14:00
    with app.app_context():
        yield app


def add_leads(at: datetime, count: int = 1) -> None:
    """``count`` leads created at ``at`` (naive UTC)."""
    start = db.session.query(Lead).count()
    for number in range(start, start + count):
        db.session.add(Lead(email=f"lead{number}@example.com", created_at=at, updated_at=at))
    db.session.commit()


def flow(now: datetime) -> tuple[int, int]:
    outcome = evaluate_alerts(now)["lead_flow"]
    return outcome.opened, outcome.cleared


def test_no_lead_for_four_opening_hours_alerts_once_and_a_new_lead_clears_it(london):
    enable("lead_flow", quiet_hours=4)
    add_leads(datetime(2026, 6, 1, 9, 0))  # Monday 10:00 in London (BST)
    assert flow(datetime(2026, 6, 1, 12, 59)) == (0, 0)
    assert flow(datetime(2026, 6, 1, 13, 0)) == (1, 0)
    [alert] = notifications("lead_flow")
    assert (alert.cause, alert.title, alert.for_role) == ("quiet", "No new lead for 4 opening hours", None)
    assert "Mon 01 Jun 2026 at 10:00 (Europe/London)" in alert.body
    assert flow(datetime(2026, 6, 1, 16, 0)) == (0, 0)  # still quiet: no second alert
    add_leads(datetime(2026, 6, 1, 16, 5))
    assert flow(datetime(2026, 6, 1, 16, 10)) == (0, 1)


def test_nights_and_sundays_are_not_quiet_hours(london):
    enable("lead_flow", quiet_hours=4)
    add_leads(datetime(2026, 6, 5, 16, 0))  # Friday 17:00: one opening hour left
    assert flow(datetime(2026, 6, 6, 8, 0)) == (0, 0)  # Saturday 09:00, before opening
    assert flow(datetime(2026, 6, 6, 11, 59)) == (0, 0)  # 1 h + 2 h 59
    assert flow(datetime(2026, 6, 6, 12, 0)) == (1, 0)
    assert open_ones("lead_flow")["quiet"].title == "No new lead for 4 opening hours"


def test_no_lead_at_all_is_not_an_alert(london):
    enable("lead_flow", quiet_hours=1)
    assert flow(datetime(2026, 6, 1, 17, 0)) == (0, 0)


@pytest.mark.parametrize(
    ("before", "yesterday", "fires"),
    [
        (15, 3, True),  # p = 0.0038
        (10, 8, False),  # p = 0.41
        (6, 0, False),  # 6 leads in all: below the minimum of 10, whatever the test says
        (3, 12, False),  # up, not down
    ],
)
def test_leads_down_day_over_day_by_an_exact_test_from_a_minimum(london, before, yesterday, fires):
    enable("lead_flow", quiet_hours=168, min_leads=10, p_value=0.01)
    add_leads(datetime(2026, 6, 2, 10, 0), before)  # Tuesday
    add_leads(datetime(2026, 6, 3, 10, 0), yesterday)  # Wednesday
    thursday = datetime(2026, 6, 4, 8, 0)
    assert flow(thursday) == (int(fires), 0)
    if fires:
        alert = open_ones("lead_flow")["day_over_day"]
        assert alert.title == "Leads down: 3 yesterday against 15 the day before"
        assert "p = 0.0038, below the rule's 0.01" in alert.body
        assert flow(thursday + timedelta(hours=4)) == (0, 0)  # the same days: still open, once
        assert flow(thursday + timedelta(days=1)) == (0, 1)  # Thursday (0) against Wednesday (3): too few
