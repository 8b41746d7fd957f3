"""The rule lift and calibration pages: what an admin reads, bad arguments, who may open them."""

import json
import re
from datetime import datetime, timedelta

import pytest

from leadcapture.learning import kept
from tests.admin.signin import signed_in_client
from tests.clock import ManualNow
from tests.learning.lead_rows import QUERY, add_leads
from tests.learning.test_lift import URGENCY, plant

PAGES = ("/admin/rules/lift", "/admin/rules/calibration")


def rows(page: str) -> list[tuple[str, str]]:
    """(rule, lift cell text) of each row of the lift table, in order."""
    found = re.findall(r'data-rule="([^"]+)".*?data-testid="lift">(.*?)</td>', page, re.S)
    return [(rule, " ".join(re.sub(r"<[^>]+>", "", cell).split())) for rule, cell in found]


def flat(page: str) -> str:
    """The page's HTML with each run of whitespace as one space."""
    return " ".join(page.split())


def test_the_lift_page_ranks_the_planted_rule_first(app):
    with app.app_context():
        plant()
    page = signed_in_client(app).get(f"/admin/rules/lift?{QUERY}&outcome=won").get_data(as_text=True)
    table = rows(page)
    # Katz: 4 · exp(±1.96 · √(1/80 − 1/200 + 1/40 − 1/400)) = 2.85 to 5.62.
    assert table[0] == (URGENCY, "×4.00 (2.85–5.62)")
    assert table[1][0] == "High budget" and table[1][1].startswith("×1.00")
    assert dict(table)["Multiple procedures"] == "not enough data"
    assert "600 leads, 120 reached “Won”" in flat(page)
    chart = json.loads(re.search(r"data-chart='([^']+)'", page).group(1).replace("&#34;", '"'))
    assert chart["data"]["labels"] == [URGENCY, "High budget"]


def test_the_lift_is_kept_ten_minutes(app, monkeypatch):
    clock = ManualNow(datetime(2026, 3, 20, 9, 0))
    monkeypatch.setattr(kept, "utcnow", clock)
    with app.app_context():
        plant()
    client = signed_in_client(app)
    path = f"/admin/rules/lift?{QUERY}&outcome=won"
    first = flat(client.get(path).get_data(as_text=True))
    assert "600 leads, 120 reached “Won”" in first and "Counted at 2026-03-20 09:00 UTC" in first
    with app.app_context():
        add_leads(10, 10, (URGENCY,))
    clock.at(timedelta(minutes=9, seconds=59))
    assert "600 leads, 120 reached “Won”" in flat(client.get(path).get_data(as_text=True))
    clock.at(timedelta(minutes=10))
    again = flat(client.get(path).get_data(as_text=True))
    assert "610 leads, 130 reached “Won”" in again and "Counted at 2026-03-20 09:10 UTC" in again


def test_the_outcome_chooser_changes_the_outcome(app):
    with app.app_context():
        plant()
    page = signed_in_client(app).get(f"/admin/rules/lift?{QUERY}&outcome=booking").get_data(as_text=True)
    assert "600 leads, 0 reached “Booked an appointment”" in flat(page)
    cells = dict(rows(page))  # for bookings, the booking's own rules and the bases it outranks are set apart
    assert cells == {
        **dict.fromkeys(
            ("Appointment booked", "Multiple interactions", "High engagement time"),
            "fires when the lead books",
        ),
        **dict.fromkeys(
            ("AI recommendation used", "Face analysis used", "Cost calculator used"),
            "outranked when the lead books",
        ),
        **dict.fromkeys(("Multiple procedures", "High budget", URGENCY), "not enough data"),
    }
    assert '<option value="booking" selected>' in page


def test_the_calibration_page_shows_bands_levels_and_thresholds(app):
    with app.app_context():
        add_leads(4, 1, score=65, level="medium")
        add_leads(2, 2, score=100, level="high")
    page = signed_in_client(app).get(f"/admin/rules/calibration?{QUERY}&outcome=won").get_data(as_text=True)
    assert "the form is offered from 60, medium from 40, high from 70" in flat(page)
    band = re.search(r'data-band="60">(.*?)</tr>', page, re.S).group(1)
    assert "form from 60" in band and "25.0%" in band
    level = re.search(r'data-level="high">(.*?)</tr>', page, re.S).group(1)
    assert "100.0%" in level
    chart = json.loads(re.search(r"data-chart='([^']+)'", page).group(1).replace("&#34;", '"'))
    assert [line["label"] for line in chart["data"]["datasets"][1:]] == [
        "Form offered (60)",
        "Medium from (40)",
        "High from (70)",
    ]


def test_the_rules_pages_link_to_both(app):
    page = signed_in_client(app).get("/admin/rules").get_data(as_text=True)
    assert 'href="/admin/rules/lift"' in page and 'href="/admin/rules/calibration"' in page


@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ("outcome=lost", "outcome", "must be one of booking, qualified, won"),
        ("days=0", "days", "must be a whole number"),
        ("from=2026-13-01", "from", "must be a date as YYYY-MM-DD"),
        ("from=2026-03-10&to=2026-03-01", "from", "must not be after"),
    ],
)
def test_bad_arguments_get_a_400_naming_the_field(app, path, query, field, message):
    response = signed_in_client(app).get(f"{path}?{query}")
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert f"<code>{field}</code>" in page and message in page


@pytest.mark.parametrize("path", PAGES)
def test_only_admins_may_open_them(app, path):
    assert signed_in_client(app, "admin").get(path).status_code == 200
    for role in ("sales", "marketing"):
        assert signed_in_client(app, role).get(path).status_code == 403
    response = app.test_client().get(path)
    assert response.status_code == 302 and response.location.startswith("/admin/login")
