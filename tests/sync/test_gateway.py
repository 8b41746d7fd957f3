"""The HubSpot gateway against the fake HubSpot through the real hubspot-api-client (no database):
property setup in a few requests that survives faults, scopes named, per-input refusals, notes."""

import socket
import time
from datetime import UTC, datetime, timedelta

import pytest
from hubspot.crm.properties import PropertyGroupCreate

from leadcapture.integrations.hubspot import (
    REQUIRED_SCOPES,
    BatchRejected,
    CredentialsRejected,
    HubSpotGateway,
    TransientError,
    properties_fingerprint,
)
from leadcapture.integrations.hubspot_properties import CUSTOM_PROPERTIES, GROUP
from tests.sync.helpers import outbox_counts, submit_lead, wait_until

PROPERTIES = "/crm/v3/properties/contacts"
CREATED_AT = datetime(2024, 6, 10, 6, 13, 20, 123000, tzinfo=UTC)


@pytest.fixture
def sleeps():
    return []


@pytest.fixture
def gateway(fake_hubspot, sleeps):
    return HubSpotGateway(fake_hubspot.token, fake_hubspot.url, sleep=sleeps.append)


def paths(fake_hubspot) -> list[tuple[str, str, int | None]]:
    return [(seen.method, seen.path, seen.status) for seen in fake_hubspot.requests]


def ours(fake_hubspot) -> set[str]:
    client = fake_hubspot.client()
    names = {prop.name for prop in client.crm.properties.core_api.get_all("contacts").results}
    return names & set(CUSTOM_PROPERTIES)


def test_setup_on_a_fresh_portal_takes_three_requests_then_one(fake_hubspot, gateway, sleeps):
    assert sorted(gateway.ensure_properties()) == sorted(CUSTOM_PROPERTIES)
    assert paths(fake_hubspot) == [
        ("GET", PROPERTIES, 200),
        ("POST", PROPERTIES + "/groups", 201),
        ("POST", PROPERTIES + "/batch/create", 201),
    ]
    assert fake_hubspot.requests[-1].batch_size == len(CUSTOM_PROPERTIES)
    before = len(fake_hubspot.requests)
    assert gateway.ensure_properties() == []
    assert paths(fake_hubspot)[before:] == [("GET", PROPERTIES, 200)]
    assert ours(fake_hubspot) == set(CUSTOM_PROPERTIES) and sleeps == []


def test_setup_creates_only_the_missing_ones_and_the_group_only_when_missing(fake_hubspot, gateway):
    group = PropertyGroupCreate(name=GROUP, label="LeadCapture")
    fake_hubspot.client().crm.properties.groups_api.create("contacts", group)
    fake_hubspot.add_property("leadcapture_score", "number", "number", group=GROUP)
    before = len(fake_hubspot.requests)
    created = gateway.ensure_properties()
    assert sorted(created) == sorted(set(CUSTOM_PROPERTIES) - {"leadcapture_score"})
    assert [path for _, path, _ in paths(fake_hubspot)[before:]] == [PROPERTIES, PROPERTIES + "/batch/create"]


def test_setup_follows_our_definitions_in_batches_of_100(fake_hubspot, gateway, monkeypatch):
    for n in range(120):
        monkeypatch.setitem(CUSTOM_PROPERTIES, f"leadcapture_extra_{n}", (f"Extra {n}", "string", "text"))
    assert len(gateway.ensure_properties()) == len(CUSTOM_PROPERTIES)
    sizes = [seen.batch_size for seen in fake_hubspot.requests if seen.path.endswith("/batch/create")]
    assert sizes == [100, len(CUSTOM_PROPERTIES) - 100]
    assert ours(fake_hubspot) == set(CUSTOM_PROPERTIES)


def test_setup_counts_a_property_that_already_exists_as_done(fake_hubspot, gateway, monkeypatch):
    read = gateway.properties.get_all

    def read_then_someone_else_creates_one(*args, **kwargs):
        answer = read(*args, **kwargs)
        fake_hubspot.add_property("leadcapture_status", group=GROUP)
        return answer

    monkeypatch.setattr(gateway.properties, "get_all", read_then_someone_else_creates_one)
    created = gateway.ensure_properties()
    assert sorted(created) == sorted(set(CUSTOM_PROPERTIES) - {"leadcapture_status"})
    assert fake_hubspot.requests[-1].status == 207


def test_setup_retries_server_errors_in_place_with_capped_backoff(fake_hubspot, gateway, sleeps):
    fake_hubspot.fail_next(3, 503)
    assert sorted(gateway.ensure_properties()) == sorted(CUSTOM_PROPERTIES)
    assert [status for *_, status in paths(fake_hubspot)] == [503, 503, 503, 200, 201, 201]
    # Waits double from 1 s with jitter (half to all of the step).
    assert len(sleeps) == 3
    for wait, step in zip(sleeps, (1, 2, 4), strict=True):
        assert step / 2 <= wait <= step


