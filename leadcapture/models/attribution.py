"""Roll-ups behind the attribution report, derived from sessions, leads and bookings and kept so
that a report over 100k leads reads a few thousand rows (``leadcapture.reports``)."""

from datetime import date, datetime

from sqlalchemy import Date, DateTime, Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from leadcapture.extensions import db
from leadcapture.models.leads import Lead

# ``previous_day`` of a visitor's first day with a channel: before any real day.
NO_PREVIOUS_DAY = date(1, 1, 1)


class ChannelVisitorDay(db.Model):
    """How many visitors had a session from ``channel`` on ``day`` whose previous day with a
    session from that channel was ``previous_day`` (``NO_PREVIOUS_DAY``: none before).

    Per ``grouping`` (source, medium, campaign, or ``any`` for all sessions). The distinct visitors
    of a channel over the days a..b are the sum of its rows of days a..b whose previous day is
    before a: each visitor counts on their first day with the channel in a..b only.
    """

    __tablename__ = "channel_visitor_days"

    grouping: Mapped[str] = mapped_column(String(8), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    channel: Mapped[str] = mapped_column(String(255), primary_key=True)
    previous_day: Mapped[date] = mapped_column(Date, primary_key=True)
    visitors: Mapped[int] = mapped_column(Integer)


class ChannelVisitorPair(db.Model):
    """The visitors already counted in ``ChannelVisitorDay`` for a day still being counted (today,
    until all its sessions are in), so that counting that day's newer sessions adds each visitor
    once; dropped when the day is final."""

    __tablename__ = "channel_visitor_pairs"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    grouping: Mapped[str] = mapped_column(String(8), primary_key=True)
    channel: Mapped[str] = mapped_column(String(255), primary_key=True)
    visitor_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    previous_day: Mapped[date] = mapped_column(Date)


class RollupDay(db.Model):
    """Until when a day of a roll-up has counted sessions (``computed_at``)."""

    __tablename__ = "rollup_days"

    rollup: Mapped[str] = mapped_column(String(32), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    computed_at: Mapped[datetime] = mapped_column(DateTime)


class JourneyColumns:
    """One conversion's touches (sessions), oldest first: each touch's source, medium and
    campaign as JSON lists (the path the report groups by), and the position of the touch in
    which the lead was created (None: no lead). Journeys of more than one touch also keep their
    touches one per row, with their ages, for time decay."""

    converted_at: Mapped[datetime] = mapped_column(DateTime)
    touch_count: Mapped[int] = mapped_column(Integer)
    sources: Mapped[str] = mapped_column(Text)
    mediums: Mapped[str] = mapped_column(Text)
    campaigns: Mapped[str] = mapped_column(Text)
    lead_touch: Mapped[int | None] = mapped_column(Integer)


class LeadJourney(JourneyColumns, db.Model):
    """A lead's touches up to its creation (computed once; forgotten when a visitor is linked)."""

    __tablename__ = "lead_journeys"

    lead_id: Mapped[int] = mapped_column(ForeignKey("leads.id", ondelete="CASCADE"), primary_key=True)


class BookingJourney(JourneyColumns, db.Model):
    """A booking's touches up to the booking, the last being the booking's; ``lead_id`` is the
    booking's lead when computed (a different one now makes it stale)."""

    __tablename__ = "booking_journeys"
    __table_args__ = (Index("ix_booking_journeys_lead", "lead_id"),)

    booking_id: Mapped[str] = mapped_column(
        String(32), ForeignKey("bookings.id", ondelete="CASCADE"), primary_key=True
    )
    lead_id: Mapped[int | None] = mapped_column(ForeignKey("leads.id", ondelete="CASCADE"))
    booking_touch: Mapped[int | None] = mapped_column(Integer)


class TouchColumns:
    """One touch of a journey of more than one: its position, its age (days from its start to
    the conversion) and its channels."""

    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    age_days: Mapped[float] = mapped_column(Float)
    source: Mapped[str] = mapped_column(String(255))
    medium: Mapped[str] = mapped_column(String(255))
    campaign: Mapped[str] = mapped_column(String(255))


class LeadTouch(TouchColumns, db.Model):
    __tablename__ = "lead_touches"

    lead_id: Mapped[int] = mapped_column(
        ForeignKey("lead_journeys.lead_id", ondelete="CASCADE"), primary_key=True
    )


class BookingTouch(TouchColumns, db.Model):
    __tablename__ = "booking_touches"

    booking_id: Mapped[str] = mapped_column(
        String(32), ForeignKey("booking_journeys.booking_id", ondelete="CASCADE"), primary_key=True
    )


# Time decay weighs a period's lead touches per lead: read in id order from this index (with the
# period's filter and the score, no table rows) beside lead_touches' key, they need no sort.
Index("ix_leads_id_created_score", Lead.id, Lead.created_at, Lead.score)
