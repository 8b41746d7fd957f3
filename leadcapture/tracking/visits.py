"""Identify the visitor and the current session of a request."""

from datetime import timedelta

from sqlalchemy import select

from leadcapture.engagement import SessionActivity, follow_active_time, set_engagement
from leadcapture.extensions import db
from leadcapture.models import Visitor, VisitSession
from leadcapture.models.insert import insert_new
from leadcapture.models.visit import Visit
from leadcapture.tracking.context import VisitContext
from leadcapture.tracking.privacy import anonymise_ip
from leadcapture.tracking.referrer import classify_referrer
from leadcapture.tracking.session_counts import EventTally, count_events
from leadcapture.tracking.useragent import parse_user_agent
from leadcapture.tracking.utm import CAMPAIGN_FIELDS, campaign_key, merge_campaign, strip_query

SESSION_TIMEOUT = timedelta(minutes=30)


def is_person(ctx: VisitContext) -> bool:
    """Bots and signed-in staff are not visitors: nothing of theirs is tracked or scored."""
    return not ctx.is_staff and not parse_user_agent(ctx.user_agent).is_bot


def is_trackable(ctx: VisitContext) -> bool:
    """A person who allows analytics (see ``tracking.consent``)."""
    return ctx.analytics_consent and is_person(ctx)


def identify(
    ctx: VisitContext,
    active_seconds: int = 0,
    events: EventTally | None = None,
    tool: str | None = None,
) -> Visit | None:
    """The visitor and session for ``ctx``, starting either when needed; None if not trackable
    (a bot, staff, or no analytics consent).

    A session continues while hits are less than 30 minutes apart and carry no other
    campaign. ``active_seconds`` (time on a tool) counts towards the session's active time
    when it is longer than the gap since the last hit. ``events`` (a batch of behaviour events)
    are added to the session's counts in the same write; a session started for a use of ``tool``
    is inserted with that use in its engagement. Writes the new rows and changes at once
    (``insert_new``, a flush), does not commit.
    """
    if not is_trackable(ctx):
        return None
    visitor = db.session.get(Visitor, ctx.visitor_id) if ctx.visitor_id else None
    new_visitor = visitor is None
    if new_visitor:
        visitor = Visitor(id=ctx.visitor_id, created_at=ctx.now)  # id None: insert_new makes one
        insert_new(visitor)
        latest = None
    else:
        latest = db.session.scalars(
            select(VisitSession)
            .where(VisitSession.visitor_id == visitor.id)
            .order_by(VisitSession.started_at.desc())
            .limit(1)
        ).first()
    campaign = merge_campaign(ctx.page_url, ctx.utm)
    if latest is not None and _continues(latest, ctx, campaign):
        gap = int((ctx.now - latest.last_seen_at).total_seconds())
        before = latest.active_seconds
        latest.active_seconds += max(gap, active_seconds, 0)
        latest.last_seen_at = max(latest.last_seen_at, ctx.now)
        follow_active_time(latest, before)  # the same UPDATE: the events ingest stays one per batch
        if events is not None:
            count_events(latest, events, new=False)
        db.session.flush()
        return Visit(visitor, latest, new_session=False)
    session = _start_session(visitor, ctx, campaign, active_seconds, tool)
    if events is not None:
        count_events(session, events, new=True)
    insert_new(session)
    return Visit(visitor, session, new_session=True, new_visitor=new_visitor)


def track_visit(ctx: VisitContext) -> Visit | None:
    """Identify the visitor and session of a page request, and commit."""
    visit = identify(ctx)
    if visit is not None:
        db.session.commit()
    return visit


def _continues(session: VisitSession, ctx: VisitContext, campaign: dict) -> bool:
    if ctx.now - session.last_seen_at > SESSION_TIMEOUT:
        return False
    new_key = campaign_key(campaign)
    current = {name: getattr(session, name) for name in CAMPAIGN_FIELDS}
    return new_key is None or new_key == campaign_key(current)


def _start_session(
    visitor: Visitor, ctx: VisitContext, campaign: dict, active_seconds: int, tool: str | None
) -> VisitSession:
    device = parse_user_agent(ctx.user_agent)
    private = ctx.privacy_signal
    session = VisitSession(
        visitor_id=visitor.id,
        started_at=ctx.now,
        last_seen_at=ctx.now,
        active_seconds=max(active_seconds, 0),
        landing_page=strip_query(ctx.page_url),
        referrer=strip_query(ctx.referrer),
        referrer_class=classify_referrer(ctx.referrer, campaign, ctx.own_host),
        device_type=device.device_type,
        browser=None if private else device.browser,
        os=None if private else device.os,
        ip_anonymized=None if private else anonymise_ip(ctx.ip),
        privacy_signal=private,
        **campaign,
    )
    set_engagement(session, SessionActivity(session.active_seconds, {tool: 1} if tool else {}))
    return session
