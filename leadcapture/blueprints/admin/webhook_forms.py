"""The webhook endpoint form. It refuses nothing itself: the endpoint service says what is wrong
with each field (``leadcapture.webhooks.endpoints.validated``)."""

from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectChoice, SelectMultipleField, StringField
from wtforms.widgets import CheckboxInput, ListWidget

from leadcapture.models import WEBHOOK_EVENTS, WebhookEndpoint
from leadcapture.webhooks.endpoints import EndpointInput

EVENT_LABELS = {
    "lead.created": "a new lead",
    "lead.score_changed": "a lead's score or engagement level changed",
    "lead.status_changed": "sales moved a lead's status",
    "booking.created": "an appointment was booked",
    "feedback.submitted": "a visitor rated their experience",
}


class WebhookEndpointForm(FlaskForm):
    url = StringField("URL (https://…)")
    description = StringField("Description (optional)")
    events = SelectMultipleField(
        "Events",
        choices=[SelectChoice(event, f"{event}: {EVENT_LABELS[event]}") for event in WEBHOOK_EVENTS],
        validate_choice=False,
        widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(),
    )
    enabled = BooleanField("Enabled: send it the events")


def form_data(endpoint: WebhookEndpoint | None) -> dict:
    """The form's values for ``endpoint`` (None: a new one, enabled)."""
    if endpoint is None:
        return {"enabled": True}
    return {
        "url": endpoint.url,
        "description": endpoint.description,
        "events": endpoint.events,
        "enabled": endpoint.enabled,
    }


def endpoint_input(form: WebhookEndpointForm) -> EndpointInput:
    """What was typed into ``form``."""
    return EndpointInput(
        url=form.url.data or "",
        description=form.description.data or "",
        events=list(form.events.data or []),
        enabled=bool(form.enabled.data),
    )
