"""The outcomes `flask demo-data` plants show in the rule lift report and the suggested points, on
both backends: bookings follow the "Immediate urgency" rule, won leads the "High budget" rule, and
"Multiple procedures", which has no planted effect on being won, gets no lift; suggested points rank
the held-out leads better than the default ones."""

from datetime import timedelta

import pytest

from leadcapture.learning.lift import rule_lift
from leadcapture.learning.outcomes import FIRES_WITH_IT, OUTRANKED_BY_IT
from leadcapture.learning.suggest import suggest
from leadcapture.models.types import utcnow
from leadcapture.reports.period import Period
from leadcapture.scoring_rules.live import live_rules
from tests.cli.demo_loads import demo_loaded_app

pytestmark = pytest.mark.heavy

URGENCY, BUDGET, NO_EFFECT = "Immediate urgency", "High budget", "Multiple procedures"
# A booking fires these itself (its interaction, and the time spent booking), and it outranks the
# other tools' base rules: for bookings, the outcome, not predictors of it.
FIRED_BY_THE_BOOKING = {"Appointment booked", "Multiple interactions", "High engagement time"}
OUTRANKED_BY_THE_BOOKING = {"AI recommendation used", "Face analysis used", "Cost calculator used"}


def last_quarter() -> Period:
    today = utcnow().date()
    return Period(today - timedelta(days=91), today)


def lifts(outcome: str) -> list:
    return rule_lift(outcome, last_quarter(), live_rules().compiled.active_rules).rules


def excludes_one(item) -> bool:
    return item.low > 1


@pytest.fixture(scope="module")
def demo_app(database_url):
    """One demo load per backend for both tests. A higher leads rate than the default gives ~440
    leads from 4000 visitors: enough for the intervals at a load that stays fast."""
    with demo_loaded_app(database_url, "--visitors", "4000", "--seed", "1", "--leads-rate", "0.3") as (
        app,
        _,
    ):
        yield app


def test_the_planted_rules_rank_first_with_intervals_above_one_and_the_idle_rule_gets_none(demo_app):
    with demo_app.app_context():
        booking = lifts("booking")
        won = lifts("won")
    assert booking[0].rule.name == URGENCY and excludes_one(booking[0])
    apart = {item.rule.name: item.set_apart for item in booking[-6:]}
    assert apart == dict.fromkeys(FIRED_BY_THE_BOOKING, FIRES_WITH_IT) | dict.fromkeys(
        OUTRANKED_BY_THE_BOOKING, OUTRANKED_BY_IT
    )
    assert all(item.set_apart is None for item in booking[:-6])
    assert won[0].rule.name == BUDGET and excludes_one(won[0])
    idle = next(item for item in won if item.rule.name == NO_EFFECT)
    assert idle.enough_data and idle.low < 1 < idle.high


def test_suggested_points_rank_held_out_leads_better_than_the_defaults(demo_app):
    with demo_app.app_context():
        rules = live_rules().compiled.active_rules
        suggestions = {outcome: suggest(outcome, last_quarter(), rules) for outcome in ("booking", "won")}
    for outcome, suggested in suggestions.items():
        assert suggested.message is None, outcome
        assert suggested.suggested.auc > suggested.current.auc, outcome
    booking = {item.rule.name: item for item in suggestions["booking"].rules}
    assert booking["Appointment booked"].points == 90  # set apart: kept
    assert booking["Appointment booked"].explanation.startswith("Fires when the lead books")
