"""The progressive contact form: submitting it (a lead) or dismissing it (the cooldown starts)."""

from flask import Blueprint, current_app, redirect, render_template, request, url_for

from leadcapture.blueprints.local_paths import local_path
from leadcapture.blueprints.tool_pages import form_flag
from leadcapture.blueprints.visitor_context import remember_visitor, visit_context
from leadcapture.cta.contact_form import submit_contact
from leadcapture.errors import InputError
from leadcapture.experiments.effects import form_copy
from leadcapture.experiments.exposure import shown_before
from leadcapture.feedback_prompts.lifecycle import record_prompt_action
from leadcapture.tracking import identify

bp = Blueprint("contact", __name__, url_prefix="/contact")
FIELDS = ("email", "name", "phone", "preferred_contact_time", "company", "interaction_id", "prompt_id")


@bp.post("/")
def submit():
    data = {name: request.form.get(name) for name in FIELDS if request.form.get(name) is not None}
    data["consent_marketing"] = form_flag("consent_marketing")
    config, ctx = current_app.config, visit_context()
    try:
        answer = submit_contact(ctx, data, config["CONSENT_TEXT"], config["PHONE_REGION"])
    except InputError as error:
        fields = request.form.getlist("fields") or [
            name for name in ("email", "name", "phone") if name in data
        ]
        context = {"values": data, "errors": error.fields, "fields": fields, "message": error.message}
        context["form_copy"] = form_copy(shown_before(ctx, "contact_form").changes)
        return render_template(
            "contact/form_page.html", consent_text=config["CONSENT_TEXT"], **context
        ), error.status
    return render_template("contact/thanks.html", answer=answer, back=_back())


@bp.post("/dismiss")
def dismiss():
    ctx = visit_context()
    visit = identify(ctx)
    remember_visitor(visit)
    record_prompt_action(
        request.form.get("prompt_id", ""), visit.visitor.id if visit else None, "dismissed", ctx.now
    )
    return redirect(_back())


def _back() -> str:
    return local_path(request.form.get("next")) or url_for("public.home")
