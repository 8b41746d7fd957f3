"""The statistics package is pure: numpy and scipy (loaded on use), no Flask, no database, no other part
of the app."""

from pathlib import Path

import leadcapture.experiments.stats
from tests.purity import WEB_OR_DATABASE, imported_names, loaded_modules

PACKAGE = leadcapture.experiments.stats.__path__[0]
NAME = "leadcapture.experiments.stats"


def _outside(module: str) -> bool:
    """A module the package must not load: the web or database stack, or another leadcapture package
    (``leadcapture`` and ``leadcapture.experiments`` themselves are docstring-only parents)."""
    if module.split(".")[0] in WEB_OR_DATABASE:
        return True
    inside = module == NAME or module.startswith(NAME + ".")
    parents = module in ("leadcapture", "leadcapture.experiments")
    return module.startswith("leadcapture") and not inside and not parents


def test_a_fresh_interpreter_importing_the_package_loads_nothing_outside_it():
    modules = loaded_modules(NAME)
    assert f"{NAME}.analysis" in modules and "numpy" in modules
    assert [module for module in modules if _outside(module)] == []


def test_no_module_of_the_package_names_an_import_outside_it():
    outside = [(file, name) for file, name in imported_names(Path(PACKAGE), NAME) if _outside(name)]
    assert outside == []
