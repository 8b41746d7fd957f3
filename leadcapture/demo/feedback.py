"""Demo feedback: visitors answering the feedback prompts, stored as the live app would.

The prompts a visitor could answer, in time order: the rating card under a tool result, exit intent
at the end of a session with a tool use, the in-page banner, the after-booking prompt and the
follow-up email a day after a booking. The live prompts' frequency caps decide which show (each type
once a session, two at most, none for 7 days after an answer or a day after a dismissal, exit
intent and the banner only after a tool use); each shown is answered at its context's rate. About
0.04 answers per visitor: the admin benchmark's 2.38M visitors give about 100k feedback rows.

Every prompt the caps let show is logged (``feedback_prompts``) as the live prompts log it: answered
ones submitted, the others dismissed, abandoned half-filled or closed unanswered, so the admin's
prompt performance has something to show. Feedback is linked to its prompt and to the visitor's
lead once it exists; some leads give their email (and name), some visitors their employer.
Sentiment is VADER's, through the feedback service's own function.
"""

import functools
import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from leadcapture.demo import feedback_answers as answers
from leadcapture.demo.engagement import engagement_at
from leadcapture.demo.tools import BOOKING
from leadcapture.feedback.organisation import organisation_key
from leadcapture.feedback.sentiment import Sentiment, sentiment_of
from leadcapture.feedback_prompts.caps import PromptHistory, refusal
from leadcapture.feedback_prompts.settings import PromptSettings
from leadcapture.models.types import new_id

# Of the prompts shown (the caps let a visitor see few: each type once a session, two at most).
RESPONSE_RATES = {
    "tool_result": 0.1,
    "exit_intent": 0.06,
    "in_app": 0.02,
    "after_booking": 0.3,
    "email": 0.25,
}
FOLLOW_UP_DELAY = timedelta(days=1)
# What a visitor does with a prompt they do not answer: dismiss it, start and abandon it, or leave
# it to close with the page.
UNANSWERED = {"dismissed": 0.35, "abandoned": 0.05, "closed": 0.6}
ORGANISATIONS = {
    "Northwind Traders": 30,
    "Contoso Pharmacy": 20,
    "Fabrikam Studios": 15,
    "Lumen Design Co": 15,
    "Harbour Dental Group": 10,
    "Bright Fitness": 10,
}
EMPLOYEE_SHARE = 0.12  # of visitors: they name their employer on most of their feedback
NAMES_EMPLOYER_SHARE = 0.8
GIVES_EMAIL_SHARE = 0.4  # of a lead's feedback
GIVES_NAME_SHARE = 0.7  # of those with an email
FOLLOW_UP_CONSENT_SHARE = 0.5


@dataclass(frozen=True)
class Chance:
    """A prompt the visitor could answer at ``at``; ``session`` None for the follow-up email."""

    at: datetime
    context: str
    session: dict | None
    interaction: dict | None = None
    booking: dict | None = None


@functools.cache
def _sentiment(text: str) -> Sentiment:
    return sentiment_of(text)  # demo comments repeat: each is rated once


