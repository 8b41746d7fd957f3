"""The weekly report's settings (recipients, sections, on or off) and the archive of every report
sent (``leadcapture.reports.weekly``)."""

from datetime import date, datetime

from sqlalchemy import Date, DateTime, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from leadcapture.extensions import db
from leadcapture.models.types import BigIntegerPK, JSONType, utcnow


class WeeklyReportSettingsRow(db.Model):
    """The settings as admins saved them: one row."""

    __tablename__ = "weekly_report_settings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    values: Mapped[dict] = mapped_column(JSONType)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)


class WeeklyReportArchive(db.Model):
    """A sent report, as it was mailed. One per week: the unique week keeps two workers (or the
    schedule and the command line) from sending a week twice."""

    __tablename__ = "weekly_reports"

    id: Mapped[int] = mapped_column(BigIntegerPK, primary_key=True, autoincrement=True)
    week_start: Mapped[date] = mapped_column(Date, unique=True)  # a Monday
    week_end: Mapped[date] = mapped_column(Date)  # its Sunday
    sent_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    source: Mapped[str] = mapped_column(String(16))  # "schedule" or "command"
    recipients: Mapped[list] = mapped_column(JSONType)
    subject: Mapped[str] = mapped_column(Text)
    text_body: Mapped[str] = mapped_column(Text)
    html_body: Mapped[str] = mapped_column(Text)
    # The report's data (``WeeklyReport.to_dict``): the bodies are rendered again from it when
    # quoted comments go (an erasure, the feedback retention).
    report: Mapped[dict] = mapped_column(JSONType)
    quoted_comments: Mapped[int] = mapped_column(Integer, default=0)
    mail_ids: Mapped[list] = mapped_column(JSONType, default=list)  # its ``outgoing_mail`` rows
