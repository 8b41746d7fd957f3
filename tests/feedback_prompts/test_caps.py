"""The frequency caps, kept by the server: each prompt once a visit, a few a visit, none for days after
feedback or a dismissal, one on screen at a time; time from an injected clock."""

from dataclasses import replace
from datetime import datetime, timedelta

import pytest

from leadcapture.extensions import db
from leadcapture.feedback_prompts.caps import PromptHistory, refusal
from leadcapture.feedback_prompts.lifecycle import mark_feedback_submitted, record_prompt_action
from leadcapture.feedback_prompts.offers import offer_prompt
from leadcapture.feedback_prompts.settings import PromptSettings, save_prompt_settings
from leadcapture.models import Booking, Interaction
from leadcapture.models.catalog_store import seed_catalog
from leadcapture.prompts import offer_prompt as offer_contact_form
from tests.feedback_prompts.helpers import Visitor

NOW = datetime(2026, 5, 4, 12)


@pytest.mark.parametrize(
    ("history", "prompt_type", "reason"),
    [
        (PromptHistory(tool_used=True), "exit_intent", None),
        (PromptHistory(), "exit_intent", "no_tool_use"),
        (PromptHistory(), "in_app", "no_tool_use"),
        (PromptHistory(), "tool_result", None),
        (PromptHistory(types_this_session=frozenset({"tool_result"})), "tool_result", "shown_this_session"),
        (
            PromptHistory(types_this_session=frozenset({"tool_result", "in_app"})),
            "exit_intent",
            "session_limit",
        ),
        (PromptHistory(on_screen=True), "tool_result", "on_screen"),
        (PromptHistory(last_submission=NOW - timedelta(days=6, hours=23)), "tool_result", "after_submission"),
        (PromptHistory(last_submission=NOW - timedelta(days=7)), "tool_result", None),
        (PromptHistory(last_dismissal=NOW - timedelta(hours=23)), "tool_result", "after_dismissal"),
        (PromptHistory(last_dismissal=NOW - timedelta(hours=24)), "tool_result", None),
    ],
)
def test_refusal_by_the_default_caps(history, prompt_type, reason):
    assert refusal(prompt_type, PromptSettings(), history, NOW) == reason


def test_a_disabled_prompt_never_shows():
    settings = PromptSettings(enabled_types=("tool_result",))
    assert refusal("exit_intent", settings, PromptHistory(tool_used=True), NOW) == "disabled"


def test_each_prompt_shows_once_a_visit_and_two_at_most(app_ctx):
    visitor = Visitor()
    first = visitor.ask("tool_result", interaction_id=visitor.use_tool())
    assert first.prompt is not None and first.prompt.status == "shown"
    visitor.wait(minutes=1)
    visitor.answer(first, "closed")  # the visitor went on to another page
    again = visitor.ask("tool_result", interaction_id=visitor.use_tool({"procedures": ["hydrafacial"]}))
    assert again.refused == "shown_this_session"
    exit_intent = visitor.ask("exit_intent")
    assert exit_intent.prompt is not None
    visitor.answer(exit_intent, "closed")
    assert visitor.ask("in_app").refused == "session_limit"
    visitor.wait(minutes=31)  # a new visit
    visitor.use_tool()
    assert visitor.ask("in_app").prompt is not None


def test_no_prompt_for_seven_days_after_feedback(app_ctx):
    visitor = Visitor()
    offer = visitor.ask("tool_result", interaction_id=visitor.use_tool())
    mark_feedback_submitted(offer.prompt.id, visitor.id, visitor.now)
    db.session.commit()
    for wait in (timedelta(days=1), timedelta(days=5, hours=23, minutes=59)):
        visitor.wait(seconds=wait.total_seconds())
        visitor.use_tool()
        assert visitor.ask("exit_intent").refused == "after_submission"
    visitor.wait(minutes=1)
    visitor.use_tool()
    assert visitor.ask("exit_intent").prompt is not None


