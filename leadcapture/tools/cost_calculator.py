"""Cost calculator: catalog procedures and sessions in, a price estimate with a bundle discount out."""

from collections.abc import Iterable
from typing import Annotated, Literal

from pydantic import BaseModel, Field, ValidationInfo, field_validator
from pydantic_core import PydanticCustomError

from leadcapture.catalog.procedures import ProcedureInfo
from leadcapture.tools.validation import known_procedure

BudgetRange = Literal["under_1k", "1k_5k", "5k_10k", "over_10k"]
Urgency = Literal["immediate", "within_month", "within_quarter", "flexible"]

# The most each SPEC budget range allows, in the catalog's currency; None: no upper bound.
BUDGET_LIMITS: dict[str, int | None] = {"under_1k": 1_000, "1k_5k": 5_000, "5k_10k": 10_000, "over_10k": None}

# Bundle discount as (at least this many procedures, percent off the subtotal), checked in order;
# a single procedure gets none. Applied to both ends of the estimate.
BUNDLE_DISCOUNTS = ((3, 15), (2, 10))

MAX_PROCEDURES = 10
QUOTE_LABEL = "Request a detailed quote"
QUOTE_TEXT = "Prices depend on your skin and treatment plan; the clinic confirms them after a consultation."


class CostCalculatorInput(BaseModel):
    """What the visitor picked; validate with ``context=input_context(catalog)``."""

    procedures: list[str] = Field(min_length=1, max_length=MAX_PROCEDURES)
    # Sessions per procedure id; a procedure not named here gets its typical number of sessions.
    sessions: dict[str, Annotated[int, Field(ge=1, le=20)]] = Field(default_factory=dict)
    budget_range: BudgetRange | None = None
    urgency: Urgency | None = None

    @field_validator("procedures")
    @classmethod
    def _known_and_unique(cls, ids: list[str], info: ValidationInfo) -> list[str]:
        repeated = sorted({procedure_id for procedure_id in ids if ids.count(procedure_id) > 1})
        if repeated:
            raise PydanticCustomError("duplicate_procedure", "'{id}' is listed twice", {"id": repeated[0]})
        if len({known_procedure(procedure_id, info).currency for procedure_id in ids}) > 1:
            raise PydanticCustomError(
                "mixed_currencies", "these procedures are priced in different currencies"
            )
        return ids

    @field_validator("sessions")
    @classmethod
    def _for_chosen_procedures(cls, sessions: dict[str, int], info: ValidationInfo) -> dict[str, int]:
        chosen = info.data.get("procedures")
        if chosen is None:  # procedures failed validation and are reported there
            return sessions
        for procedure_id in sessions:
            if procedure_id not in chosen:
                raise PydanticCustomError(
                    "session_not_chosen", "'{id}' is not one of the chosen procedures", {"id": procedure_id}
                )
        return sessions


def calculate(inp: CostCalculatorInput, catalog: Iterable[ProcedureInfo]) -> dict:
    """The estimate: items, discount, totals (whole amounts in ``currency``), budget fit, quote action."""
    by_id = {procedure.id: procedure for procedure in catalog}
    chosen = [by_id[procedure_id] for procedure_id in inp.procedures]
    items = [
        _item(procedure, inp.sessions.get(procedure.id, procedure.typical_sessions)) for procedure in chosen
    ]
    subtotal_low = sum(item["low"] for item in items)
    subtotal_high = sum(item["high"] for item in items)
    percent = bundle_percent(len(items))
    discount = {
        "percent": percent,
        "low": _percent_of(subtotal_low, percent),
        "high": _percent_of(subtotal_high, percent),
    }
    total_low = subtotal_low - discount["low"]
    return {
        "items": items,
        "subtotal_low": subtotal_low,
        "subtotal_high": subtotal_high,
        "discount": discount,
        "total_low": total_low,
        "total_high": subtotal_high - discount["high"],
        "currency": chosen[0].currency,
        "budget_range": inp.budget_range,
        "urgency": inp.urgency,
        "fits_budget": fits_budget(total_low, inp.budget_range),
        "quote_action": {
            "action": "request_quote",
            "label": QUOTE_LABEL,
            "text": QUOTE_TEXT,
            "procedures": list(inp.procedures),
        },
    }


def bundle_percent(count: int) -> int:
    """The bundle discount in percent for ``count`` procedures (see ``BUNDLE_DISCOUNTS``)."""
    return next((percent for least, percent in BUNDLE_DISCOUNTS if count >= least), 0)


def fits_budget(total_low: int, budget_range: str | None) -> bool | None:
    """Whether the lowest total is within the range's upper bound; None without a budget."""
    if budget_range is None:
        return None
    limit = BUDGET_LIMITS[budget_range]
    return limit is None or total_low <= limit


def _item(procedure: ProcedureInfo, sessions: int) -> dict:
    return {
        "procedure": procedure.id,
        "name": procedure.name,
        "sessions": sessions,
        "session_low": procedure.price_low,
        "session_high": procedure.price_high,
        "low": procedure.price_low * sessions,
        "high": procedure.price_high * sessions,
    }


def _percent_of(amount: int, percent: int) -> int:
    """``percent`` of ``amount``, rounded half up to a whole number."""
    return (amount * percent + 50) // 100
