"""A ``PdfDocument`` as PDF bytes, laid out by fpdf2 on A4 pages.

Text is set in DejaVu Sans, the Unicode font matplotlib ships in its package (so no font file is
kept here and no system font is needed): accents, most symbols and many scripts print; a character
it lacks prints blank and is logged by fpdf2, never an error.
"""

import io
import unicodedata
from pathlib import Path

import matplotlib
from fpdf import FPDF, FontFace

from leadcapture.reports.pdf.chart import SIZE_INCHES, chart_png
from leadcapture.reports.pdf.document import Chart, Comments, Heading, Paragraph, PdfDocument, Table

FONT = "dejavu"
FONT_FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf", "I": "DejaVuSans-Oblique.ttf"}
TEXT, MUTED = (33, 37, 41), (110, 117, 125)
HEADER_FILL, RULE = (233, 236, 239), (206, 212, 218)
LINE = 5.5  # mm between lines of body text


class _Pages(FPDF):
    """A4 pages with the document's title and the page number at the foot."""

    def __init__(self, title: str):
        super().__init__(format="A4")
        self.document_title = title
        self.set_auto_page_break(True, margin=18)
        self.set_margins(18, 16, 18)
        for style, name in FONT_FILES.items():
            self.add_font(FONT, style, Path(matplotlib.get_data_path(), "fonts", "ttf", name))

    def footer(self):
        self.set_y(-12)
        self.set_font(FONT, size=8)
        self.set_text_color(*MUTED)
        title = " ".join(_clean(self.document_title).split())  # on one line
        self.cell(0, 5, f"{title} · page {self.page_no()} of {{nb}}", align="C")


def render_pdf(document: PdfDocument) -> bytes:
    """The document as a PDF file's bytes."""
    pdf = _Pages(document.title)
    pdf.set_title(_clean(document.title))
    pdf.set_creator("LeadCapture")
    pdf.add_page()
    pdf.set_text_color(*TEXT)
    pdf.set_font(FONT, "B", 18)
    pdf.multi_cell(0, 9, _clean(document.title), new_x="LMARGIN", new_y="NEXT")
    if document.subtitle:
        _paragraph(pdf, Paragraph(document.subtitle, muted=True))
    for block in document.blocks:
        BLOCKS[type(block)](pdf, block)
    return bytes(pdf.output())


def _heading(pdf: FPDF, block: Heading) -> None:
    if pdf.will_page_break(20):  # keep a heading with the start of what follows it
        pdf.add_page()
    pdf.ln(4)
    pdf.set_font(FONT, "B", 13)
    pdf.set_text_color(*TEXT)
    pdf.multi_cell(0, 7, _clean(block.text), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(1)


def _paragraph(pdf: FPDF, block: Paragraph) -> None:
    pdf.set_font(FONT, size=8.5 if block.muted else 10)
    pdf.set_text_color(*(MUTED if block.muted else TEXT))
    pdf.multi_cell(0, LINE, _clean(block.text), new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(*TEXT)
    pdf.ln(1.5)


def _table(pdf: FPDF, block: Table) -> None:
    columns = len(block.header)
    widths = block.widths or (2, *([1] * (columns - 1)))
    align = block.align or ("LEFT", *(["RIGHT"] * (columns - 1)))
    pdf.set_font(FONT, size=9)
    pdf.set_text_color(*TEXT)
    pdf.set_draw_color(*RULE)
    pdf.set_line_width(0.2)
    with pdf.table(
        col_widths=tuple(widths),
        text_align=tuple(align),
        headings_style=FontFace(emphasis="BOLD", fill_color=HEADER_FILL),
        line_height=LINE,
        borders_layout="HORIZONTAL_LINES",
        padding=1,
    ) as table:
        for cells in (block.header, *block.rows):
            row = table.row()
            for cell in cells:
                row.cell(_clean(cell))
    pdf.ln(3)


def _chart(pdf: FPDF, block: Chart) -> None:
    width, height = SIZE_INCHES
    image_height = pdf.epw * height / width
    if pdf.will_page_break(image_height + 8):
        pdf.add_page()
    pdf.set_font(FONT, "B", 10)
    pdf.set_text_color(*TEXT)
    pdf.multi_cell(0, 6, _clean(block.title), new_x="LMARGIN", new_y="NEXT")
    pdf.image(io.BytesIO(chart_png(block)), w=pdf.epw, h=image_height, alt_text=_clean(block.title))
    pdf.ln(3)


def _comments(pdf: FPDF, block: Comments) -> None:
    if not block.items:
        _paragraph(pdf, Paragraph(block.empty, muted=True))
    for comment in block.items:
        pdf.set_font(FONT, size=10)
        pdf.set_text_color(*TEXT)
        pdf.multi_cell(0, LINE, "• " + _clean(comment.text), new_x="LMARGIN", new_y="NEXT")
        if comment.meta:
            pdf.set_x(pdf.l_margin + 3)
            pdf.set_font(FONT, size=8)
            pdf.set_text_color(*MUTED)
            pdf.multi_cell(0, 4.5, _clean(comment.meta), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1.5)


BLOCKS = {Heading: _heading, Paragraph: _paragraph, Table: _table, Chart: _chart, Comments: _comments}


def _clean(text) -> str:
    """``text`` with control characters (tabs, NUL…) as spaces: no font draws them. Line breaks stay."""
    return "".join(char if char == "\n" or unicodedata.category(char) != "Cc" else " " for char in str(text))
