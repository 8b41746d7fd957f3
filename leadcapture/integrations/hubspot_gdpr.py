"""Deleting a contact for good (GDPR): ``POST /crm/v3/objects/contacts/gdpr-delete``."""

from hubspot.crm.contacts import PublicGdprDeleteInput

from leadcapture.integrations.hubspot_errors import CONTACTS_WRITE, BatchRejected

NOT_FOUND = 404


def delete_contact(gateway, email: str, contact_id: str | None) -> None:
    """Delete the contact by its id when we know it (found even if staff changed its email in
    HubSpot), else, or when that id is gone (merged, deleted), by email: HubSpot answers 204 for
    an email it does not know (and blocks the address). Not retried here: a delete can be sent again."""
    if contact_id:
        try:
            gateway.call(
                CONTACTS_WRITE, gateway.contact_objects.purge, PublicGdprDeleteInput(object_id=contact_id)
            )
            return
        except BatchRejected as error:
            if error.status != NOT_FOUND:
                raise
    by_email = PublicGdprDeleteInput(id_property="email", object_id=email)
    gateway.call(CONTACTS_WRITE, gateway.contact_objects.purge, by_email)
