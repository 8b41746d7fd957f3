"""Appointment slots for demo bookings: one booking per slot start, as the database insists."""

from collections.abc import Iterable
from datetime import datetime, timedelta

from leadcapture.demo.tools import CLINIC_HOURS

SUNDAY = 6


class SlotBook:
    """The slot starts taken so far (``bookings.slot_start`` is unique)."""

    def __init__(self, taken: Iterable[datetime] = ()):
        self.taken = set(taken)

    def reserve(self, wanted: datetime) -> datetime:
        """``wanted`` if free, else the next free minute in clinic hours, Monday to Saturday.

        The demo books far more appointments than one clinic could on the half hour (100,000
        leads in 90 days), so a full half hour spills into the minutes after it.
        """
        slot = wanted
        while slot in self.taken:
            slot = next_clinic_minute(slot)
        self.taken.add(slot)
        return slot


def next_clinic_minute(moment: datetime) -> datetime:
    """The minute after ``moment``, skipping nights and Sundays."""
    moment += timedelta(minutes=1)
    if moment.hour > CLINIC_HOURS[-1]:
        moment = moment.replace(hour=CLINIC_HOURS[0], minute=0) + timedelta(days=1)
    if moment.weekday() == SUNDAY:
        moment += timedelta(days=1)
    return moment