def test_setup_retries_dropped_connections_in_place(fake_hubspot, gateway, sleeps):
    fake_hubspot.drop_next(2)
    assert sorted(gateway.ensure_properties()) == sorted(CUSTOM_PROPERTIES)
    assert [status for *_, status in paths(fake_hubspot)][:3] == [None, None, 200]
    assert len(sleeps) == 2 and ours(fake_hubspot) == set(CUSTOM_PROPERTIES)


def test_setup_waits_what_hubspot_says_after_a_429(fake_hubspot, gateway, sleeps):
    fake_hubspot.fail_next(1, 429)
    gateway.ensure_properties()
    assert sleeps == [1.0]  # a tenth of the fake's 10 s window (X-HubSpot-RateLimit-Interval-Milliseconds)
    assert ours(fake_hubspot) == set(CUSTOM_PROPERTIES)


def test_setup_gives_up_after_six_tries_with_waits_capped(fake_hubspot, gateway, sleeps):
    fake_hubspot.fail_next(20, 502)
    with pytest.raises(TransientError, match="after 6 tries"):
        gateway.ensure_properties()
    assert len(fake_hubspot.requests) == 6 and len(sleeps) == 5
    assert max(sleeps) <= 8 and sleeps[-1] >= 4  # 1, 2, 4, 8, 8: the last two at the cap


@pytest.mark.parametrize(
    ("denied", "requests"),
    [("crm.schemas.contacts.read", 1), ("crm.schemas.contacts.write", 2)],  # the GET, then the group create
)
def test_setup_without_a_scope_names_it(fake_hubspot, gateway, sleeps, denied, requests):
    fake_hubspot.deny_scopes({denied})
    with pytest.raises(CredentialsRejected) as refused:
        gateway.ensure_properties()
    assert refused.value.scopes == (denied,) and denied in str(refused.value)
    assert "403" in str(refused.value)
    assert len(fake_hubspot.requests) == requests and sleeps == []  # not retried


def test_upsert_and_notes_without_their_scopes_name_them(fake_hubspot, gateway):
    fake_hubspot.deny_scopes({"crm.objects.contacts.write", "crm.objects.contacts.read"})
    calls = [
        (lambda: gateway.upsert_contacts({"1": {"email": "ann@example.com"}}), "crm.objects.contacts.write"),
        (lambda: gateway.create_note("101", "Called", CREATED_AT), "crm.objects.contacts.write"),
        (lambda: gateway.find_note("101", "Called", CREATED_AT), "crm.objects.contacts.read"),
    ]
    for call, scope in calls:
        with pytest.raises(CredentialsRejected, match=scope.replace(".", r"\.")):
            call()
    assert set(REQUIRED_SCOPES) == {
        "crm.schemas.contacts.read",
        "crm.schemas.contacts.write",
        "crm.objects.contacts.read",
        "crm.objects.contacts.write",
    }


def test_a_wrong_token_is_credentials_rejected(fake_hubspot):
    gateway = HubSpotGateway("pat-wrong", fake_hubspot.url)
    with pytest.raises(CredentialsRejected, match=r"\(401\)"):
        gateway.upsert_contacts({"1": {"email": "ann@example.com"}})


def test_inputs_naming_a_missing_property_are_reported_apart(fake_hubspot, gateway):
    fake_hubspot.report_missing_properties_per_input(True)
    result = gateway.upsert_contacts(
        {
            "1": {"email": "ann@example.com", "leadcapture_score": "3"},
            "2": {"email": "bob@example.com"},
            "3": {"email": "not-an-email"},
        }
    )
    assert result.missing_property == {"1"}
    assert set(result.errors) == {"3"} and "invalid" in result.errors["3"].lower()
    assert set(result.contact_ids) == {"2"} and set(fake_hubspot.contacts) == {"bob@example.com"}


def test_a_batch_refused_whole_says_whether_it_names_inputs(fake_hubspot, gateway):
    with pytest.raises(BatchRejected) as missing:
        gateway.upsert_contacts({"1": {"email": "ann@example.com", "leadcapture_score": "3"}})
    assert (missing.value.status, missing.value.missing_property, missing.value.traces) == (400, True, [])
    with pytest.raises(BatchRejected) as duplicate:
        gateway.upsert_contacts({"1": {"email": "ann@example.com"}, "2": {"email": "ANN@example.com"}})
    assert duplicate.value.missing_property is False
    assert duplicate.value.traces and set(duplicate.value.traces) <= {"1", "2"}


def test_a_read_timeout_is_transient(fake_hubspot):
    gateway = HubSpotGateway(fake_hubspot.token, fake_hubspot.url, timeout=(1, 0.3))
    fake_hubspot.set_latency(0.6)
    with pytest.raises(TransientError, match="timed out"):
        gateway.upsert_contacts({"1": {"email": "ann@example.com"}})


