"""An experiment's exposed visitors as arrays, in the order they were exposed: the rows every
metric, the daily series and the segments slice (one query, whatever the number of visitors)."""

from dataclasses import dataclass
from datetime import date

import numpy as np
from sqlalchemy import func, select

from leadcapture.extensions import db
from leadcapture.models import ExperimentExposure

NO_CAMPAIGN = "(no campaign)"
NO_DEVICE = "(unknown device)"


@dataclass(frozen=True)
class Exposed:
    """One entry per exposed visitor, oldest exposure first; ``index`` maps a visitor id to its row."""

    index: dict[str, int]
    arms: dict[str, np.ndarray]  # variant: whether each visitor was exposed to it (bool)
    day: np.ndarray  # datetime64[D]: the day of the exposure (UTC), non-decreasing
    device: np.ndarray  # str
    campaign: np.ndarray  # str
    returning: np.ndarray  # bool
    pre_activity: np.ndarray  # float: tool uses before exposure (CUPED's covariate)

    def __len__(self) -> int:
        return len(self.index)

    def days(self) -> list[date]:
        """The days with exposures, in order."""
        return np.unique(self.day).tolist()

    def of_variant(self, key: str) -> np.ndarray:
        """Whether each visitor was exposed to the variant ``key`` (bool)."""
        found = self.arms.get(key)
        return np.zeros(len(self), dtype=bool) if found is None else found

    def exposed_by(self, day: date) -> int:
        """How many visitors were exposed by the end of ``day``."""
        return int(np.searchsorted(self.day, np.datetime64(day, "D"), side="right"))


def load_exposed(experiment_id: int) -> Exposed:
    """The experiment's exposures (see ``Exposed``): read as plain rows (no ORM work per row), each
    variant's visitors found once for the many slices the analyses take."""
    table = ExperimentExposure.__table__
    rows = (
        db.session.connection()
        .execute(
            select(
                table.c.visitor_id,
                table.c.variant,
                table.c.exposed_at,
                func.coalesce(table.c.device, NO_DEVICE),
                func.coalesce(table.c.campaign, NO_CAMPAIGN),
                table.c.returning_visitor,
                table.c.pre_activity,
            )
            .where(table.c.experiment_id == experiment_id)
            .order_by(table.c.exposed_at, table.c.id)
        )
        .all()
    )
    columns = list(zip(*rows, strict=True)) if rows else [()] * 7
    visitors, variants, times, devices, campaigns, returning, pre_activity = columns
    variant = np.array(variants, dtype=object)
    return Exposed(
        index={visitor: n for n, visitor in enumerate(visitors)},
        arms={key: variant == key for key in set(variants)},
        day=np.array(times, dtype="datetime64[D]"),
        device=np.array(devices, dtype=object),
        campaign=np.array(campaigns, dtype=object),
        returning=np.array(returning, dtype=bool),
        pre_activity=np.array(pre_activity, dtype=float),
    )
