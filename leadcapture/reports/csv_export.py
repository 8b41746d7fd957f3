"""CSV downloads streamed row by row, so a large export never sits in memory."""

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from itertools import chain

from flask import Response, stream_with_context

# Cells starting with these are formulas to a spreadsheet; a leading quote keeps them text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value) -> str:
    """``value`` as CSV text that a spreadsheet will not run as a formula (a number stays a number:
    "-0.7" is no formula)."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_lines(header: Sequence[str], rows: Iterable[Sequence]) -> Iterator[str]:
    """The header and each row as CSV text, one line at a time."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for values in chain([header], rows):
        writer.writerow([safe_cell(value) for value in values])
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()


def csv_response(filename: str, header: Sequence[str], rows: Iterable[Sequence]) -> Response:
    """A streamed ``text/csv`` download of ``rows`` under ``header``."""
    return Response(
        stream_with_context(csv_lines(header, rows)),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
