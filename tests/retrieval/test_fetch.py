"""Safe fetching: schemes, addresses, timeouts, size cap, content type, redirects."""

from __future__ import annotations

import time

import pytest

from retrieval import fetch as fetch_module
from retrieval.errors import FetchError, NewsbotError
from retrieval.fetch import FEED_TYPES, HTML_TYPES, FetchOptions, check_url, fetch
from tests.retrieval.web_server import LocalWeb, web

__all__ = ["web"]

LOCAL = FetchOptions(allow_private=True, connect_timeout=1, read_timeout=1, total_timeout=2)


def test_fetches_a_page_with_its_type_and_charset(web: LocalWeb) -> None:
    fetched = fetch(web.url("/pages/harbour-bridge.html"), LOCAL, HTML_TYPES)
    assert fetched.content_type == "text/html"
    assert fetched.charset == "utf-8"
    assert "Harbour Bridge reopened" in fetched.text()


def test_fetch_error_is_a_newsbot_error() -> None:
    assert issubclass(FetchError, NewsbotError)


@pytest.mark.parametrize(
    "url",
    ["ftp://127.0.0.1/x", "file:///etc/passwd", "javascript:alert(1)", "gopher://a/", "//x/y"],
)
def test_only_http_and_https(url: str) -> None:
    with pytest.raises(FetchError, match="only http and https"):
        check_url(url, LOCAL)


def test_credentials_in_the_url_are_refused() -> None:
    with pytest.raises(FetchError, match="user name or password"):
        check_url("http://user:secret@127.0.0.1/", LOCAL)


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/",
        "http://localhost:8080/",
        "http://10.1.2.3/",
        "http://192.168.0.1/",
        "http://172.16.5.4/",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]/",
        "http://[::ffff:127.0.0.1]/",
        "http://0.0.0.0/",
        "http://100.64.0.1/",
    ],
)
def test_private_and_loopback_addresses_are_refused(url: str) -> None:
    with pytest.raises(FetchError, match=r"private or local address.*NEWSBOT_ALLOW_PRIVATE_URLS"):
        check_url(url, FetchOptions())


def test_the_local_server_is_refused_unless_allowed(web: LocalWeb) -> None:
    hits = len(web.hits)
    with pytest.raises(FetchError, match="private or local"):
        fetch(web.url("/pages/harbour-bridge.html"), FetchOptions())
    assert len(web.hits) == hits  # refused before connecting


def test_unresolvable_host() -> None:
    with pytest.raises(FetchError, match="cannot resolve"):
        check_url("http://no-such-host.invalid/", FetchOptions())


def test_a_slow_server_times_out(web: LocalWeb) -> None:
    start = time.monotonic()
    with pytest.raises(FetchError, match="too slow"):
        fetch(web.url("/slow"), LOCAL.model_copy(update={"read_timeout": 0.3}))
    assert time.monotonic() - start < 2


def test_a_dripping_server_hits_the_overall_limit(web: LocalWeb) -> None:
    start = time.monotonic()
    with pytest.raises(FetchError, match="too slow"):
        fetch(web.url("/drip"), LOCAL.model_copy(update={"total_timeout": 0.4}))
    assert time.monotonic() - start < 2


def test_an_announced_huge_body_is_refused_before_reading(web: LocalWeb) -> None:
    with pytest.raises(FetchError, match="too large"):
        fetch(web.url("/huge"), LOCAL)


def test_a_streamed_huge_body_is_cut_at_the_cap(web: LocalWeb) -> None:
    with pytest.raises(FetchError, match=r"too large \(over 100 kB\)"):
        fetch(web.url("/huge-chunked"), LOCAL.model_copy(update={"max_bytes": 100_000}))


def test_a_wrong_content_type_is_refused(web: LocalWeb) -> None:
    with pytest.raises(FetchError, match="refused content type image/png"):
        fetch(web.url("/wrong-type"), LOCAL)


def test_a_missing_content_type_is_refused(web: LocalWeb) -> None:
    with pytest.raises(FetchError, match="none given"):
        fetch(web.url("/no-type"), LOCAL)


def test_a_page_is_refused_where_a_feed_is_expected(web: LocalWeb) -> None:
    with pytest.raises(FetchError, match="expected a feed"):
        fetch(web.url("/pages/harbour-bridge.html"), LOCAL, FEED_TYPES)


def test_redirects_are_followed_and_the_final_url_kept(web: LocalWeb) -> None:
    fetched = fetch(web.url("/to-page"), LOCAL)
    assert fetched.url == web.url("/pages/harbour-bridge.html")
    assert fetched.requested == web.url("/to-page")


def test_redirects_are_bounded(web: LocalWeb) -> None:
    assert fetch(web.url("/hops/3"), LOCAL.model_copy(update={"max_redirects": 3}))
    with pytest.raises(FetchError, match="too many redirects"):
        fetch(web.url("/hops/4"), LOCAL.model_copy(update={"max_redirects": 3}))


def test_a_redirect_loop_is_named(web: LocalWeb) -> None:
    with pytest.raises(FetchError, match="redirect loop"):
        fetch(web.url("/loop-a"), LOCAL)


def test_each_redirect_is_checked_again(web: LocalWeb) -> None:
    with pytest.raises(FetchError, match="only http and https"):
        fetch(web.url("/to-ftp"), LOCAL)


def test_a_redirect_without_location(web: LocalWeb) -> None:
    with pytest.raises(FetchError, match="without a Location"):
        fetch(web.url("/no-location"), LOCAL)


@pytest.mark.parametrize("code", [404, 500])
def test_error_statuses(web: LocalWeb, code: int) -> None:
    with pytest.raises(FetchError, match=f"answered {code}"):
        fetch(web.url(f"/status/{code}"), LOCAL)


def test_connection_refused_is_a_clear_error() -> None:
    with pytest.raises(FetchError, match="cannot fetch"):
        fetch("http://127.0.0.1:9/", LOCAL)


def test_a_redirect_to_a_private_address_is_refused_at_that_hop(
    web: LocalWeb, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = fetch_module._check_address
    monkeypatch.setattr(
        fetch_module, "_check_address", lambda a, u: None if a == "127.0.0.1" else real(a, u)
    )
    with pytest.raises(FetchError, match=r"10\.0\.0\.1.*private or local"):
        fetch(web.url("/to-private"), FetchOptions())


def test_the_address_connected_to_is_checked_too(
    web: LocalWeb, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A host that resolved to a public address but connects to loopback (DNS rebinding)."""
    monkeypatch.setattr(fetch_module, "_resolve", lambda host, port, url: ["93.184.216.34"])
    with pytest.raises(FetchError, match=r"private or local address \(127\.0\.0\.1\)"):
        fetch(web.url("/pages/harbour-bridge.html"), FetchOptions())
