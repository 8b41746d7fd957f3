"""Classify where a visit came from: search, social, email, referral or direct."""

from leadcapture.tracking.utm import safe_split

SEARCH_HOSTS = ("google.", "bing.", "duckduckgo.", "yahoo.", "baidu.", "yandex.", "ecosia.", "search.brave.")
SOCIAL_HOSTS = (
    "facebook.",
    "instagram.",
    "t.co",
    "twitter.",
    "x.com",
    "linkedin.",
    "lnkd.in",
    "pinterest.",
    "tiktok.",
    "reddit.",
    "youtube.",
    "snapchat.",
    "whatsapp.",
)
EMAIL_HOSTS = ("mail.google.", "outlook.", "mail.yahoo.", "mail.", "webmail.")
SEARCH_MEDIUMS = {"cpc", "ppc", "paid_search", "paidsearch", "sem", "organic", "search"}
SOCIAL_MEDIUMS = {"social", "paid_social", "social_paid", "sm", "social-network", "social-media"}
EMAIL_MEDIUMS = {"email", "e-mail", "newsletter"}


def _host_matches(host: str, patterns: tuple[str, ...]) -> bool:
    labels = host.split(".")
    for pattern in patterns:
        if pattern.endswith("."):
            if any(label + "." == pattern for label in labels[:-1]) or host.startswith(pattern):
                return True
        elif host == pattern or host.endswith("." + pattern):
            return True
    return False


def classify_referrer(referrer: str | None, campaign: dict[str, str], own_host: str | None = None) -> str:
    """The traffic class of a visit, from its UTM medium first, then its click ids and referrer."""
    medium = (campaign.get("utm_medium") or "").lower()
    if medium in EMAIL_MEDIUMS:
        return "email"
    if medium in SOCIAL_MEDIUMS or campaign.get("fbclid"):
        return "social"
    if medium in SEARCH_MEDIUMS or campaign.get("gclid"):
        return "search"
    parts = safe_split(referrer)
    host = (parts.hostname or "").lower() if parts else ""
    if host.startswith("www."):
        host = host[4:]
    if not host or (own_host and host == own_host.lower().removeprefix("www.")):
        return "direct"
    if _host_matches(host, EMAIL_HOSTS):
        return "email"
    if _host_matches(host, SEARCH_HOSTS):
        return "search"
    if _host_matches(host, SOCIAL_HOSTS):
        return "social"
    return "referral"
