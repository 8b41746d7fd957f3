"""bench/ingest.py's section: the events API against a raw COPY of the same rows, the other raw
inserts kept beside it."""

from bench.ingest import COPY, report


def test_the_headline_ratio_is_the_api_against_copy_even_when_another_insert_is_faster():
    result = {
        "api": 70_000.0,
        "raw": {COPY: 100_000.0, "psycopg executemany (pipelined)": 120_000.0},
        "postgres": "15.18",
        "batches": 5,
        "rounds": 1,
    }
    section = report(result)
    assert "Ratio API / raw COPY: **0.70**; goal at least 0.7: met." in section
    assert "| raw: psycopg executemany (pipelined) | 120,000 rows/s |" in section
    assert "1 rounds, each of 5 batches" in section
    slower = report({**result, "api": 69_000.0})
    assert "Ratio API / raw COPY: **0.69**; goal at least 0.7: **not met**." in slower
