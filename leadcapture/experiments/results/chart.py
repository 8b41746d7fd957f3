"""The results page's Chart.js configuration (drawn by static/js/admin-charts.js): each variant's
cumulative uplift against control per exposure day, inside its always-valid interval."""

from math import ceil

from leadcapture.experiments.results.series import UpliftSeries

# The y axis spans twice the latest intervals (at least this many %): the first days' intervals,
# thousands of % wide, would otherwise flatten the rest of the chart.
MIN_AXIS_PERCENT = 50
COLOURS = ("#0b7285", "#e67700", "#5f3dc4", "#2b8a3e", "#c92a2a", "#495057")
BAND_ALPHA = "33"  # the interval's fill: the line's colour, mostly transparent


def uplift_chart(series: UpliftSeries) -> dict:
    """Per variant three datasets: the interval's top filled down to its bottom, and the uplift (%)."""
    datasets = []
    for n, (key, points) in enumerate(series.lines.items()):
        colour = COLOURS[n % len(COLOURS)]
        datasets += [
            _band(f"{key}: interval top", [point.high for point in points], colour, "+1"),
            _band(f"{key}: interval bottom", [point.low for point in points], colour, False),
            {
                "label": f"{key}: uplift (%)",
                "data": [_percent(point.uplift) for point in points],
                "borderColor": colour,
                "backgroundColor": colour,
                "fill": False,
            },
        ]
    return {
        "type": "line",
        "data": {"labels": [day.isoformat() for day in series.days], "datasets": datasets},
        "options": {
            "scales": {
                "y": {"title": {"display": True, "text": "Uplift against control (%)"}, **_y_limits(series)}
            },
            "plugins": {"legend": {"position": "bottom"}},
        },
    }


def _y_limits(series: UpliftSeries) -> dict:
    """Chart.js ``min`` and ``max`` of the y axis from each variant's latest interval (none without one)."""
    latest = [
        abs(_percent(bound))
        for points in series.lines.values()
        for point in points[-1:]
        for bound in (point.low, point.high)
        if bound is not None
    ]
    if not latest:
        return {}
    limit = max(MIN_AXIS_PERCENT, 10 * ceil(2 * max(latest) / 10))
    return {"min": -limit, "max": limit}


def _band(label: str, values: list, colour: str, fill) -> dict:
    return {
        "label": label,
        "data": [_percent(value) for value in values],
        "borderColor": colour + BAND_ALPHA,
        "backgroundColor": colour + BAND_ALPHA,
        "borderDash": [4, 4],
        "pointRadius": 0,
        "fill": fill,
    }


def _percent(share: float | None) -> float | None:
    return None if share is None else round(share * 100, 1)
