"""One demo session: a walk through pages and tools that leaves tracker-shaped rows.

A tool use is a run of ``tool_usage`` steps named as the impact table expects (``<tool>:start``,
``appointment_booking:slot``, ``face_analysis:failed``, ``<tool>:result``), sometimes followed by
an export. Some sessions end in an abandoned tool: started (a booking: a slot picked) and left.
"""

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from leadcapture.demo.tools import (
    AI,
    BOOKING,
    COST,
    FACE,
    ToolHistory,
    abandoned_tool,
    plan_tools,
    tool_input,
    tool_seconds,
    urgent_booking,
)
from leadcapture.demo.traffic import SITE, Arrival, DemoDevice
from leadcapture.models.types import new_id
from leadcapture.tracking.interactions import input_hash

BROWSING_PAGES = (
    "/treatments",
    "/treatments/botox",
    "/treatments/dermal-fillers",
    "/treatments/hydrafacial",
    "/treatments/laser-hair-removal",
    "/prices",
    "/reviews",
    "/about",
    "/blog/acne-scars-explained",
    "/contact",
)
TOOL_PAGES = {
    AI: "/tools/ai-recommendation",
    FACE: "/tools/face-analysis",
    COST: "/tools/cost-calculator",
    BOOKING: "/book",
}
BOUNCE_SHARE = 0.42
MEAN_EXTRA_PAGES = 2.5
MEDIAN_PAGE_SECONDS = 35
SCROLL_SHARE = 0.35
ERROR_SHARE = 0.01
# Face photos refused at first (no face, too dark, blurred), then taken again.
PHOTO_REFUSED_SHARE = 0.12
PHOTO_PROBLEMS = ("no_face", "too_dark", "blurry")
# Share of results taken away, and how: (event name, share).
EXPORTS = {
    AI: ("recommendations_pdf", 0.06),
    COST: ("cost_estimate_pdf", 0.2),
    BOOKING: ("booking_ics", 0.35),
}


@dataclass
class DemoVisitor:
    """A demo visitor: id, one device for all its sessions, what it did with the tools."""

    id: str
    device: DemoDevice
    history: ToolHistory


