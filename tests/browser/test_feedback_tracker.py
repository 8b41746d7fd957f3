"""``LeadCapture.feedback({...})`` in chromium: posts to the feedback API and answers through its
promise, on our pages and embedded on another site (the visitor's id sent along, the site key
not needed); without analytics consent the feedback is kept with no visitor."""

import pytest
from sqlalchemy import select

from leadcapture.extensions import db
from leadcapture.models import Feedback
from tests.browser.conftest import SITE_KEY
from tests.browser.test_tracker import embed_site

pytestmark = pytest.mark.browser

SEND = """data => LeadCapture.feedback(data).then(
    answer => ({ answer }),
    error => ({ error: { message: error.message, status: error.status, fields: error.fields } })
)"""


def stored_feedback(app) -> list[Feedback]:
    with app.app_context():
        rows = list(db.session.scalars(select(Feedback).order_by(Feedback.created_at)))
        db.session.expunge_all()
        return rows


def test_feedback_resolves_with_the_sentiment_and_is_stored(app, live_server, page, page_problems):
    page.goto(f"{live_server.url}/_test/tracker")
    comment = "The recommendation was spot on and really helpful, thanks!"
    sent = page.evaluate(
        SEND, {"rating": 5, "ratings": {"tool": 4}, "context": "tool_result", "comment": comment}
    )
    answer = sent["answer"]
    assert answer["sentiment"]["label"] == "positive" and answer["sentiment"]["score"] > 0.5
    (row,) = stored_feedback(app)
    assert (row.id, row.rating, row.rating_tool, row.comment) == (answer["feedback_id"], 5, 4, comment)
    cookies = {cookie["name"]: cookie["value"] for cookie in page.context.cookies()}
    assert row.visitor_id == cookies["lc_vid"]  # a new visitor, remembered by the answer's cookie
    assert page_problems == []


def test_a_refusal_rejects_with_the_fields(app, live_server, page, page_problems):
    page.goto(f"{live_server.url}/_test/tracker")
    sent = page.evaluate(SEND, {"rating": 6, "context": "popup"})
    error = sent["error"]
    assert error["status"] == 422 and set(error["fields"]) == {"rating", "context"}
    assert error["message"] == "Please correct the highlighted fields."
    assert stored_feedback(app) == []
    # A 422 is the answer, not a page error; the browser logs the failed request only.
    assert page_problems == []


def test_embedded_on_another_site_it_sends_the_visitors_id(app, live_server, page, page_problems):
    page.goto(embed_site(live_server) + "/_test/tracker")
    options = {"endpoint": f"{live_server.url}/api/v1/events", "apiKey": SITE_KEY, "autoPageView": False}
    page.evaluate("o => LeadCapture.init(o)", options)
    sent = page.evaluate(SEND, {"rating": 2, "context": "exit_intent", "comment": "Too slow and confusing."})
    assert sent["answer"]["sentiment"]["label"] == "negative"
    (row,) = stored_feedback(app)
    assert row.visitor_id == page.evaluate("localStorage.getItem('lc_vid')") is not None
    assert page_problems == []


def test_without_consent_it_is_kept_with_no_visitor(app, live_server, page, page_problems):
    page.goto(embed_site(live_server) + "/_test/tracker")
    page.evaluate(
        "url => LeadCapture.init({ endpoint: url, consent: false })", f"{live_server.url}/api/v1/events"
    )
    sent = page.evaluate(SEND, {"rating": 4, "context": "in_app"})
    assert "answer" in sent
    (row,) = stored_feedback(app)
    assert (row.rating, row.visitor_id, row.session_id) == (4, None, None)
    assert page.evaluate("localStorage.getItem('lc_vid')") is None
    assert page_problems == []
