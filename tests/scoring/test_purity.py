"""The scoring package is pure Python: no Flask, no SQLAlchemy, no other part of the app."""

import ast
import subprocess
import sys
from pathlib import Path

import leadcapture.scoring

PACKAGE = Path(leadcapture.scoring.__file__).parent
FORBIDDEN = ("flask", "flask_sqlalchemy", "flask_migrate", "sqlalchemy", "werkzeug", "redis", "rq")

# Importing the package in a fresh interpreter: what it (and ``leadcapture/__init__.py``, a docstring)
# loads is all that ends up in ``sys.modules``.
PROBE = """
import sys
import leadcapture.scoring
print("\\n".join(sorted(sys.modules)))
"""


def test_importing_scoring_imports_no_flask_or_sqlalchemy():
    root = PACKAGE.parent.parent
    done = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, check=True, cwd=root)
    modules = done.stdout.split()
    assert "leadcapture.scoring.engine" in modules
    assert [m for m in modules if m.split(".")[0] in FORBIDDEN] == []
    assert [m for m in modules if m.startswith("leadcapture.") and not _in_package(m)] == []


def test_no_module_of_the_package_imports_the_web_or_database_stack():
    for path in PACKAGE.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            else:
                continue
            for name in names:
                assert name.split(".")[0] not in FORBIDDEN, f"{path.name} imports {name}"
                assert not name.startswith("leadcapture.") or _in_package(name), path.name


def _in_package(module: str) -> bool:
    """Whether ``module`` is the scoring package or one of its modules (not ``scoring_rules``)."""
    return module == "leadcapture.scoring" or module.startswith("leadcapture.scoring.")


def test_nothing_is_evaluated_as_code():
    for path in PACKAGE.glob("*.py"):
        calls = {
            node.func.id
            for node in ast.walk(ast.parse(path.read_text()))
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
        }
        assert not calls & {"eval", "exec", "compile", "__import__"}, path.name
