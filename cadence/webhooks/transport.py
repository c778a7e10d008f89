"""Sending one delivery over the network, safely (server-side request forgery).

The host is resolved once, every address it resolves to is checked (``domain.addresses``), and the
connection goes to the address that was checked: urllib3 connects to the IP itself, with the host name as
the ``Host`` header and, for HTTPS, as the TLS server name whose certificate is verified. No second
resolution (a DNS answer that changes between the check and the connection cannot reach an internal
address), no redirects followed, no retries inside urllib3 (the task worker retries), a connect and a read
timeout, and at most a short excerpt of the answer is read.
"""

from __future__ import annotations

import socket
import time
from dataclasses import dataclass

import urllib3

from cadence.webhooks.domain import addresses

EXCERPT_BYTES = 500


class Refused(Exception):
    """No connection was made: the URL or an address it resolves to is refused, or the host is unknown.
    ``code``: one of ``addresses.UrlRefused``'s, ``address`` or ``dns``."""

    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(detail or code)
        self.code = code
        self.detail = detail


@dataclass(frozen=True)
class Answer:
    status: int
    excerpt: str
    duration_ms: int


def resolve(host: str, port: int) -> list[str]:
    literal = addresses.literal(host)
    if literal is not None:
        return [str(literal)]
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise Refused("dns", f"{host}: {exc}") from None
    found = list(dict.fromkeys(str(info[4][0]) for info in infos))
    if not found:
        raise Refused("dns", host)
    return found


def check(url: str, *, allow_private: bool) -> tuple[addresses.Target, str]:
    """The URL's parts and the one address to connect to, or ``Refused``."""
    try:
        target = addresses.parse(url, allow_http=allow_private)
    except addresses.UrlRefused as exc:
        raise Refused(exc.code, exc.detail) from None
    found = resolve(target.host, target.port)
    if not allow_private:
        refused = addresses.refused_addresses(found)
        if refused:
            raise Refused("address", ", ".join(refused))
    return target, found[0]


def post(target: addresses.Target, address: str, body: bytes, headers: dict[str, str], *,
         timeout: float) -> Answer:
    """POST ``body`` to ``address`` (already checked) for ``target``; urllib3's errors are raised as they are."""
    common = {"port": target.port, "timeout": urllib3.Timeout(connect=timeout, read=timeout), "retries": False,
              "maxsize": 1, "block": False}
    pool: urllib3.HTTPConnectionPool
    if target.scheme == "https":
        pool = urllib3.HTTPSConnectionPool(address, server_hostname=target.host, assert_hostname=target.host,
                                           cert_reqs="CERT_REQUIRED", **common)  # type: ignore[arg-type]
    else:
        pool = urllib3.HTTPConnectionPool(address, **common)  # type: ignore[arg-type]
    started = time.monotonic()
    try:
        response = pool.urlopen("POST", target.path, body=body,
                                headers={**headers, "Host": target.host_header}, redirect=False, retries=False,
                                preload_content=False, assert_same_host=False)
        try:
            chunk = response.read(EXCERPT_BYTES)
        finally:
            response.release_conn()
    finally:
        pool.close()
    duration = int((time.monotonic() - started) * 1000)
    return Answer(status=response.status, excerpt=chunk.decode("utf-8", "replace")[:EXCERPT_BYTES],
                  duration_ms=duration)
