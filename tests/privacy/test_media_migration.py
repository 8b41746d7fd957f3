"""Revision 0018 links the uploads kept before it (named in their interaction's data) to their
visitor, and its downgrade names them there again."""

from datetime import datetime

import flask_migrate
import pytest
from sqlalchemy import bindparam, select

from leadcapture.extensions import db
from leadcapture.models import Interaction, VisitorMedia
from leadcapture.models.types import JSONType
from tests.conftest import BACKENDS
from tests.migrating import app_at_revision, timestamped

AT = datetime(2026, 11, 2, 9, 30)
VOICE = {"file": "a" * 32 + ".wav", "kind": "voice", "content_type": "audio/wav", "bytes": 16044}
PHOTO = {"file": "b" * 32 + ".jpg", "kind": "photo", "content_type": "image/jpeg", "bytes": 5120}


def insert(sql: str, **values) -> None:
    statement = timestamped(sql, "at")
    if "data" in values:
        statement = statement.bindparams(bindparam("data", type_=JSONType))
    db.session.execute(statement, values)


def old_tool_uses() -> None:
    """A visitor with a voice note, a photo and a use without an upload, as 0012 stored them."""
    insert("INSERT INTO visitors (id, created_at) VALUES ('visitor-1', :at)", at=AT)
    insert(
        "INSERT INTO visit_sessions (id, visitor_id, started_at, last_seen_at, active_seconds, "
        "referrer_class, privacy_signal) VALUES ('s1', 'visitor-1', :at, :at, 0, 'direct', false)",
        at=AT,
    )
    for number, attachment in enumerate((VOICE, PHOTO, None)):
        data = {"query": "acne", **({"attachment": attachment} if attachment else {})}
        insert(
            "INSERT INTO interactions (id, visitor_id, session_id, tool, data, input_hash, created_at) "
            "VALUES (:id, 'visitor-1', 's1', 'ai_recommendation', :data, :id, :at)",
            id=f"i{number}",
            data=data,
            at=AT,
        )
    db.session.commit()


@pytest.mark.parametrize("backend", BACKENDS)
def test_0018_links_kept_attachments_and_its_downgrade_restores_them(request, tmp_path, backend):
    app = app_at_revision(request, tmp_path, backend, "leadcapture_media_migrating", "0012_privacy_requests")
    with app.app_context():
        old_tool_uses()
        flask_migrate.upgrade(revision="0018_visitor_media")

        rows = db.session.scalars(select(VisitorMedia).order_by(VisitorMedia.interaction_id)).all()
        assert [
            (m.interaction_id, m.visitor_id, m.kind, m.file_name, m.bytes, m.created_at) for m in rows
        ] == [
            ("i0", "visitor-1", "voice_note", VOICE["file"], VOICE["bytes"], AT),
            ("i1", "visitor-1", "recommendation_photo", PHOTO["file"], PHOTO["bytes"], AT),
        ]
        data = dict(db.session.execute(select(Interaction.id, Interaction.data)).all())
        assert data["i0"]["attachment"] == {"kind": "voice_note", "content_type": "audio/wav", "bytes": 16044}
        assert data["i1"]["attachment"]["kind"] == "recommendation_photo"
        assert data["i2"] == {"query": "acne"}
        db.session.remove()

        flask_migrate.downgrade(revision="-1")
        data = dict(db.session.execute(select(Interaction.id, Interaction.data)).all())
        assert data["i0"]["attachment"] == VOICE and data["i1"]["attachment"] == PHOTO
        db.session.remove()
        db.engine.dispose()
