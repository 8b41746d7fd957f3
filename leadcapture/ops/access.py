"""Who may read ``/metrics``: with ``METRICS_TOKEN`` set, whoever sends it as a Bearer token;
without, only clients on loopback or private addresses (as the app sees them: through
``TRUSTED_PROXIES``' ``X-Forwarded-For``)."""

import hmac
import ipaddress

# Headers a proxy adds: with none trusted (TRUSTED_PROXIES=0) such a request's client is unknown,
# since the address the app sees is the proxy's own, a private one.
PROXY_HEADERS = ("X-Forwarded-For", "Forwarded", "X-Real-IP")
# Loopback, RFC 1918, link-local, IPv6 unique local (written out: Python's ``is_private`` also
# counts the documentation and benchmarking ranges).
PRIVATE_NETWORKS = tuple(
    ipaddress.ip_network(network)
    for network in (
        "127.0.0.0/8",
        "10.0.0.0/8",
        "172.16.0.0/12",
        "192.168.0.0/16",
        "169.254.0.0/16",
        "::1/128",
        "fc00::/7",
        "fe80::/10",
    )
)


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
    """Whether ``address`` is in one of ``PRIVATE_NETWORKS``."""
    try:
        ip = ipaddress.ip_address(address or "")
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return any(ip in network for network in PRIVATE_NETWORKS)
