"""The business-impact table (admins): the default rules, the ones admins added or changed, a form
to add one and a check of what an event would get. Changes apply to events stored from then on."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from leadcapture.blueprints.admin.access import section_required
from leadcapture.blueprints.admin.blueprint import bp
from leadcapture.blueprints.admin.impact_forms import ImpactRuleForm
from leadcapture.errors import InputError
from leadcapture.tracking import EVENT_TYPES
from leadcapture.tracking.impact_rules import delete_impact_rule, save_impact_rule, table_rows
from leadcapture.tracking.impact_table import current_impact_table


@bp.route("/impact", methods=["GET", "POST"])
@section_required("impact")
def impact_page():
    form, errors = ImpactRuleForm(), {}
    if form.validate_on_submit():
        try:
            save_impact_rule(form.event_type.data, form.pattern.data, form.impact.data, current_user.id)
        except InputError as error:
            errors = error.fields
        else:
            flash("Rule saved; it applies to events stored from now on.", "info")
            return redirect(url_for("admin.impact_page"))
    check = {key: request.args.get(key, "") for key in ("type", "name")}
    if check["type"] in EVENT_TYPES:
        check["impact"] = current_impact_table().impact_of(check["type"], check["name"] or None)
    status = 400 if request.method == "POST" else 200
    page = render_template("admin/impact.html", form=form, errors=errors, rows=table_rows(), check=check)
    return page, status


@bp.post("/impact/<int:rule_id>/delete")
@section_required("impact")
def impact_rule_delete(rule_id: int):
    if not delete_impact_rule(rule_id, current_user.id):
        abort(404)
    flash("Rule deleted; the default, if any, applies to events stored from now on.", "info")
    return redirect(url_for("admin.impact_page"))
