"""The feedback prompts' settings (admins): which prompts show, the frequency caps, delays and the
greetings per engagement level; saved settings apply at once."""

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from leadcapture.blueprints.admin.access import section_required
from leadcapture.blueprints.admin.blueprint import bp
from leadcapture.blueprints.admin.prompt_forms import (
    PromptSettingsForm,
    form_errors,
    settings_form_data,
    settings_from_form,
)
from leadcapture.errors import InputError
from leadcapture.feedback_prompts.settings import prompt_settings, save_prompt_settings


@bp.route("/prompts", methods=["GET", "POST"])
@section_required("prompts")
def prompt_settings_page():
    form = PromptSettingsForm(data=settings_form_data(prompt_settings()))
    errors = {}
    if form.validate_on_submit():
        try:
            save_prompt_settings(settings_from_form(form), current_user.id)
        except InputError as error:
            errors = form_errors(error.fields)
        else:
            flash("Prompt settings saved; they apply now.", "info")
            return redirect(url_for("admin.prompt_settings_page"))
    status = 400 if request.method == "POST" else 200
    return render_template("admin/prompt_settings.html", form=form, errors=errors), status
