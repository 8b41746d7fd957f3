"""The scoring package is pure Python: no Flask, no SQLAlchemy, no other part of the app."""

import ast
from pathlib import Path

import leadcapture.scoring
from tests.purity import WEB_OR_DATABASE, imported_names, loaded_modules

PACKAGE = Path(leadcapture.scoring.__file__).parent
FORBIDDEN = WEB_OR_DATABASE


def test_importing_scoring_imports_no_flask_or_sqlalchemy():
    modules = loaded_modules("leadcapture.scoring")
    assert "leadcapture.scoring.engine" in modules
    assert [m for m in modules if m.split(".")[0] in FORBIDDEN] == []
    assert [m for m in modules if m.startswith("leadcapture.") and not _in_package(m)] == []


def test_no_module_of_the_package_imports_the_web_or_database_stack():
    for file, name in imported_names(PACKAGE, "leadcapture.scoring"):
        assert name.split(".")[0] not in FORBIDDEN, f"{file} imports {name}"
        assert not name.startswith("leadcapture.") or _in_package(name), file


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