class SessionBuilder:
    """Walks one session forward from ``start``, collecting its session, interaction and event rows."""

    def __init__(self, rng: random.Random, visitor: DemoVisitor, arrival: Arrival, start: datetime):
        self.rng = rng
        self.visitor = visitor
        self.arrival = arrival
        self.id = new_id()
        self.start = self.cursor = self.last_seen = start
        self.page = arrival.landing_path
        self.interactions: list[dict] = []
        self.events: list[dict] = []

    def build(self) -> dict[str, list[dict]]:
        """The rows of the whole session, by table."""
        tools = plan_tools(self.rng, self.arrival.channel.intent, self.visitor.history)
        self.view(self.arrival.landing_path, url=self.arrival.landing_url)
        bounced = not tools and self.rng.random() < BOUNCE_SHARE
        extra_pages = 0 if bounced else int(self.rng.expovariate(1 / MEAN_EXTRA_PAGES))
        for path in self.rng.sample(BROWSING_PAGES, min(extra_pages, len(BROWSING_PAGES))):
            self.event("navigation", "menu", {"to": path}, self.page)
            self.view(path)
        for tool in tools:
            self.use(tool)
        if urgent_booking(self.rng, tools, self.interactions):
            tools.append(BOOKING)
            self.use(BOOKING)
        left = abandoned_tool(self.rng, tools, self.visitor.history)
        if left:
            self.abandon(left)
        elif self.rng.random() < ERROR_SHARE:
            self.event("error", "TypeError", {"message": "Cannot read properties of undefined"}, self.page)
        return {
            "visit_sessions": [self.session_row()],
            "interactions": self.interactions,
            "behaviour_events": self.events,
        }

    def view(self, path: str, url: str | None = None) -> None:
        """A page view, then time reading the page (and sometimes scrolling it)."""
        self.page = path
        title = path.rstrip("/").rsplit("/", 1)[-1].replace("-", " ").capitalize() or "Home"
        self.event("page_view", title, {"path": path}, path, url)
        self.wait(MEDIAN_PAGE_SECONDS * self.rng.lognormvariate(0, 0.8))
        if self.rng.random() < SCROLL_SHARE:
            self.event("content_interaction", "scroll", {"depth": self.rng.choice((50, 75, 100))}, path)

    def open_tool(self, tool: str) -> str:
        """Open ``tool``'s page and start its input; the page's path."""
        path = TOOL_PAGES[tool]
        self.view(path)
        self.event("click", "cta_start", {"tool": tool}, path)
        self.event("tool_usage", f"{tool}:start", {"tool": tool}, path)
        return path

    def abandon(self, tool: str) -> None:
        """Start ``tool`` and leave it unfinished (a booking: after picking a slot); the session ends."""
        path = self.open_tool(tool)
        self.wait(tool_seconds(self.rng, tool) / 2)
        if tool == BOOKING:
            self.event("tool_usage", f"{tool}:slot", {"tool": tool}, path)

    def use(self, tool: str) -> None:
        """Open ``tool``'s page, use it, and record the interaction when it completes."""
        path = self.open_tool(tool)
        if tool == FACE and self.rng.random() < PHOTO_REFUSED_SHARE:
            problem = self.rng.choice(PHOTO_PROBLEMS)
            self.event("tool_usage", f"{tool}:failed", {"tool": tool, "problem": problem}, path)
        seconds = tool_seconds(self.rng, tool)
        self.wait(seconds)
        data = tool_input(self.rng, tool, self.visitor.history, self.cursor)
        if tool == BOOKING:
            self.event("tool_usage", f"{tool}:slot", {"tool": tool}, path)
            self.event("form_submit", "booking_form", {"procedure": data["procedure"]}, path)
        self.interactions.append(
            {
                "id": new_id(),
                "visitor_id": self.visitor.id,
                "session_id": self.id,
                "tool": tool,
                "data": data,
                "time_on_tool_seconds": seconds,
                "input_hash": input_hash(tool, data),
                "created_at": self.cursor,
            }
        )
        self.event("tool_usage", f"{tool}:result", {"tool": tool}, path)
        export = EXPORTS.get(tool)
        if export and self.rng.random() < export[1]:
            self.event("export", export[0], {"tool": tool}, path)

    def event(self, event_type: str, name: str, properties: dict, path: str, url: str | None = None) -> None:
        """A behaviour event now; the tracker's batch reaches the server a moment later."""
        received = self.cursor + timedelta(seconds=self.rng.uniform(0.2, 4))
        self.events.append(
            {
                "visitor_id": self.visitor.id,
                "session_id": self.id,
                "event_type": event_type,
                "name": name,
                "properties": properties,
                "page_url": url or f"{SITE}{path}",
                "client_timestamp": self.cursor,
                "created_at": received,
            }
        )
        self.last_seen = max(self.last_seen, received)
        self.wait(self.rng.uniform(1, 5))

    def wait(self, seconds: float) -> None:
        """Let time pass; a pause longer than the session timeout would end the session."""
        self.cursor += timedelta(seconds=min(seconds, 25 * 60))

    def session_row(self) -> dict:
        """The ``visit_sessions`` row, as the tracker would have left it after the last hit."""
        arrival, device = self.arrival, self.visitor.device
        return {
            "id": self.id,
            "visitor_id": self.visitor.id,
            "started_at": self.start,
            "last_seen_at": self.last_seen,
            "active_seconds": int((self.last_seen - self.start).total_seconds()),
            "landing_page": f"{SITE}{arrival.landing_path}",
            "referrer": arrival.referrer,
            "referrer_class": arrival.referrer_class,
            **arrival.campaign,
            "device_type": device.device_type,
            "browser": device.browser,
            "os": device.os,
            "ip_anonymized": device.ip_anonymized,
            "privacy_signal": device.privacy_signal,
        }
