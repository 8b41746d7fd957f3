"""Pure parts of the tracker: campaign fields, referrer class, user agents, IP anonymisation."""

import pytest

from leadcapture.tracking.identity import is_valid_visitor_id
from leadcapture.tracking.privacy import anonymise_ip
from leadcapture.tracking.referrer import classify_referrer
from leadcapture.tracking.useragent import parse_user_agent
from leadcapture.tracking.utm import campaign_from_url, merge_campaign, strip_query


def test_campaign_fields_from_url():
    url = "https://clinic.example/?utm_source=google&utm_medium=cpc&utm_campaign=spring&utm_term=botox&gclid=abc&x=1"
    assert campaign_from_url(url) == {
        "utm_source": "google",
        "utm_medium": "cpc",
        "utm_campaign": "spring",
        "utm_term": "botox",
        "gclid": "abc",
    }


def test_explicit_utm_wins_and_accepts_short_names():
    url = "https://clinic.example/?utm_source=google&utm_campaign=spring"
    merged = merge_campaign(url, {"campaign": "autumn", "utm_content": "banner", "bogus": "x"})
    assert merged == {"utm_source": "google", "utm_campaign": "autumn", "utm_content": "banner"}


def test_long_campaign_values_are_trimmed_to_column_size():
    assert len(merge_campaign(None, {"source": "s" * 1000})["utm_source"]) == 255


def test_strip_query_keeps_path():
    assert (
        strip_query("https://clinic.example/tools/cost?utm_source=x#top")
        == "https://clinic.example/tools/cost"
    )


@pytest.mark.parametrize(
    ("referrer", "campaign", "expected"),
    [
        (None, {}, "direct"),
        ("https://www.google.com/search?q=botox", {}, "search"),
        ("https://duckduckgo.com/", {}, "search"),
        ("https://l.facebook.com/l.php", {}, "social"),
        ("https://t.co/abc", {}, "social"),
        ("https://mail.google.com/mail/u/0", {}, "email"),
        ("https://www.healthblog.example/best-clinics", {}, "referral"),
        ("https://clinic.example/about", {}, "direct"),
        (None, {"utm_source": "google", "utm_medium": "cpc"}, "search"),
        (None, {"utm_source": "newsletter", "utm_medium": "email"}, "email"),
        (None, {"utm_source": "instagram", "utm_medium": "social"}, "social"),
        (None, {"fbclid": "x"}, "social"),
        (None, {"gclid": "x"}, "search"),
    ],
)
def test_referrer_class(referrer, campaign, expected):
    assert classify_referrer(referrer, campaign, own_host="clinic.example") == expected


@pytest.mark.parametrize(
    ("user_agent", "device_type", "browser", "is_bot"),
    [
        (
            "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 "
            "(KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1",
            "mobile",
            "Mobile Safari",
            False,
        ),
        (
            "Mozilla/5.0 (iPad; CPU OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
            "Version/17.0 Mobile/15E148 Safari/604.1",
            "tablet",
            "Mobile Safari",
            False,
        ),
        (
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
            "Chrome/120.0.0.0 Safari/537.36",
            "desktop",
            "Chrome",
            False,
        ),
        (
            "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
            "HeadlessChrome/120.0 Safari/537.36",
            "desktop",
            "HeadlessChrome",
            False,
        ),
        ("Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)", None, None, True),
        ("Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)", None, None, True),
        ("facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)", None, None, True),
    ],
)
def test_user_agent(user_agent, device_type, browser, is_bot):
    device = parse_user_agent(user_agent)
    assert device.is_bot is is_bot
    if not is_bot:
        assert (device.device_type, device.browser) == (device_type, browser)


@pytest.mark.parametrize(
    ("ip", "stored"),
    [
        ("203.0.113.77", "203.0.113.0"),
        ("2001:db8:1234:5678::1", "2001:db8:1234::"),
        ("::ffff:198.51.100.9", "198.51.100.0"),
        ("not-an-ip", None),
        (None, None),
    ],
)
def test_anonymise_ip(ip, stored):
    assert anonymise_ip(ip) == stored


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        ("0123456789abcdef0123456789abcdef", True),
        ("headless-client_01", True),
        ("short", False),
        ("x" * 65, False),
        ("headless-client_01\n", False),
        ("has space in it", False),
        ("../../etc/passwd", False),
        (12345678, False),
        (None, False),
    ],
)
def test_visitor_id_validation(value, valid):
    assert is_valid_visitor_id(value) is valid


def test_unparsable_urls_give_no_campaign_and_no_crash():
    assert campaign_from_url("https://[::1/?utm_source=x") == {}
    assert strip_query("https://[::1/") is None
    assert classify_referrer("https://[::1/", {}) == "direct"


def test_nul_in_campaign_values_is_dropped():
    assert campaign_from_url("https://clinic.example/?utm_source=a%00b&utm_medium=cpc") == {
        "utm_medium": "cpc"
    }
