"""The PDF renderer: every block comes out as text a reader extracts (pypdf), charts as images, any
Unicode text prints without an error, and long content flows onto more pages."""

from datetime import date, timedelta

import pytest

from leadcapture.reports.pdf.document import (
    Chart,
    Comment,
    Comments,
    Heading,
    Paragraph,
    PdfDocument,
    Series,
    Table,
)
from leadcapture.reports.pdf.render import render_pdf
from tests.pdf_text import pdf_pages, pdf_text

WEEK = [date(2026, 3, 2) + timedelta(days=offset) for offset in range(7)]


def weekly_like() -> PdfDocument:
    """The shape the weekly report takes: sections of label / this week / last week / change rows,
    a chart, the top comments and the themes."""
    return PdfDocument("Weekly report", "2026-03-02 to 2026-03-08 (UTC)").add(
        Heading("Visits and sessions"),
        Table(
            ("", "This week", "Last week", "Change"),
            [
                ("Sessions", "1,204", "1,100", "↑ 9%"),
                ("Average session length", "3 min 12 s", "2 min 58 s", "↑ 8%"),
            ],
        ),
        Chart("Sessions per day", WEEK, [Series("Sessions", [150, 170, 160, 180, None, 190, 154])]),
        Chart(
            "Leads per day",
            WEEK,
            [Series("Leads", [3, 1, 0, 2, 5, 4, 2]), Series("Bookings", [1] * 7)],
            "bar",
        ),
        Heading("Top comments"),
        Comments([Comment("Zoë was lovely — très bien 😀", "2026-03-03 · 5/5 · positive")]),
        Heading("Themes"),
        Comments([Comment("price · expensive · quote"), Comment("staff · friendly · nurse")]),
        Paragraph("Counted in whole UTC days.", muted=True),
    )


def test_every_block_is_read_back_and_each_chart_is_an_image():
    pages = pdf_pages(render_pdf(weekly_like()))
    text = " ".join(" ".join(page for page, _images in pages).split())
    for expected in (
        "Weekly report",
        "2026-03-02 to 2026-03-08 (UTC)",
        "Visits and sessions",
        "This week Last week Change",
        "Sessions 1,204 1,100 ↑ 9%",
        "Average session length 3 min 12 s 2 min 58 s ↑ 8%",
        "Sessions per day",
        "Leads per day",
        "Zoë was lovely — très bien 😀",
        "2026-03-03 · 5/5 · positive",
        "price · expensive · quote",
        "Counted in whole UTC days.",
        "page 1 of",
    ):
        assert expected in text
    assert sum(images for _text, images in pages) == 2


@pytest.mark.parametrize(
    ("awkward", "readable"),
    [
        ("tab\there, NUL\x00 and a bell\x07", "tab here, NUL and a bell"),
        ("中文 and 日本語 too", "and too"),  # no such glyphs in the font: blank, not an error
        ("right to left: مرحبا, combining: e\u0301, zero width:\u200b.", "right to left:"),
        ("line one\nline two\r\nline three", "line one line two line three"),
    ],
)
def test_awkward_text_prints_without_an_error(awkward, readable):
    document = PdfDocument(awkward).add(
        Heading(awkward),
        Paragraph(awkward),
        Table((awkward, "n"), [(awkward, "1")]),
        Comments([Comment(awkward, awkward)]),
        Chart(awkward, WEEK[:1], [Series(awkward, [3])]),
    )
    # The title, heading, paragraph, header cell, body cell, comment, its line, the chart's title and
    # the page's foot.
    assert pdf_text(render_pdf(document)).count(readable) == 9


def test_empty_parts_say_so():
    document = PdfDocument("Nothing yet").add(
        Comments([], empty="No comments in this period."),
        Chart("Ratings", [], []),
        Table(("Theme", "Comments"), []),
    )
    pages = pdf_pages(render_pdf(document))
    assert "No comments in this period." in pages[0][0] and pages[0][1] == 1


def test_long_content_flows_onto_more_pages_repeating_the_table_header():
    rows = [(f"Campaign {number}", str(number)) for number in range(120)]
    long_comment = "The waiting list was long but worth it. " * 200
    document = PdfDocument("Long").add(Table(("Campaign", "Leads"), rows), Comments([Comment(long_comment)]))
    pages = pdf_pages(render_pdf(document))
    assert len(pages) >= 4
    with_table = [text for text, _images in pages if "Campaign " in text]
    assert len(with_table) >= 2 and all("Campaign Leads" in text for text in with_table)
    text = pdf_text(render_pdf(document))
    assert "Campaign 0 0" in text and "Campaign 119 119" in text
    assert text.count("worth") == 200  # a page break may split "worth it"
    assert f"page {len(pages)} of {len(pages)}" in text
