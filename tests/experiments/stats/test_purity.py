"""The statistics package is pure: numpy and scipy, no Flask, no database, no other part of the app."""

import ast
import subprocess
import sys
from pathlib import Path

import leadcapture.experiments.stats

PACKAGE = Path(leadcapture.experiments.stats.__file__).parent
NAME = "leadcapture.experiments.stats"
WEB_OR_DATABASE = {"flask", "flask_sqlalchemy", "flask_migrate", "sqlalchemy", "werkzeug", "redis", "rq"}


def _outside(module: str) -> bool:
    """A module the package must not load: the web or database stack, or another leadcapture package
    (``leadcapture`` and ``leadcapture.experiments`` themselves are docstring-only parents)."""
    if module.split(".")[0] in WEB_OR_DATABASE:
        return True
    inside = module == NAME or module.startswith(NAME + ".")
    parents = module in ("leadcapture", "leadcapture.experiments")
    return module.startswith("leadcapture") and not inside and not parents


def test_a_fresh_interpreter_importing_the_package_loads_nothing_outside_it():
    probe = f"import sys, {NAME}; print('\\n'.join(sorted(sys.modules)))"
    root = PACKAGE.parents[2]
    loaded = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=root
    )
    modules = loaded.stdout.split()
    assert f"{NAME}.analysis" in modules and "scipy.stats" in modules
    assert [module for module in modules if _outside(module)] == []


def test_no_module_of_the_package_names_an_import_outside_it():
    for path in PACKAGE.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""] if node.level == 0 else [NAME]
            else:
                continue
            assert [name for name in names if _outside(name)] == [], path.name
