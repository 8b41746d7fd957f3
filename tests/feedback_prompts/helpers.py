"""A visitor's requests at the times a test chooses: tool uses, prompt offers and answers."""

from datetime import UTC, datetime, timedelta

from leadcapture.feedback_prompts.lifecycle import record_prompt_action
from leadcapture.feedback_prompts.offers import Offer, offer_prompt
from leadcapture.models.types import new_id
from leadcapture.tracking import VisitContext, record_interaction
from tests.clock import ManualClock
from tests.live import BROWSER

CALCULATION = {"procedures": ["botox"], "budget_range": "1k_5k"}


class Visitor:
    """One browser: a visitor id and a clock the test moves (``tests.clock.ManualClock``)."""

    def __init__(self, clock: ManualClock | None = None):
        self.id = new_id()
        self.clock = clock or ManualClock()

    @property
    def now(self) -> datetime:
        return datetime.fromtimestamp(self.clock(), UTC).replace(tzinfo=None)

    def wait(self, **duration) -> None:
        self.clock.advance(timedelta(**duration).total_seconds())

    def context(self) -> VisitContext:
        return VisitContext(visitor_id=self.id, user_agent=BROWSER, now=self.now)

    def use_tool(self, data: dict | None = None) -> str:
        """A cost calculation now; its interaction id."""
        recorded = record_interaction(self.context(), "cost_calculator", data or CALCULATION)
        return recorded.interaction.id

    def ask(self, prompt_type: str, **ids) -> Offer:
        return offer_prompt(self.context(), prompt_type, ids)

    def answer(self, offer: Offer, action: str) -> bool:
        return record_prompt_action(offer.prompt.id, self.id, action, self.now)
