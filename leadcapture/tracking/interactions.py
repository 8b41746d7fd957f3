"""The one entry point that records a CTA tool use."""

import hashlib
import json
from datetime import timedelta

from sqlalchemy import select

from leadcapture.engagement import refresh_session_engagement
from leadcapture.extensions import db
from leadcapture.models import Interaction
from leadcapture.models.insert import insert_new
from leadcapture.models.visit import RecordedInteraction, Visit
from leadcapture.tracking.context import VisitContext
from leadcapture.tracking.session_counts import count_tool_activity
from leadcapture.tracking.visits import identify

DUPLICATE_WINDOW = timedelta(seconds=10)


def input_hash(tool: str, data: dict) -> str:
    """A stable fingerprint of a tool's input, independent of key order."""
    canonical = json.dumps([tool, data], sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


def record_interaction(
    ctx: VisitContext,
    tool: str,
    data: dict,
    time_on_tool_seconds: int | None = None,
    commit: bool = True,
) -> RecordedInteraction | None:
    """Record that the visitor of ``ctx`` used ``tool`` with ``data``, and commit (unless
    ``commit`` is false: the caller then commits it with the rest of its transaction).

    Returns None for bots and staff. The same input repeated within 10 seconds in one
    session (a double click, a reload) returns the interaction already recorded.
    """
    visit = identify(ctx, active_seconds=time_on_tool_seconds or 0, tool=tool)
    if visit is None:
        return None
    fingerprint = input_hash(tool, data)
    # A session this request started has no interactions yet: nothing to look up.
    existing = None if visit.new_session else _recent_duplicate(visit, fingerprint, ctx)
    if existing is not None:
        if commit:
            db.session.commit()
        return RecordedInteraction(visit, existing, duplicate=True)
    interaction = Interaction(
        visitor_id=visit.visitor.id,
        session_id=visit.session.id,
        tool=tool,
        data=data,
        time_on_tool_seconds=time_on_tool_seconds,
        input_hash=fingerprint,
        created_at=ctx.now,
    )
    insert_new(interaction)
    count_tool_activity(visit.session.id, uses={tool: 1})
    if not visit.new_session:  # a new one was inserted with this use's engagement
        refresh_session_engagement(visit.session)
    if commit:
        db.session.commit()
    return RecordedInteraction(visit, interaction, duplicate=False)


def _recent_duplicate(visit: Visit, fingerprint: str, ctx: VisitContext) -> Interaction | None:
    """The same input recorded in this session within the duplicate window, if any."""
    return db.session.scalars(
        select(Interaction)
        .where(
            Interaction.session_id == visit.session.id,
            Interaction.input_hash == fingerprint,
            Interaction.created_at >= ctx.now - DUPLICATE_WINDOW,
        )
        .limit(1)
    ).first()
