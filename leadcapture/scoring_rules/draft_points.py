"""Setting several draft rules' points at once (suggested points applied), audited per rule."""

from leadcapture.scoring_rules.draft import draft_rule_rows, update_rule


def set_draft_points(points: dict[str, int], actor: str) -> list[str]:
    """Give the draft rules named in ``points`` those points (others untouched, nothing published);
    the names of the rules changed. Each change is audited and committed like an edit."""
    changed = []
    for row in draft_rule_rows():
        if row.name in points and row.points != points[row.name]:
            update_rule(row.id, {"points": points[row.name]}, actor)
            changed.append(row.name)
    return changed
