"""How well a score ranks leads by outcome: the AUC, and the outcome rate of the top-scored tenth."""

import math
from dataclasses import dataclass

import numpy as np

from leadcapture.scoring import Rule
from leadcapture.scoring.engine import MAX_SCORE, MIN_SCORE


@dataclass(frozen=True)
class Ranking:
    auc: float
    top_decile: float  # outcome rate among the tenth of leads with the highest scores


def scores(rules: tuple[Rule, ...], points: list[int], fired: np.ndarray, matches: np.ndarray) -> np.ndarray:
    """Each lead's score (0-100) when ``rules`` give ``points``: a per-match rule gives them per
    counted match, up to its maximum."""
    per_match = np.array([rule.per_match for rule in rules], dtype=bool)
    given = np.where(per_match, matches, fired) * np.array(points, dtype=float)
    caps = np.array([math.inf if rule.maximum is None else rule.maximum for rule in rules])
    return np.clip(np.minimum(given, caps).sum(axis=1), MIN_SCORE, MAX_SCORE)


def ranking(score: np.ndarray, hits: np.ndarray) -> Ranking:
    """The ranking quality of ``score`` against the 0/1 ``hits`` (both classes present)."""
    from sklearn.metrics import roc_auc_score  # loaded on use (tests/app/test_startup.py)

    top = max(1, math.ceil(len(score) / 10))
    order = np.argsort(-score, kind="stable")
    return Ranking(float(roc_auc_score(hits, score)), float(hits[order[:top]].mean()))
