"""The dashboard's, the funnel's and the interactions log's tables as CSV rows: what each page shows,
for the same period and filters. Numbers stay numbers (percentages to two decimals); "" stands for
the page's "–"."""

from collections.abc import Iterator

from leadcapture.reports.dashboard import Dashboard, change, tiles
from leadcapture.reports.funnel import Funnel
from leadcapture.reports.interactions import InteractionFilters, all_interactions

DASHBOARD_HEADER = (
    "row",
    "first_day",
    "last_day",
    "visitors",
    "sessions",
    "tool_uses",
    "leads",
    "conversion_rate_percent",
    "average_lead_score",
    "bookings",
)
FUNNEL_HEADER = ("step", "visitors", "of_step_before_percent", "of_all_visitors_percent", "dropped_off")
INTERACTIONS_HEADER = (
    "id",
    "created_at_utc",
    "tool",
    "what",
    "campaign",
    "visitor_id",
    "became_lead",
    "lead_id",
)


def dashboard_rows(board: Dashboard) -> list[tuple]:
    """The tiles (this period, the one before, the change), then each day's visitors, tool uses
    and leads (the daily chart's figures; the other columns are not counted per day)."""
    now = [value for _name, _label, value, _before in tiles(board)]
    then = [before for _name, _label, _value, before in tiles(board)]
    period, previous = board.period, board.period.previous()
    rows = [
        ("period", period.first, period.last, *map(_number, now)),
        ("previous period", previous.first, previous.last, *map(_number, then)),
        ("change", "", "", *map(change, now, then)),
    ]
    daily = board.daily
    for number, day in enumerate(daily.days):
        visitors, tool_uses, leads = daily.visitors[number], daily.tool_uses[number], daily.leads[number]
        rows.append(("day", day, day, visitors, "", tool_uses, leads, "", "", ""))
    return rows


def funnel_rows(result: Funnel) -> list[tuple]:
    """One row per step, as the funnel's table."""
    return [
        (
            step.label,
            step.visitors,
            "" if number == 0 else _number(step.of_previous),
            _number(step.of_top),
            "" if number == 0 else step.dropped,
        )
        for number, step in enumerate(result.steps)
    ]


def interaction_rows(filters: InteractionFilters, lead_ids: bool) -> Iterator[tuple]:
    """Every interaction the log's filters choose (not one page), newest first; the lead's id only
    when ``lead_ids`` (staff who may open leads), else whether the visitor became one."""
    for row in all_interactions(filters):
        yield (
            row.id,
            row.created_at.strftime("%Y-%m-%d %H:%M:%S"),
            row.tool,
            row.summary,
            row.campaign or "",
            row.visitor_id,
            "yes" if row.lead_id else "no",
            row.lead_id if lead_ids and row.lead_id else "",
        )


def _number(value: float | None):
    if value is None:
        return ""
    return value if isinstance(value, int) else round(value, 2)
