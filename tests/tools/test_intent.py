"""Intent read from free text: procedures, concerns, urgency and budget (pure, no app)."""

import pytest

from leadcapture.catalog.procedures import default_catalog
from leadcapture.scoring import BUDGET_RANGES, DEFAULT_RULES, URGENCIES, VisitorFacts, compile_rules
from leadcapture.tools.intent import extract_budget, extract_intent, extract_urgency, interaction_data

CATALOG = default_catalog()


@pytest.mark.parametrize(
    ("text", "urgency"),
    [
        ("I need this asap", "immediate"),
        ("it's urgent", "immediate"),
        ("can I come in this week?", "immediate"),
        ("I'd like it done right away", "immediate"),
        ("free tomorrow?", "immediate"),
        ("maybe in a couple of days", "immediate"),
        ("next month would be good", "within_month"),
        ("in a few weeks", "within_month"),
        ("before my wedding next month", "within_month"),
        ("within a month", "within_month"),
        ("in 2 weeks", "within_month"),
        ("in a few months", "within_quarter"),
        ("this summer", "within_quarter"),
        ("next quarter", "within_quarter"),
        ("in 3 months", "within_quarter"),
        ("no rush", "flexible"),
        ("sometime", "flexible"),
        ("eventually", "flexible"),
        ("just researching for now", "flexible"),
        ("it's not urgent", "flexible"),
        ("in 6 months or so", "flexible"),
        ("no rush, but ideally before my wedding next month", "within_month"),
    ],
)
def test_urgency_phrases_map_to_spec_values(text, urgency):
    assert extract_urgency(text) == urgency
    assert urgency in URGENCIES


@pytest.mark.parametrize(
    "text", ["wrinkles on my forehead", "I have had acne for 3 years", "results in days"]
)
def test_no_time_phrase_means_no_urgency(text):
    assert extract_urgency(text) is None
    assert "urgency" not in extract_intent(text, CATALOG)


@pytest.mark.parametrize(
    ("text", "amount", "budget_range"),
    [
        ("around $3000", 3000, "1k_5k"),
        ("I can do 3k", 3000, "1k_5k"),
        ("$2,500 tops", 2500, "1k_5k"),
        ("under 1000 dollars", 1000, "under_1k"),
        ("£800", 800, "under_1k"),
        ("5-7k", 6000, "5k_10k"),
        ("$1.5k", 1500, "1k_5k"),
        ("€1.500", 1500, "1k_5k"),
        ("more than $10,000", 10000, "over_10k"),
        ("up to 5k", 5000, "1k_5k"),
        ("my budget is 12000", 12000, "over_10k"),
        ("I can spend 7500 on this", 7500, "5k_10k"),
        ("about 2 grand", 2000, "1k_5k"),
        ("$299.99", 299.99, "under_1k"),
    ],
)
def test_money_mentions_give_amount_and_spec_range(text, amount, budget_range):
    budget = extract_budget(text)

    assert budget["budget_amount"] == amount
    assert budget["budget_range"] == budget_range
    assert budget_range in BUDGET_RANGES


def test_currency_is_kept_when_stated():
    assert extract_budget("£800")["budget_currency"] == "GBP"
    assert extract_budget("around $3000")["budget_currency"] == "USD"
    assert extract_budget("2000 euros")["budget_currency"] == "EUR"
    assert "budget_currency" not in extract_budget("3k")


def test_several_amounts_take_the_largest():
    assert extract_budget("botox was $400 last time, this time up to $2000")["budget_amount"] == 2000


@pytest.mark.parametrize(
    "text",
    [
        "I'm 45 and my skin is dull",
        "I am 32 years old",
        "I'd like 2 procedures",
        "my wedding is on June 12",
        "in 3 months",
        "I lost 20 pounds and my face looks loose",
        "born in 1985",
        "the budget is flexible, I'm 45",
        "I can pay in 2 sessions",
        "3 sessions of microneedling 2 years ago",
        "SPF 50 every day",
        "rated 4.5 out of 5",
        "1.000.000,551.5 $",
    ],
)
def test_numbers_that_are_not_money_give_no_budget(text):
    intent = extract_intent(text, CATALOG)

    assert "budget_amount" not in intent
    assert "budget_range" not in intent


@pytest.mark.parametrize(
    ("text", "procedures"),
    [
        ("how much is botox?", ["botox"]),
        ("thinking about fillers", ["dermal_fillers"]),
        ("laser hair removal on my legs", ["laser_hair_removal"]),
        ("would a peel help?", ["chemical_peel"]),
        ("I want PRP", ["prp_facial"]),
        ("a HydraFacial and some lip filler", ["hydrafacial", "dermal_fillers"]),
        ("anti-wrinkle injections", ["botox"]),
        ("a thread lift or a vampire facial", ["thread_lift", "prp_facial"]),
        ("Botox, then botox again", ["botox"]),
    ],
)
def test_procedures_named_by_name_or_keyword(text, procedures):
    assert extract_intent(text, CATALOG)["procedures"] == procedures


@pytest.mark.parametrize(
    "text",
    ["crow's feet and jowls", "I hate shaving my facial hair", "facial redness", "sun spots", "skin texture"],
)
def test_concern_words_do_not_count_as_naming_a_procedure(text):
    assert "procedures" not in extract_intent(text, CATALOG)


@pytest.mark.parametrize(
    ("text", "concerns"),
    [
        ("crow's feet", ["wrinkles"]),
        ("Sun spots, melasma and dark patches", ["pigmentation"]),
        ("hollow cheeks and thin lips", ["volume_loss"]),
        ("droopy jowls, loose neck", ["sagging"]),
        ("breakouts, pimples, zits", ["acne"]),
        ("rosacea and flushing", ["redness"]),
        ("tired, lifeless skin with no glow", ["dull_skin"]),
        ("under eye circles and eye bags", ["dark_circles"]),
        ("facial hair, I'm so hairy", ["unwanted_hair"]),
        ("pitted ice pick scars", ["acne_scars"]),
        ("wrinkled forehead and enlarged pores", ["wrinkles", "large_pores"]),
    ],
)
def test_concerns_from_everyday_skin_care_words(text, concerns):
    assert extract_intent(text, CATALOG)["concerns"] == concerns


def test_only_keys_with_a_value_are_present():
    assert extract_intent("hello there", CATALOG) == {}
    assert extract_intent("botox asap, around $3000", CATALOG) == {
        "procedures": ["botox"],
        "urgency": "immediate",
        "budget_amount": 3000,
        "budget_range": "1k_5k",
        "budget_currency": "USD",
    }


def test_interaction_data_copies_what_the_rules_read():
    intent = extract_intent("botox before my wedding next month, 5-7k", CATALOG)

    assert interaction_data("the query", intent) == {
        "query": "the query",
        "intent": intent,
        "budget_range": "5k_10k",
        "urgency": "within_month",
        "procedures": ["botox"],
    }
    assert interaction_data("wrinkles", {"concerns": ["wrinkles"]}) == {
        "query": "wrinkles",
        "intent": {"concerns": ["wrinkles"]},
    }


def test_default_rules_score_free_text_budget_and_urgency():
    query = "I want fillers asap, budget around $8000"
    data = interaction_data(query, extract_intent(query, CATALOG))
    facts = VisitorFacts.from_dict({"interactions": [{"tool": "ai_recommendation", "data": data}]})

    result = compile_rules(DEFAULT_RULES).evaluate(facts)

    assert result.unclamped_total == 60 + 20 + 25
    assert {item.rule for item in result.breakdown} >= {"High budget", "Immediate urgency"}
