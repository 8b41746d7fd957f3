"""Inputs that gave a 500: fixed in the API, or still open in a service (strict xfail: a fix shows up
as XPASS, and then the mark goes, and so does the fuzz test's exclusion in test_openapi_fuzz.py)."""

import pytest
from sqlalchemy.exc import DataError

from leadcapture.catalog.store import seed_catalog
from leadcapture.models.types import new_id

BOOKING = {"procedure": "botox", "email": "a@example.com", "name": "A"}


def open_bug(raises, where):
    return pytest.mark.xfail(raises=raises, strict=True, reason=f"open: {where}")


@pytest.fixture
def api(app):
    with app.app_context():
        seed_catalog()
    return app.test_client()


@pytest.mark.parametrize("prompt_id", ["%00", "a%00b", new_id() + "%0A", "x" * 300, new_id().upper()])
def test_a_prompt_id_never_issued_is_not_found(api, prompt_id):
    response = api.post(f"/api/v1/prompts/{prompt_id}/dismissed", json={})
    assert response.status_code == 404 and response.get_json()["error"]["code"] == "not_found"


@pytest.mark.parametrize(
    ("path", "body"),
    [
        pytest.param(
            "/api/v1/events",
            {"events": [{"type": {}}]},
            marks=open_bug(TypeError, "tracking/events.py validate_event: `type in EVENT_TYPES` on a dict"),
        ),
        pytest.param(
            "/api/v1/events",
            {"events": [{"type": "click", "timestamp": "0001-01-01T00:00:00+05:00"}]},
            marks=open_bug(
                OverflowError, "tracking/events.py parse_client_timestamp: astimezone out of range"
            ),
        ),
        pytest.param(
            "/api/v1/tools/appointment_booking",
            BOOKING | {"slot": "9999-12-31T23:59:59-14:00"},
            marks=open_bug(
                OverflowError, "tools/booking_slots.py to_naive_utc: out of range, not a ValueError"
            ),
        ),
        pytest.param(
            "/api/v1/tools/cost_calculator",
            {"procedures": ["botox"], "page_url": "https://[::1/"},
            marks=open_bug(ValueError, "tracking/utm.py: urlsplit of a page_url with an unclosed '['"),
        ),
    ],
)
def test_open_service_bugs(api, path, body):
    assert api.post(path, json=body).status_code < 500


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        pytest.param(
            "POST",
            "/api/v1/events",
            {"events": [{"type": "page_view"}], "page_url": "https://clinic.example/?utm_source=a%00b"},
            marks=open_bug(
                DataError, "tracking/utm.py: a %00 in the page_url's UTM values reaches PostgreSQL"
            ),
        ),
        pytest.param(
            "GET",
            "/tools/booking/%00.ics",
            None,
            marks=open_bug(DataError, "blueprints/errors.py refuse_nul_characters does not check the path"),
        ),
    ],
)
def test_open_postgresql_bugs(postgres_app, method, path, body):
    assert postgres_app.test_client().open(path, method=method, json=body).status_code < 500
