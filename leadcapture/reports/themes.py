"""Themes in free-text comments: TF-IDF and NMF from scikit-learn, deterministic and bounded.

The model is fitted on at most ``FIT_CAP`` comments (evenly spread over the ones given, in their
order) and then places every comment: a theme is an NMF component named by its top terms, and a
comment belongs to the theme that weighs most in it, or to none when it shares no term with the
fitted vocabulary. Terms are stemmed words ("prices", "priced" and "price" are one), named by
the spelling the comments use most; English stop words and words that only say how strongly
someone feels ("amazing", "terrible": VADER rates them ``MOOD_STRENGTH`` or more) are left out, so
that a theme is what people write about, and the comment's sentiment how they feel. The number of
themes, from 2 to ``MAX_THEMES``, is the fewest whose themes separate the fitted comments (the
cosine silhouette of their assignment) within ``NEAR_BEST`` of the best count's: short comments
give noisy scores, and a topic split in two is worse to read than a score a little lower. The same
comments in the same order always give the same themes.
"""

from __future__ import annotations

import functools
import warnings
from collections import Counter
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from leadcapture.feedback.sentiment import mood_words
from leadcapture.tools.text import stem, words

MAX_THEMES = 12
FIT_CAP = 2000
MIN_COMMENTS = 10  # fewer comments than this have no themes
LABEL_TERMS = 3
EXAMPLES = 3
SILHOUETTE_SAMPLE = 1000
NEAR_BEST = 0.95
SEED = 0
MOOD_STRENGTH = 2.5

if TYPE_CHECKING:  # scikit-learn is loaded on use (tests/app/test_startup.py)
    from sklearn.decomposition import NMF
    from sklearn.feature_extraction.text import TfidfVectorizer


@dataclass(frozen=True)
class Theme:
    number: int  # 1, 2, … from the largest theme of the fitted comments down
    terms: tuple[str, ...]  # its top terms, the heaviest first
    examples: tuple[Hashable, ...]  # keys of the fitted comments that are most this theme

    @property
    def label(self) -> str:
        return " · ".join(self.terms)


class ThemeModel:
    """Themes fitted on some comments; ``assign`` places any comment in one of them."""

    def __init__(
        self, vectorizer: TfidfVectorizer, nmf: NMF, themes: list[Theme], order: list[int], fitted: int
    ):
        self.vectorizer = vectorizer
        self.nmf = nmf
        self.themes = themes
        self._number_of_component = {component: number for number, component in enumerate(order, 1)}
        self.fitted = fitted  # how many comments the model was fitted on

    def assign(self, texts: Sequence[str]) -> list[int | None]:
        """The theme number of each text (None: it shares no term with the themes' vocabulary)."""
        from sklearn.exceptions import ConvergenceWarning

        if not texts:
            return []
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            weights = self.nmf.transform(self.vectorizer.transform(texts))
        return self._numbers(weights)

    def _numbers(self, weights: np.ndarray) -> list[int | None]:
        best = weights.argmax(axis=1)
        return [
            self._number_of_component.get(int(component)) if weights[row, component] > 0 else None
            for row, component in enumerate(best)
        ]


def fit_themes(comments: Sequence[tuple[Hashable, str]]) -> ThemeModel | None:
    """Themes of ``comments`` (key, text), or None when there are too few comments, or too few
    shared words, to find two."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    sample = _spread(comments, FIT_CAP)
    if len(sample) < MIN_COMMENTS:
        return None
    vectorizer = TfidfVectorizer(
        tokenizer=terms, token_pattern=None, lowercase=False, min_df=2, max_df=0.8, sublinear_tf=True
    )
    texts = [text for _key, text in sample]
    try:
        matrix = vectorizer.fit_transform(texts)
    except ValueError:  # no word occurs in two comments
        return None
    fits = [_fit(matrix, count) for count in range(2, min(MAX_THEMES, len(sample) // 3) + 1)]
    fits = [fit for fit in fits if fit is not None]
    if not fits:
        return None
    best = max(score for _nmf, _weights, score in fits)
    nmf, weights, _score = next(fit for fit in fits if fit[2] >= NEAR_BEST * best)
    return _model(vectorizer, nmf, weights, [key for key, _text in sample], _spellings(texts))


def terms(text: str) -> list[str]:
    """The stemmed words of ``text``, less stop words and mood words."""
    return [stem(word) for word in words(text) if word not in _left_out()]


@functools.cache
def _left_out() -> frozenset[str]:
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    return ENGLISH_STOP_WORDS | mood_words(MOOD_STRENGTH)


def _spellings(texts: list[str]) -> dict[str, str]:
    """Each stem's commonest spelling in ``texts``."""
    seen: dict[str, Counter] = {}
    for text in texts:
        for word in words(text):
            if word not in _left_out():
                seen.setdefault(stem(word), Counter())[word] += 1
    return {term: spellings.most_common(1)[0][0] for term, spellings in seen.items()}


def _spread(items: Sequence, cap: int) -> list:
    """At most ``cap`` of ``items``, evenly spaced, in their order."""
    if len(items) <= cap:
        return list(items)
    return [items[index * len(items) // cap] for index in range(cap)]


def _fit(matrix, count: int):
    """NMF with ``count`` components: (nmf, weights, silhouette), or None when the components
    do not split the comments into at least two themes."""
    from sklearn.decomposition import NMF
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.metrics import silhouette_score

    nmf = NMF(n_components=count, init="nndsvda", random_state=SEED, max_iter=400)
    with warnings.catch_warnings():
        # An NMF that stops short of its tolerance still names usable themes.
        warnings.simplefilter("ignore", ConvergenceWarning)
        weights = nmf.fit_transform(matrix)
    placed = weights.max(axis=1) > 0
    labels = weights.argmax(axis=1)[placed]
    if not 2 <= len(set(labels)) < len(labels):
        return None
    size = min(SILHOUETTE_SAMPLE, len(labels))
    score = silhouette_score(matrix[placed], labels, metric="cosine", sample_size=size, random_state=SEED)
    return nmf, weights, float(score)


def _model(
    vectorizer: TfidfVectorizer, nmf: NMF, weights: np.ndarray, keys: list, spelling: dict[str, str]
) -> ThemeModel:
    names = [spelling[term] for term in vectorizer.get_feature_names_out()]
    best = weights.argmax(axis=1)
    placed = weights.max(axis=1) > 0
    sizes = [int(np.sum(placed & (best == component))) for component in range(nmf.n_components)]
    # Largest first; a component no fitted comment belongs to is no theme.
    order = [component for component in np.argsort(sizes, kind="stable")[::-1] if sizes[component]]
    themes = []
    for number, component in enumerate(order, 1):
        top = np.argsort(nmf.components_[component], kind="stable")[::-1][:LABEL_TERMS]
        members = np.flatnonzero(placed & (best == component))
        heaviest = members[np.argsort(-weights[members, component], kind="stable")][:EXAMPLES]
        themes.append(Theme(number, tuple(names[i] for i in top), tuple(keys[i] for i in heaviest)))
    return ThemeModel(vectorizer, nmf, themes, [int(component) for component in order], len(keys))
