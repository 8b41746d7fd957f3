"""Validating tool inputs against the live catalog."""

from pydantic import BaseModel, ValidationError

from leadcapture.catalog.store import active_procedures
from leadcapture.errors import InputError
from leadcapture.tools.catalog import ProcedureInfo
from leadcapture.tools.validation import field_errors, input_context


def current_catalog() -> list[ProcedureInfo]:
    """The procedures offered now, as the tools read them."""
    return [ProcedureInfo.from_row(row) for row in active_procedures()]


def validated(model: type[BaseModel], data: object, catalog: list[ProcedureInfo], **context) -> BaseModel:
    """``data`` as ``model``, or InputError naming each bad field."""
    try:
        return model.model_validate(data, context={**input_context(catalog), **context})
    except ValidationError as error:
        raise InputError(field_errors(error)) from None
