"""The primary metric per segment of the visitors at exposure: device, campaign, new or returning.

Exploratory: a segment's verdict is no result of its own (many segments, many chances of a false
winner); it shows where an overall effect comes from, or where a variant does harm."""

from dataclasses import dataclass

import numpy as np

from leadcapture.experiments.results.arms import Plan, analyse_values
from leadcapture.experiments.results.exposed import Exposed
from leadcapture.experiments.stats import MetricAnalysis

# The segments shown per dimension, the largest first.
MAX_SEGMENTS = 10


@dataclass(frozen=True)
class Segment:
    value: str
    analysis: MetricAnalysis


@dataclass(frozen=True)
class SegmentTable:
    """A dimension's segments, largest first; ``left_out``: smaller segments not shown."""

    name: str
    label: str
    segments: list[Segment]
    left_out: int


def segment_tables(plan: Plan, exposed: Exposed, values: np.ndarray, kind: str) -> list[SegmentTable]:
    """The breakdown by device, campaign and new or returning visitor."""
    dimensions = (
        ("device", "Device", exposed.device),
        ("campaign", "Campaign", exposed.campaign),
        ("visitors", "New or returning", np.where(exposed.returning, "returning", "new")),
    )
    return [_table(plan, exposed, values, kind, *dimension) for dimension in dimensions]


def _table(
    plan: Plan, exposed: Exposed, values: np.ndarray, kind: str, name: str, label: str, column: np.ndarray
) -> SegmentTable:
    found, counts = np.unique(column.astype(str), return_counts=True)
    largest = [str(value) for _count, value in sorted(zip(-counts, found, strict=True))]
    segments = [
        Segment(value, analyse_values(plan, exposed, values, kind, column == value))
        for value in largest[:MAX_SEGMENTS]
    ]
    return SegmentTable(name, label, segments, max(len(largest) - MAX_SEGMENTS, 0))
