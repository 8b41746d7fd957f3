"""The dashboard's, the funnel's and the interactions log's CSV: the rows each page shows, for the
same period and filters, streamed; each page links its CSV."""

import csv
import io
import re
from html import unescape

import pytest
from sqlalchemy import select

from leadcapture.extensions import db
from leadcapture.models import AdminAuditEntry
from leadcapture.reports import interactions as interactions_report
from tests.admin.signin import signed_in_client
from tests.admin.test_dashboard import build_weeks, daily_chart, shown
from tests.admin.test_funnel import build_week, cells
from tests.admin.test_interactions_log import write_log

WEEK = "from=2026-03-01&to=2026-03-07"


def csv_of(response) -> list[dict]:
    """The rows of a CSV download, by column name."""
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert response.is_streamed
    return list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))


def link(page: str, testid: str) -> str:
    return unescape(re.search(rf'href="([^"]+)" data-testid="{testid}"', page).group(1))


def test_the_dashboard_csv_has_the_tiles_and_the_days_the_page_shows(app):
    build_weeks(app)
    client = signed_in_client(app, "sales")
    page = client.get(f"/admin/?{WEEK}").get_data(as_text=True)
    assert link(page, "dashboard-csv") == f"/admin/dashboard.csv?{WEEK}"
    response = client.get(f"/admin/dashboard.csv?{WEEK}")
    assert (
        response.headers["Content-Disposition"]
        == 'attachment; filename="dashboard-2026-03-01-2026-03-07.csv"'
    )
    rows = csv_of(response)
    period, previous, change, *days = rows
    assert (period["row"], period["first_day"], period["last_day"]) == ("period", "2026-03-01", "2026-03-07")
    assert (previous["first_day"], previous["last_day"]) == ("2026-02-22", "2026-02-28")
    for name, column in (
        ("visitors", "visitors"),
        ("sessions", "sessions"),
        ("tool_uses", "tool_uses"),
        ("leads", "leads"),
        ("bookings", "bookings"),
    ):
        assert (period[column], previous[column]) == (
            shown(page, f"value-{name}"),
            shown(page, f"previous-{name}"),
        )
        assert change[column] == shown(page, f"change-{name}")
    assert (
        f"{float(period['conversion_rate_percent']):.1f}%" == shown(page, "value-conversion_rate") == "66.7%"
    )
    assert period["conversion_rate_percent"] == "66.67"
    assert f"{float(period['average_lead_score']):.1f}" == shown(page, "value-average_score")
    assert change["average_lead_score"] == shown(page, "change-average_score") == "↑ 75%"
    chart = daily_chart(page)
    assert [row["first_day"] for row in days] == chart["data"]["labels"]
    series = {dataset["label"]: dataset["data"] for dataset in chart["data"]["datasets"]}
    assert [int(row["visitors"]) for row in days] == series["Visitors"]
    assert [int(row["tool_uses"]) for row in days] == series["Tool uses"]
    assert [int(row["leads"]) for row in days] == series["Leads"]
    assert {row["sessions"] + row["bookings"] for row in days} == {""}  # not counted per day


@pytest.mark.parametrize("query", ["", "&campaign=spring&device=mobile", "&tool=face_analysis"])
def test_the_funnel_csv_has_the_steps_the_page_shows_with_its_filters(app, query):
    build_week(app)
    client = signed_in_client(app, "marketing")
    page = client.get(f"/admin/funnel?{WEEK}{query}").get_data(as_text=True)
    href = link(page, "funnel-csv")
    assert href.startswith("/admin/funnel.csv?") and all(
        part in href for part in (WEEK + query).split("&") if part
    )
    rows = csv_of(client.get(href))
    assert [row["step"] for row in rows] == [
        "Visitors",
        "Used a tool",
        "Offered the form",
        "Became a lead",
        "Booked",
    ]
    assert [row["visitors"] for row in rows] == cells(page, "visitors")
    assert [_percent(row["of_all_visitors_percent"]) for row in rows] == cells(page, "of-top")
    assert [_percent(row["of_step_before_percent"]) for row in rows] == cells(page, "of-previous")
    assert [row["dropped_off"] or "–" for row in rows] == [
        cell.split(" ")[0] for cell in cells(page, "dropped")
    ]


def _percent(value: str) -> str:
    return f"{float(value):.1f}%" if value else "–"


def test_the_funnel_csv_refuses_what_the_page_refuses(app):
    response = signed_in_client(app, "marketing").get(f"/admin/funnel.csv?{WEEK}&campaign=nope")
    assert response.status_code == 400 and "no campaign is called" in response.get_data(as_text=True)


@pytest.fixture
def log(app):
    """The interactions page's tool-use log (``tests/admin/test_interactions_log.py``): its lead's id."""
    return write_log(app)["lead"]


def page_rows(page: str) -> list[tuple[str, str, str, str]]:
    """(when, tool, what, campaign) of each row of the interactions page."""
    found = re.findall(
        r'data-testid="interaction-row">\s*<td>([^<]*)</td>\s*<td>([^<]*)</td>\s*'
        r'<td class="summary">([^<]*)</td>\s*<td>([^<]*)</td>',
        page,
    )
    return [(when, tool, unescape(what), campaign) for when, tool, what, campaign in found]


@pytest.mark.parametrize(
    "query",
    ["", "tool=cost_calculator", "converted=yes", "campaign=spring", "days=60", "converted=no&days=60"],
)
def test_the_interactions_csv_has_every_row_the_page_lists(app, log, query, monkeypatch):
    monkeypatch.setattr(interactions_report, "BATCH", 2)  # read in several batches
    client = signed_in_client(app, "admin")
    page = client.get(f"/admin/interactions?{query}").get_data(as_text=True)
    href = link(page, "interactions-csv")
    rows = csv_of(client.get(href))
    listed = page_rows(page)
    assert listed
    shown_columns = [
        (row["created_at_utc"], row["tool"].replace("_", " "), row["what"], row["campaign"] or "–")
        for row in rows
    ]
    assert shown_columns == listed
    assert all(row["lead_id"] == (str(log) if row["became_lead"] == "yes" else "") for row in rows)


def test_the_interactions_csv_leaves_lead_ids_to_staff_who_see_leads(app, log):
    rows = {
        role: csv_of(signed_in_client(app, role).get("/admin/interactions.csv"))
        for role in ("sales", "marketing")
    }
    assert [row["lead_id"] for row in rows["sales"]] == ["", "", str(log), str(log)]
    assert [row["became_lead"] for row in rows["marketing"]] == ["no", "no", "yes", "yes"]
    assert {row["lead_id"] for row in rows["marketing"]} == {""}
    with app.app_context():
        logged = db.session.scalars(
            select(AdminAuditEntry.detail).where(AdminAuditEntry.action == "interactions.export")
        ).all()
    assert len(logged) == 2 and set(logged[0]["filters"]) == {"from", "to"}


@pytest.mark.parametrize(
    ("query", "field"), [("tool=hammer", "tool"), ("converted=maybe", "converted"), ("days=0", "days")]
)
def test_the_interactions_csv_refuses_bad_filters_clearly(app, query, field):
    response = signed_in_client(app, "marketing").get(f"/admin/interactions.csv?{query}")
    assert response.status_code == 400 and f"<code>{field}</code>" in response.get_data(as_text=True)
