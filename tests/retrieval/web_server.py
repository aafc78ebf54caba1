"""A local HTTP server on 127.0.0.1 for the ingestion tests: saved pages, feeds, hostile replies.

Files under ``tests/data/web`` are served with ``{{BASE}}`` replaced by the
server's address. Misbehaving routes: ``/slow`` (no answer for seconds),
``/drip`` (a byte at a time), ``/huge`` (announces 50 MB), ``/huge-chunked``
(streams without a length), ``/wrong-type``, ``/no-type``, ``/loop-a`` <->
``/loop-b``, ``/hops/N`` (N redirects), ``/to-page``, ``/to-ftp``,
``/to-private`` and ``/status/N``. Tests may add routes with ``server.route``.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

WEB_DATA = Path(__file__).resolve().parents[1] / "data" / "web"
TYPES = {
    ".html": "text/html; charset=utf-8",
    ".rss": "application/rss+xml; charset=utf-8",
    ".atom": "application/atom+xml",
    ".xml": "application/xml",
    ".txt": "text/plain; charset=utf-8",
    ".md": "text/markdown; charset=utf-8",
}

Route = Callable[["Handler"], None]


class Handler(BaseHTTPRequestHandler):
    """Serves the routes of its server."""

    server: LocalWeb

    def log_message(self, format: str, *args: object) -> None:
        """Quiet."""

    def do_GET(self) -> None:
        """One route, else a file, else 404."""
        self.server.hits.append(self.path)
        path = self.path.split("?", 1)[0]
        route = self.server.routes.get(path) or _builtin(path)
        try:
            if route is not None:
                route(self)
            else:
                self.serve_file(path)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up, as it should

    def reply(self, body: bytes, content_type: str | None, status: int = 200) -> None:
        """A complete response."""
        self.send_response(status)
        if content_type:
            self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def redirect(self, location: str, status: int = 302) -> None:
        """A redirect to ``location``."""
        self.send_response(status)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def serve_file(self, path: str) -> None:
        """A file under tests/data/web, with {{BASE}} filled in."""
        file = (WEB_DATA / path.lstrip("/")).resolve()
        if WEB_DATA not in file.parents or not file.is_file():
            self.reply(b"not found", "text/plain", 404)
            return
        body = file.read_bytes().replace(b"{{BASE}}", self.server.base.encode())
        self.reply(body, TYPES.get(file.suffix, "application/octet-stream"))


def _builtin(path: str) -> Route | None:
    """The misbehaving routes."""
    if path.startswith("/hops/"):
        n = int(path.rsplit("/", 1)[1])
        target = f"/hops/{n - 1}" if n > 1 else "/pages/harbour-bridge.html"
        return lambda h: h.redirect(target)
    if path.startswith("/status/"):
        code = int(path.rsplit("/", 1)[1])
        return lambda h: h.reply(b"<html><body>error</body></html>", "text/html", code)
    return BUILTIN.get(path)


def _slow(h: Handler) -> None:
    time.sleep(3)
    h.reply(b"<html></html>", "text/html")


def _drip(h: Handler) -> None:
    h.send_response(200)
    h.send_header("Content-Type", "text/html")
    h.send_header("Content-Length", "100000")
    h.end_headers()
    for _ in range(200):
        h.wfile.write(b"<p>drip</p>")
        h.wfile.flush()
        time.sleep(0.05)


def _huge(h: Handler) -> None:
    h.send_response(200)
    h.send_header("Content-Type", "text/html")
    h.send_header("Content-Length", str(50_000_000))
    h.end_headers()
    h.wfile.write(b"<html>" + b"x" * 1000)


def _huge_chunked(h: Handler) -> None:
    h.send_response(200)
    h.send_header("Content-Type", "text/html")
    h.send_header("Transfer-Encoding", "chunked")
    h.end_headers()
    chunk = b"<p>" + b"spam " * 2000 + b"</p>"
    for _ in range(1000):
        h.wfile.write(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n")
    h.wfile.write(b"0\r\n\r\n")


BUILTIN: dict[str, Route] = {
    "/slow": _slow,
    "/drip": _drip,
    "/huge": _huge,
    "/huge-chunked": _huge_chunked,
    "/wrong-type": lambda h: h.reply(b"\x89PNG\r\n\x1a\n" + b"\0" * 100, "image/png"),
    "/no-type": lambda h: h.reply(b"<html><body><p>hello</p></body></html>", None),
    "/loop-a": lambda h: h.redirect("/loop-b"),
    "/loop-b": lambda h: h.redirect("/loop-a"),
    "/to-page": lambda h: h.redirect("/pages/harbour-bridge.html", 301),
    "/to-ftp": lambda h: h.redirect("ftp://127.0.0.1/file.html"),
    "/to-private": lambda h: h.redirect("http://10.0.0.1/admin"),
    "/no-location": lambda h: h.reply(b"", None, 302),
    "/notes.txt": lambda h: h.reply(
        b"Lighthouse to get new lamp\n\nThe Gull Rock lighthouse will get an LED lamp "
        b"visible for 40 kilometres, the coastguard said on Friday.\n",
        "text/plain; charset=utf-8",
    ),
}


class LocalWeb(ThreadingHTTPServer):
    """The test server: its base URL, extra routes, and the paths it was asked for."""

    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.server_address[1]}"
        self.routes: dict[str, Route] = {}
        self.hits: list[str] = []

    def url(self, path: str) -> str:
        """The absolute URL of ``path`` on this server."""
        return self.base + path

    def route(self, path: str, body: bytes, content_type: str) -> None:
        """Serve ``body`` at ``path`` (replacing any earlier route)."""
        data = body.replace(b"{{BASE}}", self.base.encode())
        self.routes[path] = lambda h: h.reply(data, content_type)


@pytest.fixture(scope="module")
def web() -> Iterator[LocalWeb]:
    """A running LocalWeb for the module's tests."""
    server = LocalWeb()
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.daemon = True
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
