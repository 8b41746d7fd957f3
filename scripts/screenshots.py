"""Take the README's admin screenshots: ``.venv/bin/python -m scripts.screenshots``.

A throwaway SQLite database gets the migrations, the seed and demo traffic; the app is served on a
free loopback port, and Debian's chromium (through Playwright) signs in as the demo admin and saves
each page to ``docs/screenshots/``.
"""

import tempfile
import threading
from pathlib import Path

import flask_migrate
from playwright.sync_api import sync_playwright
from sqlalchemy import select
from werkzeug.serving import make_server

from leadcapture.app import create_app
from leadcapture.extensions import db
from leadcapture.models import Experiment, Lead
from tests.admin.signin import sign_in_page
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "docs" / "screenshots"
PAGES = (
    ("admin-dashboard", "/admin/?days=90"),
    ("admin-funnel", "/admin/funnel?days=90"),
    ("admin-lead", "/admin/leads/{lead_id}"),
    ("admin-rules", "/admin/rules"),
    ("admin-attribution", "/admin/attribution?days=90&model=position_based"),
    ("admin-experiment", "/admin/experiments/{experiment_id}/results"),
)


def prepared_app(folder: Path):
    """The app on a fresh database with the seed and 3,000 demo visitors."""
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'screens.db'}", "REDIS_URL": None})
    with app.app_context():
        flask_migrate.upgrade()
    runner = app.test_cli_runner()
    for command in (["seed"], ["demo-data", "--visitors", "3000", "--seed", "7"]):
        result = runner.invoke(args=command)
        if result.exit_code != 0:
            raise SystemExit(f"flask {' '.join(command)} failed:\n{result.output}")
    return app


def sample_ids(app) -> dict[str, int]:
    """The highest-scored lead, and the running demo experiment."""
    with app.app_context():
        return {
            "lead_id": db.session.scalar(select(Lead.id).order_by(Lead.score.desc()).limit(1)) or 0,
            "experiment_id": db.session.scalar(select(Experiment.id).where(Experiment.status == "running")),
        }


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        app = prepared_app(Path(folder))
        ids = sample_ids(app)
        server = make_server("127.0.0.1", 0, app, threaded=True)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        url = f"http://127.0.0.1:{server.server_port}"
        OUTPUT.mkdir(parents=True, exist_ok=True)
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
                )
                page = browser.new_page(viewport={"width": 1280, "height": 900})
                sign_in_page(page, url, app.config["DEMO_ADMIN_EMAIL"], app.config["DEMO_ADMIN_PASSWORD"])
                for name, path in PAGES:
                    page.goto(url + path.format(**ids))
                    page.wait_for_load_state("networkidle")
                    page.screenshot(path=OUTPUT / f"{name}.png", full_page=True)
                    print(f"{name}: {path}")
                browser.close()
        finally:
            server.shutdown()


if __name__ == "__main__":
    main()
