"""Each data type is purged exactly when it reaches its retention, and not a second before."""

import os
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from leadcapture.email_keys import email_hash
from leadcapture.extensions import db
from leadcapture.leads.deletion import delete_lead
from leadcapture.models import (
    BehaviourEvent,
    ContactPrompt,
    Interaction,
    Lead,
    LeadNote,
    PrivacyRequest,
    SyncOutbox,
    User,
    Visitor,
    VisitorMedia,
    VisitorScore,
    VisitSession,
)
from leadcapture.privacy.retention import purge
from leadcapture.reports.deleted_leads import deleted_leads
from tests.admin.lead_data import BASE, make_lead, user_id
from tests.admin.report_data import at, lead, prompt, session, tool_use

LAST_SEEN = at("2025-01-10 10:00")
VISITOR_LIMIT = timedelta(days=395)


def anonymous_visitor(visitor_id: str, *sessions: str) -> None:
    """A visitor first seen at its first session, with a tool use, a prompt, an event and a score."""
    db.session.add(Visitor(id=visitor_id, created_at=at(sessions[0])))
    db.session.flush()
    for when in sessions:
        session_id = session(visitor_id, when, campaign="spring")
        tool_use(visitor_id, session_id, "cost_calculator", when)
        prompt(visitor_id, session_id, when)
        db.session.add(
            BehaviourEvent(
                visitor_id=visitor_id, session_id=session_id, event_type="click", created_at=at(when)
            )
        )
    db.session.add(VisitorScore(visitor_id=visitor_id, score=70, engagement_level="high", rule_set_version=1))
    db.session.commit()


def rows_of(visitor_id: str) -> dict[str, int]:
    models = {
        "visitors": (Visitor, Visitor.id),
        "sessions": (VisitSession, VisitSession.visitor_id),
        "interactions": (Interaction, Interaction.visitor_id),
        "prompts": (ContactPrompt, ContactPrompt.visitor_id),
        "events": (BehaviourEvent, BehaviourEvent.visitor_id),
        "scores": (VisitorScore, VisitorScore.visitor_id),
    }
    return {
        name: db.session.scalar(select(func.count()).select_from(model).where(column == visitor_id))
        for name, (model, column) in models.items()
    }


def summary(results) -> dict[str, dict[str, int]]:
    return {result.step.label: dict(result.removed) for result in results}


def test_an_anonymous_visitor_goes_with_all_its_rows_when_its_last_visit_is_395_days_old(app_ctx):
    anonymous_visitor("gone", "2025-01-02 09:00", "2025-01-10 10:00")
    anonymous_visitor("linked", "2024-12-01 09:00")
    lead("2024-12-01 09:30", visitors=["linked"])
    db.session.commit()
    everything = {"visitors": 1, "sessions": 2, "interactions": 2, "prompts": 2, "events": 2, "scores": 1}

    early = summary(purge(LAST_SEEN + VISITOR_LIMIT - timedelta(seconds=1)))
    assert rows_of("gone") == everything
    assert early["Anonymous visitors"] == dict.fromkeys([*everything, "media"], 0)

    on_time = summary(purge(LAST_SEEN + VISITOR_LIMIT))
    assert on_time["Anonymous visitors"] == everything | {"media": 0}
    assert rows_of("gone") == dict.fromkeys(everything, 0)
    # A lead's visitor is the lead's to keep (until the lead's own retention).
    assert rows_of("linked")["sessions"] == 1 and rows_of("linked")["visitors"] == 1


def test_a_purged_visitors_kept_media_go_with_it(make_app, tmp_path):
    """Media kept longer than the visitor (a long media retention) go with their visitor, file too."""
    with make_app(MEDIA_RETENTION_DAYS=1000, ATTACHMENT_FOLDER=str(tmp_path)).app_context():
        anonymous_visitor("gone", "2025-01-10 10:00")
        (tmp_path / "note.wav").write_bytes(b"RIFF")
        db.session.add(
            VisitorMedia(
                visitor_id="gone",
                kind="voice_note",
                file_name="note.wav",
                content_type="audio/wav",
                bytes=4,
                created_at=LAST_SEEN,
            )
        )
        db.session.commit()
        removed = summary(purge(LAST_SEEN + VISITOR_LIMIT))["Anonymous visitors"]
        assert (removed["visitors"], removed["media"]) == (1, 1)
        assert db.session.scalar(select(func.count()).select_from(VisitorMedia)) == 0
    assert not (tmp_path / "note.wav").exists()


def test_a_visit_within_the_limit_keeps_the_whole_visitor(app_ctx):
    anonymous_visitor("back", "2023-06-01 09:00", "2025-01-10 10:00")
    purge(LAST_SEEN + VISITOR_LIMIT - timedelta(seconds=1))
    assert rows_of("back")["sessions"] == 2  # its old visit is not cut off either


