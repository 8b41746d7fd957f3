"""A visitor's history as far as the funnel is concerned: plain data, no database."""

from dataclasses import dataclass, replace
from datetime import date


@dataclass(frozen=True)
class SessionFact:
    ref: str
    day: date
    campaign: str | None
    source: str | None
    device: str | None


@dataclass(frozen=True)
class ToolUse:
    ref: str
    day: date
    tool: str


@dataclass(frozen=True)
class Dated:
    """A prompt (ref: its id) or a lead the visitor is linked to (ref: the lead id)."""

    ref: str
    day: date


@dataclass(frozen=True)
class BookingFact:
    """A booking that counts for the visitor: made by them (``direct``) or by one of their leads."""

    ref: str
    day: date
    direct: bool
    lead_ref: str | None


@dataclass(frozen=True)
class VisitorHistory:
    sessions: tuple[SessionFact, ...] = ()
    tool_uses: tuple[ToolUse, ...] = ()
    prompts: tuple[Dated, ...] = ()
    leads: tuple[Dated, ...] = ()
    bookings: tuple[BookingFact, ...] = ()

    def items(self) -> set[tuple[str, str]]:
        """Every (queue kind, ref) this history holds."""
        return (
            {("s", s.ref) for s in self.sessions}
            | {("i", u.ref) for u in self.tool_uses}
            | {("p", p.ref) for p in self.prompts}
            | {("l", lead.ref) for lead in self.leads}
            | {("b", b.ref) for b in self.bookings}
        )

    def without(self, gone: set[tuple[str, str]]) -> "VisitorHistory":
        """This history as it was before the queued items ``gone`` happened.

        A booking made through a lead goes with the link to that lead, unless the visitor
        made it themselves.
        """
        links_gone = {ref for kind, ref in gone if kind == "l"}
        return replace(
            self,
            sessions=tuple(s for s in self.sessions if ("s", s.ref) not in gone),
            tool_uses=tuple(u for u in self.tool_uses if ("i", u.ref) not in gone),
            prompts=tuple(p for p in self.prompts if ("p", p.ref) not in gone),
            leads=tuple(lead for lead in self.leads if lead.ref not in links_gone),
            bookings=tuple(
                b
                for b in self.bookings
                if ("b", b.ref) not in gone and (b.direct or b.lead_ref not in links_gone)
            ),
        )
