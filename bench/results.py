"""``bench/RESULTS.md``: each benchmark rewrites its own ``## title`` section and keeps the others."""

import re
from pathlib import Path

RESULTS = Path(__file__).with_name("RESULTS.md")
HEADER = (
    "# Benchmark results\n\n"
    "Written by `make bench` (`python -m bench`); each benchmark rewrites only its own section.\n\n"
)


def write_section(title: str, markdown: str, path: Path = RESULTS) -> None:
    """Replace the ``## title`` section of ``path`` with ``markdown`` (append it when missing)."""
    text = path.read_text() if path.exists() else HEADER
    block = f"## {title}\n\n{markdown.strip()}\n\n"
    section = re.compile(rf"^## {re.escape(title)}[ \t]*\n.*?(?=^## |\Z)", re.MULTILINE | re.DOTALL)
    text, replaced = section.subn(lambda _match: block, text, count=1)
    if not replaced:
        text = text.rstrip("\n") + "\n\n" + block
    path.write_text(text.rstrip("\n") + "\n")