def test_no_prompt_for_a_day_after_a_dismissal(app_ctx):
    visitor = Visitor()
    offer = visitor.ask("tool_result", interaction_id=visitor.use_tool())
    visitor.wait(seconds=5)
    assert visitor.answer(offer, "dismissed")
    visitor.wait(hours=23, minutes=59)
    visitor.use_tool()
    assert visitor.ask("exit_intent").refused == "after_dismissal"
    visitor.wait(minutes=1, seconds=5)
    assert visitor.ask("exit_intent").prompt is not None


def test_one_prompt_on_screen_the_contact_form_included(app_ctx):
    visitor = Visitor()
    interaction_id = visitor.use_tool()
    session_id = db.session.get(Interaction, interaction_id).session_id
    form = offer_contact_form(visitor.id, session_id, ["email"], 70, visitor.now)
    db.session.commit()
    assert visitor.ask("tool_result", interaction_id=interaction_id).refused == "on_screen"
    visitor.wait(seconds=30)
    assert record_prompt_action(form.id, visitor.id, "closed", visitor.now)  # its page closed
    shown = visitor.ask("tool_result", interaction_id=interaction_id)
    assert shown.prompt is not None
    assert visitor.ask("exit_intent").refused == "on_screen"  # the rating card is still up
    visitor.answer(shown, "interacted")
    assert visitor.ask("exit_intent").refused == "on_screen"
    visitor.answer(shown, "abandoned")
    assert visitor.ask("exit_intent").prompt is not None


def test_a_prompt_whose_page_never_reported_leaves_the_screen_with_its_visit(app_ctx):
    visitor = Visitor()
    visitor.ask("tool_result", interaction_id=visitor.use_tool())
    visitor.wait(minutes=29)
    assert visitor.ask("exit_intent").refused == "on_screen"
    visitor.wait(minutes=1, seconds=1)
    assert visitor.ask("exit_intent").prompt is not None


def test_settings_change_the_caps_at_once(app_ctx):
    visitor = Visitor()
    save_prompt_settings({"max_per_session": 1, "quiet_days_after_dismissal": 3}, actor_id=None)
    offer = visitor.ask("tool_result", interaction_id=visitor.use_tool())
    visitor.answer(offer, "closed")
    assert visitor.ask("exit_intent").refused == "session_limit"
    visitor.answer(offer, "dismissed")  # a late report of the same card: it stays closed
    visitor.wait(days=2)
    visitor.use_tool()
    assert visitor.ask("exit_intent").refused == "after_dismissal"
    save_prompt_settings({"enabled_types": ["tool_result"]}, actor_id=None)
    visitor.wait(days=2)
    assert visitor.ask("exit_intent").refused == "disabled"


def test_a_visitor_without_analytics_consent_gets_no_prompt(app_ctx):
    untracked = replace(Visitor().context(), analytics_consent=False)
    assert offer_prompt(untracked, "in_app", {}).refused == "not_tracked"


def test_a_bookings_prompt_shows_once_even_in_a_later_visit(app_ctx):
    visitor = Visitor()
    visitor.use_tool()
    booking = Booking(
        slot_start=visitor.now + timedelta(days=3),
        slot_minutes=30,
        procedure_id="botox",
        visitor_id=visitor.id,
        name="Ada",
        email="ada@example.com",
        created_at=visitor.now,
    )
    seed_catalog()
    db.session.add(booking)
    db.session.commit()
    assert visitor.ask("after_booking", booking_id=booking.id).prompt is not None
    visitor.wait(hours=2)  # a new visit, with the confirmation page open again
    assert visitor.ask("after_booking", booking_id=booking.id).refused == "shown_this_session"


def test_a_page_reports_only_what_a_page_can():
    with pytest.raises(ValueError, match="interacted, dismissed, abandoned, closed"):
        record_prompt_action("0" * 32, "visitor", "submitted")
