"""Fuzzing every operation of the OpenAPI document (schemathesis, valid and invalid inputs): no 5xx."""

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.config import SchemathesisConfig

from leadcapture.apidoc.document import openapi_document
from leadcapture.catalog.defaults import CONCERNS, DEFAULT_PROCEDURES
from leadcapture.models.catalog_store import seed_catalog
from leadcapture.models.types import utcnow
from leadcapture.tools.booking_slots import ClinicHours, available_slots

pytestmark = pytest.mark.heavy

# Known values most of the time, so that inputs get past validation and reach the services.
DICTIONARIES = {
    "procedures": [procedure["id"] for procedure in DEFAULT_PROCEDURES],
    "concerns": list(CONCERNS),
    "emails": ["ann@example.com", "Bob.Smith+lc@Example.org"],
    "slots": [slot.isoformat() + "Z" for slot in available_slots(ClinicHours(), utcnow(), set())],
}
BINDINGS = {
    "body.procedures[*]": "procedures",
    "body.procedure": "procedures",
    "body.concerns[*]": "concerns",
    "body.email": "emails",
    "body.slot": "slots",
}
CONFIG = SchemathesisConfig.from_dict(
    {
        # A fixed seed: the same inputs on every run, so that a failure is a regression, never luck.
        "seed": 20260401,
        "generation": {"max-examples": 30},
        "dictionaries": {name: {"values": values} for name, values in DICTIONARIES.items()},
        "parameters": {key: {"dictionary": name, "probability": 0.8} for key, name in BINDINGS.items()},
    }
)
schema = schemathesis.openapi.from_dict(openapi_document(), config=CONFIG)


@pytest.fixture
def fuzzed_app(make_app):
    app = make_app(API_RATE_LIMIT="100000 per minute", PRIVACY_RATE_LIMIT="100000 per minute")
    with app.app_context():
        seed_catalog()
    return app


@schema.parametrize()
@settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_no_input_gets_a_server_error(case, fuzzed_app):
    case.call_and_validate(app=fuzzed_app, checks=[not_a_server_error])
