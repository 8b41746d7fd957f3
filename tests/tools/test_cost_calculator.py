"""The cost calculator's estimate and input validation, on the seeded catalog (pure, no app)."""

import json
from dataclasses import replace

import pytest
from pydantic import ValidationError

from leadcapture.catalog.procedures import default_catalog
from leadcapture.tools.cost_calculator import BUNDLE_DISCOUNTS, CostCalculatorInput, bundle_percent, calculate
from leadcapture.tools.validation import field_errors, input_context

CATALOG = default_catalog()
ALL_IDS = [procedure.id for procedure in CATALOG]


def parse(data: dict, catalog=CATALOG) -> CostCalculatorInput:
    return CostCalculatorInput.model_validate(data, context=input_context(catalog))


def estimate(data: dict, catalog=CATALOG) -> dict:
    return calculate(parse(data, catalog), catalog)


def errors(data: dict) -> dict[str, str]:
    with pytest.raises(ValidationError) as caught:
        parse(data)
    return field_errors(caught.value)


def test_single_procedure_uses_typical_sessions_without_discount():
    result = estimate({"procedures": ["chemical_peel"]})

    assert result["items"] == [
        {
            "procedure": "chemical_peel",
            "name": "Chemical peel",
            "sessions": 3,
            "session_low": 150,
            "session_high": 400,
            "low": 450,
            "high": 1200,
        }
    ]
    assert result["discount"] == {"percent": 0, "low": 0, "high": 0}
    assert (result["total_low"], result["total_high"], result["currency"]) == (450, 1200, "USD")
    assert result["fits_budget"] is None


def test_spec_example_two_procedures_get_the_two_procedure_discount():
    result = estimate(
        {"procedures": ["botox", "prp_facial"], "budget_range": "over_10k", "urgency": "immediate"}
    )

    assert [(item["procedure"], item["low"], item["high"]) for item in result["items"]] == [
        ("botox", 300, 600),
        ("prp_facial", 1500, 4500),
    ]
    assert (result["subtotal_low"], result["subtotal_high"]) == (1800, 5100)
    assert result["discount"] == {"percent": 10, "low": 180, "high": 510}
    assert (result["total_low"], result["total_high"]) == (1620, 4590)
    assert result["fits_budget"] is True
    assert (result["budget_range"], result["urgency"]) == ("over_10k", "immediate")
    json.dumps(result)  # the API returns it as it is


def test_three_procedures_get_the_larger_discount_rounded_half_up():
    result = estimate({"procedures": ["botox", "chemical_peel", "microneedling"]})

    assert (result["subtotal_low"], result["subtotal_high"]) == (1350, 3900)
    assert result["discount"] == {"percent": 15, "low": 203, "high": 585}  # 202.5 rounds up
    assert (result["total_low"], result["total_high"]) == (1147, 3315)


@pytest.mark.parametrize(("count", "percent"), [(1, 0), (2, 10), (3, 15), (4, 15), (10, 15)])
def test_discount_tiers(count, percent):
    assert bundle_percent(count) == percent
    assert estimate({"procedures": ALL_IDS[:count]})["discount"]["percent"] == percent


def test_discount_table_is_ordered_largest_bundle_first():
    assert [least for least, _ in BUNDLE_DISCOUNTS] == sorted(
        (least for least, _ in BUNDLE_DISCOUNTS), reverse=True
    )


def test_sessions_override_the_typical_number():
    result = estimate({"procedures": ["laser_hair_removal", "botox"], "sessions": {"laser_hair_removal": 8}})

    assert [(item["sessions"], item["low"], item["high"]) for item in result["items"]] == [
        (8, 800, 4000),
        (1, 300, 600),
    ]


