"""The next-actions list as CSV rows: every lead in it, in the page's order."""

from collections.abc import Iterator

from leadcapture.insights.read import every_next_action

NEXT_ACTIONS_HEADER = (
    "lead_id",
    "email",
    "name",
    "next_actions",
    "priority",
    "score",
    "level",
    "last_activity_at_utc",
    "primary_tool",
)


def next_action_rows(scope: int | None, sort: str) -> Iterator[tuple]:
    """One row a lead ``scope`` may see with a next action, sorted by ``sort``."""
    for row in every_next_action(scope, sort):
        yield (
            row.lead_id,
            row.email,
            row.name or "",
            "; ".join(row.actions),
            row.priority,
            row.score,
            row.level,
            row.last_activity_at.strftime("%Y-%m-%d %H:%M:%S") if row.last_activity_at else "",
            row.primary_tool or "",
        )
