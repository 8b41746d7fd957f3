"""A PDF document as plain data: a title, a subtitle and blocks, in reading order.

Build one, then turn it into bytes with ``render.render_pdf``::

    document = PdfDocument("Weekly report", "2026-03-02 to 2026-03-08")
    document.add(
        Heading("Visits"),
        Table(("", "This week", "Last week", "Change"), [("Sessions", "1,204", "1,100", "↑ 9%")]),
        Chart("Sessions per day", days, [Series("Sessions", counts)]),
        Comments([Comment("Lovely staff", "2026-03-03 · 5/5 · positive")]),
    )
    pdf_bytes = render_pdf(document)

Every text is a plain string (any Unicode); numbers are formatted by the caller.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Literal


@dataclass(frozen=True)
class Heading:
    text: str


@dataclass(frozen=True)
class Paragraph:
    text: str
    muted: bool = False  # smaller grey text: a note, a definition


@dataclass(frozen=True)
class Table:
    """A header row and rows of text cells (every row as long as the header).

    ``widths``: the columns' relative widths (default: the first column twice the others);
    ``align``: "LEFT", "RIGHT" or "CENTER" per column (default: the first left, the others right).
    """

    header: Sequence[str]
    rows: Sequence[Sequence[str]]
    widths: Sequence[float] | None = None
    align: Sequence[str] | None = None


@dataclass(frozen=True)
class Series:
    label: str
    values: Sequence[float | None]  # one per day of the chart; None: no value that day


@dataclass(frozen=True)
class Chart:
    """Series over days, drawn as an image under ``title``."""

    title: str
    days: Sequence[date]
    series: Sequence[Series]
    kind: Literal["line", "bar"] = "line"
    y_label: str = ""
    y_range: tuple[float, float] | None = None  # default: from the values


@dataclass(frozen=True)
class Comment:
    text: str
    meta: str = ""  # a line under the text: when, rating, sentiment, theme…


@dataclass(frozen=True)
class Comments:
    """A list of comments (or any bulleted texts, with ``meta`` left empty)."""

    items: Sequence[Comment]
    empty: str = "None."  # what is written when there are none


Block = Heading | Paragraph | Table | Chart | Comments


@dataclass
class PdfDocument:
    title: str
    subtitle: str = ""
    blocks: list[Block] = field(default_factory=list)

    def add(self, *blocks: Block) -> "PdfDocument":
        """Append ``blocks`` (in order); returns the document."""
        self.blocks.extend(blocks)
        return self
