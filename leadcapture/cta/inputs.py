"""Validating tool inputs against the live catalog."""

from pydantic import BaseModel, ValidationError
from sqlalchemy import select

from leadcapture.catalog.store import CATALOG_ORDER, PROCEDURES, TOOL_COLUMNS, active_procedures
from leadcapture.errors import InputError
from leadcapture.extensions import db
from leadcapture.rulebook.live import LIVE_HEAD, LiveRules, live_rules, rules_of
from leadcapture.tools.catalog import ProcedureInfo
from leadcapture.tools.validation import field_errors, input_context


def current_catalog() -> list[ProcedureInfo]:
    """The procedures offered now, as the tools read them."""
    return [ProcedureInfo.from_row(row) for row in active_procedures()]


def catalog_and_rules() -> tuple[list[ProcedureInfo], LiveRules]:
    """The procedures offered now and the live rules, which every tool use reads, in one query:
    the live version's head beside each active procedure (a single row of NULLs without any)."""
    head = LIVE_HEAD.subquery()
    rows = db.session.execute(
        select(*head.c, *TOOL_COLUMNS)
        .select_from(head.outerjoin(PROCEDURES, PROCEDURES.c.active))
        .order_by(*CATALOG_ORDER)
    ).all()
    if not rows:  # no rules published yet: live_rules() publishes the defaults
        return current_catalog(), live_rules()
    catalog = [ProcedureInfo.from_row(row) for row in rows if row.id is not None]
    return catalog, rules_of(rows[0][: len(head.c)])


def validated(model: type[BaseModel], data: object, catalog: list[ProcedureInfo], **context) -> BaseModel:
    """``data`` as ``model``, or InputError naming each bad field."""
    try:
        return model.model_validate(data, context={**input_context(catalog), **context})
    except ValidationError as error:
        raise InputError(field_errors(error)) from None
