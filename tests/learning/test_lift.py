"""Rule lift on hand-built leads with planted effects (outcome: won), on both backends."""

from datetime import timedelta

import pytest

from leadcapture.learning.lift import MIN_LEADS, rule_lift
from leadcapture.scoring_rules.live import live_rules
from tests.learning.lead_rows import DAY, PERIOD, add_leads

URGENCY, BUDGET, PROCEDURES = "Immediate urgency", "High budget", "Multiple procedures"


def plant() -> None:
    """Urgency: 200 leads, 40 % won, against 10 % of the 400 others (lift 4). High budget fires
    for half of each group with the same rates (lift 1). Multiple procedures: 10 leads only."""
    add_leads(100, 40, (URGENCY, BUDGET))
    add_leads(100, 40, (URGENCY,))
    add_leads(190, 19, (BUDGET,))
    add_leads(10, 1, (BUDGET, PROCEDURES))
    add_leads(200, 20)
    add_leads(50, 50, (URGENCY,), at=DAY - timedelta(days=1))  # outside the period


def report():
    return rule_lift("won", PERIOD, live_rules().compiled.active_rules)


def by_name(lifts):
    return {item.rule.name: item for item in lifts}


def test_the_planted_rule_ranks_first_and_its_interval_excludes_one(app):
    with app.app_context():
        plant()
        result = report()
    first = result.rules[0]
    assert first.rule.name == URGENCY
    assert (first.fired.leads, first.fired.hits, first.not_fired.leads, first.not_fired.hits) == (
        200,
        80,
        400,
        40,
    )
    assert first.lift == pytest.approx(4.0)
    assert 1 < first.low < 4 < first.high
    assert (result.leads.leads, result.leads.hits) == (600, 120)


def test_a_rule_without_effect_has_a_lift_of_one_with_one_inside_its_interval(app):
    with app.app_context():
        plant()
        budget = by_name(report().rules)[BUDGET]
    assert (budget.fired.leads, budget.fired.hits) == (300, 60)
    assert budget.lift == pytest.approx(1.0)
    assert budget.low < 1 < budget.high


def test_thin_data_gives_not_enough_data_and_sorts_last(app):
    with app.app_context():
        plant()
        result = report()
    thin = by_name(result.rules)[PROCEDURES]
    assert thin.fired.leads == 10 < MIN_LEADS
    assert not thin.enough_data and thin.lift is None and thin.low is None
    assert [item.enough_data for item in result.rules] == sorted(
        (item.enough_data for item in result.rules), reverse=True
    )
    assert [item.rule.name for item in result.rules if item.enough_data] == [URGENCY, BUDGET]


def test_too_few_outcomes_give_not_enough_data(app):
    with app.app_context():
        add_leads(40, 2, (URGENCY,))
        add_leads(40, 2)
        urgency = by_name(report().rules)[URGENCY]
    assert urgency.fired.leads == 40 and not urgency.enough_data


def test_a_rule_that_never_led_to_the_outcome_still_gets_a_finite_lift(app):
    with app.app_context():
        add_leads(100, 0, (URGENCY,))
        add_leads(100, 30)
        urgency = by_name(report().rules)[URGENCY]
    assert urgency.enough_data and urgency.lift < 0.1 and 0 < urgency.low < urgency.high < 1


def test_no_leads_no_lift(app):
    with app.app_context():
        result = report()
    assert result.leads.leads == 0 and result.leads.rate is None
    assert not any(item.enough_data for item in result.rules)
