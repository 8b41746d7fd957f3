"""What a package loads and names, for the tests that keep a package pure (``scoring``, the
experiments' ``stats``): a fresh interpreter's modules after importing it, and each module's imports."""

import ast
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WEB_OR_DATABASE = ("flask", "flask_sqlalchemy", "flask_migrate", "sqlalchemy", "werkzeug", "redis", "rq")


def loaded_modules(package: str) -> list[str]:
    """Every module in ``sys.modules`` after a fresh interpreter imports ``package`` (and, with it,
    its parents' ``__init__``)."""
    probe = f"import sys, {package}; print('\\n'.join(sorted(sys.modules)))"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=ROOT)
    return done.stdout.split()


def imported_names(folder: Path, package: str) -> Iterator[tuple[str, str]]:
    """(file name, imported module) for each import of the modules in ``folder``; a relative import
    names ``package`` itself."""
    for path in folder.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""] if node.level == 0 else [package]
            else:
                continue
            for name in names:
                yield path.name, name
