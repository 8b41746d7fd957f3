"""What each CTA tool returns as ``result``, as its service in ``leadcapture/tools`` builds it."""

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

from leadcapture.tools.cost_calculator import BudgetRange, Urgency


class Suggestion(BaseModel):
    procedure: str = Field(description="Catalog procedure id.")
    name: str
    why: str


class Recommendation(Suggestion):
    relevance: float = Field(ge=0, le=1)


class Intent(BaseModel):
    """What the free text said; a key is present only when the text said it."""

    procedures: list[str] | None = None
    concerns: list[str] | None = None
    urgency: Urgency | None = None
    budget_amount: float | None = None
    budget_range: BudgetRange | None = None
    budget_currency: str | None = None


class RecommendationResult(BaseModel):
    recommendations: list[Recommendation]
    intent: Intent


class Resolution(BaseModel):
    width: int
    height: int


class FaceSize(BaseModel):
    width_share: float
    area_share: float
    judgement: Literal["good", "too_small", "too_close"]


class PhotoQuality(BaseModel):
    resolution: Resolution
    faces: int = Field(ge=0)
    brightness: float
    overexposed: float
    lighting: Literal["good", "too_dark", "too_bright"]
    sharpness: float
    focus: Literal["sharp", "blurry"]
    face_size: FaceSize | None
    ok: bool
    tips: list[str]


class FaceAnalysisResult(BaseModel):
    """``face_found`` and ``photo_quality`` are null when no photo was sent."""

    face_found: bool | None
    photo_quality: PhotoQuality | None
    suggestions: list[Suggestion]


class CostItem(BaseModel):
    procedure: str
    name: str
    sessions: int
    session_low: int
    session_high: int
    low: int
    high: int


class Discount(BaseModel):
    percent: int
    low: int
    high: int


class QuoteAction(BaseModel):
    action: Literal["request_quote"]
    label: str
    text: str
    procedures: list[str]


class CostEstimate(BaseModel):
    """Whole amounts in ``currency``; ``fits_budget`` is null without a budget range."""

    items: list[CostItem]
    subtotal_low: int
    subtotal_high: int
    discount: Discount
    total_low: int
    total_high: int
    currency: str
    budget_range: BudgetRange | None
    urgency: Urgency | None
    fits_budget: bool | None
    quote_action: QuoteAction


class BookingResult(BaseModel):
    booking_id: str
    procedure: str
    slot: datetime = Field(description="The slot's start, UTC.")
    slot_minutes: int
    ics_url: str = Field(description="The booking's calendar file (.ics).")


TOOL_RESULTS: dict[str, type[BaseModel]] = {
    "ai_recommendation": RecommendationResult,
    "face_analysis": FaceAnalysisResult,
    "cost_calculator": CostEstimate,
    "appointment_booking": BookingResult,
}
