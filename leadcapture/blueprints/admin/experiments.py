"""A/B experiments (admins and marketing): the list, a new experiment, its page with start, stop
and ship, and its edit form (a draft's whole definition; a started experiment's weights)."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from leadcapture.admin_audit import action_label
from leadcapture.blueprints.admin.access import section_required
from leadcapture.blueprints.admin.blueprint import bp
from leadcapture.blueprints.admin.experiment_forms import (
    experiment_form,
    experiment_input,
    plan_fields,
    sample_plan_of,
    settings_fields,
    typed_weights,
    weights_form,
)
from leadcapture.errors import InputError
from leadcapture.experiments.changes import target_error, target_kind
from leadcapture.experiments.manage import (
    create_experiment,
    experiment_for_update,
    ship_experiment,
    start_errors,
    start_experiment,
    stop_experiment,
    stored_input,
    update_experiment,
    update_weights,
)
from leadcapture.experiments.overview import all_experiments, experiment_trail, exposed_visitors
from leadcapture.experiments.planning import SamplePlan
from leadcapture.experiments.results import recent_results
from leadcapture.extensions import db
from leadcapture.models import Experiment

SHIPPABLE = ("running", "stopped")


@bp.get("/experiments")
@section_required("experiments")
def experiments():
    return render_template("admin/experiments.html", experiments=all_experiments())


@bp.route("/experiments/new", methods=["GET", "POST"])
@section_required("experiments")
def experiment_new():
    return _definition_page(None)


@bp.get("/experiments/<int:experiment_id>")
@section_required("experiments")
def experiment_page(experiment_id: int):
    return _experiment_page(db.get_or_404(Experiment, experiment_id))


@bp.route("/experiments/<int:experiment_id>/edit", methods=["GET", "POST"])
@section_required("experiments")
def experiment_edit(experiment_id: int):
    experiment = (
        _experiment(experiment_id) if request.method == "POST" else db.get_or_404(Experiment, experiment_id)
    )
    if experiment.status == "draft":
        return _definition_page(experiment)
    if experiment.status == "shipped":
        flash("A shipped experiment is over; it can no longer be changed.", "error")
        return redirect(url_for("admin.experiment_page", experiment_id=experiment_id))
    return _weights_page(experiment)


@bp.post("/experiments/<int:experiment_id>/start")
@section_required("experiments")
def experiment_start(experiment_id: int):
    experiment = _experiment(experiment_id)
    return _act(experiment, lambda: start_experiment(experiment, current_user.id), "Experiment started.")


@bp.post("/experiments/<int:experiment_id>/stop")
@section_required("experiments")
def experiment_stop(experiment_id: int):
    experiment = _experiment(experiment_id)
    return _act(experiment, lambda: stop_experiment(experiment, current_user.id), "Experiment stopped.")


@bp.post("/experiments/<int:experiment_id>/ship")
@section_required("experiments")
def experiment_ship(experiment_id: int):
    experiment, variant = _experiment(experiment_id), request.form.get("variant", "")
    shipped = f"Shipped: everyone now gets {variant}."
    return _act(experiment, lambda: ship_experiment(experiment, variant, current_user.id), shipped)


def _experiment(experiment_id: int) -> Experiment:
    """The experiment, locked for a change (404 when there is none)."""
    return experiment_for_update(experiment_id) or abort(404)


def _act(experiment: Experiment, action, done: str):
    """Run ``action``; its refusal shows on the experiment's page, its success as a message."""
    try:
        action()
    except InputError as error:
        db.session.rollback()
        return _experiment_page(experiment, error.fields), error.status
    flash(done, "info")
    return redirect(url_for("admin.experiment_page", experiment_id=experiment.id))


def _experiment_page(experiment: Experiment, errors: dict[str, str] | None = None):
    return render_template(
        "admin/experiment.html",
        experiment=experiment,
        exposed=exposed_visitors(experiment.id),
        not_ready=start_errors(experiment) if experiment.status in ("draft", "stopped") else {},
        favoured=recent_results(experiment).favoured if experiment.status in SHIPPABLE else None,
        errors=errors or {},
        trail=experiment_trail(experiment.id),
        action_label=action_label,
    )


def _definition_page(experiment: Experiment | None):
    """The definition form of a new experiment (None) or a draft: saved, the experiment's page."""
    posted = request.method == "POST"
    shown = request.form.get("shown_target", "") if posted else _target_asked(experiment)
    values = stored_input(experiment) if experiment else None
    form = experiment_form(shown, values, request.form if posted else None)
    if not posted or not form.validate_on_submit():
        return _definition_template(form, experiment, {}), 400 if posted else 200
    if "add_variant" in request.form:
        form.variants.append_entry()
        return _definition_template(form, experiment, {})
    if "calculate" in request.form:
        return _calculated(form, experiment)
    if _retargeted_to(form.target.data or "", form.kind):
        return _retargeted(form, experiment)
    try:
        experiment = _save(experiment, form)
    except InputError as error:
        return _definition_template(form, experiment, error.fields), 400
    flash("Experiment saved.", "info")
    return redirect(url_for("admin.experiment_page", experiment_id=experiment.id))


def _calculated(form, experiment: Experiment | None):
    """The form again with the sample size its calculator gives (nothing saved)."""
    plan, errors = sample_plan_of(form)
    return _definition_template(form, experiment, errors, plan), 400 if errors else 200


def _retargeted_to(target: str, kind: str) -> bool:
    """Whether a valid target of another kind than the rows' settings was chosen."""
    return target_error(target) is None and target_kind(target) != kind


def _target_asked(experiment: Experiment | None) -> str:
    return experiment.target if experiment else request.args.get("target", "")


def _retargeted(form, experiment: Experiment | None):
    """The form again with the chosen target's settings in the variant rows (nothing saved)."""
    form = experiment_form(form.target.data, experiment_input(form))
    if "show_target" in request.form:
        return _definition_template(form, experiment, {})
    error = "The target changed: fill in the variants' settings for it, then save."
    return _definition_template(form, experiment, {"target": error}), 400


def _save(experiment: Experiment | None, form) -> Experiment:
    values = experiment_input(form)
    if experiment is None:
        return create_experiment(values, current_user.id)
    update_experiment(experiment, values, current_user.id)
    return experiment


def _definition_template(
    form, experiment: Experiment | None, errors: dict[str, str], plan: SamplePlan | None = None
) -> str:
    return render_template(
        "admin/experiment_form.html",
        form=form,
        settings=settings_fields(form),
        plan_fields=plan_fields(form),
        plan=plan,
        experiment=experiment,
        errors=errors,
    )


def _weights_page(experiment: Experiment):
    """A started experiment's weights; saved, the experiment's page."""
    posted = request.method == "POST"
    form = weights_form(experiment, request.form if posted else None)
    errors = {}
    if posted and form.validate_on_submit():
        try:
            update_weights(experiment, typed_weights(form, experiment), current_user.id)
        except InputError as error:
            errors = error.fields
        else:
            flash("Weights saved: visitors already exposed keep their variant.", "info")
            return redirect(url_for("admin.experiment_page", experiment_id=experiment.id))
    template = render_template(
        "admin/experiment_weights.html", form=form, experiment=experiment, errors=errors
    )
    return template, 400 if posted else 200
