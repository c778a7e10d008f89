"""Which URLs an endpoint may name and which addresses a delivery may connect to (server-side request forgery).

In production an endpoint is an ``https://`` URL whose host resolves only to public addresses: not private
(10/8, 172.16/12, 192.168/16, fc00::/7), loopback, link-local (169.254/16 with the cloud metadata service,
fe80::/10), shared (100.64/10), reserved, multicast or unspecified, in IPv4 and IPv6, an IPv4-mapped IPv6
address (``::ffff:127.0.0.1``) judged as the IPv4 address it carries. No user name or password in the URL.
With ``allow_private`` (development and tests) ``http://`` and local addresses are allowed.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from urllib.parse import urlsplit

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
URL_MAX = 500


class UrlRefused(ValueError):
    """The URL may not be an endpoint. ``code``: scheme, host, credentials, port, length, address."""

    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(detail or code)
        self.code = code
        self.detail = detail


@dataclass(frozen=True)
class Target:
    scheme: str  # "https" or "http"
    host: str  # lower case, IPv6 without brackets
    port: int
    path: str  # path and query, at least "/"

    @property
    def host_header(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        default = 443 if self.scheme == "https" else 80
        return host if self.port == default else f"{host}:{self.port}"


def parse(url: str, *, allow_http: bool) -> Target:
    """The parts of an endpoint URL, or ``UrlRefused``."""
    text = url.strip()
    if not text or len(text) > URL_MAX:
        raise UrlRefused("length")
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError:
        raise UrlRefused("port") from None
    scheme = parts.scheme.lower()
    if scheme != "https" and not (allow_http and scheme == "http"):
        raise UrlRefused("scheme")
    if parts.username is not None or parts.password is not None:
        raise UrlRefused("credentials")
    host = (parts.hostname or "").rstrip(".").lower()
    if not host or any(c.isspace() for c in host):
        raise UrlRefused("host")
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    return Target(scheme=scheme, host=host, port=port or (443 if scheme == "https" else 80), path=path)


def literal(host: str) -> IPAddress | None:
    """The host as an IP address when it is one."""
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        return None


def is_public(address: str | IPAddress) -> bool:
    """True for an address a delivery may connect to in production."""
    ip = ipaddress.ip_address(address) if isinstance(address, str) else address
    if isinstance(ip, ipaddress.IPv6Address):
        mapped = ip.ipv4_mapped or ip.sixtofour
        if mapped is not None:
            return is_public(mapped)
        if ip.teredo is not None:
            return is_public(ip.teredo[1])
    return ip.is_global and not (
        ip.is_private or ip.is_loopback or ip.is_link_local or ip.is_reserved or ip.is_multicast
        or ip.is_unspecified or (isinstance(ip, ipaddress.IPv6Address) and ip.is_site_local)
    )


def refused_addresses(addresses: list[str]) -> list[str]:
    """The addresses of a host that are not public (one is enough to refuse the host)."""
    return [a for a in addresses if not is_public(a.split("%", 1)[0])]
