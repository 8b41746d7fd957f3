"""A document's chart as a PNG image, drawn by matplotlib's Agg renderer: a figure of its own (no
pyplot, so no GUI and no state shared between requests)."""

import io

from matplotlib.dates import AutoDateLocator, ConciseDateFormatter, date2num
from matplotlib.figure import Figure

from leadcapture.reports.pdf.document import Chart

COLOURS = ("#0b7285", "#e67700", "#2b8a3e", "#c92a2a", "#5f3dc4", "#862e9c")
SIZE_INCHES = (7.5, 3.0)
DPI = 150
MIN_SPAN_DAYS = 6
MARKED_POINTS = 40  # lines with fewer days than this mark each value (a lone day shows)


def chart_png(chart: Chart) -> bytes:
    """``chart`` drawn as a PNG, its days along the x axis."""
    figure = Figure(figsize=SIZE_INCHES, dpi=DPI, layout="constrained")
    axes = figure.add_subplot()
    if chart.kind == "bar":
        _bars(axes, chart)
    else:
        _lines(axes, chart)
    if chart.days:
        axes.xaxis_date()
        locator = AutoDateLocator(maxticks=10)
        axes.xaxis.set_major_locator(locator)
        axes.xaxis.set_major_formatter(ConciseDateFormatter(locator))
        first, last = date2num(chart.days[0]), date2num(chart.days[-1])
        margin = max(1, (MIN_SPAN_DAYS - (last - first)) / 2)  # a day or two stays a few days wide
        axes.set_xlim(first - margin, last + margin)
    else:
        axes.set_xticks([])
        axes.text(0.5, 0.5, "No data", transform=axes.transAxes, ha="center", va="center", color="grey")
    if chart.y_range:
        axes.set_ylim(*chart.y_range)
    axes.set_ylabel(chart.y_label)
    axes.grid(axis="y", alpha=0.3)
    axes.spines[["top", "right"]].set_visible(False)
    if len(chart.series) > 1:
        axes.legend(loc="upper left", frameon=False, fontsize="small")
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()


def _lines(axes, chart: Chart) -> None:
    """A line per series through its days with a value (days without one are skipped, as the
    admin's charts span gaps)."""
    marker = "o" if len(chart.days) < MARKED_POINTS else None
    for number, series in enumerate(chart.series):
        points = [
            (x, value)
            for x, value in zip(date2num(chart.days), series.values, strict=True)
            if value is not None
        ]
        xs, values = zip(*points, strict=True) if points else ((), ())
        axes.plot(xs, values, label=series.label, color=_colour(number), marker=marker, markersize=3)


def _bars(axes, chart: Chart) -> None:
    """Each day's bars side by side, one per series, within the day."""
    width = 0.8 / max(len(chart.series), 1)
    days = date2num(chart.days)
    for number, series in enumerate(chart.series):
        offset = (number - (len(chart.series) - 1) / 2) * width
        values = [0 if value is None else value for value in series.values]
        axes.bar(days + offset, values, width=width, label=series.label, color=_colour(number))


def _colour(number: int) -> str:
    return COLOURS[number % len(COLOURS)]
