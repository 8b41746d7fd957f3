"""The sentiment of a comment with VADER (a rule-based English model whose lexicon ships with the
package: nothing to download, about a millisecond per comment)."""

import functools
from dataclasses import dataclass

from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

# VADER's authors' thresholds on the compound score.
POSITIVE_FROM, NEGATIVE_FROM = 0.05, -0.05


@dataclass(frozen=True)
class Sentiment:
    label: str  # one of models.SENTIMENT_LABELS
    score: float  # VADER's compound score, -1 (most negative) to 1


NEUTRAL = Sentiment("neutral", 0.0)


@functools.cache
def _analyzer() -> SentimentIntensityAnalyzer:
    return SentimentIntensityAnalyzer()  # reads its lexicon once per process


def sentiment_of(text: str) -> Sentiment:
    """The sentiment of ``text``: positive from a compound score of 0.05, negative from -0.05."""
    score = _analyzer().polarity_scores(text)["compound"]
    if score >= POSITIVE_FROM:
        return Sentiment("positive", score)
    if score <= NEGATIVE_FROM:
        return Sentiment("negative", score)
    return Sentiment("neutral", score)


def mood_words(strength: float) -> frozenset[str]:
    """The words VADER's lexicon rates at least ``strength`` either way (from -4 to 4: "amazing" 2.8,
    "awful" -2.0)."""
    return frozenset(word for word, valence in _analyzer().lexicon.items() if abs(valence) >= strength)
