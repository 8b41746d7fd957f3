"""The CTA tools: what each is called, what it takes, and which service runs it."""

from collections.abc import Callable
from dataclasses import dataclass

from pydantic import BaseModel

from leadcapture.cta.booking import book_appointment
from leadcapture.cta.uses import use_ai_recommendation, use_cost_calculator, use_face_analysis
from leadcapture.tools.booking import BookingInput
from leadcapture.tools.cost_calculator import CostCalculatorInput
from leadcapture.tools.face_analysis import FaceAnalysisInput
from leadcapture.tools.recommendation import RecommendationInput


@dataclass(frozen=True)
class ToolInfo:
    name: str
    title: str
    summary: str
    input_model: type[BaseModel]
    service: Callable
    page_endpoint: str
    # The multipart file field the service takes as ``upload``, if any.
    upload_field: str | None = None


TOOLS = {
    info.name: info
    for info in (
        ToolInfo(
            "ai_recommendation",
            "Treatment recommendation",
            "Describe your concerns in your own words and get matching treatments.",
            RecommendationInput,
            use_ai_recommendation,
            "ai_recommendation.page",
            upload_field="attachment",
        ),
        ToolInfo(
            "face_analysis",
            "Face photo check",
            "Check a photo and get treatment suggestions for the concerns you select.",
            FaceAnalysisInput,
            use_face_analysis,
            "face_analysis.page",
            upload_field="photo",
        ),
        ToolInfo(
            "cost_calculator",
            "Cost calculator",
            "Estimate the cost of one or more treatments, with a bundle discount.",
            CostCalculatorInput,
            use_cost_calculator,
            "cost_calculator.page",
        ),
        ToolInfo(
            "appointment_booking",
            "Book a consultation",
            "Pick a free slot and book an appointment.",
            BookingInput,
            book_appointment,
            "appointment_booking.page",
        ),
    )
}
