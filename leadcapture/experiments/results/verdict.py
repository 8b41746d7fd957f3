"""The one line a marketer reads for a variant against control on a metric."""

from dataclasses import dataclass

from leadcapture.experiments.stats import NOT_ENOUGH_DATA, ArmResult

METRIC_NAMES = {
    "form_submitted": "contact form submitted",
    "lead_created": "lead created",
    "booking_made": "booking made",
    "feedback_rating": "feedback rating",
    "score_reached": "score reached",
}


@dataclass(frozen=True)
class Verdict:
    """``outcome``: ``better`` or ``worse`` (significant at alpha with the always-valid test),
    ``unclear`` (no clear difference yet) or ``thin`` (not enough data); ``text``: the sentence."""

    outcome: str
    text: str


def verdict(arm: ArmResult, control: str, metric: str, alpha: float) -> Verdict:
    """The verdict of the variant ``arm`` against ``control`` on ``metric``."""
    name = METRIC_NAMES[metric]
    if arm.sequential_p_value is None:
        return Verdict("thin", f"{arm.key} against {control} on {name}: {arm.note or NOT_ENOUGH_DATA}")
    interval = (
        f"always-valid {percent_label(1 - alpha)} interval "
        f"{signed_percent(arm.sequential_uplift_ci_low)} to {signed_percent(arm.sequential_uplift_ci_high)}"
    )
    uplift = signed_percent(arm.uplift)
    if not arm.significant:
        return Verdict(
            "unclear",
            f"{arm.key} against {control} on {name}: no clear difference yet ({uplift}, {interval})",
        )
    if arm.uplift > 0:
        return Verdict("better", f"{arm.key} beats {control} on {name}: {uplift} ({interval})")
    return Verdict("worse", f"{arm.key} does worse than {control} on {name}: {uplift} ({interval})")


def signed_percent(share: float) -> str:
    """0.213 → "+21 %"."""
    return f"{share * 100:+.0f} %"


def percent_label(share: float) -> str:
    """0.95 → "95 %"."""
    return f"{share * 100:g} %"
