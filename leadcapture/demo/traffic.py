"""Where demo visits come from and on which devices: weighted choices, no database.

Every stored value is derived the way the tracker derives it (``classify_referrer``,
``parse_user_agent``, ``anonymise_ip``, ``strip_query``), so demo rows look like tracked ones.
"""

import random
import string
from dataclasses import dataclass
from urllib.parse import urlencode

from leadcapture.tracking.privacy import anonymise_ip
from leadcapture.tracking.referrer import classify_referrer
from leadcapture.tracking.useragent import parse_user_agent
from leadcapture.tracking.utm import CAMPAIGN_FIELDS

SITE = "https://www.glowclinic.example"
# Share of visitors who send Do-Not-Track / Global Privacy Control: no IP or browser stored.
PRIVACY_SIGNAL_SHARE = 0.04


@dataclass(frozen=True)
class Channel:
    """A traffic source: its campaign fields, referrers, landing pages and visitors' intent."""

    weights: tuple[int, int]  # of first visits, of return visits
    referrers: tuple[str | None, ...]
    landing_pages: tuple[str, ...]
    utm: tuple[str, str, str] | None = None  # source, medium, campaign
    terms: tuple[str, ...] = ()
    contents: tuple[str, ...] = ()
    click_id: str | None = None  # "gclid" or "fbclid"
    intent: float = 1.0  # multiplies the tool-use rates of its sessions


CHANNELS = {
    "google_ads": Channel(
        weights=(18, 3),
        referrers=("https://www.google.com/",),
        landing_pages=(
            "/offers/spring",
            "/treatments/botox",
            "/treatments/dermal-fillers",
            "/tools/cost-calculator",
        ),
        utm=("google", "cpc", "spring_promo"),
        terms=("botox near me", "lip filler cost", "laser hair removal price", "acne scar treatment"),
        click_id="gclid",
        intent=1.3,
    ),
    "facebook_ads": Channel(
        weights=(14, 2),
        referrers=("https://l.facebook.com/", "https://m.facebook.com/"),
        landing_pages=("/offers/summer-glow", "/treatments/hydrafacial", "/tools/face-analysis"),
        utm=("facebook", "social", "summer_glow"),
        contents=("carousel_a", "video_b", "story_c"),
        click_id="fbclid",
        intent=0.9,
    ),
    "instagram": Channel(
        weights=(10, 2),
        referrers=("https://l.instagram.com/", "https://www.instagram.com/"),
        landing_pages=("/offers/summer-glow", "/tools/face-analysis", "/treatments/dermal-fillers"),
        utm=("instagram", "social", "influencer_collab"),
        contents=("reel", "story", "bio_link"),
        click_id="fbclid",
        intent=0.8,
    ),
    "newsletter": Channel(
        weights=(5, 12),
        referrers=(None, "https://mail.google.com/", "https://outlook.live.com/"),
        landing_pages=("/offers/members", "/blog/winter-skin-care", "/tools/ai-recommendation"),
        utm=("newsletter", "email", "monthly"),
        contents=("header_cta", "footer_link"),
        intent=1.5,
    ),
    "organic_search": Channel(
        weights=(25, 8),
        referrers=("https://www.google.com/",) * 6
        + ("https://www.bing.com/", "https://duckduckgo.com/", "https://www.ecosia.org/"),
        landing_pages=(
            "/",
            "/treatments/botox",
            "/blog/acne-scars-explained",
            "/treatments/laser-hair-removal",
        ),
    ),
    "organic_social": Channel(
        weights=(6, 1),
        referrers=("https://www.facebook.com/", "https://www.pinterest.com/", "https://www.tiktok.com/"),
        landing_pages=("/", "/blog/summer-skin-routine", "/treatments/hydrafacial"),
        intent=0.6,
    ),
    "referral": Channel(
        weights=(7, 2),
        referrers=(
            "https://www.realself.com/reviews",
            "https://www.yelp.com/biz/glow-clinic",
            "https://citybeauty.example/",
        ),
        landing_pages=("/", "/about", "/treatments/thread-lift"),
        intent=1.1,
    ),
    "direct": Channel(
        weights=(15, 30), referrers=(None,), landing_pages=("/", "/book", "/tools/ai-recommendation")
    ),
}
_CHANNELS = tuple(CHANNELS.values())
_FIRST_WEIGHTS = tuple(channel.weights[0] for channel in CHANNELS.values())
_RETURN_WEIGHTS = tuple(channel.weights[1] for channel in CHANNELS.values())


