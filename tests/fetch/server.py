"""A real HTTP server on 127.0.0.1 for the fetch tests: good feeds and article pages, and each
hostile behaviour the client must survive. Nothing is mocked: the client speaks HTTP to it over
loopback, and the server counts every request it receives.

Routes (``n`` is an integer, ``key`` any word; query parameters in brackets):

* ``/robots.txt`` - disallows ``/private/`` for every agent
* ``/article/<n>`` [``nodate``, ``canonical=<url>``, ``title=<text>``] - an article page
* ``/private/<n>`` - an article page robots.txt forbids
* ``/feed/rss`` and ``/feed/atom`` [``n``, ``start``] - feeds linking ``/article/<i>``
* ``/etag/feed`` [``n``] - an RSS feed answering 304 to a matching If-None-Match/If-Modified-Since
* ``/flaky/<key>`` [``fails``, ``code``] - ``fails`` times ``code`` (default 503), then a page
* ``/retry-after/<key>`` [``wait``, ``date``] - once 429 with Retry-After, then a page
* ``/status/<code>`` - that status
* ``/slow`` [``delay``] - headers at once, the body after ``delay`` seconds
* ``/endless`` - a body that never ends; ``/trickle`` - one byte every 0.1 s, forever
* ``/trickle-headers`` - a header line every 0.05 s, never the end of the headers;
  ``/continue-forever`` - ``100 Continue`` every 0.05 s, never a final response
* ``/gzip-bomb`` - ~10 MB of zeros, gzip-compressed (about 10 kB on the wire)
* ``/xml/billion-laughs`` and ``/xml/xxe`` - hostile feeds
* ``/redirect/loop-a`` <-> ``/redirect/loop-b``; ``/redirect/to`` [``url``]; ``/redirect/chain/<n>``
* ``/charset/cp1252-as-utf8``, ``/charset/latin1-meta-utf8``, ``/charset/utf8-unlabelled``
* ``/binary/png-as-html``, ``/binary/nul-as-html``, ``/image.png``, ``/empty``, ``/malformed``,
  ``/text/<n>`` (text/plain)
* any path registered with `FeedServer.route`
"""

from __future__ import annotations

import base64
import contextlib
import email.utils
import gzip
import json
import os
import random
import subprocess
import sys
import threading
import time
import urllib.request
import zlib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Any
from urllib.parse import parse_qs, urlsplit
from xml.sax.saxutils import escape

CONTROL = "/__control/"
WORDS = (
    "accord alliance ambassador annex arms assembly border cabinet capital ceasefire charter "
    "coalition commission communique conference consul convoy council counterpart covenant "
    "crisis delegation deputy dialogue diplomat directive dispute embassy emissary envoy "
    "escalation export federation forum frontier garrison governor grain harbour inspection "
    "initiative inquiry intelligence interior invitation island junta justice ledger liaison "
    "lobby mandate maritime mediator memorandum militia minister mission monitor negotiator "
    "neutral observer office outpost parliament partner patrol pipeline pledge plenary "
    "portfolio premier president protocol province quorum ratification referendum refugee "
    "regime region reparation republic reserve resolution sanction secretary security senate "
    "settlement shipment signatory sovereign spokesman statute strait summit supply tariff "
    "territory treaty tribunal truce union uranium veto vote waiver warden"
).split()
VERBS = (
    "approved blocked condemned debated delayed discussed drafted endorsed examined expanded "
    "extended finalised halted hosted joined launched monitored opposed postponed proposed "
    "questioned ratified rejected renewed reviewed signed supported suspended urged welcomed"
).split()
SPECIAL = "Caf\u00e9 \u201cquoted\u201d \u20ac5 na\u00efve"
ETAG = '"feed-v1"'
LAST_MODIFIED = "Mon, 02 Mar 2026 08:00:00 GMT"


