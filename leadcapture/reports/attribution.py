"""Attribution models: how the credit for one conversion is split over the touches that led to it.

Pure functions of plain data (no Flask, no database); the queries are in ``journeys`` and
``attribution_report``. One exception for speed: the report sums time decay over journeys of
more than one touch in the database (``journeys._decay_credit``, the same formula, tested against
``decay_weights``).

A touch is a session: the channel it came from and how long before the conversion it started.
A conversion (a lead, or a booking) comes with its touches oldest first. Every model gives each
conversion credit summing to 1 (a conversion with no touches left gives its 1 to ``UNKNOWN``):

- ``first_touch``: everything to the first touch; ``last_touch``: everything to the last.
- ``linear``: 1/n to each of the n touches.
- ``position_based`` (U-shaped): 40 % to the first touch, 40 % to the last, 20 % split evenly
  over the touches between them; one touch gets 100 %, two get 50 % each.
- ``w_shaped``: 30 % each to the first touch, the lead-conversion touch and the booking touch,
  10 % split evenly over the other touches. A touch holding several of these roles gets each
  role's 30 % (a one-session journey to a booking: 90 % + nothing else = 100 %). When a role is
  missing (a lead's own conversion has no booking touch; a booking without a lead has no lead
  touch) or no other touches are left for the 10 %, what was handed out sums to less than 1,
  and every share is scaled up in proportion so that it sums to 1. E.g. a lead whose touches
  were first, middle, converting: 30 / 10 / 30 of 70, i.e. 3/7, 1/7, 3/7.
- ``time_decay``: a touch that started ``age`` days before the conversion weighs
  ``2 ** (-age / half_life)`` (half-life in days, default 7); the weights are scaled to sum to 1.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

MODELS = {
    "first_touch": "First touch",
    "last_touch": "Last touch",
    "linear": "Linear",
    "position_based": "Position-based (U-shaped, 40/20/40)",
    "w_shaped": "W-shaped (30/30/30 + 10)",
    "time_decay": "Time decay",
}
DEFAULT_MODEL = "linear"
DEFAULT_HALF_LIFE_DAYS = 7.0
UNKNOWN = "(unknown)"

U_ENDS, U_MIDDLE = 0.4, 0.2
W_ROLE, W_REST = 0.3, 0.1


@dataclass(frozen=True)
class Conversion:
    """A lead or booking (or ``count`` that took the same journey) and its touches, oldest first.

    ``ages``: days from each touch's start to the conversion. ``lead_touch`` / ``booking_touch``:
    the positions of the touch in which the lead was created and of the one in which the booking
    was made (None when there was none); W-shaped uses them. ``score_sum``: the leads' scores
    added up, for the credit-weighted average score (None for bookings).
    """

    channels: tuple[str, ...]
    ages: tuple[float, ...]
    lead_touch: int | None = None
    booking_touch: int | None = None
    count: int = 1
    score_sum: float | None = None


@dataclass
class Credit:
    """Credit a channel earned over many conversions, and the score that credit carries."""

    conversions: float = 0.0
    weighted_score: float = 0.0

    @property
    def average_score(self) -> float | None:
        return self.weighted_score / self.conversions if self.conversions else None


def weights(model: str, conversion: Conversion, half_life_days: float = DEFAULT_HALF_LIFE_DAYS) -> tuple:
    """The credit of each touch of ``conversion`` under ``model``, in touch order; sums to 1."""
    if model == "time_decay":
        return decay_weights(conversion.ages, half_life_days)
    return position_weights(model, len(conversion.channels), conversion.lead_touch, conversion.booking_touch)


@lru_cache(maxsize=4096)
def position_weights(model: str, count: int, lead_touch: int | None, booking_touch: int | None) -> tuple:
    """Weights that depend only on the touches' positions (every model but time decay)."""
    if count == 0:
        return ()
    if model == "first_touch":
        return (1.0,) + (0.0,) * (count - 1)
    if model == "last_touch":
        return (0.0,) * (count - 1) + (1.0,)
    if model == "linear":
        return (1.0 / count,) * count
    if model == "position_based":
        return u_shaped(count)
    if model == "w_shaped":
        return w_shaped(count, lead_touch, booking_touch)
    raise ValueError(f"Unknown attribution model {model!r}")


def u_shaped(count: int) -> tuple:
    if count <= 2:
        return (1.0 / count,) * count
    middle = U_MIDDLE / (count - 2)
    return (U_ENDS,) + (middle,) * (count - 2) + (U_ENDS,)


def w_shaped(count: int, lead_touch: int | None, booking_touch: int | None) -> tuple:
    shares = [0.0] * count
    roles = [0, lead_touch, booking_touch]
    for position in roles:
        if position is not None:
            shares[position] += W_ROLE
    rest = [index for index in range(count) if index not in roles]
    for index in rest:
        shares[index] = W_REST / len(rest)
    return normalised(shares)


def decay_weights(ages: tuple, half_life_days: float) -> tuple:
    if len(ages) == 1:
        return (1.0,)
    return normalised([0.5 ** (age / half_life_days) for age in ages])


def normalised(shares: list[float]) -> tuple:
    total = sum(shares)
    return tuple(share / total for share in shares)


def credit_by_channel(
    model: str, conversion: Conversion, half_life_days: float = DEFAULT_HALF_LIFE_DAYS
) -> dict[str, float]:
    """``conversion``'s credit per channel (touches from one channel add up); sums to 1."""
    return {
        channel: credit.conversions
        for channel, credit in total_credit(model, [conversion], half_life_days).items()
    }


def total_credit(
    model: str, conversions: Iterable[Conversion], half_life_days: float = DEFAULT_HALF_LIFE_DAYS
) -> dict[str, Credit]:
    """Credit per channel over all ``conversions``, with the scores it carries."""
    credit: dict[str, float] = defaultdict(float)
    scored: dict[str, float] = defaultdict(float)
    for conversion in conversions:
        if conversion.channels:
            channels, shares = conversion.channels, weights(model, conversion, half_life_days)
        else:
            channels, shares = (UNKNOWN,), (1.0,)
        count, score_sum = conversion.count, conversion.score_sum
        for channel, share in zip(channels, shares, strict=True):
            credit[channel] += share * count
            if score_sum is not None:
                scored[channel] += share * score_sum
    return {channel: Credit(value, scored.get(channel, 0.0)) for channel, value in credit.items()}
