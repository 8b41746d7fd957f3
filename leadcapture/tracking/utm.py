"""Campaign parameters (UTM, click ids) from a page URL or a client's explicit values."""

from urllib.parse import SplitResult, parse_qs, urlsplit, urlunsplit

CAMPAIGN_FIELDS = (
    "utm_source",
    "utm_medium",
    "utm_campaign",
    "utm_term",
    "utm_content",
    "gclid",
    "fbclid",
)
MAX_FIELD_LENGTH = 255


def safe_split(url: str | None) -> SplitResult | None:
    """``url`` split into parts, or None when it cannot be parsed (e.g. an unclosed IPv6 bracket)."""
    try:
        return urlsplit(url) if url else None
    except ValueError:
        return None


def campaign_from_url(url: str | None) -> dict[str, str]:
    """The campaign fields found in ``url``'s query string (values with a NUL are ignored)."""
    parts = safe_split(url)
    if parts is None:
        return {}
    query = parse_qs(parts.query)
    values = {name: query[name][0] for name in CAMPAIGN_FIELDS if query.get(name, [""])[0]}
    return {name: value for name, value in values.items() if "\x00" not in value}


def merge_campaign(url: str | None, explicit: dict[str, str]) -> dict[str, str]:
    """Fields from the URL, overridden by explicit ones; trimmed to column size."""
    merged = campaign_from_url(url)
    for name, value in explicit.items():
        key = name if name.startswith(("utm_", "gclid", "fbclid")) else f"utm_{name}"
        if key in CAMPAIGN_FIELDS and isinstance(value, str) and value.strip() and "\x00" not in value:
            merged[key] = value.strip()
    return {name: value[:MAX_FIELD_LENGTH] for name, value in merged.items()}


def campaign_key(fields: dict) -> tuple | None:
    """What identifies a campaign for session roll-over; None when the hit carries no UTM."""
    key = tuple(fields.get(name) for name in ("utm_source", "utm_medium", "utm_campaign"))
    return key if any(key) else None


def strip_query(url: str | None, limit: int = 2000) -> str | None:
    """``url`` without query and fragment (campaign fields are stored on their own)."""
    parts = safe_split(url)
    if parts is None:
        return None
    return urlunsplit((parts.scheme, parts.netloc, parts.path or "/", "", ""))[:limit]
