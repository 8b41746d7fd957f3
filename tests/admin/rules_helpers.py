"""A rule table with a scored lead, forms as the rules admin posts them, reading its pages."""

import html
import re

from sqlalchemy import select

from leadcapture.extensions import db
from leadcapture.models import Lead, ScoringRule
from leadcapture.scoring_rules.seed import seed_default_rules
from leadcapture.visitor_scores.rescore import rescore_all
from tests.visitor_scores.helpers import CALC_SMALL, make_lead, make_visitor


def seed_scored_lead(email: str = "bo@example.com") -> int:
    """The default rules published, one lead who used the calculator (70 points) scored; its id."""
    seed_default_rules()
    lead = make_lead(email, make_visitor([CALC_SMALL]))
    rescore_all()
    return lead.id


def lead_score(lead_id: int) -> tuple[int, int]:
    lead = db.session.get(Lead, lead_id)
    db.session.refresh(lead)
    return lead.score, lead.rule_set_version


def rule_id(name: str) -> int:
    return db.session.scalars(select(ScoringRule.id).where(ScoringRule.name == name)).one()


def finish_jobs(app) -> None:
    """Wait for the inline background jobs queued so far (one worker: a no-op runs after them)."""
    app.extensions["inline_jobs"].executor.submit(lambda: None).result(timeout=60)


def rule_form(
    name="Returning visitor", conditions=(("visitor.session_count", "gte", "2"),), **fields
) -> dict:
    """Form data of the rule form; ``conditions`` are (field, op, value) rows."""
    data = {"name": name, "description": "", "kind": "bonus", "match": "all", "points": "10", "active": "y"}
    for index, (field, op, value) in enumerate(conditions):
        data |= {f"conditions-{index}-field": field, f"conditions-{index}-op": op}
        data[f"conditions-{index}-value"] = value
    return {key: value for key, value in (data | fields).items() if value is not None}


def field_error(page: str, field_id: str) -> str | None:
    """The error message shown next to a form field, unescaped."""
    found = re.search(rf'<p class="field-error" id="{re.escape(field_id)}-error">(.*?)</p>', page, re.S)
    return html.unescape(found[1]) if found else None


def rule_names(page: str) -> list[str]:
    """The rules of the rules table on a page, in order."""
    return [html.unescape(name) for name in re.findall(r'<tr data-rule="([^"]*)"', page)]


def calculator_form(points: int | str, **fields) -> dict:
    """The default "Cost calculator used" rule as its edit form posts it, with other points."""
    return (
        rule_form(
            "Cost calculator used",
            [("tool", "eq", "cost_calculator")],
            kind="base",
            points=str(points),
            description="Used the cost calculator.",
        )
        | fields
    )
