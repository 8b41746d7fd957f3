"""Lead capture: one lead per email, linked visitors, attribution, consent and score."""
