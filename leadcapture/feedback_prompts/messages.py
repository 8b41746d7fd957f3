"""What a prompt says: a greeting for the session's engagement level (seed 000's four, editable in
the settings), a line that asks more of an engaged visitor than of a passing one, and the prompt's
own question."""

from dataclasses import dataclass

from leadcapture.feedback_prompts.settings import PromptSettings

QUESTIONS = {
    "tool_result": "Was this helpful?",
    "exit_intent": "Before you go: how was your visit?",
    "after_booking": "How easy was booking your consultation?",
    "in_app": "How are we doing?",
    "email": "How was booking your consultation with us?",
}
# Seed 000: an engaged visitor is asked for their insights, anyone else for half a minute.
ENGAGED_LEVELS = ("high", "very_high")
ENGAGED_ASK = (
    "Since you spent time exploring, your view helps us most: what worked well, and what could be better?"
)
QUICK_ASK = "Quick feedback? It takes 30 seconds and helps us make this site more useful for you."


@dataclass(frozen=True)
class PromptMessage:
    greeting: str
    ask: str
    question: str

    def to_dict(self) -> dict:
        return {"greeting": self.greeting, "ask": self.ask, "question": self.question}


def prompt_message(prompt_type: str, level: str, settings: PromptSettings) -> PromptMessage:
    """The message of a ``prompt_type`` prompt for a session of engagement ``level``."""
    greeting = settings.greetings.get(level, settings.greetings["low"])
    ask = ENGAGED_ASK if level in ENGAGED_LEVELS else QUICK_ASK
    return PromptMessage(greeting, ask, QUESTIONS[prompt_type])
