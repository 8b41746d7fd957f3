"""/admin/prompts: admins set which prompts show, the caps, the delays and the greetings; bad values
are refused by field and nothing is saved; a saved change applies at once and is audited."""

import pytest
from sqlalchemy import select

from leadcapture.errors import InputError
from leadcapture.extensions import db
from leadcapture.feedback_prompts.settings import (
    DEFAULT_GREETINGS,
    PromptSettings,
    prompt_settings,
    save_prompt_settings,
)
from leadcapture.models import FEEDBACK_PROMPT_TYPES, AdminAuditEntry
from tests.admin.signin import signed_in_client
from tests.feedback_prompts.helpers import Visitor

FORM = {
    **{f"show_{t}": "y" for t in FEEDBACK_PROMPT_TYPES},
    "max_per_session": "2",
    "quiet_days_after_submission": "7",
    "quiet_days_after_dismissal": "1",
    "banner_delay_seconds": "20",
    "email_delay_hours": "24",
    **{f"greeting_{level}": text for level, text in DEFAULT_GREETINGS.items()},
}


def test_the_page_shows_the_settings_in_force(app):
    page = signed_in_client(app).get("/admin/prompts").get_data(as_text=True)
    assert 'name="quiet_days_after_submission" type="text" value="7"' in page
    assert 'name="show_exit_intent" type="checkbox" value="y"' in page and "checked" in page
    assert "Thanks for visiting the clinic!" in page and "Prompts</a>" in page


def test_saving_applies_at_once_and_is_audited(app):
    admin = signed_in_client(app)
    changed = FORM | {"quiet_days_after_dismissal": "3", "greeting_low": "Hello from the clinic!"}
    del changed["show_in_app"]
    response = admin.post("/admin/prompts", data=changed)
    assert response.status_code == 302
    assert "Prompt settings saved" in admin.get(response.location).get_data(as_text=True)
    with app.app_context():
        settings = prompt_settings()
        assert settings.quiet_days_after_dismissal == 3 and "in_app" not in settings.enabled_types
        assert settings.greetings["low"] == "Hello from the clinic!"
        visitor = Visitor()
        shown = visitor.ask("tool_result", interaction_id=visitor.use_tool())
        assert shown.message.greeting == "Hello from the clinic!"
        entry = db.session.scalars(
            select(AdminAuditEntry).where(AdminAuditEntry.action == "prompts.settings")
        ).one()
        assert entry.detail == {"changed": ["enabled_types", "greetings", "quiet_days_after_dismissal"]}


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"max_per_session": "many"}, "max_per_session", "a whole number from 1 to 5"),
        ({"max_per_session": "0"}, "max_per_session", "a whole number from 1 to 5"),
        ({"email_delay_hours": "-4"}, "email_delay_hours", "a whole number from 1 to 720"),
        ({"greeting_high": "  "}, "greeting_high", "a text of 1 to 300 characters"),
        ({"greeting_medium": "x" * 301}, "greeting_medium", "a text of 1 to 300 characters"),
    ],
)
def test_a_bad_value_is_named_and_nothing_is_saved(app, change, field, message):
    response = signed_in_client(app).post("/admin/prompts", data=FORM | change)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert f'id="{field}-error"' in page and message in page
    assert page.count('class="field-error"') == 1
    with app.app_context():
        assert prompt_settings() == PromptSettings()
        assert "prompts.settings" not in db.session.scalars(select(AdminAuditEntry.action)).all()


@pytest.mark.parametrize("role", ["sales", "marketing"])
def test_only_admins_see_it(app, role):
    assert signed_in_client(app, role).get("/admin/prompts").status_code == 403


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"enabled_types": ["popup"]}, "enabled_types"),
        ({"greetings": {"ecstatic": "Wow"}}, "greetings"),
        ({"greetings": {"low": 3}}, "greetings.low"),
        ({"max_per_session": True}, "max_per_session"),
        ({"colour": "red"}, "colour"),
    ],
)
def test_the_service_refuses_values_no_form_sends(app_ctx, values, field):
    with pytest.raises(InputError) as refused:
        save_prompt_settings(values, actor_id=None)
    assert list(refused.value.fields) == [field]
    assert prompt_settings() == PromptSettings()