@dataclass(frozen=True)
class Arrival:
    """How one session starts: channel, campaign fields, referrer and landing page."""

    channel: Channel
    campaign: dict[str, str | None]  # every CAMPAIGN_FIELDS key
    referrer: str | None
    referrer_class: str
    landing_path: str
    landing_url: str  # as the browser saw it, with the campaign query string


def arrive(rng: random.Random, returning: bool) -> Arrival:
    """A random session start; returning visitors come direct or by email more often."""
    channel = rng.choices(_CHANNELS, weights=_RETURN_WEIGHTS if returning else _FIRST_WEIGHTS)[0]
    campaign = dict.fromkeys(CAMPAIGN_FIELDS)
    if channel.utm:
        campaign.update(zip(("utm_source", "utm_medium", "utm_campaign"), channel.utm, strict=True))
    if channel.terms:
        campaign["utm_term"] = rng.choice(channel.terms)
    if channel.contents:
        campaign["utm_content"] = rng.choice(channel.contents)
    if channel.click_id:
        campaign[channel.click_id] = "".join(rng.choices(string.ascii_letters + string.digits, k=40))
    referrer = rng.choice(channel.referrers)
    path = rng.choice(channel.landing_pages)
    present = {key: value for key, value in campaign.items() if value}
    query = urlencode(present)
    return Arrival(
        channel=channel,
        campaign=campaign,
        referrer=referrer,
        referrer_class=classify_referrer(referrer, present),
        landing_path=path,
        landing_url=f"{SITE}{path}" + (f"?{query}" if query else ""),
    )


# (weight, user agent): mobile-heavy, as clinic sites are.
USER_AGENTS = (
    (
        28,
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
        "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
    ),
    (
        5,
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
        "(KHTML, like Gecko) CriOS/126.0.6478.54 Mobile/15E148 Safari/604.1",
    ),
    (
        4,
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
        "(KHTML, like Gecko) Mobile/15E148 Instagram 338.0.0.19.107",
    ),
    (
        18,
        "Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 "
        "(KHTML, like Gecko) Chrome/126.0.6478.71 Mobile Safari/537.36",
    ),
    (
        6,
        "Mozilla/5.0 (Linux; Android 14; SM-A546B) AppleWebKit/537.36 "
        "(KHTML, like Gecko) SamsungBrowser/25.0 Chrome/121.0.0.0 Mobile Safari/537.36",
    ),
    (
        5,
        "Mozilla/5.0 (iPad; CPU OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
        "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
    ),
    (
        2,
        "Mozilla/5.0 (Linux; Android 13; SM-X710) AppleWebKit/537.36 "
        "(KHTML, like Gecko) Chrome/126.0.6478.71 Safari/537.36",
    ),
    (
        14,
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 "
        "(KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36",
    ),
    (
        5,
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 "
        "(KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36 Edg/126.0.2592.68",
    ),
    (
        7,
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 "
        "(KHTML, like Gecko) Version/17.5 Safari/605.1.15",
    ),
    (
        4,
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 "
        "(KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36",
    ),
    (2, "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:127.0) Gecko/20100101 Firefox/127.0"),
)
_AGENT_STRINGS = tuple(agent for _weight, agent in USER_AGENTS)
_AGENT_WEIGHTS = tuple(weight for weight, _agent in USER_AGENTS)
# First octets of public IPv4 ranges that residential and mobile carriers use.
IPV4_FIRST_OCTETS = (24, 31, 46, 62, 73, 81, 86, 92, 98, 109, 151, 176, 188, 212)


@dataclass(frozen=True)
class DemoDevice:
    """A visitor's browser as the tracker stores it."""

    device_type: str
    browser: str | None
    os: str | None
    ip_anonymized: str | None
    privacy_signal: bool


def pick_device(rng: random.Random) -> DemoDevice:
    """A random visitor device, parsed from a real user agent, with an anonymised IP."""
    parsed = parse_user_agent(rng.choices(_AGENT_STRINGS, weights=_AGENT_WEIGHTS)[0])
    if rng.random() < PRIVACY_SIGNAL_SHARE:
        return DemoDevice(parsed.device_type, None, None, None, True)
    return DemoDevice(parsed.device_type, parsed.browser, parsed.os, anonymise_ip(_random_ip(rng)), False)


def _random_ip(rng: random.Random) -> str:
    if rng.random() < 0.15:
        return f"2a02:{rng.randrange(0x10000):x}:{rng.randrange(0x10000):x}::{rng.randrange(1, 0x10000):x}"
    octets = (rng.choice(IPV4_FIRST_OCTETS), rng.randrange(256), rng.randrange(256), rng.randrange(1, 255))
    return ".".join(map(str, octets))
