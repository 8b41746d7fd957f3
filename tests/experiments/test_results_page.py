"""The results page (both backends): who may open it, never an error on an experiment with nothing to
show, and what a marketer reads from exposures and outcomes written in bulk."""

import json
import re
from datetime import datetime, timedelta

from leadcapture.experiments.manage import stop_experiment
from leadcapture.experiments.results import recent
from leadcapture.extensions import db
from leadcapture.models import Experiment
from leadcapture.models.catalog_store import seed_catalog
from tests.admin.signin import signed_in_client
from tests.clock import ManualNow
from tests.experiments.outcome_rows import HOUR, START, add_bookings, add_exposures, add_leads, add_visitors
from tests.experiments.rows import add_experiment

DAY = timedelta(days=1)


def results_page(client, experiment_id: int) -> str:
    response = client.get(f"/admin/experiments/{experiment_id}/results")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def text_of(page: str, testid: str) -> str:
    match = re.search(rf'data-testid="{testid}"[^>]*>(.*?)</(li|div|p|tr)>', page, re.S)
    assert match, testid
    return " ".join(re.sub(r"<[^>]+>", " ", match.group(1)).split())


def chart_of(page: str) -> dict:
    match = re.search(r"data-chart='([^']*)'", page)
    assert match
    return json.loads(match.group(1).replace("&#34;", '"').replace("&#39;", "'").replace("&amp;", "&"))


def test_marketing_and_admins_see_results_sales_do_not(app):
    with app.app_context():
        experiment_id = add_experiment()
    path = f"/admin/experiments/{experiment_id}/results"
    assert signed_in_client(app, "sales").get(path).status_code == 403
    for role in ("marketing", "admin"):
        assert signed_in_client(app, role).get(path).status_code == 200
    assert app.test_client().get(path).status_code == 302
    assert signed_in_client(app, "admin").get("/admin/experiments/999/results").status_code == 404


def test_nothing_to_show_is_said_plainly(app):
    with app.app_context():
        running = add_experiment(guardrail_metrics=["booking_made", "score_reached"])
        draft = add_experiment(key="draft", target="result_page:cost_calculator", variants=(), status="draft")
    client = signed_in_client(app, "marketing")
    page = results_page(client, running)
    assert text_of(page, "verdict-bold") == "bold against control on lead created: not enough data"
    assert "srm-warning" not in page and "No data yet." in page
    assert "not measured: the experiment has no score goal" in page
    assert "no control variant" in results_page(client, draft)
    detail = client.get(f"/admin/experiments/{running}").get_data(as_text=True)
    assert f'href="/admin/experiments/{running}/results"' in detail


def planted(n: int, rate: float) -> list[bool]:
    """``n`` visitors of whom exactly ``rate`` convert, spread evenly."""
    return [int((k + 1) * rate) > int(k * rate) for k in range(n)]


