"""/admin/interactions: the tool-use log, its filters and its keyset pages."""

import re
from datetime import timedelta
from html import unescape

import pytest

from leadcapture.extensions import db
from leadcapture.models import LeadVisitor
from leadcapture.models.types import utcnow
from leadcapture.reports import interactions as interactions_report
from tests.admin.lead_data import make_lead, tool_use, visit
from tests.admin.signin import signed_in_client


@pytest.fixture
def log(app):
    return write_log(app)


def write_log(app) -> dict:
    """v1 (spring) used two tools and became a lead; v2 (no campaign) two tools, no lead;
    v3 booked 40 days ago (outside the default 30 days)."""
    now = utcnow().replace(microsecond=0)
    with app.app_context():
        v1 = visit(now - timedelta(hours=6), "spring")
        tool_use(v1, "cost_calculator", now - timedelta(hours=5), {"procedures": ["botox"]})
        tool_use(v1, "ai_recommendation", now - timedelta(hours=4), {"query": "frown lines"})
        v2 = visit(now - timedelta(hours=3))
        tool_use(v2, "face_analysis", now - timedelta(hours=3), {"concerns": ["acne"]})
        tool_use(v2, "cost_calculator", now - timedelta(hours=2), {"procedures": ["hydrafacial"]})
        v3 = visit(now - timedelta(days=40), "autumn")
        tool_use(v3, "appointment_booking", now - timedelta(days=40), {"procedure": "botox"})
        lead = make_lead("ann@example.com")
        db.session.add(LeadVisitor(lead_id=lead.id, visitor_id=v1.visitor.id, linked_at=now))
        db.session.commit()
        return {"lead": lead.id, "day": (now - timedelta(days=40)).date().isoformat()}


def rows(response) -> list[str]:
    """Each row's "what" column."""
    assert response.status_code == 200
    return re.findall(r'<td class="summary">([^<]*)</td>', response.get_data(as_text=True))


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["procedures: hydrafacial", "concerns: acne", "query: frown lines", "procedures: botox"]),
        ("tool=cost_calculator", ["procedures: hydrafacial", "procedures: botox"]),
        ("converted=yes", ["query: frown lines", "procedures: botox"]),
        ("converted=no", ["procedures: hydrafacial", "concerns: acne"]),
        ("campaign=spring", ["query: frown lines", "procedures: botox"]),
        ("campaign=spring&converted=no", []),
        ("days=60&tool=appointment_booking", ["procedure: botox"]),
        ("from={day}&to={day}", ["procedure: botox"]),
    ],
)
def test_filters_newest_first(app, log, query, expected):
    assert (
        rows(signed_in_client(app, "marketing").get("/admin/interactions?" + query.format(**log))) == expected
    )


@pytest.mark.parametrize("few_sessions", [0, 2000])  # a campaign's visits read first, or not
def test_campaign_filter_either_way_round(app, log, monkeypatch, few_sessions):
    monkeypatch.setattr(interactions_report, "FEW_SESSIONS", few_sessions)
    client = signed_in_client(app, "sales")
    assert rows(client.get("/admin/interactions?campaign=spring")) == [
        "query: frown lines",
        "procedures: botox",
    ]
    assert rows(client.get("/admin/interactions?campaign=spring&tool=ai_recommendation")) == [
        "query: frown lines"
    ]
    assert rows(client.get("/admin/interactions?campaign=spring&converted=no")) == []
    assert rows(client.get("/admin/interactions?campaign=autumn")) == []  # its visit is 40 days old
    assert rows(client.get("/admin/interactions?campaign=autumn&days=60")) == ["procedure: botox"]
    assert rows(client.get("/admin/interactions?campaign=nowhere")) == []


def test_rows_link_to_the_journey_and_for_sales_to_the_lead(app, log):
    sales = signed_in_client(app, "sales").get("/admin/interactions").get_data(as_text=True)
    assert len(re.findall(r'href="/admin/visitors/\w+" data-testid="journey-link"', sales)) == 4
    assert sales.count(f'href="/admin/leads/{log["lead"]}"') == 2
    marketing = signed_in_client(app, "marketing").get("/admin/interactions").get_data(as_text=True)
    assert "/admin/leads/" not in marketing and len(re.findall(r"<td>yes</td>", marketing)) == 2


def test_keyset_pages_walk_every_row_once_even_through_equal_times(app):
    now = utcnow().replace(microsecond=0)
    with app.app_context():
        session = visit(now - timedelta(days=1))
        for number in range(120):  # three at each minute: page edges fall inside ties
            tool_use(
                session, "cost_calculator", now - timedelta(minutes=number // 3), {"urgency": str(number)}
            )
        db.session.commit()
    client = signed_in_client(app, "sales")
    seen, sizes, link = [], [], "/admin/interactions?tool=cost_calculator"
    while link:
        response = client.get(link)
        page = response.get_data(as_text=True)
        sizes.append(len(rows(response)))
        seen += [int(n) for n in re.findall(r"urgency: (\d+)", page)]
        found = re.search(r'href="([^"]+)" rel="next"', page)
        link = unescape(found.group(1)) if found else None
        if link:
            assert "tool=cost_calculator" in link
        if len(sizes) > 1:
            assert 'data-testid="first-page"' in page
    assert sizes == [50, 50, 20]
    assert sorted(seen) == list(range(120))
    assert [n // 3 for n in seen] == sorted(n // 3 for n in seen)  # newest minute first


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("tool=hammer", "tool"),
        ("converted=maybe", "converted"),
        ("after=garbage", "after"),
        ("after=2026-01-01T00:00:00_not!hex", "after"),
        ("after=2026-01-01T00:00:00%2B02:00_abc", "after"),
        ("from=2026-13-01", "from"),
        ("days=0", "days"),
        ("campaign=" + "x" * 300, "campaign"),
    ],
)
def test_bad_filters_are_a_400_naming_the_field(app, query, field):
    response = signed_in_client(app, "sales").get("/admin/interactions?" + query)
    assert response.status_code == 400 and f"<code>{field}</code>" in response.get_data(as_text=True)


def test_who_sees_the_log(app):
    assert app.test_client().get("/admin/interactions").status_code == 302
    for role in ("admin", "sales", "marketing"):
        assert signed_in_client(app, role).get("/admin/interactions").status_code == 200
