"""Daily roll-ups of the product analytics pages (``leadcapture.reports.analytics``): counts only,
no visitor ids. An empty string in a key column stands for none (a key column cannot be NULL)."""

from datetime import date

from sqlalchemy import Date, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from leadcapture.extensions import db


class RetentionDay(db.Model):
    """The visitors active on ``day`` for the first time in its week (``week``, a Monday), by the
    week of their first visit and the campaign of their first session: summed over a week's days,
    the distinct visitors of each cohort active that week."""

    __tablename__ = "retention_days"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    cohort_week: Mapped[date] = mapped_column(Date, primary_key=True)
    first_campaign: Mapped[str] = mapped_column(String(255), primary_key=True)
    week: Mapped[date] = mapped_column(Date)
    visitors: Mapped[int] = mapped_column(Integer)


class EventDay(db.Model):
    """The behaviour events stored on ``day`` by type, name, impact, the tool they are about, the
    page (its path) and their session's campaign and device."""

    __tablename__ = "event_days"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    event_type: Mapped[str] = mapped_column(String(32), primary_key=True)
    name: Mapped[str] = mapped_column(String(255), primary_key=True)
    impact: Mapped[str] = mapped_column(String(8), primary_key=True)
    tool: Mapped[str] = mapped_column(String(32), primary_key=True)
    page: Mapped[str] = mapped_column(String(255), primary_key=True)
    campaign: Mapped[str] = mapped_column(String(255), primary_key=True)
    device: Mapped[str] = mapped_column(String(16), primary_key=True)
    events: Mapped[int] = mapped_column(Integer)


class ToolStepDay(db.Model):
    """The sessions started on ``day`` that started ``tool``, by the last step of it they reached
    (``result``: completed) and, for the others, their last event (``type:name``) before leaving."""

    __tablename__ = "tool_step_days"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    tool: Mapped[str] = mapped_column(String(32), primary_key=True)
    step: Mapped[str] = mapped_column(String(64), primary_key=True)
    last_event: Mapped[str] = mapped_column(String(255), primary_key=True)
    sessions: Mapped[int] = mapped_column(Integer)
