"""When demo visits happen: weekday and hour seasonality over a window ending now."""

import random
from datetime import datetime, time, timedelta
from itertools import accumulate

# Relative traffic per hour of the day (naive UTC, read as the clinic's local time):
# quiet nights, a lunch bump, an evening peak.
HOUR_WEIGHTS = (2, 1, 1, 1, 1, 2, 4, 7, 10, 12, 12, 13, 15, 14, 12, 11, 11, 12, 15, 19, 21, 20, 15, 8)
# Monday to Sunday: people research treatments early in the week, less on Saturdays.
WEEKDAY_WEIGHTS = (1.10, 1.12, 1.08, 1.02, 0.92, 0.72, 0.84)
# Traffic grows by this share from the start of the window to its end (campaigns ramping up).
GROWTH = 0.3
SAME_DAY_RETURN_SHARE = 0.25
MEAN_DAYS_BETWEEN_VISITS = 7.0


class TrafficClock:
    """Samples visit times between ``now - days`` and ``now``."""

    def __init__(self, now: datetime, days: int):
        self.now = now
        self.start = now - timedelta(days=days)
        first = self.start.replace(minute=0, second=0, microsecond=0)
        count = int((now - first) / timedelta(hours=1)) + 1
        self.hours = [first + timedelta(hours=index) for index in range(count)]
        weights = (
            WEEKDAY_WEIGHTS[hour.weekday()] * HOUR_WEIGHTS[hour.hour] * (1 + GROWTH * index / count)
            for index, hour in enumerate(self.hours)
        )
        self.cumulative = list(accumulate(weights))

    def first_visit(self, rng: random.Random) -> datetime:
        """A seasonal moment in the window."""
        hour = rng.choices(self.hours, cum_weights=self.cumulative)[0]
        return self.clamp(hour + timedelta(seconds=rng.random() * 3600))

    def return_visit(self, rng: random.Random, after: datetime) -> datetime | None:
        """A later visit: the same day or some days after ``after``; None when it would be after now."""
        if rng.random() < SAME_DAY_RETURN_SHARE:
            moment = after + timedelta(minutes=rng.uniform(45, 360))
        else:
            day = after.date() + timedelta(days=1 + int(rng.expovariate(1 / MEAN_DAYS_BETWEEN_VISITS)))
            hour = rng.choices(range(24), weights=HOUR_WEIGHTS)[0]
            moment = datetime.combine(day, time(hour)) + timedelta(seconds=rng.random() * 3600)
        return moment if moment < self.now else None

    def clamp(self, moment: datetime) -> datetime:
        """``moment`` moved into the window."""
        return min(max(moment, self.start), self.now)
