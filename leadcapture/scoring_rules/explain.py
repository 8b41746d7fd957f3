"""Why a lead scored what it did: each rule of its stored breakdown with its points and reason, as
the lead page and the hot-lead email show it."""

from dataclasses import dataclass

from leadcapture.extensions import db
from leadcapture.models import RuleSetVersion


@dataclass(frozen=True)
class ScoreLine:
    rule: str
    points: int
    why: str


def score_lines(breakdown: list[dict], rule_set: RuleSetVersion | None) -> list[ScoreLine]:
    """Each rule that gave points, with why: its description in the rule set that scored the
    lead, and how many interactions matched when that counted more than once."""
    descriptions = {
        rule["name"]: rule.get("description", "") for rule in (rule_set.rules if rule_set else [])
    }
    lines = []
    for item in breakdown:
        why = descriptions.get(item["rule"]) or f"{item.get('kind', 'rule')} rule"
        if item.get("matches", 1) > 1:
            why += f" ({item['matches']} matching interactions)"
        lines.append(ScoreLine(item["rule"], item["points"], why))
    return lines


def rule_set_of(version: int | None) -> RuleSetVersion | None:
    """The published rule set ``version`` (None: none)."""
    return db.session.get(RuleSetVersion, version) if version else None
