"""The System page (admins): readiness, the outbox and queues with a 24-hour chart, job durations,
each endpoint's latency and errors, cache hit ratios (the figures of ``/metrics``)."""

import math

from flask import render_template

from leadcapture.blueprints.admin.access import section_required
from leadcapture.blueprints.admin.blueprint import bp
from leadcapture.ops.overview import system_overview


@bp.get("/system")
@section_required("system")
def system_page():
    return render_template("admin/system.html", overview=system_overview())


@bp.app_template_filter()
def milliseconds(value: float | None) -> str:
    """``–`` (none), ``3.2 ms``, ``1,250 ms``, or ``beyond the largest bucket`` (a percentile's
    infinite bound)."""
    if value is None:
        return "–"
    if math.isinf(value):
        return "beyond the largest bucket"
    return f"{value:.1f} ms" if value < 10 else f"{value:,.0f} ms"
