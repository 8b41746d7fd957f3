"""User agent parsing (ua-parser, the maintained uap-core rules) and bot detection."""

from dataclasses import dataclass
from functools import lru_cache

import ua_parser

# ua-parser marks most crawlers as device "Spider"; these catch the rest. Headless
# browsers are not bots here: people's automation and our browser tests use them.
BOT_MARKERS = ("bot/", "bot;", "bot)", "crawler", "spider", "slurp", "+http")
# Every device type a visit is given (``visit_sessions.device_type``).
DEVICE_TYPES = ("desktop", "mobile", "tablet", "other")


@dataclass(frozen=True)
class Device:
    device_type: str  # one of DEVICE_TYPES
    browser: str | None
    os: str | None
    is_bot: bool


@lru_cache(maxsize=4096)
def parse_user_agent(user_agent: str) -> Device:
    """Device type, browser and OS of ``user_agent``, and whether it is a bot."""
    if not user_agent:
        return Device("other", None, None, False)
    result = ua_parser.parse(user_agent)
    device_family = result.device.family if result.device else ""
    browser = result.user_agent.family if result.user_agent else None
    os_family = result.os.family if result.os else None
    lowered = user_agent.lower()
    is_bot = device_family == "Spider" or any(marker in lowered for marker in BOT_MARKERS)
    return Device(_device_type(lowered, device_family, os_family), browser, os_family, is_bot)


def _device_type(lowered: str, device_family: str, os_family: str | None) -> str:
    if "ipad" in lowered or "tablet" in lowered or device_family.lower().startswith("ipad"):
        return "tablet"
    if os_family == "Android" and "mobile" not in lowered:
        return "tablet"
    if "mobi" in lowered or "iphone" in lowered:
        return "mobile"
    if os_family in {"Windows", "Mac OS X", "Linux", "Ubuntu", "Chrome OS", "Fedora"}:
        return "desktop"
    return "other"
