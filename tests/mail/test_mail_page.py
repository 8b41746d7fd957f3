"""The admin's Mail page: every message newest first with its body and state; failures visible and
sendable again; admins only."""

from leadcapture.extensions import db
from leadcapture.mail import send_mail
from tests.admin.rules_helpers import finish_jobs
from tests.admin.signin import signed_in_client
from tests.mail.test_mail import NO_SUCH_USER, committed


def test_the_page_lists_kept_messages_newest_first_with_their_bodies(app):
    with app.app_context():
        for number in range(1, 4):
            send_mail(f"p{number}@example.com", f"Subject {number}", f"Body <{number}>\nsecond line")
        db.session.commit()
    finish_jobs(app)
    page = signed_in_client(app).get("/admin/mail")
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and "<code>MAIL_SERVER</code> is not set" in text
    assert text.index("Subject 3") < text.index("Subject 2") < text.index("Subject 1")
    assert "Body &lt;3&gt;\nsecond line" in text and "p3@example.com" in text
    assert text.count('data-testid="mail-status">logged') == 3


def test_older_messages_are_a_page_further(app):
    with app.app_context():
        for number in range(55):
            send_mail("ana@example.com", f"Number {number:02}", "Hello.")
        db.session.commit()
    finish_jobs(app)
    client = signed_in_client(app)
    first = client.get("/admin/mail").get_data(as_text=True)
    assert "Number 54" in first and "Number 04" not in first and "Older messages" in first
    older = client.get("/admin/mail?before=6").get_data(as_text=True)
    assert "Number 04" in older and "Number 00" in older and "Number 05" not in older
    assert client.get("/admin/mail?before=99999999999999999999999").status_code == 200


def test_a_given_up_message_shows_its_error_and_can_be_sent_again(make_app, smtp_server):
    app = make_app(**smtp_server.settings)
    smtp_server.inbox.refusals.append(NO_SUCH_USER)
    with app.app_context():
        message_id = committed(app, "ana@example.com", "Your report", "Numbers.").id
    client = signed_in_client(app)
    text = client.get("/admin/mail").get_data(as_text=True)
    assert "No such user here" in text and "Send again" in text and "Messages are sent through" in text
    again = client.post(f"/admin/mail/{message_id}/retry", follow_redirects=True)
    assert "queued to be sent again" in again.get_data(as_text=True)
    finish_jobs(app)
    assert [message["Subject"] for message in smtp_server.messages] == ["Your report"]
    text = client.get("/admin/mail").get_data(as_text=True)
    assert 'data-testid="mail-status">sent' in text and "Send again" not in text
    refused = client.post(f"/admin/mail/{message_id}/retry", follow_redirects=True)
    assert "not one that was given up" in refused.get_data(as_text=True)


def test_only_admins_see_the_mail(app):
    for role in ("sales", "marketing"):
        assert signed_in_client(app, role).get("/admin/mail").status_code == 403
    assert "Mail</a>" in signed_in_client(app).get("/admin/").get_data(as_text=True)
