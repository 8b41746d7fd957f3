"""The System page's chart of the last day's samples (drawn by static/js/admin-charts.js)."""

from leadcapture.models import SystemSample

PENDING = "#0b7285"
DEAD = "#c92a2a"
AGE = "#e67700"
QUEUE_COLOURS = ("#5f3dc4", "#2b8a3e", "#862e9c", "#495057")


def samples_chart(samples: list[SystemSample]) -> dict:
    """Outbox rows and queued jobs (left axis) and the oldest pending row's age in minutes (right
    axis), one point per sample, labelled with its UTC time."""
    queues = sorted({name for sample in samples for name in sample.queue_depths})
    datasets = [
        _line("Outbox pending", [s.outbox_pending for s in samples], PENDING, "y"),
        _line("Outbox dead-lettered", [s.outbox_dead for s in samples], DEAD, "y"),
        *(
            _line(f"Queue {name}", [s.queue_depths.get(name) for s in samples], colour, "y")
            for name, colour in zip(queues, _colours(len(queues)), strict=True)
        ),
        _line("Oldest pending (min)", [_minutes(s.oldest_pending_seconds) for s in samples], AGE, "age"),
    ]
    return {
        "type": "line",
        "data": {"labels": [s.taken_at.strftime("%H:%M") for s in samples], "datasets": datasets},
        "options": {
            "spanGaps": True,
            "scales": {
                "y": {"min": 0, "title": {"display": True, "text": "Rows, jobs"}},
                "age": {
                    "position": "right",
                    "min": 0,
                    "grid": {"drawOnChartArea": False},
                    "title": {"display": True, "text": "Oldest pending (minutes)"},
                },
            },
            "plugins": {"legend": {"position": "bottom"}},
        },
    }


def _colours(count: int) -> list[str]:
    return [QUEUE_COLOURS[index % len(QUEUE_COLOURS)] for index in range(count)]


def _minutes(seconds: float | None) -> float | None:
    return None if seconds is None else round(seconds / 60, 1)


def _line(label: str, values: list, colour: str, axis: str) -> dict:
    return {
        "label": label,
        "data": values,
        "borderColor": colour,
        "backgroundColor": colour,
        "pointRadius": 0,
        "yAxisID": axis,
    }
