"""The privacy request log keeps a keyed hash of the email, never the address."""

from datetime import datetime

from sqlalchemy import select

from leadcapture.email_keys import email_hash
from leadcapture.extensions import db
from leadcapture.models import PrivacyRequest
from leadcapture.privacy.log import complete_request, log_request


def test_the_hash_tells_one_address_in_any_spelling_and_depends_on_the_secret(make_app):
    with make_app().app_context():
        same = email_hash("Ana@Example.com "), email_hash("ana@example.com")
    with make_app(SECRET_KEY="another-secret").app_context():
        other_key = email_hash("ana@example.com")
    assert same[0] == same[1]
    assert other_key != same[0]
    assert "ana" not in same[0]


def test_a_request_is_logged_and_completed_without_the_email(app_ctx):
    requested = log_request("erase", "self_service", "ana@example.com", now=datetime(2026, 12, 1))
    db.session.commit()
    complete_request(requested, "done", "1 lead, 2 visitors erased", now=datetime(2026, 12, 2))
    db.session.commit()
    stored = db.session.scalars(select(PrivacyRequest)).one()
    assert (stored.kind, stored.channel, stored.status) == ("erase", "self_service", "done")
    assert stored.email_hash == email_hash("ana@example.com")
    assert (stored.requested_at, stored.completed_at) == (datetime(2026, 12, 1), datetime(2026, 12, 2))
    assert "ana" not in repr([getattr(stored, column.key) for column in PrivacyRequest.__table__.columns])
