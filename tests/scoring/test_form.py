"""The progressive contact form decision."""

from dataclasses import replace

import pytest

from leadcapture.scoring import DEFAULT_SETTINGS, FormDecision, decide_contact_form

SETTINGS = replace(
    DEFAULT_SETTINGS,
    form_threshold=60,
    max_fields_per_form=2,
    reprompt_cooldown_seconds=600,
    max_prompts_per_session=2,
    field_priority=("email", "name", "phone", "preferred_contact_time"),
)


def decide(score=75, known=(), dismissed=None, prompts=0):
    return decide_contact_form(score, set(known), SETTINGS, dismissed, prompts)


@pytest.mark.parametrize(("score", "offer"), [(0, False), (59, False), (60, True), (100, True)])
def test_threshold(score, offer):
    decision = decide(score=score)
    assert decision.offer is offer
    assert decision.reason == ("offer" if offer else "below_threshold")


@pytest.mark.parametrize(
    ("known", "fields"),
    [
        ((), ["email", "name"]),
        (("email",), ["name", "phone"]),
        (("email", "phone"), ["name", "preferred_contact_time"]),
        (("email", "name", "phone"), ["preferred_contact_time"]),
        (("company", "name"), ["email", "phone"]),
    ],
)
def test_asks_unknown_fields_in_priority_order_at_most_the_limit(known, fields):
    assert decide(known=known) == FormDecision(True, fields, "offer")


def test_nothing_to_ask_when_every_field_is_known():
    decision = decide(known=("email", "name", "phone", "preferred_contact_time"))
    assert decision == FormDecision(False, [], "nothing_to_ask")


@pytest.mark.parametrize(
    ("seconds", "offer"), [(None, True), (0, False), (599, False), (600, True), (86400, True)]
)
def test_cooldown_since_last_dismissal(seconds, offer):
    decision = decide(dismissed=seconds)
    assert decision.offer is offer
    assert decision.reason == ("offer" if offer else "cooldown")


@pytest.mark.parametrize(("prompts", "offer"), [(0, True), (1, True), (2, False), (5, False)])
def test_prompt_limit_per_session(prompts, offer):
    decision = decide(prompts=prompts)
    assert decision.offer is offer
    assert decision.reason == ("offer" if offer else "session_limit")


def test_defaults_and_dict_form():
    decision = decide_contact_form(60, ["email"])
    assert decision.to_dict() == {
        "offer": True,
        "fields": ["name", "phone", "preferred_contact_time"],
        "reason": "offer",
    }
    assert decide_contact_form(0, []).to_dict() == {"offer": False, "fields": [], "reason": "below_threshold"}
