"""Rows written in any order, folded in by refreshes at any moment, give the funnel by definition."""

import random
from collections import Counter
from datetime import date, timedelta
from itertools import chain, repeat
from types import SimpleNamespace

from sqlalchemy import func, select, update

from leadcapture.extensions import db
from leadcapture.models import Booking, DailyActivity, RollupQueue
from leadcapture.rollups.history import BookingFact, Dated, SessionFact, ToolUse, VisitorHistory
from leadcapture.rollups.query import FunnelFilters, filter_values, step_counts, visitors
from leadcapture.rollups.refresh import refresh_for_view, refresh_rollups
from tests.admin.report_data import booking, lead, link, prompt, session, tool_use, visitor
from tests.rollups.brute_force import expected_counts

START = date(2026, 3, 1)
DAYS = 6
TOOLS = ("cost_calculator", "face_analysis")
FILTERS = [
    FunnelFilters(),
    FunnelFilters(tool="face_analysis"),
    FunnelFilters(campaign="spring", tool="cost_calculator"),
    FunnelFilters(source="google", device="mobile"),
]


class World:
    """Random activity written to the database, and kept here to work out what is right."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.sessions: dict[str, list[tuple[str, SessionFact]]] = {}
        self.tool_uses: dict[str, list[ToolUse]] = {}
        self.prompts: dict[str, list[Dated]] = {}
        self.leads: dict[int, date] = {}
        self.links: dict[str, set[int]] = {}
        self.bookings: dict[str, tuple[date, str | None, int | None]] = {}
        self.unowned: list[str] = []

    def when(self) -> tuple[date, str]:
        day = START + timedelta(days=self.rng.randrange(DAYS))
        return day, f"{day.isoformat()} {self.rng.randrange(24):02d}:{self.rng.randrange(60):02d}"

    def step(self) -> None:
        rng = self.rng
        action = rng.choice(
            ["visitor", "session", "session", "tool", "tool", "prompt", "lead", "link", "booking"]
        )
        known = list(self.sessions)
        if action == "visitor" or not known:
            name = visitor(f"v{len(self.sessions)}")
            self.sessions[name], self.tool_uses[name], self.prompts[name], self.links[name] = (
                [],
                [],
                [],
                set(),
            )
            action = "session"
            known = [name]
        who = rng.choice(known)
        day, moment = self.when()
        if action == "session" or not self.sessions[who]:
            fact = SessionFact(
                "",
                day,
                rng.choice([None, "spring", "winter"]),
                rng.choice([None, "google"]),
                rng.choice(["mobile", "desktop"]),
            )
            ref = session(who, moment, fact.campaign, fact.source, fact.device)
            self.sessions[who].append((ref, fact))
        elif action == "tool":
            tool = rng.choice(TOOLS)
            self.tool_uses[who].append(
                ToolUse(tool_use(who, self.sessions[who][0][0], tool, moment), day, tool)
            )
        elif action == "prompt":
            self.prompts[who].append(Dated(prompt(who, self.sessions[who][0][0], moment), day))
        elif action == "lead":
            lead_id = lead(moment, visitors=[who])
            self.leads[lead_id] = day
            self.links[who].add(lead_id)
        elif action == "link" and self.leads:
            lead_id = rng.choice(list(self.leads))
            if lead_id not in self.links[who]:
                link(lead_id, who, moment)
                self.links[who].add(lead_id)
        elif action == "booking":
            self.book(who, day, moment)

    def book(self, who: str, day: date, moment: str) -> None:
        """A booking by the visitor (maybe for one of their leads), by a lead only, or reserved now
        and given its owners later."""
        lead_id = self.rng.choice([None, *self.links[who]])
        kind = self.rng.choice(["visitor", "lead", "later"])
        if kind == "later":
            ref = booking(moment)
            self.unowned.append(ref)
            self.bookings[ref] = (day, None, None)
            return
        owner = who if kind == "visitor" or lead_id is None else None
        self.bookings[booking(moment, visitor_id=owner, lead_id=lead_id)] = (day, owner, lead_id)

    def give_owners(self) -> None:
        """Bookings reserved earlier get their visitor and lead (as the booking tool does)."""
        for ref in self.unowned:
            day, _, _ = self.bookings[ref]
            who = self.rng.choice(list(self.sessions))
            lead_id = self.rng.choice([None, *self.links[who]])
            db.session.execute(
                update(Booking).where(Booking.id == ref).values(visitor_id=who, lead_id=lead_id)
            )
            self.bookings[ref] = (day, who, lead_id)
        self.unowned = []

    def histories(self) -> list[VisitorHistory]:
        return [
            VisitorHistory(
                sessions=tuple(fact for _, fact in self.sessions[who]),
                tool_uses=tuple(self.tool_uses[who]),
                prompts=tuple(self.prompts[who]),
                leads=tuple(Dated(str(lead_id), self.leads[lead_id]) for lead_id in self.links[who]),
                bookings=tuple(
                    BookingFact(ref, day, owner == who, None)
                    for ref, (day, owner, lead_id) in self.bookings.items()
                    if owner == who or lead_id in self.links[who]
                ),
            )
            for who in self.sessions
        ]


def test_refreshes_at_random_moments_give_the_counts_by_definition(app_ctx):
    rng = random.Random(20261123)
    world = World(rng)
    for number in range(400):
        world.step()
        if number % 37 == 0:
            world.give_owners()
        if rng.random() < 0.08:
            db.session.commit()
            refresh_rollups(batch_visitors=rng.choice([1, 3, 50]))
    world.give_owners()
    db.session.commit()
    refresh_rollups(batch_visitors=7)
    assert db.session.scalar(select(RollupQueue.visitor_id).limit(1)) is None
    histories = world.histories()
    reached_last_step = 0
    for first_offset in range(DAYS):
        for last_offset in range(first_offset, DAYS):
            first, last = START + timedelta(days=first_offset), START + timedelta(days=last_offset)
            for filters in FILTERS:
                expected = expected_counts(histories, first, last, filters)
                assert step_counts(first, last, filters) == expected, (first, last, filters)
                reached_last_step += expected[-1] > 0
    assert reached_last_step > 10


def test_daily_activity_and_filter_values_follow_the_rows(app_ctx):
    world = World(random.Random(7))
    for number in range(120):
        world.step()
        if number % 40 == 39:
            db.session.commit()
            refresh_rollups()
    db.session.commit()
    refresh_rollups()
    sessions = Counter(fact.day for rows in world.sessions.values() for _, fact in rows)
    tool_uses = Counter(use.day for uses in world.tool_uses.values() for use in uses)
    stored = {row.day: (row.sessions, row.tool_uses) for row in db.session.scalars(select(DailyActivity))}
    assert stored == {day: (sessions[day], tool_uses[day]) for day in sessions | tool_uses}
    facts = [fact for rows in world.sessions.values() for _, fact in rows]
    assert filter_values() == {
        "campaign": sorted({f.campaign for f in facts if f.campaign}),
        "source": sorted({f.source for f in facts if f.source}),
        "device": sorted({f.device for f in facts}),
    }


def test_a_leads_earlier_booking_counts_for_a_visitor_linked_to_it_later(app_ctx):
    x, y = visitor("x"), visitor("y")
    for who in (x, y):
        tool_use(who, session(who, "2026-03-01 09:00"), "face_analysis", "2026-03-01 09:05")
        prompt(who, session(who, "2026-03-01 10:00"), "2026-03-01 10:01")
    lead("2026-03-02 10:00", visitors=[x])
    shared = lead("2026-03-02 11:00", visitors=[y])
    booking("2026-03-03 10:00", visitor_id=y, lead_id=shared)
    db.session.commit()
    refresh_rollups()
    assert step_counts(date(2026, 3, 1), date(2026, 3, 5)) == [2, 2, 2, 2, 1]
    link(shared, x, "2026-03-04 10:00")  # x turns out to be the same person
    db.session.commit()
    refresh_rollups()
    assert step_counts(date(2026, 3, 1), date(2026, 3, 5)) == [2, 2, 2, 2, 2]


def test_a_report_view_folds_in_a_bounded_share_of_a_backlog_and_the_worker_the_rest(app_ctx, monkeypatch):
    monkeypatch.setattr("leadcapture.rollups.refresh.VIEW_BATCH_VISITORS", 2)
    # A clock on which the view's first batch takes a whole second.
    clock = chain([0.0, 0.0], repeat(1.0))
    monkeypatch.setattr("leadcapture.rollups.refresh.time", SimpleNamespace(monotonic=lambda: next(clock)))
    for number in range(5):
        session(visitor(f"b{number}"), "2026-03-01 09:00")
    db.session.commit()
    span = (date(2026, 3, 1), date(2026, 3, 1))

    assert refresh_for_view() == 2  # one batch, however large the backlog
    assert visitors(*span) == 2 and db.session.scalar(select(func.count()).select_from(RollupQueue)) == 3
    refresh_rollups()  # what the worker runs every minute
    assert visitors(*span) == 5 and db.session.scalar(select(func.count()).select_from(RollupQueue)) == 0
