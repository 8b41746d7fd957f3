"""The alert rules (admins): each kind on or off, its thresholds and who else its alerts are
emailed to; the ``evaluate-alerts`` job applies saved rules on its next run, hot leads at once."""

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from leadcapture.alerts.kinds import KINDS
from leadcapture.alerts.rules import all_rule_settings, rule_settings, save_rule
from leadcapture.blueprints.admin.access import section_required
from leadcapture.blueprints.admin.alert_forms import form_errors, rule_form, typed_thresholds
from leadcapture.blueprints.admin.blueprint import bp
from leadcapture.errors import InputError


@bp.get("/alerts")
@section_required("alerts")
def alert_rules():
    return _page()


@bp.post(f"/alerts/<any({', '.join(KINDS)}):kind>")
@section_required("alerts")
def save_alert_rule(kind: str):
    form = rule_form(rule_settings(kind), request.form)
    if not form.validate_on_submit():
        return _page(form), 400
    try:
        save_rule(
            kind, form.enabled.data, typed_thresholds(form, kind), form.recipients.data or "", current_user.id
        )
    except InputError as error:
        return _page(form, form_errors(kind, error.fields)), 400
    flash(f"{KINDS[kind].label}: saved.", "info")
    return redirect(url_for("admin.alert_rules", _anchor=kind))


def _page(posted=None, errors: dict[str, str] | None = None):
    """The rules page, ``posted`` (a form sent back, with ``errors``) in place of its stored rule."""
    rules = []
    for rule in all_rule_settings():
        if posted is not None and posted._prefix == f"{rule.kind}-":
            rules.append((KINDS[rule.kind], posted, errors or {}))
        else:
            rules.append((KINDS[rule.kind], rule_form(rule), {}))
    return render_template("admin/alert_rules.html", rules=rules)
