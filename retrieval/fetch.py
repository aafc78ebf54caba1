"""Fetch a web page or feed safely (httpx): the only way newsbot talks to the web.

Refused, each with a clear ``FetchError``: schemes other than http and https,
credentials in the URL, hosts that resolve to private, loopback, link-local or
reserved addresses (unless ``allow_private``; checked before connecting and
again against the address actually connected to), bodies over the size cap
(announced or streamed), content types not asked for, more redirects than
allowed or a redirect loop (each hop is checked like the first), and servers
slower than the connect, read or overall time limits.
"""

from __future__ import annotations

import ipaddress
import socket
import time
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin, urlsplit

from pydantic import BaseModel, ConfigDict, Field

from retrieval.errors import FetchError

if TYPE_CHECKING:
    import httpx

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
FEED_TYPES = frozenset(
    {
        "application/rss+xml",
        "application/atom+xml",
        "application/rdf+xml",
        "application/feed+json",
        "application/xml",
        "text/xml",
    }
)
TEXT_TYPES = frozenset({"text/plain", "text/markdown"})
ARTICLE_TYPES = HTML_TYPES | FEED_TYPES | TEXT_TYPES
"""What ``newsbot add URL`` accepts: a page, a feed or plain text."""

_REDIRECTS = frozenset({301, 302, 303, 307, 308})


class FetchOptions(BaseModel):
    """Limits of one fetch; the defaults suit news pages and feeds."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    allow_private: bool = Field(
        default=False, description="Allow private, loopback and link-local hosts (tests only)."
    )
    connect_timeout: float = Field(default=5.0, gt=0, description="Seconds to connect.")
    read_timeout: float = Field(default=10.0, gt=0, description="Seconds to wait for any byte.")
    total_timeout: float = Field(default=30.0, gt=0, description="Seconds for the whole fetch.")
    max_bytes: int = Field(default=5_000_000, ge=1, description="Largest body accepted.")
    max_redirects: int = Field(default=5, ge=0)
    user_agent: str = "newsbot/0.1 (+https://github.com/newsbot)"


class Fetched(BaseModel):
    """A fetched body and what the server said about it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    url: str = Field(description="The final URL, after redirects.")
    requested: str = Field(description="The URL asked for.")
    content_type: str = Field(description="The media type, lower case, without parameters.")
    charset: str | None = None
    body: bytes

    def text(self) -> str:
        """The body decoded with the declared charset, else UTF-8 (bad bytes replaced)."""
        for encoding in (self.charset, "utf-8"):
            if encoding:
                try:
                    return self.body.decode(encoding)
                except (LookupError, UnicodeDecodeError):
                    continue
        return self.body.decode("utf-8", errors="replace")


def fetch(url: str, options: FetchOptions, accept: Iterable[str] = ARTICLE_TYPES) -> Fetched:
    """The body at ``url``, or a FetchError saying why it was refused."""
    import httpx  # imported on first fetch: keeps `import retrieval` cheap

    wanted = frozenset(accept)
    timeout = httpx.Timeout(
        connect=options.connect_timeout,
        read=options.read_timeout,
        write=options.read_timeout,
        pool=options.connect_timeout,
    )
    deadline = time.monotonic() + options.total_timeout
    headers = {"User-Agent": options.user_agent, "Accept": _accept_header(wanted)}
    with httpx.Client(
        timeout=timeout, follow_redirects=False, trust_env=False, headers=headers
    ) as client:
        current, seen = url, {url}
        for _hop in range(options.max_redirects + 1):
            check_url(current, options)
            next_url, fetched = _request(client, current, url, wanted, options, deadline)
            if fetched is not None:
                return fetched
            assert next_url is not None
            if next_url in seen:
                raise FetchError(f"{url}: redirect loop at {next_url}")
            seen.add(next_url)
            current = next_url
    raise FetchError(f"{url}: too many redirects (more than {options.max_redirects})")


def check_url(url: str, options: FetchOptions) -> None:
    """Refuse a URL newsbot must not fetch: wrong scheme, credentials, or a private host."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise FetchError(f"{url}: not a valid URL ({exc})") from exc
    if parts.scheme.lower() not in {"http", "https"}:
        raise FetchError(f"{url}: only http and https URLs can be fetched")
    if not parts.hostname:
        raise FetchError(f"{url}: the URL has no host")
    if parts.username or parts.password:
        raise FetchError(f"{url}: URLs with a user name or password are refused")
    if not options.allow_private:
        default = 443 if parts.scheme.lower() == "https" else 80
        for address in _resolve(parts.hostname, port or default, url):
            _check_address(address, url)


def _resolve(host: str, port: int, url: str) -> list[str]:
    """Every address ``host`` resolves to."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as exc:
        raise FetchError(f"{url}: cannot resolve host {host!r}") from exc
    return sorted({str(info[4][0]) for info in infos})


