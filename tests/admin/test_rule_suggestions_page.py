"""The suggested points page and "Apply suggestions": what an admin reads, the draft it writes,
who may use it, CSRF."""

import re
from datetime import datetime, timedelta

import pytest

from leadcapture.accounts import ensure_user
from leadcapture.learning import kept
from leadcapture.scoring_rules import audit
from leadcapture.scoring_rules.draft import draft_rules
from leadcapture.scoring_rules.live import live_rules
from leadcapture.scoring_rules.seed import seed_default_rules
from tests.admin.signin import PASSWORD, csrf_token, signed_in_client, staff_email
from tests.clock import ManualNow
from tests.learning.lead_rows import DAY, add_leads
from tests.learning.test_suggest import CALCULATOR, ENGAGED, QUERY, plant

PAGE = f"/admin/rules/suggestions?{QUERY}"
APPLY = f"/admin/rules/suggestions/apply?{QUERY}"


def suggested(page: str) -> dict[str, str]:
    return dict(re.findall(r'data-rule="([^"]+)".*?data-testid="suggested">(\d+)<', page, re.S))


def draft_points() -> dict[str, int]:
    return {rule["name"]: rule["points"] for rule in draft_rules()}


def test_the_page_shows_current_and_suggested_points_with_the_held_out_quality(app):
    with app.app_context():
        plant()
    page = signed_in_client(app).get(PAGE).get_data(as_text=True)
    assert suggested(page)[ENGAGED] == "90"
    assert "they were won 5.0× as often as the others; suggested 90 points (now 15)." in page
    assert "fitted on the older 360 leads, judged on the newest 120 (held out)" in " ".join(page.split())
    current = float(re.search(r'data-testid="current-auc">([\d.]+)<', page).group(1))
    better = float(re.search(r'data-testid="suggested-auc">([\d.]+)<', page).group(1))
    assert better > current
    assert 'href="/admin/rules/suggestions"' in signed_in_client(app).get("/admin/rules").get_data(
        as_text=True
    )


def split_of(page: str) -> str:
    return " ".join(re.search(r'data-testid="split">(.*?)</p>', page, re.S).group(1).split())


def test_views_show_the_kept_fit_until_it_is_older_than_ten_minutes(app, monkeypatch):
    clock = ManualNow(datetime(2026, 3, 20, 9, 0))
    monkeypatch.setattr(kept, "utcnow", clock)
    with app.app_context():
        plant()
    client = signed_in_client(app)
    first = client.get(PAGE).get_data(as_text=True)
    assert "fitted on the older 360 leads" in split_of(first)
    assert "Fitted at 2026-03-20 09:00 UTC" in first
    with app.app_context():
        add_leads(40, 20, (ENGAGED,), at=DAY + timedelta(days=3))  # in the period: a new fit would count them
    clock.at(timedelta(minutes=9, seconds=59))
    later = client.get(PAGE).get_data(as_text=True)
    assert split_of(later) == split_of(first) and "Fitted at 2026-03-20 09:00 UTC" in later
    clock.at(timedelta(minutes=10))
    refitted = client.get(PAGE).get_data(as_text=True)
    assert "fitted on the older 390 leads, judged on the newest 130" in split_of(refitted)
    assert "Fitted at 2026-03-20 09:10 UTC" in refitted


def test_thin_data_shows_the_message_and_no_apply_button(app):
    with app.app_context():
        add_leads(20, 5, (ENGAGED,))
    page = signed_in_client(app).get(PAGE).get_data(as_text=True)
    assert "Not enough data: 20 leads in the period" in page
    assert 'data-testid="apply-form"' not in page


def test_apply_writes_the_draft_audits_and_opens_the_preview(app):
    with app.app_context():
        seed_default_rules()
        plant()
    response = signed_in_client(app).post(APPLY)
    assert response.status_code == 302 and response.location == "/admin/rules/preview"
    with app.app_context():
        points = draft_points()
        live_version = live_rules()
        live = {rule.name: rule.points for rule in live_version.compiled.active_rules}
        entries = audit.recent(2)
    assert points[ENGAGED] == 90 and points[CALCULATOR] < 70
    assert (live[ENGAGED], live[CALCULATOR], live_version.version) == (15, 70, 1)
    assert {(entry.actor, entry.action, entry.subject) for entry in entries} == {
        (staff_email("admin"), "rule_updated", ENGAGED),
        (staff_email("admin"), "rule_updated", CALCULATOR),
    }


def test_apply_writes_the_points_the_page_showed(app, monkeypatch):
    clock = ManualNow(datetime(2026, 3, 20, 9, 0))
    monkeypatch.setattr(kept, "utcnow", clock)
    with app.app_context():
        seed_default_rules()
        plant()
    client = signed_in_client(app)
    shown = suggested(client.get(PAGE).get_data(as_text=True))
    with app.app_context():  # leads that a new fit would learn from: the calculator's all won
        add_leads(200, 200, (CALCULATOR,), at=DAY + timedelta(days=1))
    clock.at(timedelta(minutes=5))
    client.post(APPLY)
    with app.app_context():
        points = draft_points()
    assert {name: str(points[name]) for name in shown} == shown


def test_apply_without_enough_data_changes_nothing(app):
    with app.app_context():
        seed_default_rules()
        before = draft_points()
    client = signed_in_client(app)
    response = client.post(APPLY)
    assert response.status_code == 302 and response.location.startswith("/admin/rules/suggestions?")
    assert "Not enough data" in client.get(response.location).get_data(as_text=True)
    with app.app_context():
        assert draft_points() == before


@pytest.mark.parametrize("method", ["get", "post"])
def test_only_admins_may_use_them(app, method):
    path = PAGE if method == "get" else APPLY
    for role in ("sales", "marketing"):
        assert getattr(signed_in_client(app, role), method)(path).status_code == 403
    response = getattr(app.test_client(), method)(path)
    assert response.status_code == 302 and response.location.startswith("/admin/login")


def test_apply_needs_the_pages_csrf_token(make_app):
    app = make_app(WTF_CSRF_ENABLED=True)
    with app.app_context():
        ensure_user(staff_email("admin"), PASSWORD, "admin")
        seed_default_rules()
        plant()
    client = signed_in_client(app)
    refused = client.post(APPLY, data={})
    assert refused.status_code == 400 and "The CSRF token is missing." in refused.get_data(as_text=True)
    with app.app_context():
        assert draft_points()[ENGAGED] == 15
    token = csrf_token(client, PAGE)
    assert client.post(APPLY, data={"csrf_token": token}).location == "/admin/rules/preview"
