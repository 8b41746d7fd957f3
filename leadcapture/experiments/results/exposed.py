"""An experiment's exposed visitors as arrays, in the order they were exposed: the rows every
metric, the daily series and the segments slice (one query, whatever the number of visitors)."""

from dataclasses import dataclass
from datetime import date

import numpy as np
from sqlalchemy import select

from leadcapture.extensions import db
from leadcapture.models import ExperimentExposure

NO_CAMPAIGN = "(no campaign)"
NO_DEVICE = "(unknown device)"


@dataclass(frozen=True)
class Exposed:
    """One entry per exposed visitor, oldest exposure first; ``index`` maps a visitor id to its row."""

    index: dict[str, int]
    variant: np.ndarray  # str
    day: np.ndarray  # datetime.date of the exposure (UTC), non-decreasing
    device: np.ndarray  # str
    campaign: np.ndarray  # str
    returning: np.ndarray  # bool
    pre_activity: np.ndarray  # float: tool uses before exposure (CUPED's covariate)

    def __len__(self) -> int:
        return len(self.index)

    def days(self) -> list[date]:
        """The days with exposures, in order."""
        return sorted(set(self.day.tolist()))


def load_exposed(experiment_id: int) -> Exposed:
    """The experiment's exposures (see ``Exposed``)."""
    rows = db.session.execute(
        select(
            ExperimentExposure.visitor_id,
            ExperimentExposure.variant,
            ExperimentExposure.exposed_at,
            ExperimentExposure.device,
            ExperimentExposure.campaign,
            ExperimentExposure.returning_visitor,
            ExperimentExposure.pre_activity,
        )
        .where(ExperimentExposure.experiment_id == experiment_id)
        .order_by(ExperimentExposure.exposed_at, ExperimentExposure.id)
    ).all()
    columns = list(zip(*rows, strict=True)) if rows else [()] * 7
    visitors, variants, times, devices, campaigns, returning, pre_activity = columns
    return Exposed(
        index={visitor: n for n, visitor in enumerate(visitors)},
        variant=np.array(variants, dtype=object),
        day=np.array([moment.date() for moment in times], dtype=object),
        device=np.array([device or NO_DEVICE for device in devices], dtype=object),
        campaign=np.array([campaign or NO_CAMPAIGN for campaign in campaigns], dtype=object),
        returning=np.array(returning, dtype=bool),
        pre_activity=np.array(pre_activity, dtype=float),
    )
