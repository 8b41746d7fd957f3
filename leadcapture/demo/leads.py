"""Demo leads: the contact form after tool uses, leads from submitted forms and from bookings.

Runs over one visitor's finished sessions, in time order, as the live app would have reacted.
After each tool use the rules score the visitor and the form decision
(``scoring.decide_contact_form``, with the rules' settings: threshold, cooldown, prompts per
session) offers the contact form or not. An offered form is submitted (``leads_rate``), dismissed,
started and left, or ignored; a submitted one makes the lead. A booking takes a free slot and
makes the lead at once (or books for the lead the visitor already is), as the booking tool does.

A lead gets the attribution of its first and converting sessions, its score over everything it
did (what a rescore now would give), a status along the sales workflow that depends on its age
(won more often after a booking, and after a high budget: planted, see ``generator``), and a
consent answer. Rows name their lead by ``lead_email``: lead ids come from the database
(see ``writer``). Demo leads are not queued for HubSpot (no outbox rows).
"""

import random
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from types import SimpleNamespace
from typing import Protocol

from leadcapture.demo.people import Person, make_person
from leadcapture.demo.session import TOOL_PAGES
from leadcapture.demo.slots import SlotBook
from leadcapture.demo.statuses import lead_status
from leadcapture.demo.tools import BOOKING
from leadcapture.demo.traffic import SITE
from leadcapture.leads.lifecycle import reached_stage
from leadcapture.models.leads import ATTRIBUTION_FIELDS
from leadcapture.models.types import new_id
from leadcapture.scoring import (
    DEFAULT_RULES,
    DEFAULT_SETTINGS,
    CompiledRuleSet,
    ScoreResult,
    ScoringSettings,
    VisitorFacts,
    compile_rules,
    decide_contact_form,
)
from leadcapture.tracking.interactions import input_hash
from leadcapture.visitor_scores.facts_loader import new_visitor_facts
from leadcapture.visitor_scores.store import lead_score_values

LEAD_TABLES = ("contact_prompts", "leads", "lead_visitors", "bookings")
# Share of offered contact forms that are submitted: with the default rules almost every tool
# use offers the form, and this gives about one lead per ten visitors who used a tool.
LEADS_RATE = 0.08
# What happens to an offered form that is not submitted: (status, weight).
UNSUBMITTED = (("dismissed", 60), ("interacted", 15), ("offered", 25))
CONSENT_SHARE = 0.55
NAME_SHARE = 0.85  # of form leads asked for their name
PHONE_SHARE = 0.6  # of leads asked for (or booking with) a phone number


class Rules(Protocol):
    """What scores demo visitors: the live rules (``LiveRules``) or ``spec_rules()``."""

    version: int | None
    settings: ScoringSettings

    def evaluate(self, facts: VisitorFacts) -> ScoreResult: ...


@dataclass(frozen=True)
class SpecRules:
    """SPEC's default rules and settings, compiled; ``version`` None as they are not stored."""

    compiled: CompiledRuleSet
    settings: ScoringSettings = DEFAULT_SETTINGS
    version: int | None = None

    def evaluate(self, facts: VisitorFacts) -> ScoreResult:
        return self.compiled.evaluate(facts, self.settings)


def spec_rules() -> SpecRules:
    return SpecRules(compile_rules(DEFAULT_RULES))


@dataclass(frozen=True)
class LeadSettings:
    """How demo visitors turn into leads; see the module docstring."""

    rules: Rules
    leads_rate: float
    consent_text: str
    slot_minutes: int


