"""Text normalisation for the free-text tools: tokens, a tiny stemmer and a phrase matcher."""

import re
from collections.abc import Hashable, Iterable
from functools import cache

_WORD = re.compile(r"[a-z0-9]+(?:_[a-z0-9]+)*")
_APOSTROPHES = str.maketrans("", "", "'\u2019")
# scikit-learn's English stop words, less the ones that carry meaning in skin care ("thin lips"), plus
# words every clinic text uses ("skin", "treatment"), which would otherwise make anything look relevant.
_KEPT_WORDS = "thin thick under fill full back side front top"
_CLINIC_WORDS = (
    "skin face look looks want like treatment treatments result results help need feel old "
    "year years month months week weeks day days"
)
_KEEP_S = ("ss", "us", "is")
_NO_UNDOUBLE = "lsz"

# Skin-care words people use, comma-separated, by concern id (leadcapture.catalog.defaults.CONCERNS).
# Each concern's own label and id are recognised too.
CONCERN_SYNONYMS = {
    "wrinkles": "crows feet, frown lines, forehead lines, laughter lines, ageing, aging",
    "fine_lines": "smile lines, lines",
    "volume_loss": "hollow, sunken, thin lips, lost volume, flat cheeks, gaunt, deep folds",
    "sagging": "sag, saggy, droopy, drooping, jowls, loose, turkey neck",
    "acne": "breakouts, pimples, zits, spotty, blemishes, congested, whiteheads",
    "acne_scars": "pitted, ice pick, scars, scarring, pockmarks, boxcar",
    "pigmentation": "spots, sun spots, age spots, dark spots, brown spots, melasma, dark patches, "
    "sun damage, hyperpigmentation, uneven tone, uneven skin tone, freckles",
    "redness": "red, rosacea, flushing, flushed, broken capillaries, sensitive",
    "dull_skin": "dull, tired, lifeless, glow, radiance, dry, dehydrated",
    "large_pores": "pores, enlarged pores, open pores, blackheads, clogged pores, oily",
    "dark_circles": "under eye, eye bags, bags under my eyes, puffy eyes, panda eyes",
    "unwanted_hair": "facial hair, hairy, body hair, shaving, waxing, ingrown hairs, ingrown",
}


def stem(word: str) -> str:
    """A small suffix stripper: 'wrinkles', 'wrinkled' and 'wrinkling' all become 'wrinkl'."""
    if len(word) <= 3:
        return word
    if word.endswith("ies"):
        word = word[:-3] + "y"
    elif word.endswith("s") and not word.endswith(_KEEP_S):
        word = word[:-1]
    for suffix in ("ing", "ed"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            if word[-1] == word[-2] and word[-1] not in _NO_UNDOUBLE:
                word = word[:-1]
            break
    return word[:-1] if word.endswith("e") and len(word) > 3 else word


def words(text: str) -> list[str]:
    """Lower-cased words; apostrophes vanish ("crow's" is "crows")."""
    return _WORD.findall(text.lower().translate(_APOSTROPHES))


def tokens(text: str) -> list[str]:
    """Stemmed words."""
    return [stem(word) for word in words(text)]


def content_tokens(text: str) -> list[str]:
    """Stemmed words less stop words: the tokenizer for relevance."""
    left_out = stop_words()
    return [stem(word) for word in words(text) if word not in left_out]


@cache
def stop_words() -> frozenset[str]:
    """The words relevance leaves out."""
    # loaded on use (tests/app/test_startup.py)
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    return ENGLISH_STOP_WORDS - set(_KEPT_WORDS.split()) | set(_CLINIC_WORDS.split())


class PhraseMatcher:
    """Finds known phrases in text, longest first, each word used once.

    Phrases map to a set of labels; matching is on stemmed tokens, so plurals and '-ed'/'-ing'
    forms match too.
    """

    def __init__(self, phrases: Iterable[tuple[str, Hashable]]):
        self._labels: dict[tuple[str, ...], set] = {}
        for phrase, label in phrases:
            key = tuple(tokens(phrase))
            if key:
                self._labels.setdefault(key, set()).add(label)
        self._longest = max((len(key) for key in self._labels), default=0)

    def matches(self, stems: list[str]) -> list[tuple[tuple[str, ...], set]]:
        """(matched stems, labels) for each phrase found in ``stems``, in order."""
        found, i = [], 0
        while i < len(stems):
            for size in range(min(self._longest, len(stems) - i), 0, -1):
                key = tuple(stems[i : i + size])
                if key in self._labels:
                    found.append((key, self._labels[key]))
                    i += size
                    break
            else:
                i += 1
        return found

    def labels(self, text: str) -> list:
        """The labels found in ``text``, first mention first, without repeats."""
        seen: dict = {}
        for _, labels in self.matches(tokens(text)):
            for label in sorted(labels, key=str):
                seen.setdefault(label, None)
        return list(seen)


def concern_phrases(concerns: dict[str, str]) -> list[tuple[str, str]]:
    """(phrase, concern id) pairs: each concern's label, its id as words and its synonyms."""
    pairs = [(label, cid) for cid, label in concerns.items()]
    pairs += [(cid.replace("_", " "), cid) for cid in concerns]
    synonyms = [(cid, phrases) for cid, phrases in CONCERN_SYNONYMS.items() if cid in concerns]
    pairs += [(phrase.strip(), cid) for cid, phrases in synonyms for phrase in phrases.split(",")]
    return pairs
