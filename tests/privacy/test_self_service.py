"""Self-service requests end to end on the link side: the emailed link works once, within 24 hours,
for the address it was sent to; a GET of it changes nothing; forged, expired and used links get a
clear error page."""

import io
import zipfile
from datetime import timedelta

import pytest

from leadcapture.models import Lead
from leadcapture.models.types import utcnow
from leadcapture.privacy.person import find_lead
from leadcapture.privacy.self_service import PageRequest, open_request, request_link
from leadcapture.signed_links import LinkError, make_token, read_token
from tests.privacy.helpers import (
    BASE_URL,
    add_lead,
    ask,
    confirm_with,
    emailed_link,
    kept_mail,
    link_path,
    logged_requests,
)


@pytest.fixture
def app(make_app):
    return make_app(PUBLIC_BASE_URL=BASE_URL)


def link_for(token: str) -> str:
    return f"{BASE_URL}/privacy/confirm/{token}"


def test_the_email_reaches_the_smtp_server_with_a_link_that_works(make_app, smtp_server):
    app = make_app(PUBLIC_BASE_URL=BASE_URL, **smtp_server.settings)
    client = app.test_client()
    with app.app_context():
        add_lead("ana@example.com", name="Ana")
    assert ask(client, "Ana@Example.com").status_code == 202
    emailed_link(app, "ana@example.com")  # the jobs have run
    [received] = smtp_server.messages
    assert received["To"] == "ana@example.com" and "confirm" in received["Subject"]
    text = received.get_body(("plain",)).get_content()
    path = link_path(text)
    assert "ana" not in path.lower()  # the link carries the request's id, not the address
    page = client.get(path)
    assert page.status_code == 200 and "Download my data" in page.get_data(as_text=True)
    download = confirm_with(client, path, "ana@example.com")
    assert download.status_code == 200 and download.mimetype == "application/zip"
    assert "my-data.zip" in download.headers["Content-Disposition"]
    assert zipfile.ZipFile(io.BytesIO(download.data)).namelist()
    with app.app_context():
        [request] = logged_requests()
    assert (request.kind, request.channel, request.status, request.outcome) == (
        "export",
        "self_service",
        "done",
        "exported",
    )


def test_the_link_s_token_goes_nowhere_from_its_page(app):
    """Not into the consent banner's or the footer's links, which would make it a tracked page."""
    client = app.test_client()
    ask(client, "bo@example.com", "export")
    path = emailed_link(app, "bo@example.com")
    token = path.rsplit("/", 1)[1]
    page = client.get(path).get_data(as_text=True)
    assert 'data-testid="consent-banner"' in client.get("/privacy").get_data(as_text=True)
    assert 'data-testid="consent-banner"' not in page and token not in page


def test_following_the_link_changes_nothing_until_confirmed(app):
    client = app.test_client()
    with app.app_context():
        add_lead("bo@example.com", name="Bo")
    ask(client, "bo@example.com", "erase")
    path = emailed_link(app, "bo@example.com")
    for _ in range(3):  # a mail scanner, a preview, the person
        page = client.get(path)
        assert page.status_code == 200 and "Erase my data" in page.get_data(as_text=True)
        assert page.headers["Cache-Control"] == "no-store"
        assert '<meta name="referrer" content="no-referrer">' in page.get_data(as_text=True)
    with app.app_context():
        assert Lead.query.filter_by(email="bo@example.com").count() == 1
        assert [r.status for r in logged_requests()] == ["requested"]


def test_confirming_needs_the_address_the_link_was_sent_to(app):
    client = app.test_client()
    with app.app_context():
        add_lead("cy@example.com")
    ask(client, "cy@example.com", "erase")
    path = emailed_link(app, "cy@example.com")
    for typed, error in (("dee@example.com", "not the address"), ("not an address", "email")):
        refused = confirm_with(client, path, typed)
        assert refused.status_code == 422 and error in refused.get_data(as_text=True)
    with app.app_context():
        assert Lead.query.filter_by(email="cy@example.com").count() == 1
    done = confirm_with(client, path, " CY@example.com ")
    assert done.status_code == 200 and "erased" in done.get_data(as_text=True)
    with app.app_context():
        assert Lead.query.filter_by(email="cy@example.com").count() == 0
        assert kept_mail() == []  # the erased person's emails (this link's) are gone too


