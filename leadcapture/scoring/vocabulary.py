"""The fixed vocabulary of SPEC: tools, budget ranges, urgencies, visitor aggregates."""

# The CTA tools, in funnel order; each is the ``TOOL`` of ``cta/tools/<name>.py`` (``cta.registry``).
TOOLS = ("ai_recommendation", "face_analysis", "cost_calculator", "appointment_booking")
BUDGET_RANGES = ("under_1k", "1k_5k", "5k_10k", "over_10k")
URGENCIES = ("immediate", "within_month", "within_quarter", "flexible")

# Visitor aggregates a condition may name as ``visitor.<name>`` (all numbers).
VISITOR_FIELDS = (
    "active_seconds",
    "interaction_count",
    "distinct_tools",
    "days_since_last_visit",
    "session_count",
)

# Contact fields the progressive form can ask for, most valuable first.
CONTACT_FIELDS = ("email", "name", "phone", "preferred_contact_time", "company")
