"""Comments on a few planted topics, written the way visitors write them, for the theme tests."""

from random import Random

TOPICS = {
    "price": ("price", "expensive", "cost", "quote", "afford", "discount", "pricey"),
    "waiting": ("waiting", "appointment", "weeks", "slots", "booking", "delay", "reschedule"),
    "staff": ("staff", "friendly", "nurse", "doctor", "kind", "explained", "receptionist"),
    "website": ("website", "calculator", "upload", "photo", "mobile", "form", "crashed"),
}
FILLERS = ("really", "overall", "honestly", "a bit", "quite", "to be fair", "this time", "again")
SENTENCES = (
    "The {a} was {f} a problem, and the {b} too",
    "{F}, the {a} and the {b}",
    "Not happy about the {a}; the {b} was {f} off",
    "Loved the {a}, {f} the {b} as well",
    "{a} and {b}, {f}",
    "Something to say about the {a}: {f} the {b}",
)


def planted_comments(count: int, seed: int = 1, topics: dict = TOPICS) -> list[tuple[str, str]]:
    """``count`` (topic, comment) pairs, each comment naming two words of its topic."""
    rng = Random(seed)
    comments = []
    for _ in range(count):
        topic = rng.choice(list(topics))
        first, second = rng.sample(topics[topic], 2)
        filler = rng.choice(FILLERS)
        text = rng.choice(SENTENCES).format(a=first, b=second, f=filler, F=filler.capitalize())
        comments.append((topic, text))
    return comments