class FeedbackMaker:
    """Adds feedback rows to visitor bundles (after ``LeadMaker``) and each lead's feedback summary."""

    def __init__(self, rng: random.Random, limit: datetime):
        self.rng = rng
        self.limit = limit  # nothing may happen after this

    def add(self, bundle: dict[str, list[dict]]) -> None:
        """Show the visitor of ``bundle`` the prompts the caps allow (its ``feedback_prompts`` rows)
        and answer some of them (its ``feedback`` rows)."""
        rows, prompts = bundle.setdefault("feedback", []), bundle.setdefault("feedback_prompts", [])
        employer = None
        if self.rng.random() < EMPLOYEE_SHARE:
            employer = self.rng.choices(tuple(ORGANISATIONS), weights=tuple(ORGANISATIONS.values()))[0]
        caps = Caps(bundle)
        for chance in sorted(chances(self.rng, bundle), key=lambda chance: chance.at):
            if chance.at >= self.limit:
                break
            if not caps.allow(chance):
                continue
            answered = self.rng.random() < RESPONSE_RATES[chance.context]
            feedback = self.answer(bundle, chance, employer) if answered else None
            prompt = self.prompt(bundle, chance, feedback)
            prompts.append(prompt)
            caps.shown(chance, prompt["status"])
            if feedback is not None:
                feedback["prompt_id"] = prompt["id"]
                rows.append(feedback)
        summarise_leads(bundle)

    def prompt(self, bundle: dict[str, list[dict]], chance: Chance, feedback: dict | None) -> dict:
        """The log row of a prompt shown at ``chance.at`` (``feedback``: its answer, if any)."""
        rng, at = self.rng, chance.at
        status = "submitted" if feedback else rng.choices(tuple(UNANSWERED), tuple(UNANSWERED.values()))[0]
        closed = at + timedelta(seconds=rng.uniform(5, 90))
        touched = status in ("submitted", "abandoned") or (status == "dismissed" and rng.random() < 0.2)
        session = chance.session
        level = feedback["engagement_level"] if feedback else None
        if level is None and session is not None:
            level = engagement_at(bundle, session, at).level
        return {
            "id": new_id(),
            "prompt_type": chance.context,
            "visitor_id": bundle["visitors"][0]["id"],
            "session_id": session["id"] if session else None,
            "interaction_id": chance.interaction["id"] if chance.interaction else None,
            "booking_id": chance.booking["id"] if chance.booking else None,
            "engagement_level": level or "low",
            # "closed" is no status: a prompt left unanswered stays "shown", with its closing time.
            "status": "shown" if status == "closed" else status,
            "shown_at": at,
            "interacted_at": at + (closed - at) / 2 if touched else None,
            "submitted_at": feedback["created_at"] if feedback else None,
            "dismissed_at": closed if status == "dismissed" else None,
            "abandoned_at": closed if status == "abandoned" else None,
            "closed_at": feedback["created_at"] if feedback else closed,
        }

    def answer(self, bundle: dict[str, list[dict]], chance: Chance, employer: str | None) -> dict:
        """The feedback row of one answered prompt; its session lasts until it was sent."""
        rng, session, interaction = self.rng, chance.session, chance.interaction
        level = None
        if session is not None:
            if chance.at > session["last_seen_at"]:
                session["last_seen_at"] = chance.at
                session["active_seconds"] = int((chance.at - session["started_at"]).total_seconds())
            level = engagement_at(bundle, session, chance.at).level
        tool = interaction["tool"] if interaction else None
        rating = answers.pick_rating(rng, chance.context, tool, level)
        text = answers.comment(rng, rating, chance.context, tool)
        mood = _sentiment(text) if text else None
        lead = next((lead for lead in bundle["leads"] if lead["created_at"] <= chance.at), None)
        email = lead["email"] if lead and rng.random() < GIVES_EMAIL_SHARE else None
        organisation = employer if employer and rng.random() < NAMES_EMPLOYER_SHARE else None
        return {
            "id": new_id(),
            "visitor_id": bundle["visitors"][0]["id"],
            "session_id": session["id"] if session else None,
            "campaign": session["utm_campaign"] if session else None,
            "lead_email": lead["email"] if lead else None,
            "interaction_id": interaction["id"] if interaction else None,
            "prompt_id": None,
            "context": chance.context,
            "tool": tool,
            "rating": rating,
            **answers.details(rng, rating, chance.context, tool),
            "comment": text,
            "name": lead["name"] if email and rng.random() < GIVES_NAME_SHARE else None,
            "email": email,
            "organisation": organisation,
            # Demo addresses are at reserved example domains, which stand for free mail here: only a
            # named employer makes an organisation.
            "organisation_key": organisation_key(organisation, None),
            "follow_up_consent": bool(email) and rng.random() < FOLLOW_UP_CONSENT_SHARE,
            "sentiment_label": mood.label if mood else None,
            "sentiment_score": mood.score if mood else None,
            "engagement_level": level,
            "created_at": chance.at,
        }


class Caps:
    """The live prompts' frequency caps (``leadcapture.feedback_prompts.caps``, default settings)
    for one visitor; one on screen at a time holds by itself: the demo's prompts never overlap."""

    def __init__(self, bundle: dict[str, list[dict]]):
        self.uses = bundle["interactions"]
        self.by_session: dict[str, set[str]] = {}
        self.settings = PromptSettings()
        self.last: dict[str, datetime] = {}  # the latest submission and dismissal

    def allow(self, chance: Chance) -> bool:
        session_id = chance.session["id"] if chance.session else None
        history = PromptHistory(
            types_this_session=frozenset(self.by_session.get(session_id, ())),
            tool_used=any(
                use["session_id"] == session_id and use["created_at"] <= chance.at for use in self.uses
            ),
            last_submission=self.last.get("submitted"),
            last_dismissal=self.last.get("dismissed"),
        )
        return refusal(chance.context, self.settings, history, chance.at) is None

    def shown(self, chance: Chance, status: str) -> None:
        if chance.session is not None:
            self.by_session.setdefault(chance.session["id"], set()).add(chance.context)
        if status in ("submitted", "dismissed"):
            self.last[status] = chance.at


def chances(rng: random.Random, bundle: dict[str, list[dict]]) -> list[Chance]:
    """Every prompt the visitor of ``bundle`` was shown, answered or not."""
    sessions = {session["id"]: session for session in bundle["visit_sessions"]}
    found, last_use = [], {}
    for use in bundle["interactions"]:
        context = "after_booking" if use["tool"] == BOOKING else "tool_result"
        at = use["created_at"] + timedelta(seconds=rng.uniform(4, 40))
        found.append(Chance(at, context, sessions[use["session_id"]], use))
        last_use[use["session_id"]] = use
    for session_id, use in last_use.items():
        session = sessions[session_id]
        at = session["last_seen_at"] + timedelta(seconds=rng.uniform(1, 8))
        found.append(Chance(at, "exit_intent", session, use))
    for session in sessions.values():
        during = (session["last_seen_at"] - session["started_at"]) * rng.random()
        found.append(Chance(session["started_at"] + during, "in_app", session))
    for booking in bundle["bookings"]:
        later = FOLLOW_UP_DELAY + timedelta(hours=rng.uniform(0, 30))
        found.append(Chance(booking["created_at"] + later, "email", None, booking=booking))
    return found


def summarise_leads(bundle: dict[str, list[dict]]) -> None:
    """Each lead's feedback count, average and latest rating, as the feedback service keeps them."""
    for lead in bundle["leads"]:
        ratings = [
            row["rating"]
            for row in sorted(bundle["feedback"], key=lambda row: row["created_at"])
            if row["lead_email"] == lead["email"]
        ]
        lead["feedback_count"] = len(ratings)
        lead["feedback_average"] = round(sum(ratings) / len(ratings), 2) if ratings else None
        lead["feedback_latest_rating"] = ratings[-1] if ratings else None
