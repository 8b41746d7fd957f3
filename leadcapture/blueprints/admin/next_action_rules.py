"""The next-action rules (admins): list, add, edit, enable or disable, delete; each change audited
and reapplied to every lead by a job."""

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user

from leadcapture.blueprints.admin.access import section_required
from leadcapture.blueprints.admin.blueprint import bp
from leadcapture.blueprints.admin.next_action_forms import NextActionRuleForm
from leadcapture.errors import InputError
from leadcapture.extensions import db
from leadcapture.insights.conditions import FIELDS
from leadcapture.insights.rules import all_rules, delete_rule, save_rule, set_enabled
from leadcapture.models import NextActionRule

SAVED = "Rule saved; the next-actions list follows within minutes."


@bp.route("/next-actions/rules", methods=["GET", "POST"])
@section_required("next_action_rules")
def next_action_rules():
    return _edit(None, NextActionRuleForm())


@bp.route("/next-actions/rules/<int:rule_id>", methods=["GET", "POST"])
@section_required("next_action_rules")
def next_action_rule(rule_id: int):
    rule = db.session.get(NextActionRule, rule_id) or abort(404)
    return _edit(rule_id, NextActionRuleForm(obj=rule))


@bp.post("/next-actions/rules/<int:rule_id>/<any(enable, disable):change>")
@section_required("next_action_rules")
def next_action_rule_enable(rule_id: int, change: str):
    if not set_enabled(rule_id, change == "enable", current_user.id):
        abort(404)
    flash(SAVED, "info")
    return redirect(url_for("admin.next_action_rules"))


@bp.post("/next-actions/rules/<int:rule_id>/delete")
@section_required("next_action_rules")
def next_action_rule_delete(rule_id: int):
    if not delete_rule(rule_id, current_user.id):
        abort(404)
    flash("Rule deleted; the next-actions list follows within minutes.", "info")
    return redirect(url_for("admin.next_action_rules"))


def _edit(rule_id: int | None, form: NextActionRuleForm):
    errors = {}
    if form.validate_on_submit():
        values = (form.action.data, form.condition.data, form.priority.data, form.enabled.data)
        try:
            save_rule(rule_id, *values, current_user.id)
        except InputError as error:
            errors = error.fields
        else:
            flash(SAVED, "info")
            return redirect(url_for("admin.next_action_rules"))
    page = render_template(
        "admin/next_action_rules.html",
        form=form,
        errors=errors,
        rules=all_rules(),
        fields=FIELDS,
        rule_id=rule_id,
    )
    return page, 400 if form.is_submitted() else 200