@pytest.mark.parametrize(
    ("procedures", "sessions", "budget", "fits"),
    [
        (["laser_hair_removal"], 10, "under_1k", True),  # 1000: on the bound
        (["laser_hair_removal"], 11, "under_1k", False),  # 1100
        (["laser_resurfacing"], 5, "1k_5k", True),  # 5000
        (["laser_resurfacing"], 6, "1k_5k", False),  # 6000
        (["laser_resurfacing"], 10, "5k_10k", True),  # 10000
        (["laser_resurfacing"], 11, "5k_10k", False),  # 11000
        (["laser_resurfacing"], 20, "over_10k", True),  # no upper bound
        (["laser_hair_removal"], 20, None, None),  # no budget given
        (["laser_hair_removal", "botox"], 8, "under_1k", True),  # 1100 less 10% is 990
    ],
)
def test_fits_budget_compares_the_lowest_total_after_discount(procedures, sessions, budget, fits):
    data = {"procedures": procedures, "sessions": {procedures[0]: sessions}, "budget_range": budget}

    assert estimate(data)["fits_budget"] is fits


def test_quote_action_names_the_chosen_procedures():
    action = estimate({"procedures": ["hydrafacial", "botox"]})["quote_action"]

    assert action["label"] == "Request a detailed quote"
    assert action["action"] == "request_quote"
    assert action["procedures"] == ["hydrafacial", "botox"]
    assert action["text"]


def test_prices_come_from_the_catalog_passed_in():
    catalog = [
        replace(procedure, price_low=1, price_high=2) if procedure.id == "botox" else procedure
        for procedure in CATALOG
    ]

    result = estimate({"procedures": ["botox"]}, catalog)

    assert (result["total_low"], result["total_high"]) == (1, 2)


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"procedures": ["botox", "xyz"]}, "procedures", "Unknown procedure 'xyz'."),
        ({"procedures": []}, "procedures", "List should have at least 1 item after validation, not 0."),
        ({"procedures": ["botox", "botox"]}, "procedures", "'botox' is listed twice."),
        (
            {"procedures": ALL_IDS + ["botox"]},
            "procedures",
            "List should have at most 10 items after validation, not 11.",
        ),
        ({"procedures": "botox"}, "procedures", "Input should be a valid list."),
        ({"procedures": ["botox", 7]}, "procedures.1", "Input should be a valid string."),
        ({}, "procedures", "This field is required."),
        (
            {"procedures": ["botox"], "budget_range": "2k"},
            "budget_range",
            "Input should be 'under_1k', '1k_5k', '5k_10k' or 'over_10k'.",
        ),
        (
            {"procedures": ["botox"], "urgency": "asap"},
            "urgency",
            "Input should be 'immediate', 'within_month', 'within_quarter' or 'flexible'.",
        ),
        (
            {"procedures": ["botox"], "sessions": {"botox": 0}},
            "sessions.botox",
            "Input should be greater than or equal to 1.",
        ),
        (
            {"procedures": ["botox"], "sessions": {"botox": 21}},
            "sessions.botox",
            "Input should be less than or equal to 20.",
        ),
        (
            {"procedures": ["botox"], "sessions": {"hydrafacial": 2}},
            "sessions",
            "'hydrafacial' is not one of the chosen procedures.",
        ),
    ],
)
def test_invalid_input_names_the_field(data, field, message):
    assert errors(data) == {field: message}


def test_sessions_are_not_checked_against_procedures_that_failed():
    assert errors({"procedures": ["xyz"], "sessions": {"botox": 2}}) == {
        "procedures": "Unknown procedure 'xyz'."
    }


def test_procedures_priced_in_different_currencies_are_not_combined():
    catalog = [
        replace(procedure, currency="EUR") if procedure.id == "botox" else procedure for procedure in CATALOG
    ]

    with pytest.raises(ValidationError) as caught:
        parse({"procedures": ["botox", "hydrafacial"]}, catalog)

    assert field_errors(caught.value) == {
        "procedures": "These procedures are priced in different currencies."
    }


def test_validating_without_the_catalog_is_a_programming_error():
    with pytest.raises(RuntimeError, match="input_context"):
        CostCalculatorInput.model_validate({"procedures": ["botox"]})
