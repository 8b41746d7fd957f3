"""Outgoing webhooks (admins): the endpoints, adding and editing one (its signing secret shown and
rotatable), and each endpoint's delivery log, where a delivery can be sent again."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from leadcapture.blueprints.admin.access import section_required
from leadcapture.blueprints.admin.blueprint import bp
from leadcapture.blueprints.admin.webhook_forms import WebhookEndpointForm, endpoint_input, form_data
from leadcapture.errors import InputError
from leadcapture.extensions import db
from leadcapture.models import WebhookDelivery, WebhookEndpoint
from leadcapture.webhooks.deliveries import attempts_of, delivery_counts, endpoint_deliveries, replay
from leadcapture.webhooks.endpoints import (
    EndpointInput,
    all_endpoints,
    create_endpoint,
    delete_endpoint,
    endpoint_for_update,
    rotate_secret,
    update_endpoint,
)

PAGE_SIZE = 50
LARGEST_ID = 2**63 - 1


@bp.get("/webhooks")
@section_required("webhooks")
def webhooks():
    return render_template("admin/webhooks.html", endpoints=all_endpoints(), counts=delivery_counts())


@bp.route("/webhooks/new", methods=["GET", "POST"])
@section_required("webhooks")
def webhook_new():
    return _endpoint_page(None)


@bp.route("/webhooks/<int:endpoint_id>", methods=["GET", "POST"])
@section_required("webhooks")
def webhook_edit(endpoint_id: int):
    return _endpoint_page(_endpoint(endpoint_id))


@bp.post("/webhooks/<int:endpoint_id>/secret")
@section_required("webhooks")
def webhook_rotate_secret(endpoint_id: int):
    rotate_secret(_endpoint(endpoint_id), current_user.id)
    flash(
        "A new secret signs from now on; the old one also signs for 24 hours. Give the receiver the new one.",
        "info",
    )
    return redirect(url_for("admin.webhook_edit", endpoint_id=endpoint_id))


@bp.post("/webhooks/<int:endpoint_id>/delete")
@section_required("webhooks")
def webhook_delete(endpoint_id: int):
    delete_endpoint(_endpoint(endpoint_id), current_user.id)
    flash("Endpoint deleted, with its delivery log.", "info")
    return redirect(url_for("admin.webhooks"))


@bp.get("/webhooks/<int:endpoint_id>/deliveries")
@section_required("webhooks")
def webhook_deliveries(endpoint_id: int):
    endpoint = db.get_or_404(WebhookEndpoint, endpoint_id)
    before = request.args.get("before", type=int)
    deliveries = endpoint_deliveries(
        endpoint_id, before if before and 0 < before <= LARGEST_ID else None, PAGE_SIZE
    )
    return render_template(
        "admin/webhook_deliveries.html",
        endpoint=endpoint,
        deliveries=deliveries,
        attempts=attempts_of([delivery.id for delivery in deliveries]),
        more=len(deliveries) == PAGE_SIZE,
    )


@bp.post("/webhooks/deliveries/<int:delivery_id>/replay")
@section_required("webhooks")
def webhook_replay(delivery_id: int):
    delivery = db.get_or_404(WebhookDelivery, delivery_id)
    try:
        again = replay(delivery, current_user.id)
    except InputError as error:
        flash(error.fields["delivery"], "error")
    else:
        flash(f"Delivery {delivery_id} queued to be sent again as delivery {again.id}.", "info")
    return redirect(url_for("admin.webhook_deliveries", endpoint_id=delivery.endpoint_id))


def _endpoint(endpoint_id: int) -> WebhookEndpoint:
    """The endpoint, locked for a change (404 when there is none)."""
    return endpoint_for_update(endpoint_id) or abort(404)


def _endpoint_page(endpoint: WebhookEndpoint | None):
    """The form of a new (None) or a registered endpoint; saved, it shows the endpoint's page."""
    form = WebhookEndpointForm(data=form_data(endpoint))
    errors = {}
    if form.validate_on_submit():
        try:
            endpoint = _save(endpoint, endpoint_input(form))
        except InputError as error:
            errors = error.fields
        else:
            flash("Endpoint saved.", "info")
            return redirect(url_for("admin.webhook_edit", endpoint_id=endpoint.id))
    status = 400 if request.method == "POST" else 200
    return render_template("admin/webhook.html", form=form, errors=errors, endpoint=endpoint), status


def _save(endpoint: WebhookEndpoint | None, values: EndpointInput) -> WebhookEndpoint:
    if endpoint is None:
        return create_endpoint(values, current_user.id)
    update_endpoint(endpoint, values, current_user.id)
    return endpoint