def test_a_used_link_is_refused_when_replayed(app):
    client = app.test_client()
    with app.app_context():
        add_lead("di@example.com")
    ask(client, "di@example.com")
    path = emailed_link(app, "di@example.com")
    assert confirm_with(client, path, "di@example.com").status_code == 200
    for replay in (client.get(path), confirm_with(client, path, "di@example.com")):
        assert replay.status_code == 410 and "already used" in replay.get_data(as_text=True)


def test_a_link_expires_after_24_hours(app):
    issued = utcnow() - timedelta(hours=24, seconds=5)
    with app.test_request_context():
        request_link({"email": "ed@example.com", "kind": "export"}, link_for, now=issued)
        [request] = logged_requests()
        token = make_token(request.id, issued)
        assert read_token(token, issued + timedelta(hours=24)) == request.id
        with pytest.raises(LinkError) as expired:
            open_request(token, issued + timedelta(hours=24, seconds=1))
        assert expired.value.status == 410
    client = app.test_client()
    for answer in (
        client.get(f"/privacy/confirm/{token}"),
        confirm_with(client, f"/privacy/confirm/{token}", "ed@example.com"),
    ):
        assert answer.status_code == 410 and "expired" in answer.get_data(as_text=True)


def test_forged_links_are_refused(app, make_app):
    with app.test_request_context():
        request_link({"email": "fay@example.com", "kind": "erase"}, link_for)
        [request] = logged_requests()
        genuine = make_token(request.id, utcnow())
        unknown_id = make_token("0" * 32, utcnow())
    with make_app(SECRET_KEY="someone-elses-secret").test_request_context():
        other_secret = make_token(request.id, utcnow())
    tampered = genuine[:-3] + ("AAA" if genuine[-3:] != "AAA" else "BBB")
    client = app.test_client()
    for token in (tampered, other_secret, unknown_id, "nonsense", genuine.split(".")[0], "x" * 5000):
        for answer in (
            client.get(f"/privacy/confirm/{token}"),
            confirm_with(client, f"/privacy/confirm/{token}", "fay@example.com"),
        ):
            assert answer.status_code == 400, token
            assert "This link is not valid" in answer.get_data(as_text=True)
    with app.app_context():
        assert [r.status for r in logged_requests()] == ["requested"]


def test_withdrawing_marketing_consent_through_the_link(app):
    client = app.test_client()
    with app.app_context():
        add_lead("gus@example.com", consent_marketing=True)
    with app.test_request_context():
        request_link({"email": "gus@example.com", "kind": "withdraw_consent"}, link_for, PageRequest)
    path = emailed_link(app, "gus@example.com")
    assert "Stop marketing emails" in client.get(path).get_data(as_text=True)
    done = confirm_with(client, path, "gus@example.com")
    assert done.status_code == 200 and "no longer receive marketing" in done.get_data(as_text=True)
    with app.app_context():
        assert Lead.query.filter_by(email="gus@example.com").one().consent_marketing is False
        assert logged_requests()[0].outcome == "marketing consent withdrawn"


def test_an_address_we_do_not_hold_gets_the_same_link_and_a_plain_answer(app):
    client = app.test_client()
    ask(client, "stranger@example.com", "erase")
    path = emailed_link(app, "stranger@example.com")
    done = confirm_with(client, path, "stranger@example.com")
    assert done.status_code == 200 and "We hold no data about this address" in done.get_data(as_text=True)
    with app.app_context():
        assert [(r.status, r.outcome) for r in logged_requests()] == [("done", "no data held")]


def test_with_csrf_on_the_forms_need_their_token(make_app):
    app = make_app(PUBLIC_BASE_URL=BASE_URL, WTF_CSRF_ENABLED=True)
    client = app.test_client()
    with app.app_context():
        add_lead("hal@example.com")
    assert client.post("/privacy", data={"email": "hal@example.com", "kind": "erase"}).status_code == 400
    token = csrf_token_of(client.get("/privacy"))
    sent = client.post("/privacy", data={"email": "hal@example.com", "kind": "erase", "csrf_token": token})
    assert sent.status_code == 302
    path = emailed_link(app, "hal@example.com")
    assert confirm_with(client, path, "hal@example.com").status_code == 400  # no token
    page = client.get(path)
    done = client.post(path, data={"email": "hal@example.com", "csrf_token": csrf_token_of(page)})
    assert done.status_code == 200 and "erased" in done.get_data(as_text=True)
    with app.app_context():
        assert find_lead("hal@example.com") is None


def csrf_token_of(page) -> str:
    marker = 'name="csrf_token" value="'
    text = page.get_data(as_text=True)
    return text[text.index(marker) + len(marker) :].split('"', 1)[0]
