"""The JSON shape of a tool use, as SPEC's public API gives it."""

from leadcapture.cta.outcome import ToolOutcome


def tool_response(outcome: ToolOutcome) -> dict:
    """``visitor_id``, ``session_id``, ``interaction_id``, ``result`` (and its layout), the visitor's
    own score, the form decision (and the form's copy when offered), the experiments the answer
    used; nothing of a lead (a booking's email may be another person's)."""
    recorded, scored = outcome.recorded, outcome.scored
    return {
        "visitor_id": recorded.visit.visitor.id if recorded else None,
        "session_id": recorded.visit.session.id if recorded else None,
        "interaction_id": recorded.interaction.id if recorded else None,
        "result": outcome.result,
        "lead_score": scored.result.score if scored else 0,
        "engagement_level": scored.result.level if scored else "low",
        "score_breakdown": [{"rule": i.rule, "points": i.points} for i in scored.result.breakdown]
        if scored
        else [],
        "rule_set_version": scored.version if scored else None,
        "show_contact_form": outcome.decision.offer,
        "form_fields": list(outcome.decision.fields),
        "prompt_id": outcome.prompt_id,
        "form": outcome.form_copy if outcome.decision.offer else None,
        "result_layout": outcome.result_layout,
        "experiments": outcome.experiments,
    }
