"""SSRF: with WEBHOOK_ALLOW_PRIVATE off (the default), an endpoint whose host is or resolves to a
loopback, private, link-local, multicast or reserved address is refused when saved, with a clear
form error, and again when sent (DNS answers change); only http and https."""

import pytest

from leadcapture.extensions import db
from leadcapture.webhooks.addresses import AddressError, refused_kind, resolve
from leadcapture.webhooks.outbox import emit
from tests.admin.rules_helpers import finish_jobs
from tests.admin.signin import signed_in_client
from tests.webhooks.helpers import deliveries, register

PUBLIC = "http://93.184.215.14/hooks"  # a literal public address: no DNS needed


@pytest.mark.parametrize(
    ("address", "kind"),
    [
        ("127.0.0.1", "loopback"),
        ("127.8.9.10", "loopback"),
        ("::1", "loopback"),
        ("::ffff:127.0.0.1", "loopback"),
        ("10.1.2.3", "private"),
        ("172.16.0.1", "private"),
        ("192.168.1.1", "private"),
        ("fd00::1", "private"),
        ("169.254.169.254", "link-local"),
        ("fe80::1%eth0", "link-local"),
        ("224.0.0.1", "multicast"),
        ("ff02::1", "multicast"),
        ("0.0.0.0", "unspecified"),
        ("100.64.0.1", "non-public"),
        ("93.184.215.14", None),
        ("2606:4700:4700::1111", None),
    ],
)
def test_what_kind_of_address_is_refused(address, kind):
    assert refused_kind(address) == kind


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("http://127.0.0.1:8080/hooks", "127.0.0.1, a loopback address"),
        ("http://10.0.0.5/hooks", "10.0.0.5, a private address"),
        ("http://[::1]/hooks", "::1, a loopback address"),
        ("http://169.254.169.254/latest/meta-data/", "169.254.169.254, a link-local address"),
        ("http://localhost:9000/hooks", "a loopback address"),
        ("http://2130706433/hooks", "127.0.0.1, a loopback address"),  # 127.0.0.1 as one number
        ("ftp://example.com/hooks", "http:// or https://"),
        ("https:///hooks", "needs a host name"),
        ("https://user:secret@example.com/hooks", "no user name or password"),
        ("https://example.com:99999/hooks", "not a valid URL"),
        ("https://nothing-here.invalid/hooks", "cannot be found"),
        ("https://example.com/" + "a" * 2000, "at most 2,000 characters"),
    ],
)
def test_refused_urls_say_why(url, message):
    with pytest.raises(AddressError, match=message.replace("(", r"\(").replace(".", r"\.")):
        resolve(url, allow_private=False)


def test_private_addresses_pass_only_when_allowed():
    target = resolve("http://localhost:8080/hooks?x=1", allow_private=True)
    assert target.address in ("127.0.0.1", "::1") and target.path == "/hooks?x=1"
    assert target.host_header == "localhost:8080"
    assert resolve(PUBLIC, allow_private=False).address == "93.184.215.14"
    with pytest.raises(AddressError, match="http:// or https://"):
        resolve("file:///etc/passwd", allow_private=True)


@pytest.mark.parametrize(
    "url", ["http://127.0.0.1/hooks", "http://10.0.0.5/", "http://[::1]/", "http://169.254.169.254/"]
)
def test_the_admin_form_refuses_a_private_address_with_a_clear_error(make_app, url):
    client = signed_in_client(make_app())
    page = client.post("/admin/webhooks/new", data={"url": url, "events": ["lead.created"], "enabled": "y"})
    text = page.get_data(as_text=True)
    assert page.status_code == 400 and "webhooks go to public addresses only" in text
    assert "Please correct the highlighted fields." in text
    assert "No endpoints yet." in client.get("/admin/webhooks").get_data(as_text=True)


def test_a_public_address_is_accepted(make_app):
    client = signed_in_client(make_app())
    saved = client.post(
        "/admin/webhooks/new", data={"url": PUBLIC, "events": ["lead.created"], "enabled": "y"}
    )
    assert saved.status_code == 302
    assert PUBLIC in client.get("/admin/webhooks").get_data(as_text=True)


def test_sending_checks_the_address_again(app, receiver):
    register(app, receiver)  # allowed when it was saved
    app.config["WEBHOOK_ALLOW_PRIVATE"] = False  # as if its host now resolved to a private address
    with app.app_context():
        emit("lead.created", {"lead_id": None})
        db.session.commit()
    finish_jobs(app)
    assert receiver.received == []
    [delivery] = deliveries(app)
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == ("pending", 1, None)
    assert delivery.last_error.startswith("Not sent: ") and "a loopback address" in delivery.last_error