def _check_address(address: str, url: str) -> None:
    """Refuse private, loopback, link-local, multicast, reserved and unspecified addresses."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError as exc:
        raise FetchError(f"{url}: unexpected address {address!r}") from exc
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    if not ip.is_global or ip.is_multicast or ip.is_reserved:
        raise FetchError(
            f"{url}: refused, the host is a private or local address ({ip}); "
            "set NEWSBOT_ALLOW_PRIVATE_URLS=1 to allow it"
        )


def _request(
    client: httpx.Client,
    url: str,
    requested: str,
    wanted: frozenset[str],
    options: FetchOptions,
    deadline: float,
) -> tuple[str | None, Fetched | None]:
    """One hop: the next URL when redirected, else the fetched body."""
    import httpx

    try:
        with client.stream("GET", url) as response:
            if not options.allow_private:
                _check_peer(response, url)
            if response.status_code in _REDIRECTS:
                return _location(response, url), None
            return None, _body(response, requested, wanted, options, deadline)
    except httpx.TimeoutException as exc:
        raise FetchError(f"{url}: the server is too slow ({_what_timed_out(exc)})") from exc
    except httpx.TooManyRedirects as exc:  # pragma: no cover - redirects are followed by hand
        raise FetchError(f"{url}: too many redirects") from exc
    except httpx.HTTPError as exc:
        raise FetchError(f"{url}: cannot fetch ({type(exc).__name__}: {exc})") from exc


def _check_peer(response: httpx.Response, url: str) -> None:
    """Check the address actually connected to (defeats DNS answers that change)."""
    stream: Any = response.extensions.get("network_stream")
    peer = stream.get_extra_info("server_addr") if stream is not None else None
    if peer:
        _check_address(str(peer[0]), url)


def _location(response: httpx.Response, url: str) -> str:
    """The absolute URL a redirect points to."""
    location = str(response.headers.get("location", "")).strip()
    if not location:
        raise FetchError(f"{url}: redirect ({response.status_code}) without a Location")
    return urljoin(url, location).split("#", 1)[0]


def _body(
    response: httpx.Response,
    requested: str,
    wanted: frozenset[str],
    options: FetchOptions,
    deadline: float,
) -> Fetched:
    """The checked body of a final (non-redirect) response."""
    url = str(response.url)
    if response.status_code != 200:
        reason = response.reason_phrase or "error"
        raise FetchError(f"{url}: the server answered {response.status_code} {reason}")
    media, charset = _content_type(response.headers.get("content-type", ""))
    if media not in wanted:
        shown = media or "none given"
        raise FetchError(f"{url}: refused content type {shown} (expected {_list(wanted)})")
    announced = response.headers.get("content-length", "")
    if announced.isdigit() and int(announced) > options.max_bytes:
        raise FetchError(f"{url}: too large ({_size(int(announced))}, limit {_limit(options)})")
    body = _read_capped(response, url, options, deadline)
    return Fetched(url=url, requested=requested, content_type=media, charset=charset, body=body)


def _read_capped(
    response: httpx.Response, url: str, options: FetchOptions, deadline: float
) -> bytes:
    """The body, stopping as soon as it passes the size cap or the overall time limit."""
    chunks: list[bytes] = []
    total = 0
    for chunk in response.iter_bytes():
        total += len(chunk)
        if total > options.max_bytes:
            raise FetchError(f"{url}: too large (over {_limit(options)})")
        if time.monotonic() > deadline:
            raise FetchError(
                f"{url}: the server is too slow (over {options.total_timeout:g} s in all)"
            )
        chunks.append(chunk)
    return b"".join(chunks)


def _content_type(header: str) -> tuple[str, str | None]:
    """``text/html; charset=UTF-8`` -> (``text/html``, ``utf-8``)."""
    media, _, params = header.partition(";")
    charset = None
    for param in params.split(";"):
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            charset = value.strip().strip("\"'").lower()
    return media.strip().lower(), charset


def _accept_header(wanted: frozenset[str]) -> str:
    return ", ".join(sorted(wanted)) + ", */*;q=0.1"


def _what_timed_out(exc: Exception) -> str:
    name = type(exc).__name__
    reasons = {
        "ConnectTimeout": "no connection in time",
        "ReadTimeout": "no data in time",
        "PoolTimeout": "no connection in time",
        "WriteTimeout": "could not send in time",
    }
    return reasons.get(name, "timed out")


def _list(types: frozenset[str]) -> str:
    """The accepted types in words."""
    if types == ARTICLE_TYPES:
        return "a web page, a feed or plain text"
    if types <= HTML_TYPES:
        return "a web page"
    if types <= FEED_TYPES:
        return "a feed"
    return ", ".join(sorted(types))


def _size(n: int) -> str:
    return f"{n / 1_000_000:.1f} MB" if n >= 1_000_000 else f"{n / 1000:.0f} kB"


def _limit(options: FetchOptions) -> str:
    return _size(options.max_bytes)
