"""Made-up contact details for demo leads: reserved example domains and fictional 555-01xx numbers."""

import random
from dataclasses import dataclass

from leadcapture.models.types import new_id

FIRST_NAMES = (
    "Maria", "Sarah", "Emma", "Olivia", "Sophia", "Isabella", "Mia", "Charlotte", "Amelia", "Harper",
    "Emily", "Abigail", "Ella", "Grace", "Chloe", "Aisha", "Priya", "Yuki", "Lena", "Nora",
    "James", "Daniel", "Michael", "David", "Lucas", "Noah", "Omar", "Mateo", "Leo", "Ethan",
)  # fmt: skip
LAST_NAMES = (
    "Garcia", "Smith", "Johnson", "Brown", "Miller", "Davis", "Martinez", "Lopez", "Wilson", "Anderson",
    "Taylor", "Thomas", "Moore", "Jackson", "Martin", "Lee", "Walker", "Hall", "Young", "King",
    "Patel", "Nguyen", "Kim", "Cohen", "Rossi", "Schmidt", "Novak", "Silva", "Khan", "Okafor",
)  # fmt: skip
DOMAINS = ("example.com", "example.org", "example.net")
AREA_CODES = ("212", "310", "312", "415", "512", "617", "713", "305")
CONTACT_TIMES = ("Mornings", "Lunchtime", "Afternoons", "After 6 pm", "Weekends")


@dataclass(frozen=True)
class Person:
    """A demo lead's contact details, as the contact form would have normalised them."""

    name: str
    email: str
    phone: str
    preferred_contact_time: str


def make_person(rng: random.Random) -> Person:
    """A random person; the email is unique (a random id in it), like a lead's must be."""
    first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
    email = f"{first}.{last}.{new_id()[:16]}@{rng.choice(DOMAINS)}".lower()
    phone = f"+1{rng.choice(AREA_CODES)}55501{rng.randrange(100):02d}"
    return Person(f"{first} {last}", email, phone, rng.choice(CONTACT_TIMES))
