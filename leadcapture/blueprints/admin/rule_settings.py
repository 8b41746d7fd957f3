"""The rules admin's scoring settings: level and form thresholds, form fields, limits, decay."""

from flask import flash, redirect, render_template, request, url_for

from leadcapture.blueprints.admin.access import section_required
from leadcapture.blueprints.admin.blueprint import bp
from leadcapture.blueprints.admin.rule_forms import (
    SettingsForm,
    settings_errors,
    settings_form_data,
    settings_from_form,
)
from leadcapture.blueprints.admin.rules import actor
from leadcapture.scoring import SettingsValidationError
from leadcapture.scoring_rules.draft import draft_settings, update_settings


@bp.route("/rules/settings", methods=["GET", "POST"])
@section_required("rules")
def rule_settings():
    form = SettingsForm(data=settings_form_data(draft_settings()))
    errors = {}
    if form.validate_on_submit():
        try:
            update_settings(settings_from_form(form), actor())
        except SettingsValidationError as error:
            errors = settings_errors(error.errors)
        else:
            flash("Settings saved in the draft. Publish to make them live.", "info")
            return redirect(url_for("admin.rules"))
    status = 400 if request.method == "POST" else 200
    return render_template("admin/rules/settings.html", form=form, errors=errors), status