@dataclass
class Journey:
    """One visitor's rows and what the contact form and bookings did with them so far."""

    bundle: dict[str, list[dict]]
    person: Person
    lead: dict | None = None
    booked: bool = False
    dismissed_at: datetime | None = None
    prompts: Counter = field(default_factory=Counter)

    @property
    def visitor_id(self) -> str:
        return self.bundle["visit_sessions"][0]["visitor_id"]

    def session(self, session_id: str) -> dict:
        return next(row for row in self.bundle["visit_sessions"] if row["id"] == session_id)

    def facts(self, now: datetime) -> VisitorFacts:
        """The scoring facts at ``now``, from what the visitor had done by then."""
        interactions = [
            SimpleNamespace(tool=row["tool"], data=row["data"], created_at=row["created_at"])
            for row in self.bundle["interactions"]
            if row["created_at"] <= now
        ]
        sessions = [
            SimpleNamespace(
                active_seconds=min(row["active_seconds"], int((now - row["started_at"]).total_seconds())),
                last_seen_at=min(row["last_seen_at"], now),
            )
            for row in self.bundle["visit_sessions"]
            if row["started_at"] <= now
        ]
        return new_visitor_facts(interactions, sessions, now)


class LeadMaker:
    """Adds contact prompts, leads, lead links and bookings to visitor bundles."""

    def __init__(self, rng: random.Random, settings: LeadSettings, slots: SlotBook, now: datetime, limit):
        self.rng = rng
        self.settings = settings
        self.slots = slots
        self.now = now
        self.limit = limit  # nothing may happen after this

    def convert(self, bundle: dict[str, list[dict]]) -> None:
        """React to the tool uses of one visitor's ``bundle`` and add the resulting rows to it."""
        for table in LEAD_TABLES:
            bundle.setdefault(table, [])
        journey = Journey(bundle, make_person(self.rng))
        for interaction in bundle["interactions"]:
            if interaction["tool"] == BOOKING:
                self.book(journey, interaction)
            elif journey.lead is None:
                self.offer_form(journey, interaction)
        if journey.lead is not None:
            self.finish(journey)

    def offer_form(self, journey: Journey, interaction: dict) -> None:
        """The form decision after a tool use; an offered form gets the visitor's answer."""
        at, session_id = interaction["created_at"], interaction["session_id"]
        rules = self.settings.rules
        since = None if journey.dismissed_at is None else (at - journey.dismissed_at).total_seconds()
        score = rules.evaluate(journey.facts(at)).score
        decision = decide_contact_form(score, (), rules.settings, since, journey.prompts[session_id])
        if not decision.offer:
            return
        journey.prompts[session_id] += 1
        prompt = {
            "id": new_id(),
            "visitor_id": journey.visitor_id,
            "session_id": session_id,
            "fields": decision.fields,
            "score": score,
            "status": "offered",
            "offered_at": at + timedelta(seconds=1),
            "interacted_at": None,
            "submitted_at": None,
            "dismissed_at": None,
        }
        journey.bundle["contact_prompts"].append(prompt)
        self.answer(journey, prompt, interaction)

    def answer(self, journey: Journey, prompt: dict, interaction: dict) -> None:
        """Submit, dismiss, start or ignore the offered form."""
        rng, offered = self.rng, prompt["offered_at"]
        if rng.random() < self.settings.leads_rate:
            interacted = offered + timedelta(seconds=rng.uniform(3, 20))
            submitted = interacted + timedelta(seconds=rng.uniform(15, 90))
            received = submitted + timedelta(seconds=rng.uniform(0.2, 2))
            if received < self.limit:
                prompt.update(status="submitted", interacted_at=interacted, submitted_at=submitted)
                self.submitted(journey, prompt, interaction, received)
                return
        status = rng.choices(*zip(*UNSUBMITTED, strict=True))[0]
        prompt["status"] = status
        if status == "dismissed":
            prompt["dismissed_at"] = journey.dismissed_at = offered + timedelta(seconds=rng.uniform(2, 30))
        elif status == "interacted":
            prompt["interacted_at"] = offered + timedelta(seconds=rng.uniform(3, 40))

    def submitted(self, journey: Journey, prompt: dict, interaction: dict, received: datetime) -> None:
        """The lead from a submitted form; the session lasts until the form's event arrived."""
        submitted = prompt["submitted_at"]
        session = journey.session(interaction["session_id"])
        session["last_seen_at"] = max(session["last_seen_at"], received)
        session["active_seconds"] = int((session["last_seen_at"] - session["started_at"]).total_seconds())
        journey.bundle["behaviour_events"].append(
            {
                "visitor_id": journey.visitor_id,
                "session_id": session["id"],
                "event_type": "form_submit",
                "name": "contact_form",
                "properties": {"fields": prompt["fields"]},
                "page_url": f"{SITE}{TOOL_PAGES[interaction['tool']]}",
                "client_timestamp": submitted,
                "created_at": received,
            }
        )
        asked = prompt["fields"]
        lead = self.new_lead(journey, interaction, submitted)
        person, rng = journey.person, self.rng
        lead["name"] = person.name if "name" in asked and rng.random() < NAME_SHARE else None
        lead["phone"] = person.phone if "phone" in asked and rng.random() < PHONE_SHARE else None
        if "preferred_contact_time" in asked:
            lead["preferred_contact_time"] = person.preferred_contact_time
        lead.update(
            consent_marketing=rng.random() < CONSENT_SHARE,
            consent_at=submitted,
            consent_text=self.settings.consent_text,
        )

    def book(self, journey: Journey, interaction: dict) -> None:
        """A booking of a free slot (the one asked for, or the next free minute), and its lead."""
        data = interaction["data"]
        slot = self.slots.reserve(datetime.fromisoformat(data["slot"]))
        if slot.isoformat() != data["slot"]:
            data["slot"] = slot.isoformat()
            interaction["input_hash"] = input_hash(BOOKING, data)
        at, person = interaction["created_at"], journey.person
        phone = person.phone if self.rng.random() < PHONE_SHARE else None
        lead = journey.lead or self.new_lead(journey, interaction, at)
        lead["name"] = lead["name"] or person.name
        lead["phone"] = lead["phone"] or phone
        journey.booked = True
        journey.bundle["bookings"].append(
            {
                "id": new_id(),
                "slot_start": slot,
                "slot_minutes": self.settings.slot_minutes,
                "procedure_id": data["procedure"],
                "visitor_id": journey.visitor_id,
                "lead_email": lead["email"],
                "name": person.name,
                "email": lead["email"],
                "phone": phone,
                "notes": None,
                "created_at": at,
            }
        )

    def new_lead(self, journey: Journey, interaction: dict, at: datetime) -> dict:
        """A lead converting at ``at`` in ``interaction``'s session, linked to the visitor."""
        first = journey.bundle["visit_sessions"][0]
        converting = journey.session(interaction["session_id"])
        lead = {
            "email": journey.person.email,
            "name": None,
            "phone": None,
            "company": None,
            "preferred_contact_time": None,
            "converting_interaction_id": interaction["id"],
            "consent_marketing": False,
            "consent_at": None,
            "consent_text": None,
            **{f"first_{name}": first[name] for name in ATTRIBUTION_FIELDS},
            **{f"converting_{name}": converting[name] for name in ATTRIBUTION_FIELDS},
            "hubspot_contact_id": None,
            "owner_id": None,
            "created_at": at,
        }
        journey.lead = lead
        journey.bundle["leads"].append(lead)
        journey.bundle["lead_visitors"].append(
            {"lead_email": lead["email"], "visitor_id": journey.visitor_id, "linked_at": at}
        )
        return lead

    def finish(self, journey: Journey) -> None:
        """Score the lead over everything its visitor did, and move it along the workflow (its
        lifecycle stage the one its state reached)."""
        lead, rules, facts = journey.lead, self.settings.rules, journey.facts(self.now)
        lead.update(lead_score_values(facts, rules.evaluate(facts), rules.version))
        age_days = (self.now - lead["created_at"]).total_seconds() / 86400
        lead["status"] = lead_status(self.rng, age_days, journey.booked, journey.bundle["interactions"])
        lead["lifecycle_stage"] = reached_stage(lead["engagement_level"], lead["status"])
        worked_days = 0 if lead["status"] == "new" else self.rng.uniform(0, min(age_days, 10))
        lead["updated_at"] = lead["created_at"] + timedelta(days=worked_days)