def test_events_go_a_whole_month_at_a_time_once_the_month_is_past_the_limit(app_ctx):
    # An active visitor's events: the visitor stays, its January events go when January is 395 days old.
    anonymous_visitor("active", "2025-01-02 08:00", "2025-01-31 23:59", "2026-03-01 10:00")
    month_end = at("2025-02-01 00:00")

    early = summary(purge(month_end + VISITOR_LIMIT - timedelta(seconds=1)))
    assert rows_of("active")["events"] == 3
    assert early["Behaviour events"]["events"] == 0

    on_time = summary(purge(month_end + VISITOR_LIMIT))
    assert on_time["Behaviour events"]["events"] == 2
    kept = {"visitors": 1, "sessions": 3, "interactions": 3, "prompts": 3, "events": 1, "scores": 1}
    assert rows_of("active") == kept
    assert list(db.session.scalars(select(BehaviourEvent.created_at))) == [at("2026-03-01 10:00")]


@pytest.fixture
def photo_app(make_app, tmp_path):
    app = make_app(PHOTO_FOLDER=str(tmp_path), PHOTO_RETENTION_DAYS=10)
    with app.app_context():
        yield app


def test_kept_face_photos_go_when_they_are_as_old_as_photo_retention_days(photo_app, tmp_path):
    written = at("2025-05-01 12:00")
    photo = tmp_path / "kept.jpg"
    photo.write_bytes(b"jpeg")
    stamp = written.replace(tzinfo=UTC).timestamp()
    os.utime(photo, (stamp, stamp))
    limit = timedelta(days=10)

    assert summary(purge(written + limit - timedelta(seconds=1)))["Face photos"] == {"photos": 0}
    assert photo.exists()
    assert summary(purge(written + limit))["Face photos"] == {"photos": 1}
    assert not photo.exists()


def test_a_negative_retention_is_refused(make_app):
    with make_app(RETENTION_VISITOR_DAYS=-1).app_context(), pytest.raises(ValueError, match="0 or more"):
        purge(datetime(2026, 1, 1))


def erase_log() -> list[tuple[str, str, str]]:
    return list(
        db.session.execute(
            select(PrivacyRequest.channel, PrivacyRequest.status, PrivacyRequest.email_hash).where(
                PrivacyRequest.kind == "erase"
            )
        )
    )


def test_a_lead_with_no_activity_for_1095_days_is_anonymised_and_the_erasure_logged(app_ctx):
    quiet = make_lead("quiet@example.com", name="Quiet")  # created and last seen at BASE
    busy = make_lead("busy@example.com")
    db.session.add(LeadNote(lead_id=busy.id, text="called back", created_at=BASE + timedelta(days=400)))
    db.session.commit()
    limit = timedelta(days=1095)

    assert summary(purge(BASE + limit - timedelta(seconds=1)))["Inactive leads"] == {"leads": 0}
    assert db.session.get(Lead, quiet.id).email == "quiet@example.com"

    assert summary(purge(BASE + limit))["Inactive leads"] == {"leads": 1}
    erased = db.session.get(Lead, quiet.id)
    assert erased.erased_at == BASE + limit and erased.name is None
    assert not db.session.scalar(
        select(func.count()).select_from(Lead).where(Lead.email == "quiet@example.com")
    )
    assert erase_log() == [("retention", "done", email_hash("quiet@example.com"))]
    assert db.session.get(Lead, busy.id).erased_at is None  # a note 400 days in: still active
    assert summary(purge(BASE + limit))["Inactive leads"] == {"leads": 0}  # once is enough


def test_a_deleted_lead_is_erased_when_its_30_days_are_over(app_ctx):
    lead = make_lead("gone@example.com", days=2000, hubspot_contact_id="hs-7")  # recent enough to be active
    deleted_at = lead.created_at + timedelta(days=3)
    delete_lead(lead, db.session.get(User, user_id("admin@example.com", "admin")), now=deleted_at)
    limit = timedelta(days=30)

    assert summary(purge(deleted_at + limit - timedelta(seconds=1)))["Deleted leads"] == {"leads": 0}
    assert db.session.get(Lead, lead.id).erased_at is None

    assert summary(purge(deleted_at + limit))["Deleted leads"] == {"leads": 1}
    erased = db.session.get(Lead, lead.id)
    assert erased.erased_at == deleted_at + limit and erased.email != "gone@example.com"
    assert erased.deleted_at == deleted_at  # still off the lists, now for good
    assert (
        db.session.scalar(select(SyncOutbox.reason).where(SyncOutbox.lead_id == lead.id)) == "contact_delete"
    )
    assert erase_log() == [("retention", "done", email_hash("gone@example.com"))]
    assert deleted_leads(30) == []
