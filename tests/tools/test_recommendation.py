"""The AI recommendation: catalog treatments ranked by text relevance, with a why (pure, no app)."""

from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from leadcapture.catalog.procedures import default_catalog
from leadcapture.scoring import BUDGET_RANGES, URGENCIES
from leadcapture.tools.intent import extract_intent
from leadcapture.tools.recommendation import RecommendationInput, recommend, recommender

CATALOG = default_catalog()


def ask(query: str, catalog=CATALOG, **fields) -> dict:
    return recommend(RecommendationInput(query=query, **fields), catalog)


def top(query: str, catalog=CATALOG) -> str:
    return ask(query, catalog)["recommendations"][0]["procedure"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("forehead wrinkles and crow's feet", {"botox"}),
        ("my cheeks look hollow and my lips are thin", {"dermal_fillers"}),
        ("acne scars from my teens, pitted skin", {"microneedling", "laser_resurfacing"}),
        ("sun spots and melasma", {"chemical_peel", "laser_resurfacing"}),
        ("I want to get rid of facial hair", {"laser_hair_removal"}),
        ("sagging jowls", {"thread_lift"}),
        ("my skin looks tired and dull", {"hydrafacial", "prp_facial"}),
        ("dark circles and bags under my eyes", {"prp_facial", "dermal_fillers"}),
        ("blackheads and large pores", {"hydrafacial", "microneedling"}),
        ("rosacea and flushing on my cheeks", {"skin_consultation", "hydrafacial"}),
        ("I'm tired of shaving my legs", {"laser_hair_removal"}),
        ("collagen and needles", {"microneedling"}),
        ("how much is a vampire facial?", {"prp_facial"}),
    ],
)
def test_top_recommendation_fits_the_description(query, expected):
    assert top(query) in expected


@pytest.mark.parametrize("query", ["asdkjh qwe zzz", "hello, I want to look better", "help me please"])
def test_nothing_relevant_recommends_a_consultation(query):
    (only,) = ask(query)["recommendations"]

    assert only["procedure"] == "skin_consultation"
    assert only["relevance"] == 0.0
    assert "specialist will assess" in only["why"]


def test_without_a_consultation_in_the_catalog_nothing_relevant_recommends_nothing():
    catalog = [procedure for procedure in CATALOG if procedure.id != "skin_consultation"]

    assert ask("asdkjh qwe zzz", catalog)["recommendations"] == []
    assert ask("botox please", [])["recommendations"] == []


@pytest.mark.parametrize(
    "query",
    [
        "acne scars, sun spots, wrinkles and dull skin",
        "sagging jowls",
        "I want botox and fillers for my wrinkles",
    ],
)
def test_relevance_is_between_0_and_1_rounded_and_sorted(query):
    recommendations = ask(query, limit=10)["recommendations"]
    relevances = [item["relevance"] for item in recommendations]

    assert relevances == sorted(relevances, reverse=True)
    assert all(0 < relevance <= 1 and round(relevance, 3) == relevance for relevance in relevances)
    assert [set(item) for item in recommendations] == [{"procedure", "name", "relevance", "why"}] * len(
        recommendations
    )


def test_limit_caps_the_list():
    query = "acne scars, sun spots, wrinkles, large pores and dull skin"

    assert len(ask(query)["recommendations"]) == 3
    assert len(ask(query, limit=1)["recommendations"]) == 1
    assert len(ask(query, limit=10)["recommendations"]) > 3


@pytest.mark.parametrize(
    ("query", "procedure", "why"),
    [
        ("forehead wrinkles and crow's feet", "botox", "Treats wrinkles, which you mentioned."),
        ("sun spots and melasma", "chemical_peel", "Treats pigmentation, which you mentioned."),
        (
            "acne scars and large pores",
            "microneedling",
            "Treats acne scars and large pores, which you mentioned.",
        ),
        ("botox for my frown lines", "botox", "You asked about Botox; it treats wrinkles."),
        ("collagen and needles", "microneedling", "Relevant to “collagen” and “needles” in what you wrote."),
    ],
)
def test_why_says_what_matched(query, procedure, why):
    recommendations = {item["procedure"]: item for item in ask(query)["recommendations"]}

    assert recommendations[procedure]["why"] == why


def test_a_consultation_is_explained_as_an_assessment():
    recommendations = {item["procedure"]: item for item in ask("rosacea")["recommendations"]}

    assert recommendations["skin_consultation"]["why"] == (
        "A specialist will assess the redness you mentioned and plan your treatment."
    )


def test_a_named_procedure_comes_first():
    assert top("I'd like to try microneedling for my wrinkles") == "microneedling"


def test_result_carries_the_intent():
    query = "botox asap, around $3000"
    result = ask(query)

    assert set(result) == {"recommendations", "intent"}
    assert result["intent"] == extract_intent(query, CATALOG)


def test_recommender_is_fitted_once_per_catalog_and_refitted_when_it_changes():
    assert recommender(tuple(CATALOG)) is recommender(tuple(default_catalog()))

    tattoo = replace(CATALOG[0], id="tattoo_removal", name="Tattoo removal", concerns=(), keywords=("ink",))
    tattoo = replace(tattoo, description="Picosecond laser that breaks up tattoo ink.")
    changed = [*CATALOG, tattoo]

    assert recommender(tuple(changed)) is not recommender(tuple(CATALOG))
    assert top("remove an old tattoo", changed) == "tattoo_removal"


def test_input_strips_the_query_and_defaults_the_limit():
    inp = RecommendationInput(query="  wrinkles  ")

    assert (inp.query, inp.limit) == ("wrinkles", 3)


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"query": "  a "},
        {"query": "x" * 2001},
        {"query": 42},
        {"query": "wrinkles", "limit": 0},
        {"query": "wrinkles", "limit": 11},
    ],
)
def test_input_rejects_bad_values(data):
    with pytest.raises(ValidationError):
        RecommendationInput.model_validate(data)


WORDS = [
    "botox",
    "acne",
    "$",
    "k",
    "3",
    "2,500",
    "1.5",
    "-",
    "in",
    "a",
    "few",
    "weeks",
    "not",
    "urgent",
    "under",
]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(WORDS) | st.text(max_size=8), min_size=1, max_size=30).map(" ".join))
def test_any_text_gives_a_well_formed_result(text):
    result = recommend(RecommendationInput(query=f"abc {text}"), CATALOG)
    intent = result["intent"]

    assert set(intent) <= {
        "procedures",
        "concerns",
        "urgency",
        "budget_amount",
        "budget_range",
        "budget_currency",
    }
    assert intent.get("urgency", "flexible") in URGENCIES
    assert intent.get("budget_range", "under_1k") in BUDGET_RANGES
    assert all(0 <= item["relevance"] <= 1 for item in result["recommendations"])
