"""/admin/leads and /admin/leads.csv: what sales see for each filter, sort order and page."""

import inspect
import re
from html import unescape

import pytest
from sqlalchemy import event
from sqlalchemy import inspect as inspect_schema

from leadcapture.extensions import db
from leadcapture.reports.leads import CSV_BATCH, csv_rows, lead_filters
from tests.admin.lead_data import make_lead, user_id
from tests.admin.signin import signed_in_client


@pytest.fixture
def leads(app):
    """Five leads; returns the owners' ids by name."""
    with app.app_context():
        owners = {"sam": user_id("sam@example.com"), "sue": user_id("sue@example.com")}
        make_lead(
            "ann@example.com",
            0,
            ("cost_calculator",),
            owners["sam"],
            score=85,
            engagement_level="high",
            name="Ann Smith",
            phone="+15550100",
            company="=Acme",
            first_utm_source="google",
            first_utm_campaign="spring",
            consent_marketing=True,
        )
        make_lead(
            "bob@example.com",
            1,
            ("ai_recommendation",),
            score=45,
            engagement_level="medium",
            status="contacted",
            first_utm_campaign="autumn",
            converting_utm_campaign="spring",
        )
        make_lead("cy@example.com", 2, score=10, status="qualified")
        make_lead(
            "dee@example.com",
            3,
            ("face_analysis", "cost_calculator"),
            owners["sue"],
            score=70,
            engagement_level="high",
            status="won",
        )
        make_lead(
            "eve@example.com",
            10,
            ("appointment_booking",),
            owners["sam"],
            score=60,
            engagement_level="medium",
            status="lost",
        )
        db.session.commit()
    return owners


def shown(response) -> list[str]:
    assert response.status_code == 200
    return re.findall(r'data-testid="lead-email">([^<]+)<', response.get_data(as_text=True))


def total(response) -> str:
    return re.search(r'data-testid="lead-total">([^<]+)<', response.get_data(as_text=True)).group(1)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", "eve dee cy bob ann"),
        ("score_min=60", "eve dee ann"),
        ("score_max=45", "cy bob"),
        ("score_min=45&score_max=70", "eve dee bob"),
        ("level=high", "dee ann"),
        ("tool=cost_calculator", "dee ann"),
        ("tool=appointment_booking", "eve"),
        ("campaign=spring", "bob ann"),  # first touch (ann) or converting touch (bob)
        ("status=contacted", "bob"),
        ("from=2026-03-02&to=2026-03-04", "dee cy bob"),
        ("owner={sam}", "eve ann"),
        ("owner=none", "cy bob"),
        ("level=high&owner={sam}", "ann"),
        ("status=won&tool=ai_recommendation", ""),
    ],
)
def test_filters(app, leads, query, expected):
    response = signed_in_client(app, "sales").get("/admin/leads?" + query.format(**leads))
    assert shown(response) == [f"{name}@example.com" for name in expected.split()]
    count = len(expected.split())
    if "tool=" not in query:  # with the tool filter the page shows no total
        assert total(response) == f"{count} lead{'' if count == 1 else 's'}"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("sort=score&dir=desc", "ann dee eve bob cy"),
        ("sort=score&dir=asc", "cy bob eve dee ann"),
        ("sort=email&dir=asc", "ann bob cy dee eve"),
        ("sort=email&dir=desc", "eve dee cy bob ann"),
        ("sort=status&dir=asc", "ann bob cy dee eve"),  # the workflow's order: new ... won, lost
        ("sort=created&dir=asc", "ann bob cy dee eve"),
    ],
)
def test_sorting(app, leads, query, expected):
    response = signed_in_client(app, "sales").get("/admin/leads?" + query)
    assert shown(response) == [f"{name}@example.com" for name in expected.split()]


def test_sort_links_keep_the_filters_and_flip_the_direction(app, leads):
    page = signed_in_client(app).get("/admin/leads?level=high&sort=score&dir=desc").get_data(as_text=True)
    link = unescape(re.search(r'href="([^"]+)" data-testid="sort-score"', page).group(1))
    assert "level=high" in link and "dir=asc" in link


def test_with_the_tool_filter_pages_have_no_total(app):
    with app.app_context():
        for number in range(55):
            make_lead(f"p{number:02d}@example.com", tools=("face_analysis",))
        make_lead("other@example.com", tools=("cost_calculator",))
        db.session.commit()
    client = signed_in_client(app, "sales")
    first = client.get("/admin/leads?tool=face_analysis")
    assert total(first) == "Leads 1–50 and more" and 'rel="next"' in first.get_data(as_text=True)
    assert len(shown(first)) == 50
    second = client.get("/admin/leads?tool=face_analysis&page=2")
    assert total(second) == "Leads 51–55" and 'rel="next"' not in second.get_data(as_text=True)
    assert len(shown(second)) == 5 and "Page 2<" in second.get_data(as_text=True)
    assert shown(client.get("/admin/leads?tool=face_analysis&page=3")) == []


