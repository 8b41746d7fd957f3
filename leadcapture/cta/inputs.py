"""Validating tool inputs against the live catalog."""

from pydantic import BaseModel, ValidationError
from sqlalchemy import select

from leadcapture.catalog.procedures import ProcedureInfo
from leadcapture.errors import InputError
from leadcapture.extensions import db
from leadcapture.models.catalog_store import (
    CATALOG_ORDER,
    PROCEDURES,
    TOOL_COLUMNS,
    active_procedures,
    procedure_info,
)
from leadcapture.scoring_rules.live import LIVE_HEAD, LiveRules, live_rules, rules_of
from leadcapture.tools.validation import field_errors, input_context

# The live version's head beside each active procedure (one row of NULLs without procedures).
_HEAD = LIVE_HEAD.subquery()
_HEAD_WIDTH = len(_HEAD.c)
_CATALOG_AND_HEAD = (
    select(*_HEAD.c, *TOOL_COLUMNS)
    .select_from(_HEAD.outerjoin(PROCEDURES, PROCEDURES.c.active))
    .order_by(*CATALOG_ORDER)
)


def catalog_and_rules() -> tuple[list[ProcedureInfo], LiveRules]:
    """The procedures offered now and the live rules, which every tool use reads, in one query."""
    rows = db.session.execute(_CATALOG_AND_HEAD).all()
    if not rows:  # no rules published yet: live_rules() publishes the defaults
        return active_procedures(), live_rules()
    catalog = [procedure_info(tuple(row[_HEAD_WIDTH:])) for row in rows if row.id is not None]
    return catalog, rules_of(rows[0][:_HEAD_WIDTH])


def validated(model: type[BaseModel], data: object, catalog: list[ProcedureInfo], **context) -> BaseModel:
    """``data`` as ``model``, or InputError naming each bad field."""
    try:
        return model.model_validate(data, context={**input_context(catalog), **context})
    except ValidationError as error:
        raise InputError(field_errors(error)) from None


# The HTTP status of an upload the tool refuses, by the refusal's code (422 otherwise).
UPLOAD_ERROR_STATUS = {"too_large": 413, "unsupported_format": 415}
