"""`flask privacy export EMAIL --out FILE.zip`: every row a search of the whole database finds for
the person is in the ZIP, with their stored files; nobody else's; an unknown email exits 1."""

import json
import zipfile
from datetime import date, datetime

from sqlalchemy import select

from leadcapture.extensions import db
from leadcapture.models import PrivacyRequest
from tests.privacy.people import AFTER_LEAD, ANN, BOB, KINDS, make_person
from tests.privacy.search import rows_holding


def key(table, row: dict) -> tuple[str, ...]:
    """A row's primary key as text (as the ZIP's JSON writes dates)."""
    return tuple(
        value.isoformat() if isinstance(value, datetime | date) else str(value)
        for value in (row[column.name] for column in table.primary_key)
    )


def test_the_zip_holds_every_row_a_search_finds_and_the_files(privacy_app, fake_hubspot, tmp_path):
    app = privacy_app
    bob = make_person(app, fake_hubspot, BOB, ["tool uses and prompts", "face photo"])
    ann = make_person(app, fake_hubspot, ANN, [*KINDS, *AFTER_LEAD])
    with app.app_context():
        found = rows_holding(ann.needles)
        tables = {name: db.metadata.tables[name] for name in found}
    out = tmp_path / "export" / "ann.zip"
    out.parent.mkdir()

    result = app.test_cli_runner().invoke(
        args=["privacy", "export", "ANN.LEE@example.com", "--out", str(out)]
    )

    assert (result.exit_code, result.output) == (0, f"Exported ANN.LEE@example.com to {out}.\n")
    with zipfile.ZipFile(out) as archive:
        names = set(archive.namelist())
        exported = {name: json.loads(archive.read(f"{name}.json")) for name in found}
        everything = b"".join(archive.read(name) for name in names)
        manifest = json.loads(archive.read("manifest.json"))
    assert len(found) >= 10
    for name, rows in found.items():
        assert {key(tables[name], row) for row in rows} <= {key(tables[name], row) for row in exported[name]}
    media = manifest["files"]
    assert set(media) <= names and sorted(name.rsplit("/", 1)[1] for name in media) == sorted(
        path.name for path in ann.files
    )
    assert sorted(name.split("/")[1] for name in media) == [
        "face_photo",
        "recommendation_photo",
        "voice_note",
    ]
    assert manifest["email"] == ANN.email and manifest["tables"]["leads"] == 1
    assert all(needle.encode() not in everything for needle in bob.needles)
    assert list(out.parent.iterdir()) == [out]
    with app.app_context():
        logged = db.session.scalars(select(PrivacyRequest).where(PrivacyRequest.channel == "cli")).one()
        assert (logged.kind, logged.channel, logged.status, logged.outcome) == (
            "export",
            "cli",
            "done",
            "exported",
        )


def test_an_unknown_email_exits_1_and_writes_no_file(privacy_app, fake_hubspot, tmp_path):
    make_person(privacy_app, fake_hubspot, ANN, ["contact form"])
    out = tmp_path / "nobody.zip"
    result = privacy_app.test_cli_runner().invoke(
        args=["privacy", "export", "nobody@example.com", "--out", str(out)]
    )
    assert result.exit_code == 1
    assert "No lead has the email nobody@example.com; nothing exported." in result.output
    assert list(tmp_path.glob("nobody.zip*")) == []
    with privacy_app.app_context():
        logged = db.session.scalars(select(PrivacyRequest).where(PrivacyRequest.channel == "cli")).one()
        assert (logged.status, logged.outcome) == ("failed", "unknown email")


def test_an_erased_person_has_nothing_left_to_export(privacy_app, fake_hubspot, tmp_path):
    make_person(privacy_app, fake_hubspot, ANN, ["contact form"])
    runner = privacy_app.test_cli_runner()
    assert runner.invoke(args=["privacy", "erase", ANN.email]).exit_code == 0
    assert (
        runner.invoke(args=["privacy", "export", ANN.email, "--out", str(tmp_path / "a.zip")]).exit_code == 1
    )
