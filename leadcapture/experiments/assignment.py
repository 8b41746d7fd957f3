"""Which variant a visitor gets: a documented hash, the same in every process and after restarts.

``point(salt, key, visitor_id)`` is the first 8 bytes of SHA-256 of ``"<salt><key>:<visitor id>"``
(UTF-8), read as a big-endian unsigned integer and divided by 2**64: a point in [0, 1).

- The variant: the point with no salt, ``"<experiment key>:<visitor id>"``, falls in one variant's
  share of the cumulative weights, in the variants' order (weights 50/30/20: [0, 0.5) the first,
  [0.5, 0.8) the second, [0.8, 1) the third).
- Enrolment: the point with the salt ``"traffic:"`` is below ``traffic_percent / 100``. A separate
  salt keeps the two draws independent, so raising the traffic share adds visitors to every
  variant in proportion.

Pure (no Flask, no database): other tools can reproduce an assignment from these lines.
"""

import hashlib
from collections.abc import Sequence

TRAFFIC_SALT = "traffic:"
_SCALE = 2.0**64


def point(salt: str, experiment_key: str, visitor_id: str) -> float:
    """The visitor's point in [0, 1) for ``experiment_key`` (see the module's docstring)."""
    digest = hashlib.sha256(f"{salt}{experiment_key}:{visitor_id}".encode()).digest()
    return int.from_bytes(digest[:8], "big") / _SCALE


def in_traffic(experiment_key: str, visitor_id: str, traffic_percent: float) -> bool:
    """Whether the visitor is in the ``traffic_percent`` share of eligible visitors enrolled."""
    return point(TRAFFIC_SALT, experiment_key, visitor_id) < traffic_percent / 100


def pick_variant(experiment_key: str, visitor_id: str, weights: Sequence[tuple[str, float]]) -> str:
    """The variant key whose share of the cumulative ``weights`` ((key, weight) in order, any
    positive total) holds the visitor's point."""
    total = sum(weight for _, weight in weights)
    target = point("", experiment_key, visitor_id) * total
    reached = 0.0
    for key, weight in weights:
        reached += weight
        if target < reached:
            return key
    return weights[-1][0]  # rounding at the very top of the range
