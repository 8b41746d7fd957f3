"""Chart.js configurations of the feedback pages (drawn by static/js/admin-charts.js)."""

from datetime import date

from leadcapture.reports.feedback_report import FeedbackReport

RATING = "#0b7285"
RESPONSE = "#e67700"


def trend_chart(report: FeedbackReport) -> dict:
    """The average rating (left axis, 1-5) and the prompts' response rate (right axis, %) per day."""
    days = [day for day, _tally in report.daily]
    averages = [_rounded(part.average) for _day, part in report.daily]
    rates = [_rounded(report.responses.rate_on(day)) for day in days]
    return {
        "type": "line",
        "data": {
            "labels": [day.isoformat() for day in days],
            "datasets": [
                _line("Average rating", averages, RATING, "y"),
                _line("Response rate (%)", rates, RESPONSE, "rate"),
            ],
        },
        "options": {
            "spanGaps": True,
            "scales": {
                "y": {"min": 1, "max": 5, "title": {"display": True, "text": "Average rating"}},
                "rate": {
                    "position": "right",
                    "min": 0,
                    "max": 100,
                    "grid": {"drawOnChartArea": False},
                    "title": {"display": True, "text": "Response rate (%)"},
                },
            },
            "plugins": {"legend": {"position": "bottom"}},
        },
    }


def ratings_chart(points: list[tuple[date, float]]) -> dict:
    """One line of ratings over time (a person's, or an organisation's daily average)."""
    return {
        "type": "line",
        "data": {
            "labels": [day.isoformat() for day, _value in points],
            "datasets": [_line("Rating", [_rounded(value) for _day, value in points], RATING, "y")],
        },
        "options": {"scales": {"y": {"min": 1, "max": 5}}, "plugins": {"legend": {"display": False}}},
    }


def daily_ratings(rows) -> list[tuple[date, float]]:
    """The average rating per day of some ``Feedback`` rows, oldest day first."""
    days: dict[date, list[int]] = {}
    for row in rows:
        days.setdefault(row.created_at.date(), []).append(row.rating)
    return [(day, sum(ratings) / len(ratings)) for day, ratings in sorted(days.items())]


def _line(label: str, values: list, colour: str, axis: str) -> dict:
    return {
        "label": label,
        "data": values,
        "borderColor": colour,
        "backgroundColor": colour,
        "tension": 0.2,
        "yAxisID": axis,
    }


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 2)
