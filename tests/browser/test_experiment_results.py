"""A marketer in a real browser opens an experiment's results from its page: the verdict, the
cumulative uplift chart drawn under the CSP, no page errors."""

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from leadcapture.accounts import ensure_user
from tests.admin.signin import PASSWORD, sign_in_page, staff_email
from tests.browser.charts import chart_labels
from tests.experiments.outcome_rows import HOUR, START, add_exposures, add_leads, add_visitors
from tests.experiments.rows import add_experiment

pytestmark = pytest.mark.browser


def test_a_marketer_reads_the_results_and_their_chart(page, live_server, app, page_problems):
    with app.app_context():
        ensure_user(staff_email("marketing"), PASSWORD, "marketing")
        experiment_id = add_experiment()
        rows = [
            (f"{arm}-{n}", arm, START + timedelta(days=n % 2))
            for arm in ("control", "bold")
            for n in range(60)
        ]
        add_visitors(row[0] for row in rows)
        add_exposures(experiment_id, sorted(rows, key=lambda row: row[2]))
        add_leads(
            [(visitor, at + HOUR) for visitor, arm, at in rows if arm == "bold" or visitor.endswith("0")]
        )
    sign_in_page(page, live_server.url, staff_email("marketing"))
    page.goto(f"{live_server.url}/admin/experiments/{experiment_id}")
    page.get_by_test_id("results-link").click()

    expect(page.get_by_role("heading", name="Results: cta-copy (cta-copy)")).to_be_visible()
    expect(page.get_by_test_id("verdict-bold")).to_contain_text(
        "bold against control on lead created: no clear difference yet"
    )
    expect(page.get_by_test_id("srm-warning")).to_have_count(0)
    labels = chart_labels(page, "uplift")
    assert labels == ["2026-03-02", "2026-03-03"]
    assert page_problems == []
