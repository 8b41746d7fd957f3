"""The sales list of leads: filters, sort order and pages, and the same list as CSV rows.

Every filter has an index on PostgreSQL (see the Lead model); the tool filter looks up each
candidate lead's visitors' interactions through their (visitor_id, ...) indexes.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, and_, case, exists, func, or_, select
from sqlalchemy.orm import aliased

from leadcapture.cta.registry import TOOLS
from leadcapture.errors import InputError
from leadcapture.extensions import db
from leadcapture.models import LEAD_STATUSES, Interaction, Lead, LeadVisitor, User
from leadcapture.reports.lead_access import visible
from leadcapture.reports.list_args import choice, optional_period, text, whole_number
from leadcapture.reports.period import Period
from leadcapture.scoring.engine import HIGH, LOW, MEDIUM

LEVELS = (LOW, MEDIUM, HIGH)
SORTS = ("created", "score", "email", "status")
DIRECTIONS = ("desc", "asc")
UNASSIGNED = "none"
PAGE_SIZE = 50
CSV_BATCH = 1000
CSV_HEADER = (
    "lead_id",
    "created_at_utc",
    "email",
    "name",
    "phone",
    "company",
    "status",
    "score",
    "engagement_level",
    "owner",
    "first_utm_source",
    "first_utm_medium",
    "first_utm_campaign",
    "converting_utm_source",
    "converting_utm_medium",
    "converting_utm_campaign",
    "marketing_consent",
    "hubspot_contact_id",
)
_STATUS_ORDER = case({status: rank for rank, status in enumerate(LEAD_STATUSES)}, value=Lead.status)
_SORT_COLUMNS = {
    "created": Lead.created_at,
    "score": Lead.score,
    "email": Lead.email,
    "status": _STATUS_ORDER,
}


@dataclass(frozen=True)
class LeadFilters:
    """What the list shows (None: no limit) and in which order."""

    score_min: int | None = None
    score_max: int | None = None
    level: str | None = None
    tool: str | None = None
    campaign: str | None = None
    status: str | None = None
    period: Period | None = None
    owner: str | None = None  # a user id, or UNASSIGNED
    sort: str = "created"
    direction: str = "desc"
    viewer: int | None = None  # a lead scope (lead_access), never a query-string argument

    def as_args(self) -> dict[str, str]:
        """The query-string arguments that give these filters back (for page and CSV links)."""
        values = {
            "score_min": self.score_min,
            "score_max": self.score_max,
            "level": self.level,
            "tool": self.tool,
            "campaign": self.campaign,
            "status": self.status,
            "owner": self.owner,
            "sort": self.sort,
            "dir": self.direction,
        }
        args = {key: str(value) for key, value in values.items() if value is not None}
        return args | (self.period.as_args() if self.period else {})


def lead_filters(args, viewer: int | None = None) -> LeadFilters:
    """The filters in a query string, within the lead scope ``viewer``; InputError names each bad one."""
    score_min = whole_number(args, "score_min", 0, 100)
    score_max = whole_number(args, "score_max", 0, 100)
    if score_min is not None and score_max is not None and score_min > score_max:
        raise InputError({"score_min": "must not be above score_max"})
    owner = args.get("owner", "").strip() or None
    if owner is not None and owner != UNASSIGNED and not (owner.isascii() and owner.isdigit()):
        raise InputError({"owner": f"must be a user id or '{UNASSIGNED}'"})
    return LeadFilters(
        score_min=score_min,
        score_max=score_max,
        level=choice(args, "level", LEVELS),
        tool=choice(args, "tool", tuple(TOOLS)),
        campaign=text(args, "campaign"),
        status=choice(args, "status", LEAD_STATUSES),
        period=optional_period(args),
        owner=owner,
        sort=choice(args, "sort", SORTS, "created"),
        direction=choice(args, "dir", DIRECTIONS, "desc"),
        viewer=viewer,
    )


def _conditions(filters: LeadFilters) -> list:
    # Deleted leads are on the admins' own page.
    conditions = [Lead.deleted_at.is_(None), *visible(filters.viewer)]
    if filters.score_min is not None:
        conditions.append(Lead.score >= filters.score_min)
    if filters.score_max is not None:
        conditions.append(Lead.score <= filters.score_max)
    if filters.level:
        conditions.append(Lead.engagement_level == filters.level)
    if filters.status:
        conditions.append(Lead.status == filters.status)
    if filters.campaign:
        campaign = filters.campaign
        conditions.append(or_(Lead.first_utm_campaign == campaign, Lead.converting_utm_campaign == campaign))
    if filters.period:
        conditions += [Lead.created_at >= filters.period.start, Lead.created_at < filters.period.end]
    if filters.owner == UNASSIGNED:
        conditions.append(Lead.owner_id.is_(None))
    elif filters.owner:
        conditions.append(Lead.owner_id == int(filters.owner))
    if filters.tool:
        conditions.append(_used_tool(filters.tool))
    return conditions


def _used_tool(tool: str):
    """Any of the lead's visitors used ``tool``."""
    return exists().where(
        and_(
            LeadVisitor.lead_id == Lead.id,
            Interaction.visitor_id == LeadVisitor.visitor_id,
            Interaction.tool == tool,
        )
    )


