"""Demo feedback comments: five planted themes, each with its own words, in the mood of the rating.

A comment is one or two sentences of one theme (praise for a rating of 4-5, a complaint for 1-2, a
mixed remark for 3), sometimes with a closing line that names no theme. Theme clustering on demo
data should find these five topics again.
"""

import random

POSITIVE, MIXED, NEGATIVE = "positive", "mixed", "negative"
THEMES: dict[str, dict[str, tuple[str, ...]]] = {
    "price": {
        POSITIVE: (
            "Fair prices and the bundle discount made it affordable.",
            "Great value for money compared to other clinics.",
            "The estimate was clear and the final price matched the quote.",
            "Affordable pricing and great value, nothing hidden.",
            "Really good value, the discount for two procedures was a nice surprise.",
            "Honest, transparent pricing. Love it.",
        ),
        MIXED: (
            "Prices are a bit high but probably average for the area.",
            "The quote was okay, though I expected a bigger discount.",
            "Decent value, although the costs add up quickly.",
        ),
        NEGATIVE: (
            "Far too expensive for what you get, really disappointing.",
            "The prices are much higher than other clinics nearby, not worth the money.",
            "Annoying hidden costs: the final price was well above the quote.",
            "Way overpriced and frankly a bad deal.",
            "Terrible value, the estimate was far below what they charged.",
            "Too pricey, and no discount for returning clients. Disappointing.",
        ),
    },
    "waiting": {
        POSITIVE: (
            "Booking an appointment was easy and I got a slot the same week.",
            "They saw me right on time, excellent.",
            "Easy to find a free slot, booking was quick and painless.",
            "Got an appointment for the next day, brilliant.",
            "Rescheduling my appointment was easy and fast.",
        ),
        MIXED: (
            "Had to wait a little, but the appointment started soon after.",
            "Booking was fine, though the earliest slot was two weeks away.",
            "The waiting time was acceptable, nothing more.",
        ),
        NEGATIVE: (
            "I waited over forty minutes past my appointment time, awful.",
            "No free slots for weeks, the waiting list is ridiculous.",
            "My appointment was moved twice, terrible booking experience.",
            "Waited ages in the waiting room, really frustrating.",
            "Could not get an appointment for a month, unacceptable.",
        ),
    },
    "staff": {
        POSITIVE: (
            "The staff were so friendly and made me feel at ease.",
            "Lovely nurse, she explained every step and was very kind.",
            "The receptionist was warm and welcoming, a great team.",
            "The doctor was patient, caring and answered all my questions.",
            "Friendly, professional staff from start to finish.",
        ),
        MIXED: (
            "The staff were polite enough, if a bit rushed.",
            "The nurse was nice, the receptionist less so.",
            "The doctor was fine but did not say much.",
        ),
        NEGATIVE: (
            "The receptionist was rude and dismissive.",
            "Staff seemed rushed and ignored my concerns.",
            "The nurse was unfriendly and hurried through everything.",
            "Nobody on the team bothered to explain anything, I felt ignored.",
        ),
    },
    "results": {
        POSITIVE: (
            "Amazing results, my skin looks better than ever.",
            "The botox looks natural and the wrinkles are gone.",
            "My acne scars are visibly smoother after three sessions, so happy.",
            "Fantastic treatment, I can see a real difference already.",
            "Love the results of the fillers, subtle and natural.",
        ),
        MIXED: (
            "Some improvement in my skin, though less than I hoped.",
            "The results are subtle, maybe too subtle.",
            "The treatment helped a little with the wrinkles.",
        ),
        NEGATIVE: (
            "No visible results after two sessions, a waste of time.",
            "The treatment left my skin red and irritated for a week.",
            "The results wore off after a month, very disappointed.",
            "My skin looks worse than before, awful outcome.",
        ),
    },
    "website": {
        POSITIVE: (
            "The website is easy to use and the calculator was really helpful.",
            "Clear, simple site, I found everything I needed in a few clicks.",
            "Works great on my phone, the online form was quick.",
            "Nice clean website, the recommendations page was super helpful.",
        ),
        MIXED: (
            "The site is okay but a bit slow on mobile.",
            "Useful calculator, though the page layout is cluttered.",
            "The online form works, but the menu could be simpler.",
        ),
        NEGATIVE: (
            "The website kept crashing on my phone, so frustrating.",
            "Confusing site, I could not find the form and gave up.",
            "The page took forever to load and the menu is a mess.",
            "The online form lost everything I typed, so annoying.",
        ),
    },
}
CLOSINGS = {
    POSITIVE: ("Would recommend!", "Thank you!", "Will definitely come back."),
    MIXED: ("Might come back.", "We will see."),
    NEGATIVE: ("Not happy.", "Very disappointed.", "Poor service overall."),
}
SECOND_SENTENCE_SHARE = 0.3
CLOSING_SHARE = 0.35


def mood_of(rating: int) -> str:
    """The mood a comment has for an overall ``rating`` of 1-5."""
    return POSITIVE if rating >= 4 else NEGATIVE if rating <= 2 else MIXED


def make_comment(rng: random.Random, theme: str, rating: int) -> str:
    """A comment on ``theme`` in the mood of ``rating``."""
    mood = mood_of(rating)
    sentences = THEMES[theme][mood]
    count = 2 if rng.random() < SECOND_SENTENCE_SHARE else 1
    parts = rng.sample(sentences, count)
    if rng.random() < CLOSING_SHARE:
        parts.append(rng.choice(CLOSINGS[mood]))
    return " ".join(parts)
