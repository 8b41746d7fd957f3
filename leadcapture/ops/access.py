"""Who may read ``/metrics``: with ``METRICS_TOKEN`` set, whoever sends it as a Bearer token;
without, only clients on loopback or private addresses (as the app sees them: through
``TRUSTED_PROXIES``' ``X-Forwarded-For``)."""

import hmac
import ipaddress

# Headers a proxy adds: with none trusted (TRUSTED_PROXIES=0) such a request's client is unknown,
# since the address the app sees is the proxy's own, a private one.
PROXY_HEADERS = ("X-Forwarded-For", "Forwarded", "X-Real-IP")


def metrics_refusal(
    token: str | None, authorization: str | None, client: str | None, untrusted_proxy: bool
) -> tuple[int, str] | None:
    """Why a request may not read the metrics, as (status, message), or None when it may."""
    if token:
        scheme, _, sent = (authorization or "").partition(" ")
        if scheme.lower() == "bearer" and hmac.compare_digest(sent.strip().encode(), token.encode()):
            return None
        return 401, "Send the metrics token: Authorization: Bearer <METRICS_TOKEN>."
    if untrusted_proxy:
        return 403, "Behind a proxy the client's address is unknown: set TRUSTED_PROXIES, or METRICS_TOKEN."
    if not private_address(client):
        return 403, "Only loopback and private addresses may read the metrics; set METRICS_TOKEN for others."
    return None


def private_address(address: str | None) -> bool:
    """Whether ``address`` is a loopback or private (RFC 1918, unique local, link-local) one."""
    try:
        ip = ipaddress.ip_address(address or "")
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return ip.is_loopback or ip.is_private
