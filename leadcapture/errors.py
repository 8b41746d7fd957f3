"""Errors services raise for input a person can correct, field by field."""


class InputError(ValueError):
    """The input was refused; ``fields`` maps each bad field to a message, ``status`` is the HTTP
    status the JSON API answers (422, or e.g. 409 when a slot was taken meanwhile)."""

    def __init__(self, fields: dict[str, str], status: int = 422, message: str | None = None):
        self.fields = fields
        self.status = status
        self.message = message or "Please correct the highlighted fields."
        super().__init__(self.message)
