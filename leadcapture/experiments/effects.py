"""What a variant's ``changes`` (``experiments.changes``) do to the target they change: the contact
form's settings and copy, a result's layout. The services that show a target read these, so that
the scoring engine and the templates stay unaware of experiments."""

from collections.abc import Mapping
from dataclasses import replace

from leadcapture.experiments.running import LiveExperiment
from leadcapture.scoring import ScoringSettings

FORM_HEADLINE = "Want the clinic to follow up?"
FORM_BUTTON = "Send"
STANDARD_LAYOUT = "standard"
# Contact-form settings that decide whether the form is offered and what it asks: an experiment
# changing one is exposed at the decision (every tool use of an enrolled visitor), else a variant
# would choose whom it is measured on; one changing only the copy is exposed when the form shows.
DECIDING = ("threshold", "fields", "max_fields")


def form_settings(settings: ScoringSettings, changes: Mapping[str, object]) -> ScoringSettings:
    """``settings`` with the form's threshold, field priority and field count the variant sets."""
    values = {}
    if "threshold" in changes:
        values["form_threshold"] = changes["threshold"]
    if "fields" in changes:
        values["field_priority"] = tuple(changes["fields"])
    if "max_fields" in changes:
        values["max_fields_per_form"] = changes["max_fields"]
    return replace(settings, **values) if values else settings


def form_copy(changes: Mapping[str, object]) -> dict[str, str]:
    """The contact form's headline and button text."""
    return {"headline": changes.get("headline", FORM_HEADLINE), "button": changes.get("button", FORM_BUTTON)}


def decides_form(experiment: LiveExperiment | None) -> bool:
    """Whether a contact-form experiment changes whether or what the form asks (see DECIDING)."""
    return experiment is not None and any(
        name in variant.changes for variant in experiment.variants for name in DECIDING
    )


def result_layout(changes: Mapping[str, object]) -> str:
    """A result's layout: ``standard`` or ``summary_first`` (``experiments.changes.RESULT_LAYOUTS``)."""
    return changes.get("layout", STANDARD_LAYOUT)
