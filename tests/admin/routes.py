"""The admin's routes as the app registers them, with sample URLs, so tests cover every page added."""

import uuid

from werkzeug.routing import AnyConverter, FloatConverter, IntegerConverter, Rule, UUIDConverter

# Reachable without signing in.
PUBLIC_ENDPOINTS = {"admin.login", "admin.logout"}
SAMPLES = {IntegerConverter: 1, FloatConverter: 1.0, UUIDConverter: uuid.UUID(int=1)}


def admin_rules(app, include_public: bool = False) -> list[Rule]:
    """Every URL rule of the admin blueprint, in a stable order."""
    rules = [rule for rule in app.url_map.iter_rules() if rule.endpoint.startswith("admin.")]
    if not include_public:
        rules = [rule for rule in rules if rule.endpoint not in PUBLIC_ENDPOINTS]
    return sorted(rules, key=lambda rule: (rule.rule, rule.endpoint))


def methods(rule: Rule) -> list[str]:
    return sorted(rule.methods - {"HEAD", "OPTIONS"})


def sample_path(app, rule: Rule) -> str:
    """A path this rule matches, made-up values in its arguments (an id 1, a string "1")."""
    values = {name: _sample(converter) for name, converter in rule._converters.items()}
    return app.url_map.bind("localhost").build(rule.endpoint, values, method=methods(rule)[0])


def _sample(converter):
    if isinstance(converter, AnyConverter):
        return sorted(converter.items)[0]
    return SAMPLES.get(type(converter), "1")
