"""The interactions log: tool uses newest first, filtered, a page at a time.

Pages are keyset pages ("older than this one"), read through the (created_at) and
(tool, created_at) indexes, and no total is counted: with a million rows, a page costs the
same whether it is the first or the thousandth.

A campaign with few visits is read the other way round: its visits through the
(utm_campaign, started_at) index, then their tool uses through (session_id, created_at).
Reading newest first and skipping other campaigns' rows would scan the whole period when a
small campaign has no match in it.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, exists, or_, select
from sqlalchemy.orm import aliased

from leadcapture.cta.registry import TOOLS
from leadcapture.errors import InputError
from leadcapture.extensions import db
from leadcapture.models import Interaction, LeadVisitor, VisitSession
from leadcapture.reports.lead_access import visible_visitors
from leadcapture.reports.list_args import choice, text
from leadcapture.reports.period import Period, period_from_args
from leadcapture.reports.summaries import interaction_summary

PAGE_SIZE = 50
BATCH = 1000  # rows an export reads at a time
CONVERTED = ("yes", "no")
FEW_SESSIONS = 5000


@dataclass(frozen=True)
class InteractionFilters:
    period: Period
    tool: str | None = None
    converted: str | None = None  # "yes": the visitor became a lead; "no": not (yet)
    campaign: str | None = None  # utm_campaign of the interaction's session
    viewer: int | None = None  # a lead scope (lead_access): other people's leads' visitors are left out

    def as_args(self) -> dict[str, str]:
        """Query-string arguments that give these filters back."""
        values = {"tool": self.tool, "converted": self.converted, "campaign": self.campaign}
        return {key: value for key, value in values.items() if value} | self.period.as_args()


def interaction_filters(args, viewer: int | None = None) -> InteractionFilters:
    """The filters in a query string (default: the last 30 days), within the lead scope ``viewer``;
    InputError names a bad one."""
    return InteractionFilters(
        period=period_from_args(args),
        tool=choice(args, "tool", tuple(TOOLS)),
        converted=choice(args, "converted", CONVERTED),
        campaign=text(args, "campaign"),
        viewer=viewer,
    )


@dataclass(frozen=True)
class Cursor:
    """Where a page starts: just after (older than) this interaction."""

    created_at: datetime
    id: str

    def as_arg(self) -> str:
        return f"{self.created_at.isoformat()}_{self.id}"


def cursor_from_arg(value: str | None) -> Cursor | None:
    """The ``after`` argument of a page link, None for the first page."""
    if not value:
        return None
    stamp, _, ident = value.rpartition("_")
    try:
        moment = datetime.fromisoformat(stamp)
    except ValueError:
        moment = None
    if (
        moment is None
        or moment.tzinfo is not None
        or not (ident.isascii() and ident.isalnum())
        or len(ident) > 32
    ):
        raise InputError({"after": "is not a page of this list; start again from the first page"})
    return Cursor(moment, ident)


@dataclass(frozen=True)
class InteractionRow:
    id: str
    created_at: datetime
    tool: str
    summary: str
    visitor_id: str
    campaign: str | None
    lead_id: int | None  # the visitor's current lead


@dataclass
class InteractionPage:
    rows: list[InteractionRow]
    next_cursor: Cursor | None  # None: this is the last page


def _campaign_sessions(campaign: str, before: datetime) -> list[str] | None:
    """The ids of the campaign's visits started before ``before`` when there are at most
    ``FEW_SESSIONS`` of them, else None."""
    ids = db.session.scalars(
        select(VisitSession.id)
        .where(VisitSession.utm_campaign == campaign, VisitSession.started_at < before)
        .order_by(VisitSession.started_at.desc())
        .limit(FEW_SESSIONS + 1)
    ).all()
    return list(ids) if len(ids) <= FEW_SESSIONS else None


def _own_conditions(filters: InteractionFilters, cursor: Cursor | None) -> list:
    """The conditions on the interaction's own columns: period, tool, and the page's start."""
    conditions = [
        Interaction.created_at >= filters.period.start,
        Interaction.created_at < filters.period.end,
    ]
    if filters.tool:
        conditions.append(Interaction.tool == filters.tool)
    if cursor:
        # Spelled out rather than a row comparison, so the created_at index bounds the scan.
        conditions += [
            Interaction.created_at <= cursor.created_at,
            or_(
                Interaction.created_at < cursor.created_at,
                and_(Interaction.created_at == cursor.created_at, Interaction.id < cursor.id),
            ),
        ]
    return conditions


def _source(filters: InteractionFilters, cursor: Cursor | None):
    """The interactions to page through (the table, or the tool uses of a small campaign's
    visits) and the conditions left for the page's query."""
    conditions = _own_conditions(filters, cursor)
    sessions = _campaign_sessions(filters.campaign, filters.period.end) if filters.campaign else None
    if sessions is None:
        if filters.campaign:
            conditions.append(VisitSession.utm_campaign == filters.campaign)
        return Interaction, conditions
    # OFFSET 0 keeps PostgreSQL from merging this into the ordered, limited query, where it
    # would still rather scan the period newest first than look the few visits up.
    chosen = select(Interaction).where(*conditions, Interaction.session_id.in_(sessions)).offset(0)
    return aliased(Interaction, chosen.subquery()), []


