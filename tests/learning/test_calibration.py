"""The outcome rate per score band and per level, on hand-built leads."""

import pytest

from leadcapture.learning.calibration import BANDS, calibration
from tests.learning.lead_rows import PERIOD, add_leads


def test_rates_per_band_and_level(app):
    with app.app_context():
        add_leads(2, 0, score=5, level="low")
        add_leads(4, 1, score=65, level="medium")
        add_leads(3, 1, score=69, level="medium")
        add_leads(2, 2, score=100, level="high")
        add_leads(1, 1, score=90, level="high")
        report = calibration("won", PERIOD)
    bands = {band.low: band for band in report.bands}
    assert len(report.bands) == BANDS and (report.bands[0].low, report.bands[-1].high) == (0, 100)
    assert (bands[0].outcome.leads, bands[0].outcome.hits, bands[0].outcome.rate) == (2, 0, 0.0)
    assert (bands[60].outcome.leads, bands[60].outcome.hits) == (7, 2)
    assert bands[60].outcome.rate == pytest.approx(2 / 7)
    assert bands[60].outcome.low < 2 / 7 < bands[60].outcome.high
    assert (bands[90].outcome.leads, bands[90].outcome.rate) == (3, 1.0)
    assert bands[30].outcome.leads == 0 and bands[30].outcome.rate is None
    levels = {level: (rate.leads, rate.hits) for level, rate in report.levels.items()}
    assert levels == {"low": (2, 0), "medium": (7, 2), "high": (3, 3)}
    assert (report.leads.leads, report.leads.hits) == (12, 5)
