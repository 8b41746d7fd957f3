"""The tools' pages: ``tool_blueprint`` builds each tool's blueprint from its definition (the page,
its submission and the tool's own routes); they track the page view, run the tool, render."""

from flask import Blueprint, current_app, render_template, request

from leadcapture.blueprints.uploads import read_upload
from leadcapture.blueprints.visitor_context import remember_visitor, visit_context
from leadcapture.catalog.defaults import CONCERNS
from leadcapture.cta import tool as tool_definition
from leadcapture.cta.tool import Tool
from leadcapture.errors import InputError
from leadcapture.experiments.exposure import Assignment, named, shown_before, track_and_show
from leadcapture.models.catalog_store import active_procedures
from leadcapture.scoring import BUDGET_RANGES, URGENCIES

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


def tool_blueprint(tool: type[Tool]) -> Blueprint:
    """The tool's blueprint, named after it: ``page`` (GET) and ``submit`` (POST) at its
    ``url_prefix``, and the routes the tool adds."""
    bp = Blueprint(tool.name, __name__, url_prefix=tool.url_prefix)
    bp.add_url_rule("/", "page", lambda: show_tool(tool), methods=["GET"])
    bp.add_url_rule("/", "submit", lambda: submit_tool(tool), methods=["POST"])
    tool.add_routes(bp)
    return bp


def form_flag(name: str) -> bool:
    return tool_definition.form_flag(request.form, name)


def time_on_tool() -> int | None:
    """Seconds the visitor spent on the page before submitting (sent by the page's script)."""
    value = request.form.get("time_on_tool_seconds", "")
    return min(int(value), 24 * 3600) if value.isdigit() else None


def show_tool(tool: type[Tool]):
    """A GET of a tool page: count the visit (and the exposure to its call to action's variant) and
    render the empty form."""
    page = tool.page_context()
    visit, cta = track_and_show(visit_context(), f"tool_page:{tool.name}")
    remember_visitor(visit)
    return _render(tool, cta, values={}, **page)


def submit_tool(tool: type[Tool]):
    """A POST of a tool page: run the tool with its parsed form (and upload), render its result
    (and the progressive form when offered) or the form again with each field's error (status 422
    or 409)."""
    payload, upload = tool.parse_form(request.form), read_upload(tool.upload_field)
    page, ctx = tool.page_context(), visit_context()
    cta = shown_before(ctx, f"tool_page:{tool.name}")  # the call to action the page showed
    try:
        outcome = tool.use(ctx, payload, upload=upload, time_on_tool=time_on_tool())
    except InputError as error:
        return _render(tool, cta, values=payload, errors=error.fields, **page), error.status
    remember_visitor(outcome.recorded.visit if outcome.recorded else None)
    return _render(tool, cta, values=payload, outcome=outcome, **page)


def _render(tool: type[Tool], cta: Assignment, **context):
    outcome = context.pop("outcome", None)
    return render_template(
        tool.template,
        tool=tool,
        catalog=active_procedures(),
        concerns=CONCERNS,
        budgets=[(key, BUDGET_LABELS[key]) for key in BUDGET_RANGES],
        urgencies=[(key, URGENCY_LABELS[key]) for key in URGENCIES],
        consent_text=current_app.config["CONSENT_TEXT"],
        errors=context.pop("errors", {}),
        outcome=outcome,
        cta_copy=cta.changes.get("cta_copy"),
        experiments=named(cta, *(outcome.shown if outcome else ())),
        **context,
    )
