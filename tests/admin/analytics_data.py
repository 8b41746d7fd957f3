"""Helpers of the analytics pages' tests: a page's table and its CSV as rows of text."""

import csv
import io
import re


def table_rows(page: str, testid: str) -> list[list[str]]:
    """The body rows of the table ``data-testid=testid``, each cell's text without tags."""
    table = re.search(rf'<table[^>]*data-testid="{testid}".*?<tbody>(.*?)</tbody>', page, re.S).group(1)
    return [
        [re.sub(r"<[^>]*>", "", cell).strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
        for row in re.findall(r"<tr[^>]*>(.*?)</tr>", table, re.S)
    ]


def csv_rows(client, url: str) -> tuple[list[str], list[list[str]]]:
    """The header and rows of a CSV download."""
    response = client.get(url)
    assert response.status_code == 200 and response.mimetype == "text/csv"
    header, *rows = csv.reader(io.StringIO(response.get_data(as_text=True)))
    return header, rows


def page_of(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, response.get_data(as_text=True)[:2000]
    return response.get_data(as_text=True)
