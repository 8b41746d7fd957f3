"""The feedback form (``/feedback/``): works without JavaScript, CSRF-protected, rate limited, errors
by field, then a thank-you page. Prompts link to it with ``context``, ``interaction_id``, ``prompt_id``,
``tool`` and ``next`` in the query; the follow-up email with ``prompt``, its signed prompt."""

from flask import Blueprint, current_app, render_template, request, url_for

from leadcapture.blueprints.local_paths import local_path
from leadcapture.blueprints.tool_pages import form_flag
from leadcapture.blueprints.visitor_context import remember_visitor, visit_context
from leadcapture.errors import InputError
from leadcapture.extensions import limiter
from leadcapture.feedback.service import submit_feedback
from leadcapture.feedback_prompts.followup import followup_prompt_id
from leadcapture.models import FEEDBACK_CONTEXTS, RATING_DIMENSIONS
from leadcapture.signed_links import LinkError
from leadcapture.tracking import track_visit

bp = Blueprint("feedback", __name__, url_prefix="/feedback")
# Anyone may post free text here: limited per client IP like the public API.
limiter.limit(lambda: current_app.config["API_RATE_LIMIT"], methods=["POST"])(bp)
# Fields posted as they are (an empty one is not given); the dimension ratings come as rating_<name>.
FIELDS = ("rating", "ease_of_use", "helpfulness", "would_book", "comment", "name", "email", "organisation")
HIDDEN = ("context", "interaction_id", "prompt_id", "tool")


@bp.get("/")
def form():
    remember_visitor(track_visit(visit_context()))
    values, message = {name: request.args.get(name, "") for name in HIDDEN}, None
    if "prompt" in request.args:
        emailed, message = _from_email(request.args["prompt"])
        values |= emailed
    if values["context"] not in FEEDBACK_CONTEXTS:
        values["context"] = "in_app"
    return _form_page(values, message=message, back=_back(request.args))


def _from_email(token: str) -> tuple[dict, str | None]:
    """The values of the follow-up email's signed link, or why the link no longer counts (the form
    still takes feedback)."""
    try:
        return {"context": "email", "prompt_id": followup_prompt_id(token)}, None
    except LinkError as error:
        return {"context": "email"}, f"{error.message} Your feedback is still welcome."


@bp.post("/")
def submit():
    data = submitted()
    try:
        submitted_feedback = submit_feedback(visit_context(), data)
    except InputError as error:
        values = {**request.form.to_dict(), "follow_up_consent": data["follow_up_consent"]}
        # The dimension ratings' errors ("ratings.tool") belong to their form fields ("rating_tool").
        errors = {key.replace("ratings.", "rating_"): message for key, message in error.fields.items()}
        message = None if errors else error.message  # e.g. staff's 403
        return _form_page(values, errors, message, _back(request.form)), error.status
    remember_visitor(submitted_feedback.visit)
    return render_template("feedback/thanks.html", back=_back(request.form))


def _form_page(values: dict, errors: dict | None = None, message: str | None = None, back: str = "/") -> str:
    context = {"values": values, "errors": errors or {}, "message": message, "back": back}
    return render_template("feedback/form_page.html", **context)


def submitted() -> dict:
    """The form as the service's data: the fields given, the dimension ratings, the consent box."""
    form = request.form
    data = {name: form[name] for name in (*FIELDS, *HIDDEN) if form.get(name)}
    ratings = {name: form[f"rating_{name}"] for name in RATING_DIMENSIONS if form.get(f"rating_{name}")}
    return data | {"ratings": ratings, "follow_up_consent": form_flag("follow_up_consent")}


def _back(args) -> str:
    """Where "Back" goes: the page that asked (a path on this site), else the home page."""
    return local_path(args.get("next")) or url_for("public.home")
