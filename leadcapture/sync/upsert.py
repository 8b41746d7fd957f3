"""Upserting contacts so that one bad input never holds the others back.

- HubSpot lacks one of our properties (a 400 for the batch, or a 207 error per input naming
  ``PROPERTY_DOESNT_EXIST``): the properties are set up, then those inputs are sent again.
- A whole-batch 4xx: the inputs it names get HubSpot's message and the others are sent again; one
  that names none (an invalid option, a value too long) is split in halves until the bad inputs are
  alone; the others sync, only those get HubSpot's message.

Rate limits and transient errors propagate: the job decides when to come back.
"""

from collections.abc import Callable

from leadcapture.integrations.hubspot import BatchRejected, HubSpotGateway, TransientError, UpsertResult


class IsolatingUpsert:
    """One job's upserts; ``set_up`` creates our properties (called at most once per job)."""

    def __init__(self, client: HubSpotGateway, set_up: Callable[[], None]):
        self.client, self._set_up, self.was_set_up = client, set_up, False

    def __call__(self, contacts: dict[str, dict[str, str]]) -> UpsertResult:
        """Upsert ``contacts`` (trace id → properties); every trace ends in contact_ids or errors."""
        try:
            result = self.client.upsert_contacts(contacts)
        except BatchRejected as error:
            if error.missing_property:
                self.set_up_once(str(error))
                return self(contacts)
            if len(contacts) == 1:
                return UpsertResult(errors=dict.fromkeys(contacts, str(error)))
            named = [trace for trace in error.traces if trace in contacts]
            if named and len(named) < len(contacts):  # it says which: no need to split
                rest = {trace: values for trace, values in contacts.items() if trace not in named}
                return _merged(UpsertResult(errors=dict.fromkeys(named, str(error))), self(rest))
            return self._bisect(contacts)
        if result.missing_property:
            self.set_up_once(f"properties missing for {len(result.missing_property)} contacts")
            again = self({trace: contacts[trace] for trace in result.missing_property})
            result = _merged(UpsertResult(result.contact_ids, result.errors), again)
        return result

    def _bisect(self, contacts: dict[str, dict[str, str]]) -> UpsertResult:
        traces = list(contacts)
        middle = len(traces) // 2
        halves = ({trace: contacts[trace] for trace in part} for part in (traces[:middle], traces[middle:]))
        result = UpsertResult()
        for half in halves:
            result = _merged(result, self(half))
        return result

    def set_up_once(self, why: str) -> None:
        """Create our properties; a second call in the same job means HubSpot has not caught up yet
        (TransientError: come back later)."""
        if self.was_set_up:
            # Set up in this very job, and still missing: HubSpot has not caught up yet; come back later.
            raise TransientError(f"HubSpot still lacks a property right after setup: {why}")
        self._set_up()
        self.was_set_up = True


def _merged(first: UpsertResult, second: UpsertResult) -> UpsertResult:
    return UpsertResult(
        contact_ids=first.contact_ids | second.contact_ids,
        errors=first.errors | second.errors,
        missing_property=first.missing_property | second.missing_property,
    )
