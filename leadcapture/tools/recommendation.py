"""The ``ai_recommendation`` tool: free text in, catalog treatments ranked by TF-IDF relevance out.

Each procedure is a document (name, description, concern labels and ids, keywords). The query is
expanded with the ids of the concerns its skin-care words name ("crow's feet" -> wrinkles), and
relevance is the cosine similarity of the two TF-IDF vectors, plus a bonus for a procedure the
visitor named ("botox").
"""

from collections.abc import Iterable
from functools import lru_cache
from typing import Annotated

from pydantic import BaseModel, Field, StringConstraints

from leadcapture.catalog.defaults import CONCERNS
from leadcapture.catalog.procedures import ProcedureInfo
from leadcapture.tools.intent import extract_intent
from leadcapture.tools.text import content_tokens, stem, words

FALLBACK = "skin_consultation"
MIN_RELEVANCE = 0.08
NAMED_BONUS = 0.5


class RecommendationInput(BaseModel):
    """What the visitor typed, and how many treatments to suggest."""

    query: Annotated[str, StringConstraints(strip_whitespace=True, min_length=3, max_length=2000)]
    limit: int = Field(default=3, ge=1, le=10)


class Recommender:
    """TF-IDF over one catalog, fitted once; ``recommend`` ranks its procedures for a query."""

    def __init__(self, catalog: Iterable[ProcedureInfo]):
        # loaded on use (tests/app/test_startup.py)
        from sklearn.feature_extraction.text import TfidfVectorizer

        self.catalog = tuple(catalog)
        self.vectorizer = TfidfVectorizer(
            tokenizer=content_tokens,
            lowercase=False,
            token_pattern=None,
            ngram_range=(1, 2),
            sublinear_tf=True,
        )
        self.matrix = self.vectorizer.fit_transform([_document(procedure) for procedure in self.catalog])
        names = self.vectorizer.get_feature_names_out()
        self.terms = [set(names[self.matrix[i].indices]) for i in range(len(self.catalog))]

    def recommend(self, query: str, limit: int = 3) -> dict:
        """``{"recommendations": [...], "intent": {...}}`` for ``query`` (SPEC's result shape)."""
        intent = extract_intent(query, self.catalog)
        scores = self.scores(query, intent)
        ranked = sorted(range(len(self.catalog)), key=lambda i: -scores[i])
        picks = [
            self._pick(i, scores[i], query, intent) for i in ranked[:limit] if scores[i] >= MIN_RELEVANCE
        ]
        return {"recommendations": picks or self._fallback(), "intent": intent}

    def scores(self, query: str, intent: dict) -> list[float]:
        """Each procedure's relevance to ``query``, 0..1, in catalog order."""
        expanded = " ".join([query, *(_concern_token(concern) for concern in intent.get("concerns", ()))])
        similarity = (self.matrix @ self.vectorizer.transform([expanded]).T).toarray().ravel()
        named = set(intent.get("procedures", ()))
        return [
            min(1.0, float(score) + (NAMED_BONUS if procedure.id in named else 0.0))
            for score, procedure in zip(similarity, self.catalog, strict=True)
        ]

    def _pick(self, index: int, score: float, query: str, intent: dict) -> dict:
        procedure = self.catalog[index]
        why = _why(procedure, intent) or self._why_from_words(index, query)
        return {"procedure": procedure.id, "name": procedure.name, "relevance": round(score, 3), "why": why}

    def _why_from_words(self, index: int, query: str) -> str:
        """Names the visitor's own words that this procedure's text shares."""
        shared = list(dict.fromkeys(f"“{word}”" for word in words(query) if stem(word) in self.terms[index]))
        return (
            f"Relevant to {_join(shared[:3])} in what you wrote." if shared else "Related to what you wrote."
        )

    def _fallback(self) -> list[dict]:
        consultation = next((p for p in self.catalog if p.id == FALLBACK), None)
        if consultation is None:
            return []
        why = (
            "We couldn't match that to one treatment; a specialist will assess your skin and suggest a plan."
        )
        return [{"procedure": consultation.id, "name": consultation.name, "relevance": 0.0, "why": why}]


@lru_cache(maxsize=8)
def recommender(catalog: tuple[ProcedureInfo, ...]) -> Recommender:
    """The fitted recommender for this catalog (refitted only when the catalog changes)."""
    return Recommender(catalog)


def recommend(inp: RecommendationInput, catalog: Iterable[ProcedureInfo]) -> dict:
    """The tool's result for a validated input over ``catalog`` (a list of ``ProcedureInfo``)."""
    catalog = tuple(catalog)
    if not catalog:
        return {"recommendations": [], "intent": extract_intent(inp.query, ())}
    return recommender(catalog).recommend(inp.query, inp.limit)


def _concern_token(concern: str) -> str:
    """One token per concern id, so "acne" and "acne scars" stay apart."""
    return f"concern_{concern}"


def _label(concern: str) -> str:
    return CONCERNS.get(concern, concern.replace("_", " ")).lower()


def _short_label(concern: str) -> str:
    """'pigmentation' for 'Pigmentation and sun spots', so that a list of concerns reads well."""
    return _label(concern).split(" and ")[0]


def _document(procedure: ProcedureInfo) -> str:
    concerns = [f"{_label(concern)} {_concern_token(concern)}" for concern in procedure.concerns]
    return " ".join([procedure.name, procedure.description, *concerns, *procedure.keywords])


def _why(procedure: ProcedureInfo, intent: dict) -> str | None:
    """A short reason from what the visitor said: the procedure named, or the concerns it treats."""
    treated = _join([_short_label(c) for c in intent.get("concerns", ()) if c in procedure.concerns])
    if procedure.id in intent.get("procedures", ()):
        return f"You asked about {procedure.name}" + (f"; it treats {treated}." if treated else ".")
    if not treated:
        return None
    if procedure.id == FALLBACK:
        return f"A specialist will assess the {treated} you mentioned and plan your treatment."
    return f"Treats {treated}, which you mentioned."


def _join(items: list[str]) -> str:
    return ", ".join(items[:-1]) + f" and {items[-1]}" if len(items) > 1 else "".join(items)
