"""The CTA tools, one line each (CTFd's ``CHALLENGE_CLASSES``): the pages, the JSON API, its
OpenAPI document and the admin's filters all read this. A new tool is a module in ``cta/tools/``
(a ``Tool`` class) and its line here; the scoring engine's ``scoring.vocabulary.TOOLS`` names the
same tools (a test keeps them equal)."""

from leadcapture.cta.tool import Tool
from leadcapture.cta.tools.ai_recommendation import AiRecommendation
from leadcapture.cta.tools.appointment_booking import AppointmentBooking
from leadcapture.cta.tools.cost_calculator import CostCalculator
from leadcapture.cta.tools.face_analysis import FaceAnalysis

TOOLS: dict[str, type[Tool]] = {
    tool.name: tool
    for tool in (
        AiRecommendation,
        FaceAnalysis,
        CostCalculator,
        AppointmentBooking,
    )
}