def test_a_clear_winner_its_chart_segments_guardrails_and_ship_form(app):
    """400 visitors an arm over three days: control converts 10 %, bold 30 %; bookings alike."""
    with app.app_context():
        seed_catalog()
        experiment_id = add_experiment(guardrail_metrics=["booking_made", "feedback_rating"])
        rows, converted = [], []
        for variant, rate in (("control", 0.1), ("bold", 0.3)):
            for k, converts in enumerate(planted(400, rate)):
                visitor = f"{variant}-{k}"
                exposed_at = START + (k % 3) * DAY
                rows.append(
                    (
                        visitor,
                        variant,
                        exposed_at,
                        "mobile" if k < 200 else "desktop",
                        "spring" if k % 4 else None,
                    )
                )
                if converts:
                    converted.append((visitor, exposed_at + HOUR))
        add_visitors(row[0] for row in rows)
        add_exposures(experiment_id, sorted(rows, key=lambda row: row[2]))
        add_leads(converted)
        add_bookings(converted[::10])
    client = signed_in_client(app, "marketing")
    page = results_page(client, experiment_id)
    verdict = text_of(page, "verdict-bold")
    assert verdict.startswith("bold beats control on lead created: +200 % (always-valid 95 % interval +")
    assert "srm-warning" not in page
    assert text_of(page, "arm-control").startswith("control (control) 400 40 10.0 %")
    chart = chart_of(page)
    assert chart["data"]["labels"] == ["2026-03-02", "2026-03-03", "2026-03-04"]
    top, bottom, uplift = chart["data"]["datasets"]
    assert uplift["label"] == "bold: uplift (%)" and uplift["data"][-1] == 200.0
    assert all(
        low < mid < high for low, mid, high in zip(bottom["data"], uplift["data"], top["data"], strict=True)
    )
    # The axis spans twice the latest interval, so the first days' wide ones do not flatten it.
    y_axis = chart["options"]["scales"]["y"]
    assert y_axis["max"] == -y_axis["min"] >= 2 * max(top["data"][-1], -bottom["data"][-1])
    assert y_axis["max"] < 2 * max(top["data"][-1], -bottom["data"][-1]) + 10
    assert text_of(page, "segment-device-mobile").startswith("mobile 200, 10.0 % 200, 30.0 % +200.0 %")
    assert "segment-campaign-(no campaign)" in page and "segment-visitors-new" in page
    assert "guardrail-booking_made-bold" in page and "guardrail-feedback_rating-bold" in page
    assert '<option value="bold" selected>' in page
    detail = client.get(f"/admin/experiments/{experiment_id}").get_data(as_text=True)
    assert '<option value="bold" selected>' in detail


def test_a_split_far_from_the_weights_is_flagged_on_the_page(app):
    with app.app_context():
        experiment_id = add_experiment()
        rows = [(f"c-{k}", "control") for k in range(300)] + [(f"b-{k}", "bold") for k in range(220)]
        add_visitors(row[0] for row in rows)
        add_exposures(experiment_id, rows)
    warning = text_of(results_page(signed_in_client(app, "admin"), experiment_id), "srm-warning")
    assert (
        "Sample-ratio mismatch" in warning and "control 300, bold 220 where the weights plan 50/50" in warning
    )


def test_the_numbers_are_kept_five_minutes_and_computed_again_after_a_change(app, monkeypatch):
    clock = ManualNow(datetime(2026, 3, 20, 9, 0))
    monkeypatch.setattr(recent, "utcnow", clock)
    with app.app_context():
        experiment_id = add_experiment()
        add_visitors(f"v{n}" for n in range(300))
        add_exposures(experiment_id, [(f"v{n}", ("control", "bold")[n % 2]) for n in range(200)])
    client = signed_in_client(app, "marketing")
    first = results_page(client, experiment_id)
    assert "200 visitors exposed" in text_of(first, "results-summary")
    assert "Computed at 2026-03-20 09:00 UTC" in text_of(first, "computed-at")
    with app.app_context():
        add_exposures(experiment_id, [(f"v{n}", ("control", "bold")[n % 2]) for n in range(200, 250)])
    clock.at(timedelta(minutes=4, seconds=59))
    assert "200 visitors exposed" in text_of(results_page(client, experiment_id), "results-summary")
    clock.at(timedelta(minutes=5))
    again = results_page(client, experiment_id)
    assert "250 visitors exposed" in text_of(again, "results-summary")
    assert "Computed at 2026-03-20 09:05 UTC" in text_of(again, "computed-at")
    with app.app_context():
        add_exposures(experiment_id, [(f"v{n}", ("control", "bold")[n % 2]) for n in range(250, 300)])
        clock.at(timedelta(minutes=6))
        stop_experiment(db.session.get(Experiment, experiment_id), None, now=clock())
        db.session.commit()
    stopped = text_of(results_page(client, experiment_id), "results-summary")
    assert stopped.startswith("Stopped") and "300 visitors exposed" in stopped