def interaction_query(filters: InteractionFilters, cursor: Cursor | None = None):
    """The interactions matching ``filters`` older than ``cursor``, newest first: (id, created_at,
    tool, data, visitor_id, utm_campaign) rows."""
    source, conditions = _source(filters, cursor)
    if filters.converted:
        linked = exists().where(LeadVisitor.visitor_id == source.visitor_id)
        conditions.append(linked if filters.converted == "yes" else ~linked)
    conditions += visible_visitors(source.visitor_id, filters.viewer)
    return (
        select(
            source.id,
            source.created_at,
            source.tool,
            source.data,
            source.visitor_id,
            VisitSession.utm_campaign,
        )
        .join(VisitSession, VisitSession.id == source.session_id)
        .where(*conditions)
        .order_by(source.created_at.desc(), source.id.desc())
    )


def interaction_page(filters: InteractionFilters, cursor: Cursor | None = None) -> InteractionPage:
    """The newest ``PAGE_SIZE`` interactions matching ``filters`` older than ``cursor``."""
    found = db.session.execute(interaction_query(filters, cursor).limit(PAGE_SIZE + 1)).all()
    page = found[:PAGE_SIZE]
    more = len(found) > PAGE_SIZE
    return InteractionPage(_rows(page), Cursor(page[-1].created_at, page[-1].id) if more else None)


def all_interactions(filters: InteractionFilters) -> Iterator[InteractionRow]:
    """Every interaction matching ``filters``, newest first, read in batches (a server-side cursor
    on PostgreSQL), so an export of a million never sits in memory."""
    result = db.session.execute(interaction_query(filters).execution_options(yield_per=BATCH))
    for batch in result.partitions():
        yield from _rows(batch)


def _rows(found) -> list[InteractionRow]:
    leads = current_leads([row.visitor_id for row in found])
    return [
        InteractionRow(
            ident, at, tool, interaction_summary(tool, data), visitor, campaign, leads.get(visitor)
        )
        for ident, at, tool, data, visitor, campaign in found
    ]


def current_leads(visitor_ids: list[str]) -> dict[str, int]:
    """Each visitor's current lead (their latest link), for those who became one."""
    rows = db.session.execute(
        select(LeadVisitor.visitor_id, LeadVisitor.lead_id)
        .where(LeadVisitor.visitor_id.in_(set(visitor_ids)))
        .order_by(LeadVisitor.linked_at)
    )
    return dict(rows.all())  # later links overwrite earlier ones
