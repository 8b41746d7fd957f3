"""No arrow runs back up: the packages of a tool use's way (blueprint → tool → tracker → scoring →
lead → outbox → job) import only packages further down it, the write path never imports the read
side (nor data rights and feedback, which use it from above), and tool logic imports neither leads
nor the database."""

import ast
from collections import defaultdict
from pathlib import Path

import leadcapture

ROOT = Path(leadcapture.__file__).parent
# A tool use's way, top to bottom; packages on one step may import each other.
FLOW = (
    ("blueprints",),
    ("cta",),
    ("tools", "catalog"),
    ("tracking", "experiments"),
    ("scoring", "scoring_rules", "visitor_scores"),
    ("leads",),
    ("sync", "integrations", "webhooks"),
    ("jobs",),
)
STEP = {package: step for step, packages in enumerate(FLOW) for package in packages}
WRITE_PATH = (
    "cta",
    "tools",
    "catalog",
    "tracking",
    "experiments",
    "scoring",
    "scoring_rules",
    "visitor_scores",
    "leads",
    "sync",
    "webhooks",
    # Beside the way, written on it: a session's engagement, kept media, alerts (hot leads).
    "engagement",
    "media",
    "alerts",
)
READ_SIDE = ("reports", "rollups", "learning")
# What uses the write path from above it (data rights, feedback and its prompts): never imported by it.
ABOVE_THE_WRITE_PATH = ("privacy", "feedback", "feedback_prompts")
PURE_TOOL_LOGIC = ("tools", "catalog")


def package_imports() -> dict[tuple[str, str], set[str]]:
    """(importing package, imported package) → the files with such an import, within leadcapture."""
    found = defaultdict(set)
    for path in ROOT.rglob("*.py"):
        relative = path.relative_to(ROOT)
        source = relative.parts[0].removesuffix(".py")
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            else:
                continue
            for name in names:
                parts = name.split(".")
                if parts[0] == "leadcapture" and len(parts) > 1 and parts[1] != source:
                    found[(source, parts[1])].add(relative.as_posix())
    return found


def back_arrows() -> dict[tuple[str, str], set[str]]:
    arrows = {}
    for (source, target), files in package_imports().items():
        up_the_flow = source in STEP and target in STEP and STEP[target] < STEP[source]
        reads = source in WRITE_PATH and target in READ_SIDE + ABOVE_THE_WRITE_PATH
        impure = source in PURE_TOOL_LOGIC and target in ("leads", "models", "extensions")
        if up_the_flow or reads or impure:
            arrows[(source, target)] = files
    return arrows


def test_no_arrow_runs_back_up():
    assert back_arrows() == {}, "these imports run against a tool use's way (see FLOW)"


def test_the_graph_is_read():
    imports = package_imports()
    assert ("cta", "tracking") in imports and ("leads", "sync") in imports and ("sync", "jobs") in imports
