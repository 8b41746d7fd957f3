"""Starting the app loads none of the libraries that only a few pages and jobs use (scikit-learn,
scipy, matplotlib, fpdf2): they took 3 of the 6.6 s an import of the app took, paid by every
`flask` command and every worker before it did anything. The modules that use them import them
where they are used. gunicorn.conf.py loads a recommendation's libraries in gunicorn's master, so
that a web worker's first recommendation does not wait for them."""

import subprocess
import sys

from tests.purity import ROOT

LOADED_ON_USE = ("sklearn", "scipy", "matplotlib", "fpdf")

# `flask routes` as an operator runs it, then the libraries above that were loaded by its end.
PROBE = """
import sys
from flask.cli import main
sys.argv = ["flask", "--app", "wsgi", "routes"]
try:
    main()
except SystemExit:
    pass
print("loaded:", *sorted({{name.split(".")[0] for name in sys.modules}} & {names!r}))
"""


def test_a_flask_command_starts_without_the_libraries_loaded_on_use(tmp_path):
    environment = {"PATH": "/usr/bin:/bin", "DATABASE_URL": f"sqlite:///{tmp_path / 'app.db'}"}
    done = subprocess.run(
        [sys.executable, "-c", PROBE.format(names=set(LOADED_ON_USE))],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=environment,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    *routes, loaded = done.stdout.splitlines()
    assert any("/api/v1/leads" in route for route in routes)
    assert loaded == "loaded:"


# gunicorn's settings file read as gunicorn reads it, then the library modules a recommendation
# still had to load: gunicorn.conf.py is meant to have loaded them before the web workers fork.
WEB_PROBE = """
import runpy, sys
runpy.run_path("gunicorn.conf.py")
from leadcapture.catalog.procedures import default_catalog
from leadcapture.tools.recommendation import RecommendationInput, recommend
before = set(sys.modules)
recommend(RecommendationInput(query="frown lines on my forehead"), default_catalog())
print("loaded:", *sorted({{name.split(".")[0] for name in set(sys.modules) - before}} & {names!r}))
"""


def test_gunicorns_settings_load_what_a_recommendation_needs():
    done = subprocess.run(
        [sys.executable, "-c", WEB_PROBE.format(names=set(LOADED_ON_USE))],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin"},
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == "loaded:"