def _ordered(query: Select, filters: LeadFilters) -> Select:
    column = _SORT_COLUMNS[filters.sort]
    if filters.direction == "desc":
        return query.order_by(column.desc(), Lead.id.desc())
    return query.order_by(column.asc(), Lead.id.asc())


@dataclass(frozen=True)
class LeadRow:
    id: int
    email: str
    name: str | None
    status: str
    score: int
    engagement_level: str
    created_at: datetime
    owner: str | None
    first_campaign: str | None
    converting_campaign: str | None


@dataclass
class LeadPage:
    """One page of the list. ``total`` is None with the tool filter: counting would read every
    lead's tool uses (a million rows), so that list only says whether a next page exists."""

    rows: list[LeadRow]
    page: int
    total: int | None
    has_next: bool

    @property
    def pages(self) -> int | None:
        return None if self.total is None else _page_count(self.total)

    @property
    def first_number(self) -> int:
        return (self.page - 1) * PAGE_SIZE + 1


def _page_count(total: int) -> int:
    return max(1, -(-total // PAGE_SIZE))


def lead_page(filters: LeadFilters, page: int = 1) -> LeadPage:
    """One page of the filtered, sorted list; a page past the end is an InputError."""
    conditions = _conditions(filters)
    total = None
    if not filters.tool:
        total = db.session.scalar(select(func.count()).select_from(Lead).where(*conditions))
        pages = _page_count(total)
        if page > pages:
            raise InputError({"page": f"there {'is' if pages == 1 else 'are'} {pages} page(s)"})
    owner = aliased(User)
    query = (
        select(
            Lead.id,
            Lead.email,
            Lead.name,
            Lead.status,
            Lead.score,
            Lead.engagement_level,
            Lead.created_at,
            owner.email,
            Lead.first_utm_campaign,
            Lead.converting_utm_campaign,
        )
        .outerjoin(owner, owner.id == Lead.owner_id)
        .where(*conditions)
    )
    found = db.session.execute(
        _ordered(query, filters).limit(PAGE_SIZE + 1).offset((page - 1) * PAGE_SIZE)
    ).all()
    return LeadPage([LeadRow(*row) for row in found[:PAGE_SIZE]], page, total, len(found) > PAGE_SIZE)


def csv_rows(filters: LeadFilters) -> Iterator[tuple]:
    """Every lead of the filtered, sorted list as a CSV row (``CSV_HEADER``), fetched in batches
    (a server-side cursor on PostgreSQL), so a 100k-lead export never sits in memory."""
    owner = aliased(User)
    query = (
        select(
            Lead.id,
            Lead.created_at,
            Lead.email,
            Lead.name,
            Lead.phone,
            Lead.company,
            Lead.status,
            Lead.score,
            Lead.engagement_level,
            owner.email,
            Lead.first_utm_source,
            Lead.first_utm_medium,
            Lead.first_utm_campaign,
            Lead.converting_utm_source,
            Lead.converting_utm_medium,
            Lead.converting_utm_campaign,
            Lead.consent_marketing,
            Lead.hubspot_contact_id,
        )
        .outerjoin(owner, owner.id == Lead.owner_id)
        .where(*_conditions(filters))
    )
    result = db.session.execute(_ordered(query, filters).execution_options(yield_per=CSV_BATCH))
    for row in result:
        yield (
            row[0],
            row[1].strftime("%Y-%m-%d %H:%M:%S"),
            *row[2:16],
            "yes" if row[16] else "no",
            row[17],
        )
