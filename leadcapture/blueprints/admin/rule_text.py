"""Rules, conditions and audit entries as short text for the rules admin pages (template filters)."""

from leadcapture.blueprints.admin.blueprint import bp

OPERATOR_TEXT = {
    "eq": "=",
    "ne": "≠",
    "in": "in",
    "not_in": "not in",
    "gt": ">",
    "gte": "≥",
    "lt": "<",
    "lte": "≤",
    "contains": "contains",
    "count_gte": "has at least",
    "exists": "exists",
}


def value_text(value) -> str:
    """A condition value or setting as typed in the forms: lists comma-separated, booleans true/false."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        return ", ".join(value_text(item) for item in value)
    return "" if value is None else str(value)


@bp.app_template_filter()
def condition_text(condition: dict) -> str:
    """``tool = cost_calculator and data.procedures has at least 2``."""
    joiner = " and " if condition.get("match", "all") == "all" else " or "
    parts = []
    for item in condition.get("conditions", []):
        op = item.get("op")
        if op == "exists":
            parts.append(f"{item['field']} {'exists' if item.get('value', True) else 'is missing'}")
        else:
            parts.append(f"{item['field']} {OPERATOR_TEXT.get(op, op)} {value_text(item.get('value'))}")
    return joiner.join(parts)


@bp.app_template_filter()
def points_text(rule: dict) -> str:
    """``70``, ``+15`` or ``+5 each after the first 1, at most 20``."""
    points = rule["points"]
    if rule["kind"] == "base":
        return str(points)
    text = f"{points:+d}"
    if rule.get("per_match"):
        text += " each"
        if rule.get("skip_matches"):
            text += f" after the first {rule['skip_matches']}"
        if rule.get("maximum") is not None:
            text += f", at most {rule['maximum']}"
    return text


@bp.app_template_filter()
def attribute_text(value, name: str = "") -> str:
    """One rule attribute or setting for a diff or the audit log."""
    if name == "condition" and isinstance(value, dict):
        return condition_text(value)
    return value_text(value)


@bp.app_template_filter()
def audit_changes(entry) -> list[tuple[str, object, object]]:
    """``(attribute, before, after)`` for what an audit entry changed (``id`` aside)."""
    before, after = entry.before or {}, entry.after or {}
    return [
        (key, before.get(key), after.get(key))
        for key in sorted(before.keys() | after.keys())
        if key != "id"
        and before.get(key) != after.get(key)
        and not (key not in before and after.get(key) in (None, ""))
        and not (key not in after and before.get(key) in (None, ""))
    ]