def article_text(n: int, paragraphs: int = 4) -> list[str]:
    """Distinct, deterministic paragraphs for article ``n`` (no two articles alike)."""
    rng = random.Random(n * 7919 + 17)
    out = []
    for _ in range(paragraphs):
        sentences = []
        for _ in range(4):
            words = [rng.choice(WORDS) for _ in range(rng.randint(9, 14))]
            words.insert(rng.randint(2, len(words) - 2), rng.choice(VERBS))
            sentences.append(" ".join(words).capitalize() + ".")
        out.append(" ".join(sentences))
    return out


COUNTRIES = (
    "France Germany Japan Brazil Canada Kenya Norway Chile India Egypt Spain Poland Mexico "
    "Turkey Ghana Peru Italy Sweden Vietnam Morocco"
).split()


def lead_sentence(n: int) -> str:
    """A dated diplomatic sentence, so extraction has something to find in every page."""
    a, b = COUNTRIES[n % len(COUNTRIES)], COUNTRIES[(n * 7 + 3) % len(COUNTRIES)]
    if a == b:
        b = COUNTRIES[(n + 1) % len(COUNTRIES)]
    return f"{a} and {b} signed a trade agreement on Monday, their foreign ministers said."


def article_html(
    n: int,
    *,
    title: str | None = None,
    published: str | None = "2026-03-02T09:30:00+00:00",
    canonical: str | None = None,
    paragraphs: list[str] | None = None,
    charset: str | None = "utf-8",
) -> str:
    title = title or f"Delegations meet in round {n} of talks"
    if paragraphs is None:
        paragraphs = [lead_sentence(n), *article_text(n)]
    body = "\n".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    head = [f"<title>{escape(title)}</title>"]
    if charset:
        head.insert(0, f'<meta charset="{charset}">')
    if published:
        head.append(f'<meta property="article:published_time" content="{published}">')
    if canonical:
        head.append(f'<link rel="canonical" href="{escape(canonical)}">')
    return (
        "<!DOCTYPE html>\n<html><head>" + "".join(head) + "</head><body>"
        "<nav><a href='/'>Home</a> | <a href='/world'>World</a></nav>"
        f"<article><h1>{escape(title)}</h1>{body}</article>"
        "<footer>Copyright Example Wire</footer></body></html>"
    )


def rss(base: str, items: list[dict[str, str]], title: str = "Example Wire") -> str:
    parts = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<rss version="2.0"><channel>',
        f"<title>{escape(title)}</title><link>{escape(base)}/</link>",
        "<description>Test feed</description>",
    ]
    for item in items:
        parts.append("<item>")
        parts.append(f"<title>{escape(item.get('title', 'Untitled'))}</title>")
        parts.append(f"<link>{escape(item['link'])}</link>")
        parts.append(f"<guid>{escape(item['link'])}</guid>")
        if "date" in item:
            parts.append(f"<pubDate>{escape(item['date'])}</pubDate>")
        parts.append("</item>")
    parts.append("</channel></rss>")
    return "\n".join(parts)