def test_pages_of_fifty_keep_the_filters(app):
    with app.app_context():
        for number in range(55):
            make_lead(f"p{number:02d}@example.com", days=number % 20, score=number)
        make_lead("other@example.com", status="contacted")
        db.session.commit()
    client = signed_in_client(app, "sales")
    first = client.get("/admin/leads?status=new&sort=score&dir=desc")
    assert len(shown(first)) == 50 and shown(first)[0] == "p54@example.com"
    assert total(first) == "55 leads" and "Page 1 of 2" in first.get_data(as_text=True)
    next_link = unescape(re.search(r'href="([^"]+)" rel="next"', first.get_data(as_text=True)).group(1))
    assert "status=new" in next_link and "sort=score" in next_link and "page=2" in next_link
    second = client.get(next_link)
    assert shown(second) == [f"p{number:02d}@example.com" for number in range(4, -1, -1)]
    assert 'rel="next"' not in second.get_data(as_text=True)
    assert client.get("/admin/leads?status=new&page=3").status_code == 400


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("score_min=abc", "score_min"),
        ("score_max=101", "score_max"),
        ("score_min=-1", "score_min"),
        ("score_min=50&score_max=10", "score_min"),
        ("level=huge", "level"),
        ("tool=hammer", "tool"),
        ("status=closed", "status"),
        ("owner=bob", "owner"),
        ("sort=name", "sort"),
        ("dir=up", "dir"),
        ("from=yesterday", "from"),
        ("page=0", "page"),
        ("campaign=" + "x" * 300, "campaign"),
    ],
)
def test_bad_filters_are_a_400_naming_the_field(app, query, field):
    client = signed_in_client(app, "sales")
    # The export has no pages: it is every matching lead.
    for path in ("/admin/leads?",) if field == "page" else ("/admin/leads?", "/admin/leads.csv?"):
        response = client.get(path + query)
        assert response.status_code == 400
        assert f"<code>{field}</code>" in response.get_data(as_text=True)


def test_csv_is_the_filtered_sorted_list(app, leads):
    response = signed_in_client(app, "sales").get("/admin/leads.csv?score_min=60&sort=score&dir=desc")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"].startswith('attachment; filename="leads-')
    lines = response.get_data(as_text=True).splitlines()
    assert lines == [
        "lead_id,created_at_utc,email,name,phone,company,status,score,engagement_level,owner,"
        "first_utm_source,first_utm_medium,first_utm_campaign,converting_utm_source,converting_utm_medium,"
        "converting_utm_campaign,marketing_consent,hubspot_contact_id",
        "1,2026-03-01 09:00:00,ann@example.com,Ann Smith,'+15550100,'=Acme,new,85,high,sam@example.com,"
        "google,,spring,,,,yes,",
        "4,2026-03-04 09:00:00,dee@example.com,,,,won,70,high,sue@example.com,,,,,,,no,",
        "5,2026-03-11 09:00:00,eve@example.com,,,,lost,60,medium,sam@example.com,,,,,,,no,",
    ]


def test_csv_streams_rows_from_a_generator(app, leads):
    response = signed_in_client(app, "sales").get("/admin/leads.csv")
    assert response.is_streamed
    assert len(response.get_data(as_text=True).splitlines()) == 6
    with app.test_request_context("/admin/leads.csv?owner=none"):
        options = []

        def record(conn, cursor, statement, parameters, context, executemany):
            options.append(context.execution_options)

        event.listen(db.engine, "before_cursor_execute", record)
        try:
            rows = csv_rows(lead_filters({"owner": "none"}))
            assert inspect.isgenerator(rows)
            assert [row[2] for row in rows] == ["cy@example.com", "bob@example.com"]
        finally:
            event.remove(db.engine, "before_cursor_execute", record)
        # fetched in batches (a server-side cursor on PostgreSQL), not all at once
        assert [opts.get("yield_per") for opts in options] == [CSV_BATCH]


@pytest.mark.parametrize("path", ["/admin/leads", "/admin/leads.csv"])
def test_only_sales_and_admins_see_leads(app, path):
    assert app.test_client().get(path).status_code == 302
    assert signed_in_client(app, "marketing").get(path).status_code == 403
    assert signed_in_client(app, "sales").get(path).status_code == 200
    assert signed_in_client(app, "admin").get(path).status_code == 200


def test_the_lists_filters_and_journeys_have_indexes(app_ctx):
    inspector = inspect_schema(db.engine)
    indexed = {
        table: {tuple(index["column_names"]) for index in inspector.get_indexes(table)}
        for table in ("leads", "bookings", "lead_notes", "lead_activity")
    }
    assert {
        ("owner_id", "created_at"),
        ("engagement_level", "created_at"),
        ("converting_utm_campaign", "created_at"),
        ("first_utm_campaign", "created_at"),
        ("status", "created_at"),
        ("score",),
        ("created_at",),
    } <= indexed["leads"]
    assert ("visitor_id",) in indexed["bookings"]
    assert ("lead_id", "created_at") in indexed["lead_notes"] and ("lead_id", "created_at") in indexed[
        "lead_activity"
    ]


def test_the_tool_filters_offer_every_registered_tool_by_its_title(app):
    client = signed_in_client(app, "admin")
    for page in ("/admin/leads", "/admin/interactions"):
        html = client.get(page).get_data(as_text=True)
        assert '<option value="cost_calculator">Cost calculator</option>' in html
        assert '<option value="appointment_booking">Book a consultation</option>' in html
