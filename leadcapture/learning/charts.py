"""Chart.js configurations of the lift and calibration pages (drawn by static/js/admin-charts.js)."""

from leadcapture.learning.calibration import Calibration
from leadcapture.learning.lift import LiftReport
from leadcapture.scoring import ScoringSettings

LIFT = "#0b7285"
INTERVAL = "#99e9f2"
# The live settings' thresholds, drawn as vertical lines: (setting, label, colour).
THRESHOLDS = (
    ("form_threshold", "Form offered", "#e67700"),
    ("medium_threshold", "Medium from", "#868e96"),
    ("high_threshold", "High from", "#2b8a3e"),
)


def lift_chart(report: LiftReport) -> dict:
    """Each ranked rule: its lift (a point) inside its 95 % interval (a floating bar)."""
    shown = [item for item in report.rules if item.ranked]
    return {
        "type": "bar",
        "data": {
            "labels": [item.rule.name for item in shown],
            "datasets": [
                {
                    "type": "line",
                    "label": "Lift",
                    "data": [_r(item.lift) for item in shown],
                    "showLine": False,
                    "borderColor": LIFT,
                    "backgroundColor": LIFT,
                    "pointRadius": 5,
                },
                {
                    "label": "95 % interval",
                    "data": [[_r(item.low), _r(item.high)] for item in shown],
                    "backgroundColor": INTERVAL,
                },
            ],
        },
        "options": {
            "indexAxis": "y",
            "scales": {
                "x": {"type": "logarithmic", "title": {"display": True, "text": "Lift (1 = no effect)"}}
            },
            "plugins": {"legend": {"position": "bottom"}},
        },
    }


def calibration_chart(report: Calibration, settings: ScoringSettings) -> dict:
    """The outcome rate (%) at each score band's middle, and the live thresholds as vertical lines."""
    rates = [
        {"x": (band.low + band.high) / 2, "y": _r(band.outcome.rate * 100)}
        for band in report.bands
        if band.outcome.rate is not None
    ]
    top = max([point["y"] for point in rates], default=0) or 1
    lines = [
        {
            "label": f"{label} ({getattr(settings, key)})",
            "data": [{"x": getattr(settings, key), "y": 0}, {"x": getattr(settings, key), "y": top}],
            "showLine": True,
            "borderColor": colour,
            "borderDash": [6, 4],
            "pointRadius": 0,
        }
        for key, label, colour in THRESHOLDS
    ]
    return {
        "type": "scatter",
        "data": {
            "datasets": [
                {
                    "label": "Outcome rate (%)",
                    "data": rates,
                    "showLine": True,
                    "borderColor": LIFT,
                    "backgroundColor": LIFT,
                },
                *lines,
            ]
        },
        "options": {
            "scales": {
                "x": {"min": 0, "max": 100, "title": {"display": True, "text": "Score"}},
                "y": {"min": 0, "title": {"display": True, "text": "Outcome rate (%)"}},
            },
            "plugins": {"legend": {"position": "bottom"}},
        },
    }


def _r(value: float | None) -> float | None:
    return None if value is None else round(value, 3)
