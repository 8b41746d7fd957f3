"""Themes found in comments: planted topics (ours, and the demo data's) come out as separate themes,
named by their words, the same every time, and the cost stays bounded however many comments there
are."""

from collections import Counter
from datetime import datetime

from leadcapture.demo import DemoOptions, generate
from leadcapture.demo.comments import THEMES as DEMO_THEMES
from leadcapture.reports import themes
from leadcapture.reports.themes import fit_themes
from tests.reports.planted import TOPICS, planted_comments


def fitted(count: int, seed: int = 1):
    comments = planted_comments(count, seed)
    keyed = [(number, text) for number, (_topic, text) in enumerate(comments)]
    model = fit_themes(keyed)
    assert model is not None
    return comments, model, model.assign([text for _topic, text in comments])


def purity(comments, assigned) -> float:
    """The share of comments in a theme whose commonest topic is theirs."""
    by_theme = {}
    for (topic, _text), number in zip(comments, assigned, strict=True):
        by_theme.setdefault(number, Counter())[topic] += 1
    return sum(max(topics.values()) for topics in by_theme.values()) / len(comments)


def main_topics(comments, assigned) -> dict[int, str]:
    """Each theme's commonest topic."""
    return {
        number: Counter(
            topic for (topic, _t), n in zip(comments, assigned, strict=True) if n == number
        ).most_common(1)[0][0]
        for number in set(assigned)
    }


def test_planted_topics_separate_into_themes_named_by_their_words():
    comments, model, assigned = fitted(160)
    assert len(model.themes) == len(TOPICS)
    assert None not in assigned
    # Each topic has a theme of its own, and a stray sentiment word ("loved", "happy") puts at most a
    # comment or two among another topic's.
    topic_of_theme = main_topics(comments, assigned)
    assert sorted(topic_of_theme.values()) == sorted(TOPICS)
    assert purity(comments, assigned) >= 0.97
    for theme in model.themes:
        topic = topic_of_theme[theme.number]
        assert len(set(theme.terms) & set(TOPICS[topic])) >= 2, (theme.label, topic)
        assert len(theme.examples) == themes.EXAMPLES
        assert all(comments[key][0] == topic for key in theme.examples)


def test_the_same_comments_give_the_same_themes():
    _comments, first, assigned = fitted(120, seed=3)
    _comments, second, again = fitted(120, seed=3)
    assert [theme.label for theme in first.themes] == [theme.label for theme in second.themes]
    assert [theme.examples for theme in first.themes] == [theme.examples for theme in second.themes]
    assert assigned == again


def test_themes_are_numbered_from_the_largest():
    comments = planted_comments(200, seed=5)
    # Twice as many price comments as any other topic.
    comments += [pair for pair in planted_comments(200, seed=6) if pair[0] == "price"]
    model = fit_themes(list(enumerate(text for _topic, text in comments)))
    sizes = Counter(model.assign([text for _topic, text in comments]))
    assert [sizes[theme.number] for theme in model.themes] == sorted(
        (sizes[theme.number] for theme in model.themes), reverse=True
    )
    # A topic this much larger than the others may split (say, "expensive" and "discount"), never mix.
    assert purity(comments, model.assign([text for _topic, text in comments])) >= 0.97


def test_only_a_capped_sample_is_fitted_but_every_comment_is_placed(monkeypatch):
    monkeypatch.setattr(themes, "FIT_CAP", 200)
    comments, model, assigned = fitted(1000, seed=7)
    assert model.fitted == 200
    assert None not in assigned
    assert set(main_topics(comments, assigned).values()) == set(TOPICS)
    assert purity(comments, assigned) >= 0.97


def test_too_few_comments_or_no_shared_words_give_no_themes():
    assert (
        fit_themes([(n, text) for n, (_t, text) in enumerate(planted_comments(themes.MIN_COMMENTS - 1))])
        is None
    )
    unrelated = [
        "apple",
        "bicycle",
        "cathedral",
        "dolphin",
        "envelope",
        "falcon",
        "guitar",
        "harbour",
        "igloo",
        "jacket",
    ]
    assert fit_themes(list(enumerate(unrelated))) is None


def test_a_comment_sharing_no_word_with_the_themes_has_none():
    _comments, model, _assigned = fitted(80)
    assert model.assign(["Zebra xylophone quartz", ""]) == [None, None]
    assert model.assign([]) == []


def demo_comments(visitors: int, seed: int) -> list[tuple[str, str]]:
    """(planted theme, comment) of the feedback ``flask demo-data``'s generator makes."""
    sentences = {
        sentence: theme
        for theme, moods in DEMO_THEMES.items()
        for said in moods.values()
        for sentence in said
    }
    options = DemoOptions(visitors=visitors, seed=seed, now=datetime(2026, 3, 31))
    found = []
    for bundle in generate(options):
        for row in bundle.get("feedback", []):
            if row["comment"]:
                (theme,) = {theme for sentence, theme in sentences.items() if sentence in row["comment"]}
                found.append((theme, row["comment"]))
    return found


def test_themes_of_the_demo_data_separate_its_planted_topics():
    comments = demo_comments(16000, seed=3)
    assert len(comments) > 250
    model = fit_themes(list(enumerate(text for _theme, text in comments)))
    assigned = model.assign([text for _theme, text in comments])
    assert set(main_topics(comments, assigned).values()) == set(DEMO_THEMES)
    # A shared word ("week" in "red for a week" and "slots for weeks") strays a comment now and then.
    assert purity(comments, assigned) >= 0.95
