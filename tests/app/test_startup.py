"""Starting the app loads none of the libraries that only a few pages and jobs use (scikit-learn,
scipy, matplotlib, fpdf2): they took 3 of the 6.6 s an import of the app took, paid by every
`flask` command and every worker before it did anything. The modules that use them import them
where they are used."""

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
