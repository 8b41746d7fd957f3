"""What the four tool pages share: tracking the page view, running the service, rendering."""

from flask import current_app, render_template, request

from leadcapture.blueprints.visitor_context import remember_visitor, visit_context
from leadcapture.catalog.defaults import CONCERNS
from leadcapture.cta.registry import TOOLS
from leadcapture.errors import InputError
from leadcapture.models.catalog_store import active_procedures
from leadcapture.scoring import BUDGET_RANGES, URGENCIES
from leadcapture.tracking import track_visit

BUDGET_LABELS = {
    "under_1k": "Under $1,000",
    "1k_5k": "$1,000–5,000",
    "5k_10k": "$5,000–10,000",
    "over_10k": "Over $10,000",
}
URGENCY_LABELS = {
    "immediate": "As soon as possible",
    "within_month": "Within a month",
    "within_quarter": "Within three months",
    "flexible": "I'm flexible",
}


def form_flag(name: str) -> bool:
    return request.form.get(name) in {"on", "1", "true", "yes"}


def time_on_tool() -> int | None:
    """Seconds the visitor spent on the page before submitting (sent by the page's script)."""
    value = request.form.get("time_on_tool_seconds", "")
    return min(int(value), 24 * 3600) if value.isdigit() else None


def show_tool(tool: str, template: str, **context):
    """A GET of a tool page: count the visit and render the empty form."""
    remember_visitor(track_visit(visit_context()))
    return _render(tool, template, values={}, **context)


def submit_tool(tool: str, template: str, payload: dict, page: dict | None = None, **service_args):
    """A POST of a tool page: run the tool's service, render its result (and the progressive
    form when offered) or the form again with each field's error (status 422 or 409).

    ``page`` holds extra template values; ``service_args`` go to the tool's service.
    """
    page = page or {}
    try:
        outcome = TOOLS[tool].service(visit_context(), payload, time_on_tool=time_on_tool(), **service_args)
    except InputError as error:
        return _render(tool, template, values=payload, errors=error.fields, **page), error.status
    remember_visitor(outcome.recorded.visit if outcome.recorded else None)
    return _render(tool, template, values=payload, outcome=outcome, **page)


def _render(tool: str, template: str, **context):
    return render_template(
        template,
        tool=TOOLS[tool],
        catalog=active_procedures(),
        concerns=CONCERNS,
        budgets=[(key, BUDGET_LABELS[key]) for key in BUDGET_RANGES],
        urgencies=[(key, URGENCY_LABELS[key]) for key in URGENCIES],
        consent_text=current_app.config["CONSENT_TEXT"],
        errors=context.pop("errors", {}),
        outcome=context.pop("outcome", None),
        **context,
    )
