"""Which network a sign-in attempt comes from, for counting failed passwords per client.

Streamlit gives the address of the connection's other end (st.context.ip_address,
None for loopback). Behind nginx that is nginx, and the visitor's address is the
last one nginx appended to X-Forwarded-For. That header is only believed when
[sign_in] trusted_proxies in secrets.toml names the address the connection came
from: anyone can send the header, so a dashboard reachable directly would
otherwise let a guesser name a fresh address with every attempt.

An IPv6 visitor is counted by its /64, the block one household or office is
given, so stepping through the addresses of a block does not start a new count.
"""
from __future__ import annotations

import ipaddress
from collections.abc import Iterable, Mapping

SIGN_IN_SECTION = "sign_in"
TRUSTED_PROXIES = "trusted_proxies"
# st.context.ip_address is None for a connection from this machine.
LOOPBACK = "loopback"
UNKNOWN = "unknown"
_IPV6_BLOCK = 64

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def trusted_proxies(secrets: Mapping) -> tuple[Network, ...]:
    """[sign_in] trusted_proxies as networks; entries that are not addresses are left out (proxies_problem names them)."""
    networks = []
    for entry in _entries(secrets):
        try:
            networks.append(ipaddress.ip_network(str(entry).strip(), strict=False))
        except ValueError:
            continue
    return tuple(networks)


def proxies_problem(secrets: Mapping) -> str | None:
    """Why [sign_in] trusted_proxies cannot be read, in one line; None when it can (or is absent)."""
    section = secrets.get(SIGN_IN_SECTION)
    where = f"[{SIGN_IN_SECTION}] {TRUSTED_PROXIES} in .streamlit/secrets.toml"
    if section is None:
        return None
    if not isinstance(section, Mapping):
        return f"[{SIGN_IN_SECTION}] in .streamlit/secrets.toml must be a section"
    value = section.get(TRUSTED_PROXIES, [])
    if not isinstance(value, list):
        return f'{where} must be a list, e.g. {TRUSTED_PROXIES} = ["127.0.0.1"]'
    for entry in value:
        try:
            ipaddress.ip_network(str(entry).strip(), strict=False)
        except ValueError:
            return f"{where}: {entry!r} is not an address or network such as 127.0.0.1 or 10.0.0.0/8"
    return None


def client_key(peer: str | None, forwarded_for: Iterable[str], proxies: tuple[Network, ...]) -> str:
    """The network a request is counted under: an IPv4 address, an IPv6 /64, or 'loopback'.

    `peer` is st.context.ip_address; `forwarded_for` every X-Forwarded-For
    header's value. Walking the header from its right end, each address a
    trusted proxy added is passed over; the first one that is not is the
    visitor. A header sent straight to the dashboard, not through a trusted
    proxy, is ignored.
    """
    address = _parsed(peer) if peer is not None else ipaddress.ip_address("127.0.0.1")
    if address is None:
        return UNKNOWN
    if not _trusted(address, proxies):
        return _counted(address)
    hops = [hop.strip() for value in forwarded_for for hop in value.split(",")]
    for hop in reversed([hop for hop in hops if hop]):
        hop_address = _parsed(hop)
        if hop_address is None:
            break  # a garbled entry: what lies left of it was written by nobody we trust
        address = hop_address
        if not _trusted(address, proxies):
            break
    return _counted(address)


def _entries(secrets: Mapping) -> list:
    section = secrets.get(SIGN_IN_SECTION)
    value = section.get(TRUSTED_PROXIES, []) if isinstance(section, Mapping) else []
    return value if isinstance(value, list) else []


def _parsed(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    text = text.strip()
    # nginx writes a bare address; other proxies may add a port or brackets.
    if text.startswith("[") and "]" in text:
        text = text[1:text.index("]")]
    elif text.count(":") == 1:
        text = text.split(":")[0]
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


def _trusted(address, proxies: tuple[Network, ...]) -> bool:
    return any(address.version == network.version and address in network for network in proxies)


def _counted(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str:
    if address.is_loopback:
        return LOOPBACK
    if isinstance(address, ipaddress.IPv6Address):
        return str(ipaddress.ip_network(f"{address}/{_IPV6_BLOCK}", strict=False))
    return str(address)
