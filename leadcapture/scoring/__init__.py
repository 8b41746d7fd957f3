"""The lead-scoring engine: pure Python, no Flask, no database.

Usage::

    from leadcapture.scoring import DEFAULT_RULES, DEFAULT_SETTINGS, VisitorFacts, compile_rules

    ruleset = compile_rules(DEFAULT_RULES)          # validate + compile once (RuleValidationError)
    facts = VisitorFacts.from_dict({
        "interactions": [{"tool": "cost_calculator",   # all of them, every session, oldest first
                          "data": {"procedures": ["botox", "prp_facial"], "budget_range": "over_10k"},
                          "created_at": "2024-05-01T10:00:00"}],
        "active_seconds": 320, "session_count": 2, "days_since_last_visit": 3,
    }, now=now)
    result = ruleset.evaluate(facts, DEFAULT_SETTINGS)   # -> ScoreResult
    result.score, result.level, result.breakdown, result.unclamped_total, result.superseded
    decide_contact_form(result.score, known_fields={"email"}, settings=DEFAULT_SETTINGS,
                        seconds_since_last_dismissal=None, prompts_this_session=0)  # -> FormDecision

Rules are plain dicts as stored in the rule table (``rules`` module): ``name``, ``description``,
``kind`` (``base``/``bonus``), ``condition``, ``points``, ``per_match``, ``maximum``,
``skip_matches``, ``active``, ``position`` and an opaque ``id``. A condition is
``{"match": "all"|"any", "conditions": [{"field", "op", "value"}, ...]}``; fields are ``tool``,
``data.<dotted.path>`` and ``visitor.<aggregate>`` (``active_seconds``, ``interaction_count``,
``distinct_tools``, ``days_since_last_visit``, ``session_count``); operators ``eq ne in not_in gt gte
lt lte contains count_gte exists`` (``operators`` module). Invalid rules raise
``RuleValidationError`` whose ``errors`` map a path (``conditions[0].op``; ``rules[2].points`` for
a rule set) to a message saying what is wrong and what to use instead.

Semantics:

* **Matching.** A rule naming any interaction field (``tool``, ``data.*``) is judged per
  interaction. ``all``: an interaction matches when it satisfies all the interaction conditions and
  the visitor satisfies all the ``visitor.*`` conditions. ``any``: when it satisfies one interaction
  condition, or the visitor satisfies one visitor condition (then every interaction matches). A rule
  naming only ``visitor.*`` fields is judged once on the aggregates and counts as one match, also
  for a per-match rule. A missing or null field satisfies no operator except ``exists: false``.
* **Base** rules do not add up: the score starts from the highest matching base rule (ties: the
  earlier by ``position``, then by list order); base rules that matched but lost are named in
  ``ScoreResult.superseded``.
* **Bonus** rules add their points once when they match.
* **Per-match** bonuses add their points for every matching interaction, oldest first, after
  skipping the first ``skip_matches``; ``maximum`` caps the rule's **total points** (the absolute
  value for negative points), not its number of matches. SPEC's "Multiple interactions: 5 each
  after the first" is ``tool exists`` + ``per_match`` + ``skip_matches: 1``.
* Points are whole numbers and may be negative. The breakdown lists each rule that gave points
  (the base winner first, then bonuses by position); their sum is ``unclamped_total`` and
  ``score`` is that clamped to 0-100.
* **Level**: ``high`` from ``high_threshold`` (70), ``medium`` from ``medium_threshold`` (40),
  else ``low``.
* **Decay** (``decay_enabled``, off by default): an interaction ``age_days`` old weighs
  ``2 ** (-age_days / decay_half_life_days)`` (an unknown age 1; worked example in ``engine``). A
  base or plain bonus rule gives its points times the weight of its freshest matching interaction
  (so a booking one half-life old, 90 -> 45, loses to a fresh AI recommendation, 60); a per-match
  rule gives its points times the summed weights of its counted matches, then ``maximum``
  applies; visitor-only rules weigh 1. Each rule's points are then rounded half away from zero
  (7.5 -> 8, -2.5 -> -3).
* Inactive rules never fire.

The contact form (``form``): offered when the score reaches ``form_threshold``, a field of
``field_priority`` is still unknown, the last dismissal is at least ``reprompt_cooldown_seconds``
ago and fewer than ``max_prompts_per_session`` offers were made this session; it asks the unknown
fields in priority order, at most ``max_fields_per_form``.
"""

from leadcapture.scoring.defaults import DEFAULT_RULES
from leadcapture.scoring.engine import (
    BreakdownItem,
    CompiledRuleSet,
    ScoreResult,
    compile_rules,
    engagement_level,
    score_visitor,
)
from leadcapture.scoring.errors import RuleValidationError, ScoringValidationError, SettingsValidationError
from leadcapture.scoring.facts import InteractionFacts, VisitorFacts
from leadcapture.scoring.form import FormDecision, decide_contact_form, fields_to_ask
from leadcapture.scoring.operators import OPERATORS
from leadcapture.scoring.rules import KINDS, Rule
from leadcapture.scoring.settings import DEFAULT_SETTINGS, ScoringSettings
from leadcapture.scoring.vocabulary import BUDGET_RANGES, TOOLS, URGENCIES, VISITOR_FIELDS

__all__ = [
    "BUDGET_RANGES",
    "DEFAULT_RULES",
    "DEFAULT_SETTINGS",
    "KINDS",
    "OPERATORS",
    "TOOLS",
    "URGENCIES",
    "VISITOR_FIELDS",
    "BreakdownItem",
    "CompiledRuleSet",
    "FormDecision",
    "InteractionFacts",
    "Rule",
    "RuleValidationError",
    "ScoreResult",
    "ScoringSettings",
    "ScoringValidationError",
    "SettingsValidationError",
    "VisitorFacts",
    "compile_rules",
    "decide_contact_form",
    "engagement_level",
    "fields_to_ask",
    "score_visitor",
]
