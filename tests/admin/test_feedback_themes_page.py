"""Themes on /admin/feedback: planted topics in a period's comments come out as themes with counts and
examples, a theme filters the comments, and comments given after the themes were found are placed
in them on the next view without fitting again."""

import re
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import date, datetime, timedelta

import pytest

from leadcapture.extensions import db
from leadcapture.reports import feedback_themes
from tests.admin.feedback_data import feedback
from tests.admin.signin import signed_in_client
from tests.reports.planted import TOPICS, planted_comments

WEEK = "from=2026-03-01&to=2026-03-07"


@pytest.fixture
def planted(app):
    """160 comments on four topics over the week: (topic, feedback id) pairs."""
    comments = planted_comments(160, seed=1)
    with app.app_context():
        start = datetime(2026, 3, 1, 8)
        ids = [
            (topic, feedback(f"{start + timedelta(minutes=60 * number)}", 4, text))
            for number, (topic, text) in enumerate(comments)
        ]
        db.session.commit()
    return ids


def themes_of(html: str) -> dict[str, tuple[str, int]]:
    """theme number -> (label, count) from the theme table."""
    rows = re.findall(
        r'data-testid="theme" data-number="(\d+)">.*?>([^<]*)</a></td>\s*<td class="number" '
        r'data-testid="theme-count">([^<]*)<',
        html,
        re.S,
    )
    return {number: (label, int(count.replace(",", ""))) for number, label, count in rows}


def listed_ids(html: str) -> list[str]:
    return re.findall(r'href="/admin/feedback/([0-9a-f]{32})" data-testid="open-feedback"', html)


def all_pages(client, query: str) -> list[str]:
    ids, page = [], 1
    while True:
        html = client.get(f"/admin/feedback?{WEEK}&{query}&page={page}").get_data(as_text=True)
        ids += listed_ids(html)
        if 'data-testid="next-page"' not in html:
            return ids
        page += 1


def test_planted_topics_are_themes_with_counts_and_examples(app, planted):
    client = signed_in_client(app, "marketing")
    html = client.get(f"/admin/feedback?{WEEK}").get_data(as_text=True)
    found = themes_of(html)
    assert len(found) == len(TOPICS)
    assert sum(count for _label, count in found.values()) == len(planted)
    topic_of = dict((feedback_id, topic) for topic, feedback_id in planted)
    for number, (label, count) in found.items():
        in_theme = all_pages(client, f"theme={number}")
        assert len(in_theme) == count
        topics = Counter(topic_of[feedback_id] for feedback_id in in_theme)
        topic, size = topics.most_common(1)[0]
        assert size >= 0.95 * count  # one topic per theme
        assert len(set(label.split(" · ")) & set(TOPICS[topic])) >= 2, label
    examples = re.findall(r'<ul class="examples">(.*?)</ul>', html, re.S)
    assert len(examples) == len(TOPICS) and all(example.count("<li>") == 3 for example in examples)


def test_new_comments_are_placed_in_the_kept_themes_without_fitting_again(app, planted, monkeypatch):
    client = signed_in_client(app, "marketing")
    client.get(f"/admin/feedback?{WEEK}")
    fits = []
    monkeypatch.setattr(feedback_themes, "fit_themes", lambda comments: fits.append(comments))
    with app.app_context():
        added = feedback("2026-03-07 20:00", 2, "The price was expensive and the quote a bit pricey")
        db.session.commit()
    html = client.get(f"/admin/feedback?{WEEK}&sentiment=&rating=2").get_data(as_text=True)
    assert fits == []
    [row] = re.findall(r'data-testid="comment-theme">([^<]*)<', html)
    assert set(row.split(" · ")) & set(TOPICS["price"]), row
    assert listed_ids(html) == [added]
    assert sum(count for _label, count in themes_of(html).values()) == len(planted) + 1


def test_a_period_being_fitted_holds_up_no_other_period(app, planted):
    client = signed_in_client(app, "marketing")
    client.get(f"/admin/feedback?{WEEK}")  # the app keeps the themes of this week
    kept = app.extensions["feedback_themes"]
    fitting = kept.key_lock((date(2026, 3, 8), date(2026, 3, 14)))
    # Another request is fitting the next week's themes.
    with fitting, ThreadPoolExecutor(1) as pool:
        page = pool.submit(client.get, f"/admin/feedback?{WEEK}").result(timeout=60)
    assert page.status_code == 200
    assert sum(count for _label, count in themes_of(page.get_data(as_text=True)).values()) == len(planted)