def atom(base: str, items: list[dict[str, str]]) -> str:
    parts = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<feed xmlns="http://www.w3.org/2005/Atom">',
        f"<title>Example Atom</title><id>{escape(base)}/atom</id>",
        "<updated>2026-03-02T10:00:00Z</updated>",
    ]
    for item in items:
        parts.append("<entry>")
        parts.append(f"<title>{escape(item.get('title', 'Untitled'))}</title>")
        parts.append(f'<link rel="alternate" href="{escape(item["link"])}"/>')
        parts.append(f"<id>{escape(item['link'])}</id>")
        parts.append(f"<updated>{escape(item.get('date', '2026-03-02T10:00:00Z'))}</updated>")
        parts.append("</entry>")
    parts.append("</feed>")
    return "\n".join(parts)


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE rss [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<rss version="2.0"><channel><title>&lol9;</title>
<item><title>&lol9;</title><link>http://127.0.0.1/article/1</link></item>
</channel></rss>
"""

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00"
    b"\x00\x00\x00IEND\xaeB`\x82"
)


class _Listener(ThreadingHTTPServer):
    """A listen backlog for many clients at once: with the default of 5, a burst of connections
    overflows it, the kernel drops the SYNs, and the client's retry a second later makes a good
    page miss a short deadline - on a busy machine only, so a rerun could differ from its run."""

    request_queue_size = 128


@dataclass
class Route:
    """A fixed answer; with ``etag``, a request carrying it as If-None-Match gets a 304."""

    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    etag: str | None = None


class FeedServer:
    """The server; use as a context manager. ``hits`` counts requests per path (no query)."""

    def __init__(self, secret_path: Path | None = None) -> None:
        self.secret_path = secret_path
        self.hits: Counter[str] = Counter()
        self.headers_seen: list[tuple[str, dict[str, str]]] = []
        self.routes: dict[str, Route | Callable[[dict[str, str]], Route]] = {}
        self._failures: Counter[str] = Counter()
        self._lock = threading.Lock()
        self._gzip_bomb = gzip.compress(b"\x00" * (10 * 1024 * 1024), compresslevel=9)
        self._httpd = _Listener(("127.0.0.1", 0), _make_handler(self))
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @property
    def base(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host!s}:{port}"

    def url(self, path: str) -> str:
        return self.base + path

    def route(
        self,
        path: str,
        body: bytes | str,
        status: int = 200,
        etag: str | None = None,
        **headers: str,
    ) -> str:
        """Serve ``body`` at ``path`` (a 304 to a request carrying ``etag``); returns its URL."""
        raw = body.encode() if isinstance(body, str) else body
        with self._lock:
            self.routes[path] = Route(
                status, raw, {k.replace("_", "-"): v for k, v in headers.items()}, etag
            )
        return self.url(path)

    def requests_to(self, prefix: str) -> int:
        with self._lock:
            return sum(c for p, c in self.hits.items() if p.startswith(prefix))

    def total_requests(self) -> int:
        with self._lock:
            return sum(self.hits.values())

    def reset_counts(self) -> None:
        with self._lock:
            self.hits.clear()
            self.headers_seen.clear()

    def fail_once_more(self, key: str) -> int:
        with self._lock:
            self._failures[key] += 1
            return self._failures[key]

    def __enter__(self) -> FeedServer:
        self._thread.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()


def _make_handler(server: FeedServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True  # headers and body go out as separate writes

        def log_message(self, format: str, *args: Any) -> None:
            pass

        def handle(self) -> None:
            with contextlib.suppress(BrokenPipeError, ConnectionResetError, TimeoutError):
                super().handle()

        # -- helpers -------------------------------------------------------------------------

        def send(
            self,
            status: int,
            body: bytes | str = b"",
            content_type: str | None = "text/html; charset=utf-8",
            **headers: str,
        ) -> None:
            raw = body.encode() if isinstance(body, str) else body
            self.send_response(status)
            if content_type:
                self.send_header("Content-Type", content_type)
            for key, value in headers.items():
                self.send_header(key.replace("_", "-"), value)
            self.send_header("Content-Length", str(len(raw)))
            self.end_headers()
            self.wfile.write(raw)

        def stream_forever(self, piece: bytes, pause: float) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Connection", "close")
            self.end_headers()
            self.close_connection = True
            stop = time.monotonic() + 20
            while time.monotonic() < stop:
                self.wfile.write(piece)
                self.wfile.flush()
                if pause:
                    time.sleep(pause)

        def raw_forever(self, first: bytes, piece: bytes, pause: float) -> None:
            """Raw bytes that never complete a response (headers that never end, or endless
            interim responses), for up to 20 s."""
            self.close_connection = True
            self.wfile.write(first)
            stop = time.monotonic() + 20
            while time.monotonic() < stop:
                self.wfile.write(piece)
                self.wfile.flush()
                time.sleep(pause)

        # -- routing -------------------------------------------------------------------------

        def do_POST(self) -> None:
            """Control requests of a server in its own process (`SeparateFeedServer`)."""
            length = int(self.headers.get("Content-Length") or 0)
            payload = json.loads(self.rfile.read(length) or b"{}")
            if self.path == CONTROL + "route":
                body = base64.b64decode(payload["body"])
                with server._lock:
                    server.routes[payload["path"]] = Route(
                        payload["status"], body, payload["headers"], payload.get("etag")
                    )
                answer: object = {}
            elif self.path == CONTROL + "hits":
                with server._lock:
                    answer = {"hits": dict(server.hits), "headers": server.headers_seen}
            elif self.path == CONTROL + "reset":
                server.reset_counts()
                answer = {}
            else:
                self.send(404, "no such control")
                return
            self.send(200, json.dumps(answer), "application/json")

        def do_GET(self) -> None:
            parts = urlsplit(self.path)
            path, query = parts.path, {k: v[-1] for k, v in parse_qs(parts.query).items()}
            headers = {k.lower(): v for k, v in self.headers.items()}
            with server._lock:
                server.hits[path] += 1
                server.headers_seen.append((path, headers))
                route = server.routes.get(path)
            if route is not None:
                found = route(headers) if callable(route) else route
                if found.etag is not None and headers.get("if-none-match") == found.etag:
                    self.send(304, b"", None, ETag=found.etag)
                    return
                ctype = found.headers.get("Content-Type", "text/html; charset=utf-8")
                extra = {k: v for k, v in found.headers.items() if k != "Content-Type"}
                if found.etag is not None:
                    extra["ETag"] = found.etag
                self.send(found.status, found.body, ctype, **extra)
                return
            self.dispatch(path, query)

        def dispatch(self, path: str, query: dict[str, str]) -> None:
            base = server.base
            head, _, rest = path.strip("/").partition("/")
            if path == "/robots.txt":
                self.send(200, "User-agent: *\nDisallow: /private/\n", "text/plain")
            elif head in ("article", "private") and rest.isdigit():
                html = article_html(
                    int(rest),
                    title=query.get("title"),
                    published=None if "nodate" in query else "2026-03-02T09:30:00+00:00",
                    canonical=query.get("canonical"),
                )
                self.send(200, html)
            elif head == "text" and rest.isdigit():
                body = f"Plain dispatch {rest}\n\n" + "\n\n".join(article_text(int(rest)))
                self.send(200, body, "text/plain; charset=utf-8")
            elif path in ("/feed/rss", "/feed/atom", "/etag/feed"):
                self.feed(path, query, base)
            elif head == "flaky":
                fails = int(query.get("fails", "2"))
                if server.fail_once_more(path) <= fails:
                    self.send(int(query.get("code", "503")), "busy")
                else:
                    self.send(200, article_html(100_000 + zlib.crc32(path.encode()) % 100_000))
            elif head == "retry-after":
                if server.fail_once_more(path) <= 1:
                    wait = int(query.get("wait", "1"))
                    value = (
                        email.utils.formatdate(time.time() + wait, usegmt=True)
                        if "date" in query
                        else str(wait)
                    )
                    self.send(429, "slow down", Retry_After=value)
                else:
                    self.send(200, article_html(200_000 + zlib.crc32(path.encode()) % 100_000))
            elif head == "status" and rest.isdigit():
                self.send(int(rest), f"status {rest}")
            elif path == "/slow":
                body = article_html(3000).encode()
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.flush()
                time.sleep(float(query.get("delay", "2")))
                self.wfile.write(body)
            elif path == "/endless":
                self.stream_forever(b"<p>more and more text without end</p>\n" * 400, 0)
            elif path == "/trickle":
                self.stream_forever(b"x", 0.1)
            elif path == "/trickle-headers":
                self.raw_forever(b"HTTP/1.1 200 OK\r\n", b"X-Slow: y\r\n", 0.05)
            elif path == "/continue-forever":
                self.raw_forever(b"", b"HTTP/1.1 100 Continue\r\n\r\n", 0.05)
            elif path == "/gzip-bomb":
                self.send(200, server._gzip_bomb, Content_Encoding="gzip")
            elif path == "/xml/billion-laughs":
                self.send(200, BILLION_LAUGHS, "application/rss+xml")
            elif path == "/xml/xxe":
                secret = (
                    server.secret_path.as_uri() if server.secret_path else "file:///etc/hostname"
                )
                body = (
                    '<?xml version="1.0"?>\n'
                    f'<!DOCTYPE rss [<!ENTITY xxe SYSTEM "{secret}">]>\n'
                    '<rss version="2.0"><channel><title>&xxe;</title>'
                    f"<item><title>&xxe;</title><link>{base}/article/1?title=x</link>"
                    "<description>&xxe;</description></item></channel></rss>"
                )
                self.send(200, body, "application/rss+xml")
            elif path == "/redirect/loop-a":
                self.send(302, "", Location="/redirect/loop-b")
            elif path == "/redirect/loop-b":
                self.send(302, "", Location=f"{base}/redirect/loop-a")
            elif path == "/redirect/to":
                self.send(302, "", Location=query["url"])
            elif head == "redirect" and rest.startswith("chain/"):
                left = int(rest.removeprefix("chain/"))
                if left > 0:
                    self.send(301, "", Location=f"/redirect/chain/{left - 1}")
                else:
                    self.send(200, article_html(4000))
            elif path == "/charset/cp1252-as-utf8":
                html = article_html(5001, title=f"{SPECIAL} (cp1252)", charset=None)
                self.send(200, html.encode("cp1252"), "text/html; charset=utf-8")
            elif path == "/charset/latin1-meta-utf8":
                html = article_html(5002, title="Caf\u00e9 na\u00efve d\u00e9j\u00e0 (latin-1)")
                self.send(200, html.encode("latin-1"), "text/html")
            elif path == "/charset/utf8-unlabelled":
                html = article_html(
                    5003, title="Z\u00fcrich \u0394 \u201ctalks\u201d", charset=None
                )
                self.send(200, html.encode("utf-8"), "text/html")
            elif path == "/binary/png-as-html":
                self.send(200, PNG + bytes(range(256)) * 4)
            elif path == "/binary/nul-as-html":
                rng = random.Random(5)
                self.send(200, bytes(rng.randrange(256) for _ in range(4096)) + b"\x00" * 64)
            elif path == "/image.png":
                self.send(200, PNG, "image/png")
            elif path == "/empty":
                self.send(200, b"")
            elif path == "/malformed":
                paragraphs = "".join(f"<p>{escape(p)}" for p in article_text(6000))
                html = (
                    "<html><head><title>Broken <b>markup</title><body><div><article>"
                    f"<h1>Broken markup survives<h1><table><tr><td>{paragraphs}</span></i>"
                    "</div></div></div><p>unclosed <a href='x'>link"
                )
                self.send(200, html)
            else:
                self.send(404, "not found")

        def feed(self, path: str, query: dict[str, str], base: str) -> None:
            n, start = int(query.get("n", "5")), int(query.get("start", "1"))
            items = [
                {
                    "title": f"Delegations meet in round {i} of talks",
                    "link": f"{base}/article/{i}",
                    "date": "Mon, 02 Mar 2026 08:00:00 GMT"
                    if path != "/feed/atom"
                    else "2026-03-02T08:00:00Z",
                }
                for i in range(start, start + n)
            ]
            if path == "/feed/atom":
                self.send(200, atom(base, items), "application/atom+xml")
                return
            if path == "/etag/feed":
                if (
                    self.headers.get("If-None-Match") == ETAG
                    or self.headers.get("If-Modified-Since") == LAST_MODIFIED
                ):
                    self.send(304, b"", None, ETag=ETAG)
                    return
                self.send(
                    200,
                    rss(base, items),
                    "application/rss+xml",
                    ETag=ETAG,
                    Last_Modified=LAST_MODIFIED,
                )
                return
            self.send(200, rss(base, items), "application/rss+xml; charset=utf-8")

    return Handler


class SeparateFeedServer:
    """The same server in a process of its own, with the same interface (``routes`` must be
    fixed `Route` answers, registered with `route`).

    A server in the client's process shares its interpreter lock with the code under test:
    while the client parses pages in its threads, the server answers late, and a good page can
    miss its timeout on a busy machine. Here the server's timing is the operating system's
    alone, as a real remote server's is.
    """

    def __init__(self) -> None:
        self._proc: subprocess.Popen[str] | None = None
        self.base = ""

    def __enter__(self) -> SeparateFeedServer:
        root = Path(__file__).resolve().parents[2]
        env = {**os.environ, "PYTHONPATH": str(root)}
        self._proc = subprocess.Popen(
            [sys.executable, "-m", "tests.fetch.server"],
            cwd=root,
            env=env,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self._proc.stdout is not None
        self.base = self._proc.stdout.readline().strip()
        if not self.base.startswith("http://"):
            self._proc.kill()
            raise RuntimeError("the test server did not start")
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._proc is not None:
            self._proc.terminate()
            try:
                self._proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._proc.kill()
                self._proc.wait()

    def _control(self, name: str, payload: dict[str, Any] | None = None) -> Any:
        request = urllib.request.Request(
            self.base + CONTROL + name,
            data=json.dumps(payload or {}).encode(),
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=30) as answer:
            return json.loads(answer.read())

    def url(self, path: str) -> str:
        return self.base + path

    def route(
        self,
        path: str,
        body: bytes | str,
        status: int = 200,
        etag: str | None = None,
        **headers: str,
    ) -> str:
        raw = body.encode() if isinstance(body, str) else body
        self._control(
            "route",
            {
                "path": path,
                "status": status,
                "body": base64.b64encode(raw).decode(),
                "headers": {k.replace("_", "-"): v for k, v in headers.items()},
                "etag": etag,
            },
        )
        return self.url(path)

    @property
    def hits(self) -> Counter[str]:
        return Counter(self._control("hits")["hits"])

    @property
    def headers_seen(self) -> list[tuple[str, dict[str, str]]]:
        return [(p, h) for p, h in self._control("hits")["headers"]]

    def requests_to(self, prefix: str) -> int:
        return sum(c for p, c in self.hits.items() if p.startswith(prefix))

    def total_requests(self) -> int:
        return sum(self.hits.values())

    def reset_counts(self) -> None:
        self._control("reset")


def _serve() -> None:
    """Run a `FeedServer` until terminated; its base URL is the first line on stdout."""
    with FeedServer() as srv:
        sys.stdout.write(srv.base + "\n")
        sys.stdout.flush()
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass


# -- helpers shared by the fetch tests -----------------------------------------------------------

FAST: dict[str, object] = {
    "connect_timeout": 1.0,
    "read_timeout": 0.5,
    "total_timeout": 2.0,
    "max_attempts": 3,
    "backoff": 0.02,
    "max_bytes": 1024 * 1024,
    "max_retry_after": 5.0,
}


def source(
    kind: str,
    location: str | Path,
    *,
    name: str = "test",
    allow_private: bool | tuple[str, ...] = ("127.0.0.1",),
    allow: tuple[str, ...] = (),
    deny: tuple[str, ...] = (),
    window: str = "all",
    **options: object,
) -> Any:
    """A fast, loopback-permitted source (timeouts under a second, no politeness delay)."""
    from pipeline.sources import SourceConfig

    return SourceConfig(
        name=name,
        kind=kind,
        location=str(location),
        window=window,
        rate_limit=1000.0,
        allow=allow,
        deny=deny,
        allow_private=allow_private,
        options={**FAST, **options},
    )


def url_list(path: Path, *urls: str) -> Path:
    path.write_text("# test URLs\n\n" + "\n".join(urls) + "\n", encoding="utf-8")
    return path


if __name__ == "__main__":
    import signal

    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    _serve()
