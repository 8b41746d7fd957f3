"""Validation shared by the tools' inputs: the catalog they check against, and errors by field.

Inputs are pydantic models validated with a context::

    CostCalculatorInput.model_validate(data, context=input_context(catalog))

and a failure becomes ``{field_path: message}`` with :func:`field_errors`, for the JSON API's
``{"error": {"code": "validation_failed", "message", "fields"}}`` and for the HTML forms.
"""

from collections.abc import Iterable

from pydantic import ValidationError, ValidationInfo
from pydantic_core import PydanticCustomError

from leadcapture.catalog.procedures import ProcedureInfo

DEFAULT_PHONE_REGION = "US"
# The key of errors that belong to no single field (e.g. the body is not an object).
NON_FIELD = "__all__"

_MESSAGES = {"missing": "This field is required.", "extra_forbidden": "Unexpected field."}
_PREFIXES = ("Value error, ", "Assertion failed, ")


def input_context(catalog: Iterable[ProcedureInfo], phone_region: str = DEFAULT_PHONE_REGION) -> dict:
    """The validation context of tool inputs: the catalog by id, the region of phone numbers without +."""
    return {"catalog": {procedure.id: procedure for procedure in catalog}, "phone_region": phone_region}


def context_value(info: ValidationInfo, key: str):
    """``key`` of the validation context; validating without :func:`input_context` is a programming error."""
    if not info.context or key not in info.context:
        raise RuntimeError("validate tool inputs with context=input_context(catalog)")
    return info.context[key]


def known_procedure(procedure_id: str, info: ValidationInfo) -> ProcedureInfo:
    """The catalog entry of ``procedure_id``, or a validation error naming the unknown id."""
    procedure = context_value(info, "catalog").get(procedure_id)
    if procedure is None:
        raise PydanticCustomError("unknown_procedure", "unknown procedure '{id}'", {"id": procedure_id})
    return procedure


def field_errors(error: ValidationError) -> dict[str, str]:
    """``{field_path: message}``, the first message of each field; paths like ``procedures.1``."""
    fields: dict[str, str] = {}
    for detail in error.errors(include_url=False):
        path = ".".join(str(part) for part in detail["loc"] if part != "[key]") or NON_FIELD
        fields.setdefault(path, _message(detail))
    return fields


def _message(detail) -> str:
    """A sentence for one pydantic error: known types reworded, prefixes dropped, capitalised, full stop."""
    text = _MESSAGES.get(detail["type"], detail["msg"])
    for prefix in _PREFIXES:
        text = text.removeprefix(prefix)
    text = text[:1].upper() + text[1:]
    return text if text.endswith((".", "?", "!")) else text + "."
