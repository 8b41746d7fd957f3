"""`flask demo-data` makes feedback: ratings and comments in five planted themes, sentiment by the
feedback service in line with the ratings, every context, tied to sessions, visitors, leads and
organisations as the live service ties them; each lead's feedback summary."""

import re
from collections import Counter, defaultdict

import pytest
from sqlalchemy import func, select

from leadcapture.extensions import db
from leadcapture.feedback.sentiment import sentiment_of
from leadcapture.models import (
    FEEDBACK_CONTEXTS,
    Feedback,
    FeedbackPrompt,
    Interaction,
    Lead,
    LeadVisitor,
    VisitSession,
)
from leadcapture.reports.period import last_days
from leadcapture.reports.prompt_performance import prompt_performance
from tests.cli.demo_loads import demo_loaded_app

pytestmark = pytest.mark.heavy

# Each planted theme's own words: a comment should use one theme's only.
THEME_WORDS = {
    "price": "price|prices|pricing|expensive|overpriced|pricey|costs|value|discount|quote|affordable",
    "waiting": "wait|waited|waiting|appointment|slot|slots|booking|rescheduling|on time",
    "staff": "staff|nurse|receptionist|doctor|team",
    "results": "results|skin|botox|wrinkles|acne|treatment|fillers",
    "website": "website|site|page|form|phone|mobile|calculator|menu|clicks",
}
THEMES = {theme: re.compile(rf"\b(?:{words})\b", re.IGNORECASE) for theme, words in THEME_WORDS.items()}


@pytest.fixture(scope="module")
def demo_app(database_url):
    """An app whose database holds one demo load (the tests only read it): written once per backend."""
    with demo_loaded_app(database_url, "--visitors", "4000", "--seed", "5") as (app, output):
        with app.app_context():
            rows = db.session.scalar(select(func.count()).select_from(Feedback))
        assert re.search(rf"^  feedback +{rows:,}$", output, re.MULTILINE)
        yield app


@pytest.fixture
def feedback(demo_app):
    with demo_app.app_context():
        yield db.session.scalars(select(Feedback)).all()


def theme_of(comment: str) -> str:
    (theme,) = [theme for theme, words in THEMES.items() if words.search(comment)]
    return theme


def test_comments_fall_in_the_five_planted_themes_with_the_rating_s_sentiment(feedback):
    commented = [row for row in feedback if row.comment]
    assert 150 < len(feedback) < 220 and len(commented) > len(feedback) / 2  # about 0.04 a visitor
    themes = Counter(theme_of(row.comment) for row in commented)
    assert set(themes) == set(THEMES) and min(themes.values()) >= len(commented) / 12
    by_mood = defaultdict(Counter)
    for row in commented:
        by_mood["praise" if row.rating >= 4 else "complaint" if row.rating <= 2 else "mixed"][
            theme_of(row.comment)
        ] += 1
    # Complaints are mostly about money and waiting, praise about the staff, results and the site.
    complaints, praise = by_mood["complaint"], by_mood["praise"]
    assert complaints["price"] + complaints["waiting"] > complaints.total() / 2
    assert praise["staff"] + praise["results"] + praise["website"] > 2 * (praise["price"] + praise["waiting"])
    # Sentiment: the feedback service's, in line with the rating.
    for row in commented:
        assert (row.sentiment_label, row.sentiment_score) == tuple(vars(sentiment_of(row.comment)).values())
    assert all(row.sentiment_label == "positive" for row in commented if row.rating >= 4)
    assert all(row.sentiment_label == "negative" for row in commented if row.rating <= 2)
    assert all(row.sentiment_label is None for row in feedback if not row.comment)
    ratings = Counter(row.rating for row in feedback)
    assert set(ratings) == {1, 2, 3, 4, 5} and ratings[5] > ratings[3] and ratings[1] > 0


def test_feedback_belongs_to_its_session_tool_use_lead_and_organisation_and_counts_on_the_lead(feedback):
    assert Counter(row.context for row in feedback).keys() == set(FEEDBACK_CONTEXTS)
    lead_of = dict(db.session.execute(select(LeadVisitor.visitor_id, LeadVisitor.lead_id)).all())
    for row in feedback:
        if row.context == "email":  # the follow-up a day after a booking: no session
            assert row.session_id is None and row.lead_id is not None
        else:
            session = db.session.get(VisitSession, row.session_id)
            assert session.visitor_id == row.visitor_id and session.started_at <= row.created_at
            assert row.created_at <= session.last_seen_at and row.engagement_level is not None
        if row.interaction_id:
            used = db.session.get(Interaction, row.interaction_id)
            assert (used.session_id, used.tool) == (row.session_id, row.tool)
        assert row.lead_id in (None, lead_of.get(row.visitor_id))
        if row.email:
            assert db.session.get(Lead, row.lead_id).email == row.email
        assert row.organisation_key == (
            " ".join(row.organisation.split()).casefold() if row.organisation else None
        )
    # Some give their email (the demo's traffic ends now: how many varies a little with the date).
    assert sum(row.email is not None for row in feedback) >= 3
    assert sum(row.lead_id is not None for row in feedback) > sum(row.email is not None for row in feedback)
    assert len({row.organisation_key for row in feedback if row.organisation_key}) >= 3
    asked_after = {row.context for row in feedback if row.tool == "cost_calculator"}
    assert asked_after <= {"tool_result", "exit_intent"}
    # Each lead's count, average and latest rating, as the feedback service keeps them.
    by_lead = defaultdict(list)
    for row in sorted(feedback, key=lambda row: row.created_at):
        if row.lead_id:
            by_lead[row.lead_id].append(row.rating)
    assert by_lead
    for lead in db.session.scalars(select(Lead)):
        ratings = by_lead.get(lead.id, [])
        assert lead.feedback_count == len(ratings)
        assert lead.feedback_average == (round(sum(ratings) / len(ratings), 2) if ratings else None)
        assert lead.feedback_latest_rating == (ratings[-1] if ratings else None)


def test_every_prompt_the_caps_let_show_is_logged_and_each_answer_names_its_prompt(feedback, demo_app):
    with demo_app.app_context():
        prompts = {prompt.id: prompt for prompt in db.session.scalars(select(FeedbackPrompt))}
        db.session.expunge_all()
        performance = {row.prompt_type: row for row in prompt_performance(last_days(90))}
    assert len(prompts) > 5 * len(feedback)  # most prompts go unanswered
    answered = [prompts[row.prompt_id] for row in feedback]
    assert [(prompt.prompt_type, prompt.status) for prompt in answered] == [
        (row.context, "submitted") for row in feedback
    ]
    assert {prompt.status for prompt in prompts.values()} == {"shown", "submitted", "dismissed", "abandoned"}
    # The caps: a type once a session, at most two prompts there.
    per_session = Counter(
        (prompt.session_id, prompt.prompt_type) for prompt in prompts.values() if prompt.session_id
    )
    assert max(per_session.values()) == 1
    assert max(Counter(session for session, _ in per_session).values()) <= 2
    # The admin's prompt performance has every feedback prompt type to show.
    assert all(performance[context].submitted > 0 for context in FEEDBACK_CONTEXTS)
    assert all(row.shown >= row.interacted >= row.submitted for row in performance.values())
