"""The rules admin: the working (draft) rule list, creating, editing, enabling, ordering, deleting."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from leadcapture.blueprints.admin.access import section_required
from leadcapture.blueprints.admin.blueprint import bp
from leadcapture.blueprints.admin.rule_forms import (
    FIELD_SUGGESTIONS,
    PublishForm,
    RuleForm,
    add_blank_rows,
    rule_errors,
    rule_form_data,
    rule_from_form,
)
from leadcapture.errors import InputError
from leadcapture.scoring import RuleValidationError
from leadcapture.scoring.fields import KNOWN_DATA_FIELDS, TOOL_FIELD
from leadcapture.scoring_rules.changes import draft_status
from leadcapture.scoring_rules.draft import (
    create_rule,
    delete_rule,
    draft_rule,
    draft_rules,
    reorder_rules,
    update_rule,
)
from leadcapture.visitor_scores.publishing import score_coverage

# The values the engine accepts for each field that has a fixed set (shown on the rule form).
VOCABULARY = {spec.path: spec.choices for spec in (TOOL_FIELD, *KNOWN_DATA_FIELDS.values()) if spec.choices}


def actor() -> str:
    """Who the audit log names for a change made on these pages."""
    return current_user.email


def rule_or_404(rule_id: int) -> dict:
    try:
        return draft_rule(rule_id)
    except LookupError:
        abort(404)


@bp.get("/rules")
@section_required("rules")
def rules():
    status = draft_status()
    return render_template(
        "admin/rules/list.html",
        status=status,
        coverage=score_coverage(status.live.version) if status.live else None,
        publish_form=PublishForm(),
    )


@bp.route("/rules/new", methods=["GET", "POST"])
@section_required("rules")
def rule_new():
    form = RuleForm()
    if form.validate_on_submit():
        rule, rows = rule_from_form(form)
        last = max((existing["position"] for existing in draft_rules()), default=0)
        try:
            row = create_rule({**rule, "position": last + 10}, actor())
        except RuleValidationError as error:
            return _rule_page(form, rule_errors(error.errors, rows))
        flash(f"Rule “{row.name}” added to the draft. Publish to make it live.", "info")
        return redirect(url_for("admin.rules"))
    if request.method == "GET":
        add_blank_rows(form)
    return _rule_page(form, {})


@bp.route("/rules/<int:rule_id>/edit", methods=["GET", "POST"])
@section_required("rules")
def rule_edit(rule_id: int):
    existing = rule_or_404(rule_id)
    form = RuleForm(data=rule_form_data(existing))
    if form.validate_on_submit():
        rule, rows = rule_from_form(form)
        try:
            row = update_rule(rule_id, rule, actor())
        except RuleValidationError as error:
            return _rule_page(form, rule_errors(error.errors, rows), existing)
        flash(f"Rule “{row.name}” saved in the draft. Publish to make it live.", "info")
        return redirect(url_for("admin.rules"))
    if request.method == "GET":
        add_blank_rows(form)
    return _rule_page(form, {}, existing)


def _rule_page(form: RuleForm, errors: dict, existing: dict | None = None):
    status = 400 if request.method == "POST" else 200
    page = render_template(
        "admin/rules/rule_form.html",
        form=form,
        errors=errors,
        rule=existing,
        field_suggestions=FIELD_SUGGESTIONS,
        vocabulary=VOCABULARY,
    )
    return page, status


@bp.post("/rules/<int:rule_id>/active")
@section_required("rules")
def rule_toggle(rule_id: int):
    rule_or_404(rule_id)
    active = request.form.get("active") == "1"
    row = update_rule(rule_id, {"active": active}, actor())
    flash(f"Rule “{row.name}” {'enabled' if active else 'disabled'} in the draft.", "info")
    return redirect(url_for("admin.rules"))


@bp.post("/rules/<int:rule_id>/move")
@section_required("rules")
def rule_move(rule_id: int):
    step = {"up": -1, "down": 1}.get(request.form.get("direction", ""))
    if step is None:
        raise InputError({"direction": "must be up or down"})
    ids = [rule["id"] for rule in draft_rules()]
    if rule_id not in ids:
        abort(404)
    here = ids.index(rule_id)
    if 0 <= here + step < len(ids):
        ids[here], ids[here + step] = ids[here + step], ids[here]
        try:
            reorder_rules(ids, actor())
        except RuleValidationError as error:  # a rule was added or deleted meanwhile
            raise InputError(error.errors) from None
    return redirect(url_for("admin.rules"))


@bp.route("/rules/<int:rule_id>/delete", methods=["GET", "POST"])
@section_required("rules")
def rule_delete(rule_id: int):
    rule = rule_or_404(rule_id)
    if request.method == "POST":
        delete_rule(rule_id, actor())
        flash(f"Rule “{rule['name']}” deleted from the draft.", "info")
        return redirect(url_for("admin.rules"))
    return render_template("admin/rules/rule_delete.html", rule=rule)
