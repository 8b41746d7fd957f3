"""The organisation a feedback counts under: the company given, else a business email's domain;
a free-mail or throwaway domain names none."""

import pytest

from leadcapture.feedback.organisation import organisation_key
from tests.feedback.helpers import feedback_row, give_feedback


@pytest.mark.parametrize(
    ("organisation", "email", "key"),
    [
        ("Lee Skin Studio", None, "lee skin studio"),
        ("  Lee   SKIN Studio ", "ann@gmail.com", "lee skin studio"),
        ("Lee Skin Studio", "ann@stone-dental.com", "lee skin studio"),  # the company given wins
        (None, "ann@stone-dental.com", "stone-dental.com"),
        (None, "ann@mail.stone-dental.co.uk", "mail.stone-dental.co.uk"),
        (None, "ann@gmail.com", None),
        (None, "ann@yahoo.co.uk", None),
        (None, "ann@proton.me", None),
        (None, "ann@gmx.de", None),
        (None, "ann@mailinator.com", None),  # throwaway
        (None, None, None),
    ],
)
def test_the_key_is_the_company_or_a_business_domain(organisation, email, key):
    assert organisation_key(organisation, email) == key


@pytest.mark.parametrize(
    ("given", "organisation", "key"),
    [
        ({"organisation": "Stone Dental"}, "Stone Dental", "stone dental"),
        ({"email": "Bob@Stone-Dental.com"}, None, "stone-dental.com"),
        ({"email": "bob.stone@hotmail.com"}, None, None),
    ],
)
def test_a_submission_stores_the_organisation_as_given_and_its_key(app, client, given, organisation, key):
    row = feedback_row(app, give_feedback(client, **given))
    assert (row.organisation, row.organisation_key) == (organisation, key)