def test_a_dropped_or_refused_connection_is_transient(fake_hubspot, gateway):
    fake_hubspot.drop_next()
    with pytest.raises(TransientError):
        gateway.upsert_contacts({"1": {"email": "ann@example.com"}})
    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]
    nobody = HubSpotGateway(fake_hubspot.token, f"http://127.0.0.1:{port}", sleep=lambda _: None)
    with pytest.raises(TransientError, match="unreachable"):
        nobody.upsert_contacts({"1": {"email": "ann@example.com"}})
    with pytest.raises(TransientError, match="after 6 tries"):
        nobody.ensure_properties()


def contact(gateway, email="ann@example.com") -> str:
    return gateway.upsert_contacts({"1": {"email": email}}).contact_ids["1"]


def test_a_note_is_created_on_its_contact_and_found_again(fake_hubspot, gateway):
    ann, bob = contact(gateway), contact(gateway, "bob@example.com")
    note_id = gateway.create_note(ann, "Booked a consultation", CREATED_AT)
    (stored,) = fake_hubspot.notes
    assert (stored["id"], stored["contacts"]) == (note_id, [ann])
    assert stored["properties"]["hs_note_body"] == "Booked a consultation"
    assert stored["properties"]["hs_timestamp"] == "2024-06-10T06:13:20.123Z"

    assert gateway.find_note(ann, "Booked a consultation", CREATED_AT) == note_id
    naive = CREATED_AT.replace(tzinfo=None)  # our database's UTC datetimes are naive
    assert gateway.find_note(ann, "Booked a consultation", naive) == note_id
    assert gateway.find_note(ann, "Another note", CREATED_AT) is None
    assert gateway.find_note(bob, "Booked a consultation", CREATED_AT) is None
    assert gateway.find_note(ann, "Booked a consultation", CREATED_AT + timedelta(milliseconds=1)) is None


def test_a_note_create_that_timed_out_is_not_repeated_and_can_be_found(fake_hubspot):
    gateway = HubSpotGateway(fake_hubspot.token, fake_hubspot.url, timeout=(1, 0.3))
    ann = contact(gateway)
    fake_hubspot.set_latency(0.6)
    with pytest.raises(TransientError):
        gateway.create_note(ann, "Called back", CREATED_AT)
    fake_hubspot.set_latency(0)
    deadline = time.monotonic() + 3
    while not fake_hubspot.notes and time.monotonic() < deadline:
        time.sleep(0.05)
    assert gateway.find_note(ann, "Called back", CREATED_AT) == fake_hubspot.notes[0]["id"]
    creates = [seen for seen in fake_hubspot.requests if seen.path == "/crm/v3/objects/notes"]
    assert len(creates) == 1


def test_a_failed_note_create_is_not_retried(fake_hubspot, gateway, sleeps):
    ann = contact(gateway)
    fake_hubspot.fail_next(1, 503)
    with pytest.raises(TransientError):
        gateway.create_note(ann, "Called", CREATED_AT)
    assert fake_hubspot.notes == [] and sleeps == [] and fake_hubspot.requests[-1].status == 503


def test_the_fingerprint_is_stable_and_follows_our_definitions(monkeypatch):
    first = properties_fingerprint()
    assert first == properties_fingerprint() and len(first) == 16 and int(first, 16) >= 0
    monkeypatch.setitem(CUSTOM_PROPERTIES, "leadcapture_new", ("New", "string", "text"))
    changed = properties_fingerprint()
    monkeypatch.setitem(CUSTOM_PROPERTIES, "leadcapture_new", ("New", "number", "number"))
    assert len({first, changed, properties_fingerprint()}) == 3


def setup_app(make_app, fake_hubspot):
    return make_app(
        HUBSPOT_ACCESS_TOKEN=fake_hubspot.token,
        HUBSPOT_BASE_URL=fake_hubspot.url,
        HUBSPOT_RATE_LIMIT="1000 per 10 seconds",
    )


def test_the_setup_command_reports_what_it_created_and_the_sync_remembers(make_app, fake_hubspot):
    app = setup_app(make_app, fake_hubspot)
    runner = app.test_cli_runner()
    result = runner.invoke(args=["hubspot", "setup"])
    assert result.exit_code == 0 and f"({len(CUSTOM_PROPERTIES)} created now)" in result.output
    assert "(0 created now)" in runner.invoke(args=["hubspot", "setup"]).output
    before = len(fake_hubspot.requests)
    with app.app_context():
        submit_lead("after-setup@example.com")  # its sync runs in a thread of the process
        wait_until(lambda: outbox_counts() == {"synced": 1}, what="the sync")
    assert [r.path for r in fake_hubspot.requests[before:]] == ["/crm/v3/objects/contacts/batch/upsert"]


def test_the_setup_command_names_a_missing_scope_and_fails(make_app, fake_hubspot):
    fake_hubspot.deny_scopes({"crm.schemas.contacts.write"})
    result = setup_app(make_app, fake_hubspot).test_cli_runner().invoke(args=["hubspot", "setup"])
    assert result.exit_code == 1
    assert "crm.schemas.contacts.write" in result.output and "crm.objects.contacts.read" in result.output
