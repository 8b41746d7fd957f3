"""bench/admin.py on a small data set: it finds the admin pages, signs in, times them, reports."""

import pytest
from sqlalchemy import select

from bench.admin import percentile, report, time_pages
from bench.feedback_rows import add_feedback
from leadcapture.demo import DemoOptions, generate, write_bundles
from leadcapture.demo.experiment_rows import demo_experiments
from leadcapture.extensions import db
from leadcapture.models import Feedback, Lead, LeadVisitor
from leadcapture.models.catalog_store import seed_catalog
from leadcapture.models.types import utcnow

pytestmark = pytest.mark.heavy


def test_percentiles_are_nearest_rank():
    values = [float(v) for v in range(20, 0, -1)]
    assert percentile(values, 0.5) == 10 and percentile(values, 0.95) == 19 and percentile(values, 1.0) == 20
    assert percentile([3.0], 0.95) == 3


def test_every_admin_page_is_found_and_timed(app):
    with app.app_context():
        seed_catalog()
        now = utcnow()
        experiments, _rows = demo_experiments(now, 90)
        write_bundles(generate(DemoOptions(visitors=300, seed=1, now=now, experiments=experiments)))
        assert db.session.scalar(select(Lead.id).join(LeadVisitor).limit(1))
    pages, left_out = time_pages(app, requests=3)
    timed = {page.rule: page for page in pages}
    # An experiment's pages, for the demo's two experiments (the results page too once it exists).
    experiment_pages = {rule: page for rule, page in timed.items() if rule.startswith("/admin/experiments/<")}
    assert {"/admin/experiments/<int:experiment_id>", "/admin/experiments/<int:experiment_id>/edit"} <= set(
        experiment_pages
    )
    for rule, page in experiment_pages.items():
        assert len(page.paths) == 2 and len(page.seconds) == 3 and not page.refused, rule
    assert not [route for route in left_out if "experiment" in route]
    assert {"/admin/", "/admin/attribution", "/admin/attribution.csv", "/admin/sync"} <= set(timed)
    assert "/admin/login" not in timed and "/admin/sync/retry" not in timed
    attribution = timed["/admin/attribution"]
    assert len(attribution.seconds) == 3 and not attribution.csv and not attribution.refused
    assert {"model": "w_shaped", "group": "source", "days": "7"} in attribution.filters
    for rule in ("/admin/dashboard.csv", "/admin/funnel.csv", "/admin/interactions.csv"):
        assert timed[rule].csv and len(timed[rule].seconds) == 3 and not timed[rule].refused, rule
    for rule in ("/admin/rules/lift", "/admin/rules/calibration"):
        assert len(timed[rule].filters) == 5 and not timed[rule].refused, rule
    export = timed["/admin/attribution.csv"]
    assert export.csv and all(
        0 < first <= full for first, full in zip(export.first_chunk, export.seconds, strict=True)
    )
    result = {
        "visitors": None,
        "generation": None,
        "counts": {"visitors": 300},
        "pages": pages,
        "left_out": left_out,
        "requests": 3,
        "postgres": "15",
        "load": (1.0, 1.0),
    }
    text = report(result)
    assert "| `/admin/attribution` |" in text and "Goal p95 under 300 ms" in text


def test_the_feedback_pages_are_timed_on_the_benchs_feedback_rows(app):
    with app.app_context():
        seed_catalog()
        write_bundles(generate(DemoOptions(visitors=200, seed=2)))
        written = add_feedback(300, seed=3)
        assert written["feedback"] == 300 and written["feedback_prompts"] > 300 * 6
        rows = db.session.scalars(select(Feedback)).all()
        assert sum(bool(row.session_id and row.engagement_level) for row in rows) >= 300  # the demo's too
        assert sum(row.comment is not None for row in rows) > 100
        assert any(row.organisation_key for row in rows) and any(row.campaign for row in rows)
    pages, left_out = time_pages(app, requests=2)
    timed = {page.rule: page for page in pages}
    for rule in (
        "/admin/feedback",
        "/admin/feedback.csv",
        "/admin/feedback/<feedback_id>",
        "/admin/feedback/sessions/<session_id>",
        "/admin/feedback/organisations/<path:organisation>",
        "/admin/feedback/organisations/<path:organisation>/report.pdf",
        "/admin/feedback/leads/<int:lead_id>",
        "/admin/feedback/visitors/<visitor_id>",
    ):
        assert timed[rule].seconds and not timed[rule].refused, rule
    assert {"theme": "1"} in timed["/admin/feedback"].filters
    assert not [route for route in left_out if "feedback" in route]
