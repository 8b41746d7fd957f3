"""Carrying out a data-subject request with its record in the request log: the command line and
the admin (and any other channel) export and erase through these."""

from datetime import datetime
from typing import BinaryIO

from leadcapture.extensions import db
from leadcapture.models.types import utcnow
from leadcapture.privacy.erase import ErasureResult, erase_person
from leadcapture.privacy.export import export_person
from leadcapture.privacy.log import complete_request, log_request


def export_request(email: str, out: BinaryIO, channel: str, actor_id: int | None = None) -> bool:
    """``export_person`` to ``out``, logged with its outcome (commits); False for an unknown email."""
    found = export_person(email, out)
    outcome = "exported" if found else "unknown email"
    log_request(
        "export", channel, email, actor_id=actor_id, status="done" if found else "failed", outcome=outcome
    )
    db.session.commit()
    return found


def erase_request(
    email: str, channel: str, actor_id: int | None = None, now: datetime | None = None
) -> ErasureResult:
    """``erase_person``, logged: the request is committed with the erasure, then its outcome. A
    failure is logged as failed (nothing was erased) and raised again."""
    now = now or utcnow()
    request = log_request("erase", channel, email, actor_id=actor_id, now=now)
    try:
        result = erase_person(email, now)
    except Exception:
        db.session.rollback()
        log_request(
            "erase", channel, email, actor_id=actor_id, status="failed", outcome="failed, nothing erased"
        )
        db.session.commit()
        raise
    complete_request(request, "done", result.summary(), now)
    db.session.commit()
    return result
