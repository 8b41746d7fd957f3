"""bench/RESULTS.md: a benchmark rewrites its own section and leaves the others alone."""

from bench.results import HEADER, write_section


def test_sections_are_added_then_replaced_in_place(tmp_path):
    path = tmp_path / "RESULTS.md"
    write_section("Ingest (events API)", "ratio 0.4", path)
    write_section("Scoring", "12 ms per visitor\n\n| a | b |", path)
    write_section("Ingest (events API)", "ratio 0.8", path)
    assert path.read_text() == (
        HEADER + "## Ingest (events API)\n\nratio 0.8\n\n## Scoring\n\n12 ms per visitor\n\n| a | b |\n"
    )


def test_a_title_that_prefixes_another_does_not_touch_it(tmp_path):
    path = tmp_path / "RESULTS.md"
    path.write_text(
        "# Results\n\n## Ingest (events API) on SQLite\n\nkept\n\n## Ingest (events API)\n\nold\n"
    )
    write_section("Ingest (events API)", "new", path)
    assert (
        path.read_text()
        == "# Results\n\n## Ingest (events API) on SQLite\n\nkept\n\n## Ingest (events API)\n\nnew\n"
    )
