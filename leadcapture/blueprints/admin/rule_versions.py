"""The rules admin's publishing side: impact preview, publish, version history with diffs, restore,
and the audit log."""

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user

from leadcapture.blueprints.admin.access import section_required
from leadcapture.blueprints.admin.blueprint import bp
from leadcapture.blueprints.admin.rule_forms import PublishForm
from leadcapture.blueprints.admin.rules import actor
from leadcapture.errors import InputError
from leadcapture.scoring import RuleValidationError
from leadcapture.scoring_rules import audit
from leadcapture.scoring_rules.changes import NOTHING_TO_PUBLISH, draft_status, version_changes
from leadcapture.scoring_rules.versions import history
from leadcapture.visitor_scores.preview import PAGE_SAMPLE, preview
from leadcapture.visitor_scores.publishing import Published, publish_and_rescore, restore_and_rescore

AUDIT_ENTRIES = 200


@bp.get("/rules/preview")
@section_required("rules")
def rules_preview():
    status = draft_status()
    try:
        report = preview(status.rules, status.settings, sample=PAGE_SAMPLE)
    except RuleValidationError as error:
        raise InputError(error.errors, message="The draft rule set is not valid.") from None
    return render_template(
        "admin/rules/preview.html", report=report, status=status, publish_form=PublishForm()
    )


@bp.post("/rules/publish")
@section_required("rules")
def rules_publish():
    form = PublishForm()
    if not form.validate():
        raise InputError({name: "; ".join(messages) for name, messages in form.errors.items()})
    if not draft_status().differs:
        flash(NOTHING_TO_PUBLISH, "info")
        return redirect(url_for("admin.rules"))
    try:
        published = publish_and_rescore(actor(), form.note.data or "", current_user.id)
    except RuleValidationError as error:
        raise InputError(error.errors, message="The draft rule set is not valid.") from None
    _flash_published(published, f"Published version {published.version.version}.")
    return redirect(url_for("admin.rules"))


@bp.get("/rules/versions")
@section_required("rules")
def rule_versions():
    return render_template("admin/rules/versions.html", versions=history())


@bp.get("/rules/versions/<int:version>")
@section_required("rules")
def rule_version(version: int):
    try:
        current, previous, changes = version_changes(version)
    except LookupError:
        abort(404)
    return render_template("admin/rules/version.html", version=current, previous=previous, changes=changes)


@bp.post("/rules/versions/<int:version>/restore")
@section_required("rules")
def rule_restore(version: int):
    try:
        published = restore_and_rescore(version, actor(), current_user.id)
    except LookupError:
        abort(404)
    _flash_published(published, f"Version {version} restored as version {published.version.version}.")
    return redirect(url_for("admin.rules"))


def _flash_published(published: Published, what: str) -> None:
    if published.rescore_queued:
        flash(f"{what} Stored scores are being recomputed with it.", "info")
    else:
        flash(f"{what} The rescore could not be queued: run `flask scoring rescore`.", "error")


@bp.get("/rules/audit")
@section_required("rules")
def rules_audit():
    return render_template("admin/rules/audit.html", entries=audit.recent(AUDIT_ENTRIES))
