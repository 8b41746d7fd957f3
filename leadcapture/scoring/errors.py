"""Validation errors that say which attribute is wrong and why."""


class ScoringValidationError(ValueError):
    """Invalid scoring input; ``errors`` maps an attribute path to a human message.

    Paths look like ``name``, ``conditions[0].op`` or, for a rule set, ``rules[2].points``.
    """

    def __init__(self, errors: dict[str, str]):
        self.errors = dict(errors)
        super().__init__("; ".join(f"{path}: {message}" for path, message in self.errors.items()))


class RuleValidationError(ScoringValidationError):
    """A rule (or a rule set) was refused."""


class SettingsValidationError(ScoringValidationError):
    """Scoring settings were refused."""
