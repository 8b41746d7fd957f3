"""The seeded procedure catalog and concern vocabulary (SPEC ids; editable data after seeding)."""

CONCERNS = {
    "wrinkles": "Wrinkles",
    "fine_lines": "Fine lines",
    "volume_loss": "Volume loss",
    "sagging": "Sagging skin",
    "acne": "Acne",
    "acne_scars": "Acne scars",
    "pigmentation": "Pigmentation and sun spots",
    "redness": "Redness and rosacea",
    "dull_skin": "Dull skin",
    "large_pores": "Large pores",
    "dark_circles": "Dark circles",
    "unwanted_hair": "Unwanted hair",
}

# Prices are per session, in USD.
DEFAULT_PROCEDURES = [
    {
        "id": "botox",
        "name": "Botox",
        "description": "Anti-wrinkle injections that relax the muscles behind frown lines, forehead lines "
        "and crow's feet. Results last three to four months.",
        "concerns": ["wrinkles", "fine_lines"],
        "keywords": ["botulinum", "anti-wrinkle injections", "frown lines", "forehead lines", "crow's feet"],
        "price_low": 300,
        "price_high": 600,
        "typical_sessions": 1,
    },
    {
        "id": "dermal_fillers",
        "name": "Dermal fillers",
        "description": "Hyaluronic acid fillers that restore lost volume in cheeks, lips and under-eye "
        "hollows and soften deep folds.",
        "concerns": ["volume_loss", "wrinkles", "sagging", "dark_circles"],
        "keywords": ["filler", "lip filler", "hyaluronic acid", "cheek filler", "hollow", "thin lips"],
        "price_low": 600,
        "price_high": 1200,
        "typical_sessions": 1,
    },
    {
        "id": "chemical_peel",
        "name": "Chemical peel",
        "description": "An acid solution that removes damaged outer layers of skin to even out tone, "
        "fade spots and clear congested skin.",
        "concerns": ["pigmentation", "acne", "acne_scars", "dull_skin", "fine_lines"],
        "keywords": ["peel", "glycolic", "salicylic", "sun spots", "uneven skin tone", "melasma"],
        "price_low": 150,
        "price_high": 400,
        "typical_sessions": 3,
    },
    {
        "id": "laser_resurfacing",
        "name": "Laser resurfacing",
        "description": "Fractional laser treatment that rebuilds collagen to smooth wrinkles, scars and "
        "sun damage. A few days of downtime.",
        "concerns": ["wrinkles", "fine_lines", "acne_scars", "pigmentation", "large_pores"],
        "keywords": ["fractional laser", "co2 laser", "sun damage", "skin texture", "resurfacing"],
        "price_low": 1000,
        "price_high": 3000,
        "typical_sessions": 2,
    },
    {
        "id": "microneedling",
        "name": "Microneedling",
        "description": "Fine needles create micro-injuries that trigger collagen, improving scars, pores "
        "and texture with little downtime.",
        "concerns": ["acne_scars", "large_pores", "fine_lines", "dull_skin"],
        "keywords": ["collagen induction", "dermapen", "skin texture", "scarring"],
        "price_low": 200,
        "price_high": 700,
        "typical_sessions": 3,
    },
    {
        "id": "hydrafacial",
        "name": "HydraFacial",
        "description": "A gentle cleanse, exfoliation and hydration facial for glowing skin and clearer "
        "pores, with no downtime.",
        "concerns": ["dull_skin", "large_pores", "acne", "redness"],
        "keywords": ["facial", "hydration", "glow", "blackheads", "clogged pores", "dry skin"],
        "price_low": 150,
        "price_high": 300,
        "typical_sessions": 1,
    },
    {
        "id": "laser_hair_removal",
        "name": "Laser hair removal",
        "description": "Laser pulses that disable hair follicles for long-lasting reduction of unwanted "
        "hair on face and body.",
        "concerns": ["unwanted_hair"],
        "keywords": ["hair removal", "facial hair", "shaving", "waxing", "ingrown hairs"],
        "price_low": 100,
        "price_high": 500,
        "typical_sessions": 6,
    },
    {
        "id": "prp_facial",
        "name": "PRP facial",
        "description": "Platelet-rich plasma from your own blood, applied with microneedling to renew "
        "tired skin, fine lines and under-eye circles.",
        "concerns": ["dull_skin", "fine_lines", "acne_scars", "dark_circles"],
        "keywords": ["vampire facial", "platelet rich plasma", "tired skin", "under-eye"],
        "price_low": 500,
        "price_high": 1500,
        "typical_sessions": 3,
    },
    {
        "id": "thread_lift",
        "name": "Thread lift",
        "description": "Dissolvable threads that lift sagging cheeks, jowls and brows without surgery.",
        "concerns": ["sagging", "volume_loss"],
        "keywords": ["lift", "jowls", "face lift", "non-surgical facelift", "droopy", "loose skin"],
        "price_low": 1500,
        "price_high": 4500,
        "typical_sessions": 1,
    },
    {
        "id": "skin_consultation",
        "name": "Skin consultation",
        "description": "A consultation with a dermatology specialist who assesses your skin and plans "
        "treatment, for redness, sensitivity or any concern.",
        "concerns": ["redness", "acne", "pigmentation", "dull_skin", "wrinkles"],
        "keywords": ["consultation", "dermatologist", "advice", "rosacea", "sensitive skin", "assessment"],
        "price_low": 0,
        "price_high": 150,
        "typical_sessions": 1,
    },
]
