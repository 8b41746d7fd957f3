"""Synthetic clinic-website traffic, as plain rows: no Flask, no database.

``generate`` yields one bundle per visitor, ``{table name: [row dicts]}``, ready for bulk
inserts. Ids are made here (``new_id``), except lead ids (see ``leads``); timestamps are naive UTC
inside the window. Visitors who use tools get the contact form, and some become leads and book
(``leads``), some answer the feedback prompts (``feedback``); each session gets its engagement
(``engagement``), each event its business impact and each session its analytics (``analytics``);
visitors shown a demo experiment's target get their exposure (``experiments``).
Most visitors come once; some return over the following weeks, a few regularly (for retention).

Planted outcomes, for the rule lift report and the suggested points (they depend on what visitors
did, which SPEC's default rules read): a session that gave an "immediate" urgency (cost calculator
input, or the urgency the AI read) and did not book books at its end with a 12 % chance
(``tools.URGENT_BOOKING_RATE``): "Immediate urgency" leads book about twice as often as the others
(lift ~1.9 at 40k visitors); a lead who gave a budget of 5k_10k or over_10k gets 6 times the
weight of "won" (``statuses.HIGH_BUDGET_WON_FACTOR``): "High budget" leads are won ~2.5 times as often;
"Multiple procedures" has no planted effect (won lift ~1.1; its booking lift ~1.2 is the cost
calculator's own path to a booking, not planted). A booking fires "Appointment booked",
"Multiple interactions" and often "High engagement time" itself, and outranks the other tools' base
rules: the reports set these apart for bookings (``learning.outcomes.set_apart``).
"""

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta

from config import Config
from leadcapture.demo.analytics import add_session_analytics
from leadcapture.demo.clock import TrafficClock
from leadcapture.demo.engagement import add_engagement
from leadcapture.demo.experiments import DemoExperiment, ExposureMaker
from leadcapture.demo.feedback import FeedbackMaker
from leadcapture.demo.leads import LEADS_RATE, LeadMaker, LeadSettings, Rules, spec_rules
from leadcapture.demo.session import DemoVisitor, SessionBuilder
from leadcapture.demo.slots import SlotBook
from leadcapture.demo.tools import ToolHistory
from leadcapture.demo.traffic import arrive, pick_device
from leadcapture.models.types import new_id, utcnow
from leadcapture.tracking.impact import DEFAULT_TABLE, ImpactTable

Bundle = dict[str, list[dict]]
TRAFFIC_TABLES = ("visitors", "visit_sessions", "interactions", "behaviour_events")
SESSION_COUNT_WEIGHTS = {1: 73, 2: 17, 3: 6, 4: 2, 6: 1, 8: 1}
# Nothing is dated in the last moment before ``now``: the run itself takes time.
END_MARGIN = timedelta(minutes=1)


@dataclass(frozen=True)
class DemoOptions:
    """How much traffic, over how many days up to ``now`` (default: the current time).

    ``rules`` score visitors for the contact form and leads (default: SPEC's rules, unversioned);
    ``impact`` gives events their business impact (default: the default table);
    ``leads_rate`` is the share of offered contact forms that are submitted; ``taken_slots`` are
    booked slot starts already in the database (demo bookings never take them); ``experiments``
    are the stored demo experiments visitors are exposed to (``experiment_rows.demo_experiments``).
    """

    visitors: int
    days: int = 90
    seed: int | None = None
    now: datetime | None = None
    leads_rate: float = LEADS_RATE
    rules: Rules | None = None
    impact: ImpactTable = DEFAULT_TABLE
    taken_slots: frozenset[datetime] = frozenset()
    consent_text: str = Config.CONSENT_TEXT
    slot_minutes: int = Config.BOOKING_SLOT_MINUTES
    experiments: tuple[DemoExperiment, ...] = ()


def generate(options: DemoOptions) -> Iterator[Bundle]:
    """One bundle of rows per visitor; the same seed gives the same traffic (ids aside)."""
    rng = random.Random(options.seed)
    clock = TrafficClock(options.now or utcnow(), options.days)
    settings = LeadSettings(
        options.rules or spec_rules(), options.leads_rate, options.consent_text, options.slot_minutes
    )
    leads = LeadMaker(rng, settings, SlotBook(options.taken_slots), clock.now, clock.now - END_MARGIN)
    # Its own stream (drawn from the seed's), so that tuning the feedback leaves the traffic as it was.
    feedback = FeedbackMaker(random.Random(rng.random()), clock.now - END_MARGIN)
    # Seeded apart from the traffic's stream (not drawn from it), so the rest stays as it was.
    stream = random.Random(None if options.seed is None else f"experiments:{options.seed}")
    exposures = ExposureMaker(stream, options.experiments, clock.now - END_MARGIN)
    for _ in range(options.visitors):
        bundle = visitor_bundle(rng, clock)
        leads.convert(bundle)
        feedback.add(bundle)
        exposures.add(bundle)
        add_engagement(bundle)
        add_session_analytics(bundle, options.impact.impact_of)
        yield bundle


def visitor_bundle(rng: random.Random, clock: TrafficClock) -> Bundle:
    """A visitor with 1-4 sessions, each with its page views, clicks and tool uses."""
    visitor = DemoVisitor(new_id(), pick_device(rng), ToolHistory())
    bundle: Bundle = {table: [] for table in TRAFFIC_TABLES}
    sessions = rng.choices(tuple(SESSION_COUNT_WEIGHTS), weights=tuple(SESSION_COUNT_WEIGHTS.values()))[0]
    limit = clock.now - END_MARGIN
    start: datetime | None = clock.first_visit(rng)
    for number in range(sessions):
        builder = SessionBuilder(rng, visitor, arrive(rng, returning=number > 0), start)
        rows = builder.build()
        overflow = builder.last_seen - limit
        if overflow > timedelta(0):
            if number:
                break
            shift(rows, overflow)
        for table, table_rows in rows.items():
            bundle[table].extend(table_rows)
        start = clock.return_visit(rng, bundle["visit_sessions"][-1]["last_seen_at"])
        if start is None:
            break
    bundle["visitors"].append({"id": visitor.id, "created_at": bundle["visit_sessions"][0]["started_at"]})
    return bundle


def shift(rows: Bundle, delta: timedelta) -> None:
    """Move every timestamp of ``rows`` ``delta`` earlier."""
    for table_rows in rows.values():
        for row in table_rows:
            for key, value in row.items():
                if isinstance(value, datetime):
                    row[key] = value - delta
