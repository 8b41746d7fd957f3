"""A person's self-service requests end to end, with every kind of data they can leave: the emailed
link gives the ZIP of everything a search of the database finds about them, or erases them
everywhere (every table, every media folder, HubSpot)."""

import io
import json
import zipfile

from leadcapture.extensions import db
from leadcapture.privacy.person import find_lead
from tests.privacy.helpers import ask, confirm_with, emailed_link, logged_requests
from tests.privacy.people import AFTER_LEAD, ANN, BOB, KINDS, make_person, sync_now
from tests.privacy.search import files_holding, rows_holding
from tests.privacy.test_erase import gdpr_deletes
from tests.privacy.test_export import key


def test_the_emailed_link_gives_the_zip_of_every_row_and_file_held_about_the_person(
    privacy_app, fake_hubspot
):
    app = privacy_app
    bob = make_person(app, fake_hubspot, BOB, ["tool uses and prompts"])
    ann = make_person(app, fake_hubspot, ANN, [*KINDS, *AFTER_LEAD])
    client = app.test_client()
    assert ask(client, " Ann.Lee@Example.com").status_code == 202
    path = emailed_link(app, ANN.email)
    with app.app_context():
        found = rows_holding(ann.needles)  # the link's email among them
        tables = {name: db.metadata.tables[name] for name in found}
    download = confirm_with(client, path, ANN.email)
    assert download.status_code == 200 and download.mimetype == "application/zip"
    with zipfile.ZipFile(io.BytesIO(download.data)) as archive:
        names = set(archive.namelist())
        exported = {name: json.loads(archive.read(f"{name}.json")) for name in found}
        everything = b"".join(archive.read(name) for name in names)
    assert {"leads", "interactions", "bookings", "outgoing_mail"} <= set(found)
    for name, rows in found.items():
        assert {key(tables[name], row) for row in rows} <= {key(tables[name], row) for row in exported[name]}
    assert [lead["name"] for lead in exported["leads"]] == [ANN.name]
    media = {name.rsplit("/", 1)[1] for name in names if name.startswith("media/")}
    assert media == {path.name for path in ann.files} and len(ann.files) == 3
    assert all(needle.encode() not in everything for needle in bob.needles)
    with app.app_context():
        # The newest request is this link's (the earlier ones: Ann's own data, made above).
        newest = logged_requests()[-1]
        assert (newest.kind, newest.status, newest.outcome) == ("export", "done", "exported")


def test_the_emailed_link_erases_the_person_everywhere(privacy_app, fake_hubspot):
    app = privacy_app
    bob = make_person(app, fake_hubspot, BOB, ["tool uses and prompts"])
    ann = make_person(app, fake_hubspot, ANN, [*KINDS, *AFTER_LEAD])
    client = app.test_client()
    assert client.post("/privacy", data={"email": ANN.email, "kind": "erase"}).status_code == 302
    path = emailed_link(app, ANN.email)
    with app.app_context():
        contact_id = find_lead(ANN.email).hubspot_contact_id
        assert "outgoing_mail" in rows_holding(ann.needles)
    assert client.get(path).status_code == 200  # opening it erases nothing
    with app.app_context():
        assert find_lead(ANN.email) is not None
    done = confirm_with(client, path, ANN.email)
    assert done.status_code == 200 and "Your data has been erased" in done.get_data(as_text=True)
    with app.app_context():
        assert find_lead(ANN.email) is None
        sync_now(app, fake_hubspot)  # the contact's delete: its outbox row holds the email until then
        assert rows_holding(ann.needles) == {}
        assert files_holding(ann.needles) == [] and not any(path.exists() for path in ann.files)
        assert set(rows_holding(bob.needles)) >= {"leads", "visitors", "visit_sessions"}
        request = logged_requests()[-1]
        assert (request.kind, request.channel, request.status) == ("erase", "self_service", "done")
        assert request.outcome.startswith("erased rows:")
    assert [seen.body for seen in gdpr_deletes(fake_hubspot)] == [{"objectId": contact_id}]
    assert set(fake_hubspot.contacts) == {BOB.email}
    assert confirm_with(client, path, ANN.email).status_code == 410
