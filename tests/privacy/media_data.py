"""A lead whose visitor sent a voice note and a photo with recommendation requests, for the media tests."""

from dataclasses import dataclass

from sqlalchemy import select

from leadcapture.extensions import db
from leadcapture.models import Lead, VisitorMedia
from tests.tools.photo_samples import astronaut, encode
from tests.uploads import post_attachment, wav_bytes

EMAIL = "media-lead@example.com"


@dataclass
class LeadWithMedia:
    lead_id: int
    visitor_id: str
    voice: VisitorMedia
    photo: VisitorMedia


def lead_with_media(app) -> LeadWithMedia:
    """Through the public API: a voice note and a photo (with consent), then contact details."""
    client = app.test_client()
    voice = post_attachment(client, wav_bytes(), consent_voice_processing=True)
    photo = post_attachment(client, encode(astronaut()), query="wrinkles", consent_photo_processing=True)
    assert voice.status_code == photo.status_code == 200
    visitor_id = voice.get_json()["visitor_id"]
    lead = client.post("/api/v1/leads", json={"email": EMAIL, "consent_marketing": False})
    assert lead.status_code == 201
    with app.app_context():
        media = {item.kind: item for item in db.session.scalars(select(VisitorMedia))}
        lead_id = db.session.scalar(select(Lead.id).where(Lead.email == EMAIL))
        db.session.expunge_all()
    return LeadWithMedia(lead_id, visitor_id, media["voice_note"], media["recommendation_photo"])
