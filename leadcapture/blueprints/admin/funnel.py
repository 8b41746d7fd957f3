"""The funnel page: visitors → used a tool → offered the form → became a lead → booked."""

from dataclasses import asdict

from flask import render_template, request

from leadcapture.blueprints.admin.access import section_required
from leadcapture.blueprints.admin.blueprint import bp
from leadcapture.reports.funnel import STEPS, funnel, funnel_chart
from leadcapture.reports.period import period_from_args
from leadcapture.reports.presets import PRESET_DAYS, preset_of


@bp.get("/funnel", endpoint="funnel")
@section_required("funnel")
def funnel_page():
    period = period_from_args(request.args)
    result = funnel(period, request.args)
    return render_template(
        "admin/funnel.html",
        funnel=result,
        chart_config=funnel_chart(result),
        definitions=STEPS,
        filters={name: value for name, value in asdict(result.filters).items() if value},
        presets=PRESET_DAYS,
        preset=preset_of(period),
    )
