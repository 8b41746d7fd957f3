"""IP anonymisation, applied before anything is stored."""

import ipaddress


def anonymise_ip(ip: str | None) -> str | None:
    """Zero the last IPv4 octet, keep an IPv6 address's /48; None for anything unparsable."""
    if not ip:
        return None
    try:
        address = ipaddress.ip_address(ip.strip())
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    prefix = 24 if address.version == 4 else 48
    return str(ipaddress.ip_network(f"{address}/{prefix}", strict=False).network_address)
