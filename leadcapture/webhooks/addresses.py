"""Where a webhook may go: an http(s) URL whose host resolves to public addresses only, unless
``WEBHOOK_ALLOW_PRIVATE`` is on (SSRF: the server must not be a way into the networks it sits in,
nor to a cloud's metadata service).

Checked when an endpoint is saved and again at every attempt, since DNS answers change; the attempt
then connects to the very address that was checked, so a DNS server cannot answer the check with a
public address and the connection with a private one.
"""

import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import SplitResult, urlsplit

MAX_URL_LENGTH = 2000
DEFAULT_PORTS = {"http": 80, "https": 443}


class AddressError(ValueError):
    """A URL webhooks may not be sent to; the message says why, for the admin."""


@dataclass(frozen=True)
class Target:
    scheme: str
    host: str  # as written in the URL (the Host header, TLS's server name)
    port: int
    path: str  # with the query
    address: str  # the checked IP address to connect to

    @property
    def host_header(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return host if self.port == DEFAULT_PORTS[self.scheme] else f"{host}:{self.port}"


def resolve(url: str, allow_private: bool) -> Target:
    """The address to send ``url``'s webhooks to; AddressError when the URL is malformed, its host
    does not resolve, or (unless ``allow_private``) one of its addresses is not public."""
    parts = _split(url)
    host, port = parts.hostname, parts.port or DEFAULT_PORTS[parts.scheme]
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        raise AddressError(f"The host {host} cannot be found (DNS).") from None
    addresses = list(dict.fromkeys(info[4][0] for info in found))
    if not allow_private:
        for address in addresses:
            kind = refused_kind(address)
            if kind:
                raise AddressError(
                    f"The host {host} is at {address}, a {kind} address: webhooks go to public "
                    "addresses only (WEBHOOK_ALLOW_PRIVATE)."
                )
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return Target(parts.scheme, host, port, path, addresses[0])


def refused_kind(address: str) -> str | None:
    """What kind of non-public address ``address`` is ("loopback", "private"…), None when public."""
    ip = ipaddress.ip_address(address.split("%")[0])  # an IPv6 scope (fe80::1%eth0) says nothing
    if ip.version == 6 and ip.ipv4_mapped:
        ip = ip.ipv4_mapped  # ::ffff:127.0.0.1 is 127.0.0.1
    kinds = (
        ("unspecified", ip.is_unspecified),
        ("loopback", ip.is_loopback),
        ("link-local", ip.is_link_local),
        ("multicast", ip.is_multicast),
        ("private", ip.is_private),
        ("reserved", ip.is_reserved),
        ("non-public", not ip.is_global),
    )
    return next((kind for kind, matches in kinds if matches), None)


def _split(url: str) -> SplitResult:
    if len(url) > MAX_URL_LENGTH:
        raise AddressError(f"A URL can be at most {MAX_URL_LENGTH:,} characters.")
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018  (raises ValueError for a port that is not a number from 0 to 65535)
    except ValueError:
        raise AddressError("This is not a valid URL.") from None
    if parts.scheme not in DEFAULT_PORTS:
        raise AddressError("Enter an http:// or https:// URL.")
    if not parts.hostname:
        raise AddressError("The URL needs a host name.")
    if parts.username is not None or parts.password is not None:
        raise AddressError("Put no user name or password in the URL: receivers check the signature instead.")
    return parts
