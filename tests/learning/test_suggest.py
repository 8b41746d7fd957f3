"""Suggested points on hand-built leads with a planted effect (outcome: won), on both backends."""

from datetime import timedelta

import pytest

from leadcapture.learning.suggest import MIN_LEADS, suggest
from leadcapture.reports.period import Period
from leadcapture.scoring_rules.live import live_rules
from tests.learning.lead_rows import DAY, add_leads

ENGAGED, CALCULATOR = "High engagement time", "Cost calculator used"  # 15 and 70 points now
INTERACTIONS = "Multiple interactions"
DAYS = 4
PERIOD = Period(DAY.date(), (DAY + timedelta(days=DAYS - 1)).date())
QUERY = f"from={PERIOD.first.isoformat()}&to={PERIOD.last.isoformat()}&outcome=won"


def plant(days: int = DAYS, won: bool = True) -> None:
    """Each day: the engaged leads are won half the time, the others a tenth of the time; the
    calculator (the most points now) fires for half of each group and changes nothing."""
    for day in range(days):
        at = DAY + timedelta(days=day)
        add_leads(20, 10 * won, (ENGAGED, CALCULATOR), at=at)
        add_leads(20, 10 * won, (ENGAGED,), at=at)
        add_leads(40, 4 * won, (CALCULATOR,), at=at)
        add_leads(40, 4 * won, at=at)


def report():
    return suggest("won", PERIOD, live_rules().compiled.active_rules)


def test_the_predictive_rule_gets_the_top_points_and_the_no_effect_rule_none(app):
    with app.app_context():
        plant()
        result = report()
    assert result.message is None
    assert (result.train_leads, result.test_leads) == (360, 120)
    rules = {item.rule.name: item for item in result.rules}
    assert rules[ENGAGED].points == 90  # the live table's highest points (Appointment booked)
    assert 0 <= rules[CALCULATOR].points <= 5
    assert rules[ENGAGED].explanation == (
        "Fired for 120 of the older leads; they were won 5.0× as often as the others; "
        "suggested 90 points (now 15)."
    )
    untouched = rules["Face analysis used"]
    assert untouched.points == 80 and "too few to judge" in untouched.explanation
    assert result.changed == {ENGAGED: 90, CALCULATOR: rules[CALCULATOR].points}


def test_the_suggested_points_rank_the_held_out_leads_better(app):
    with app.app_context():
        plant()
        result = report()
    # Current: calculator leads (no effect) above engaged ones; suggested: engaged ones first.
    assert result.suggested.auc > result.current.auc + 0.1, result.current
    # Held out: 40 engaged leads (20 won) ranked above 80 others (8 won), ties counting half.
    assert result.suggested.auc == pytest.approx((20 * 72 + 20 * 20 / 2 + 8 * 72 / 2) / (28 * 92))
    assert result.suggested.top_decile == pytest.approx(10 / 12)


@pytest.mark.parametrize("matches", [1, 2])
def test_a_bonus_that_predicts_no_outcome_goes_negative_per_match(app, matches):
    """Interactions (5 points per match) fire for leads almost never won: negative points, per
    match, so twice the matches give half the points per match."""
    with app.app_context():
        for day in range(DAYS):
            at = DAY + timedelta(days=day)
            add_leads(40, 20, (ENGAGED,), at=at)
            add_leads(40, 1, (INTERACTIONS,), at=at, matches=matches)
            add_leads(80, 8, at=at)
        rules = {item.rule.name: item for item in report().rules}
    # Its coefficient is −0.62 of the engaged rule's (90 points): −56 in all, per match.
    assert rules[INTERACTIONS].points == pytest.approx(-56 / matches, abs=1)
    assert rules[INTERACTIONS].explanation.startswith("Fired for 120 of the older leads; they were won 0.1×")


@pytest.mark.parametrize(
    ("planting", "says"),
    [
        (lambda: add_leads(MIN_LEADS - 1, 30, (ENGAGED,)), f"{MIN_LEADS - 1} leads in the period"),
        (lambda: plant(won=False), "the older 360 leads need at least 10 leads with the outcome"),
        (lambda: (plant(days=3), add_leads(120, 0, at=DAY + timedelta(days=3))), "the newest 120 leads"),
    ],
)
def test_thin_or_one_class_data_gives_a_message(app, planting, says):
    with app.app_context():
        planting()
        result = report()
    assert result.message.startswith("Not enough data") and says in result.message
    assert result.rules == [] and result.current is None
