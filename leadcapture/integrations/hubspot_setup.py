"""Our contact properties in HubSpot: created where missing in a few requests, each retried in place."""

import hashlib
import json

from hubspot.crm.properties import BatchInputPropertyCreate, PropertyCreate, PropertyGroupCreate

from leadcapture.integrations.hubspot_errors import SCHEMAS_READ, SCHEMAS_WRITE, BatchRejected
from leadcapture.integrations.hubspot_properties import CUSTOM_PROPERTIES, GROUP

OBJECT_TYPE = "contacts"
GROUP_LABEL = "LeadCapture"
BATCH_LIMIT = 100


def properties_fingerprint() -> str:
    """A short stable hash of our property group and definitions: remember it after a successful setup
    and set up again when it changes (a property was added or redefined)."""
    definitions = {"group": GROUP, "properties": CUSTOM_PROPERTIES}
    return hashlib.sha256(json.dumps(definitions, sort_keys=True).encode()).hexdigest()[:16]


def ensure_properties(gateway) -> list[str]:
    """Read the portal's contact properties once; create our group if none of them is in it yet (409:
    it exists) and the missing properties in batches; the names created now. A batch answering 207
    because a property exists counts as done; any other refusal raises BatchRejected."""
    existing = gateway.call(SCHEMAS_READ, gateway.properties.get_all, OBJECT_TYPE, retry=True).results
    missing = [name for name in CUSTOM_PROPERTIES if name not in {prop.name for prop in existing}]
    if not missing:
        return []
    if not any(prop.group_name == GROUP for prop in existing):
        _create_group(gateway)
    created = []
    for start in range(0, len(missing), BATCH_LIMIT):
        inputs = [_definition(name) for name in missing[start : start + BATCH_LIMIT]]
        response = gateway.call(
            SCHEMAS_WRITE,
            gateway.property_batches.create,
            OBJECT_TYPE,
            BatchInputPropertyCreate(inputs=inputs),
            retry=True,
        )
        created += [prop.name for prop in response.results or []]
        errors = getattr(response, "errors", None) or []
        refused = dict.fromkeys(error.message for error in errors if not _exists(error))
        if refused:
            raise BatchRejected(207, f"HubSpot refused some of our properties: {'; '.join(refused)}")
    return created


def _create_group(gateway) -> None:
    try:
        gateway.call(
            SCHEMAS_WRITE,
            gateway.groups.create,
            OBJECT_TYPE,
            PropertyGroupCreate(name=GROUP, label=GROUP_LABEL),
            retry=True,
        )
    except BatchRejected as error:
        if error.status != 409:
            raise


def _definition(name: str) -> PropertyCreate:
    label, kind, field_type = CUSTOM_PROPERTIES[name]
    return PropertyCreate(name=name, label=label, type=kind, field_type=field_type, group_name=GROUP)


def _exists(error) -> bool:
    """Whether an error of a batch create says the property already exists (created before)."""
    return error.category == "OBJECT_ALREADY_EXISTS" or "already exists" in (error.message or "")
