"""The cost calculator: procedures, budget and urgency in, an estimate with a bundle discount out."""

from typing import Literal

from pydantic import BaseModel
from werkzeug.datastructures import MultiDict

from leadcapture.cta.inputs import catalog_and_rules, validated
from leadcapture.cta.outcome import ToolOutcome, complete_tool_use
from leadcapture.cta.tool import Tool
from leadcapture.tools import cost_calculator
from leadcapture.tools.cost_calculator import BudgetRange, Urgency
from leadcapture.tracking import VisitContext


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


class CostCalculator(Tool):
    name = "cost_calculator"
    title = "Cost calculator"
    summary = "Estimate the cost of one or more treatments, with a bundle discount."
    url_prefix = "/tools/cost-calculator"
    template = "tools/cost_calculator.html"
    input_model = cost_calculator.CostCalculatorInput
    result_model = CostEstimate

    @classmethod
    def parse_form(cls, form: MultiDict) -> dict:
        return {
            "procedures": form.getlist("procedures"),
            "budget_range": form.get("budget_range") or None,
            "urgency": form.get("urgency") or None,
        }

    @classmethod
    def use(
        cls, ctx: VisitContext, data: dict, upload: bytes | None = None, time_on_tool: int | None = None
    ) -> ToolOutcome:
        catalog, live = catalog_and_rules()
        inp = validated(cost_calculator.CostCalculatorInput, data, catalog)
        result = cost_calculator.calculate(inp, catalog)
        recorded = inp.model_dump(exclude_none=True) | {
            "total_low": result["total_low"],
            "total_high": result["total_high"],
        }
        return complete_tool_use(ctx, cls.name, recorded, result, time_on_tool, live=live)


TOOL = CostCalculator
