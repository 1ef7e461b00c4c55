"""Benchmark the HTTP client and the page fetcher against a local server.

A `ThreadingHTTPServer` on 127.0.0.1 serves N generated article pages (about 30 kB each, half of
them gzip-encoded). The script then reports pages per second and MB per second (decoded bytes) for:

* ``client``: `HttpClient.fetch` alone from a thread pool (every safety check on, politeness off:
  a rate limit of 10 000 requests/s per host);
* ``pages``: the ``urls`` source fetcher, which also canonicalises, parses (trafilatura) and builds
  articles.

Usage: ``uv run python bench/bench_fetch.py [--pages 300] [--workers 16] [--size 30000]``
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import random
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from pipeline.fetch import fetch_source
from pipeline.fetch.http import HttpClient, HttpPolicy
from pipeline.models import Interval
from pipeline.sources import SourceConfig

AGENT = "CommuniqueBench/1.0 (+https://example.org/communique)"
WORDS = (
    "talks treaty minister envoy summit sanctions accord ceasefire delegation embassy council "
    "border trade agreement foreign ministry capital visit statement negotiations"
).split()


def make_page(n: int, size: int) -> bytes:
    rng = random.Random(n)
    paragraphs = []
    total = 0
    while total < size:
        text = " ".join(rng.choice(WORDS) for _ in range(60)).capitalize() + "."
        paragraphs.append(f"<p>{text}</p>")
        total += len(text) + 7
    return (
        "<!DOCTYPE html><html><head><meta charset='utf-8'>"
        f"<title>Bench article {n}</title>"
        "<meta property='article:published_time' content='2026-03-02T09:30:00+00:00'>"
        f"</head><body><article><h1>Bench article {n}</h1>{''.join(paragraphs)}"
        "</article></body></html>"
    ).encode()


def serve(pages: dict[str, bytes]) -> tuple[ThreadingHTTPServer, str]:
    gzipped = {path: gzip.compress(body) for path, body in pages.items()}

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True  # headers and body go out as separate writes

        def log_message(self, format: str, *args: Any) -> None:
            pass

        def do_GET(self) -> None:
            if self.path == "/robots.txt":
                body, encoding = b"User-agent: *\nAllow: /\n", None
            elif self.path in pages:
                index = int(self.path.rsplit("/", 1)[1])
                encoding = "gzip" if index % 2 else None
                body = gzipped[self.path] if encoding else pages[self.path]
            else:
                self.send_response(404)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            if encoding:
                self.send_header("Content-Encoding", encoding)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    threading.Thread(
        target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    ).start()
    host, port = httpd.server_address[:2]
    return httpd, f"http://{host!s}:{port}"


def report(label: str, pages: int, decoded: int, seconds: float) -> None:
    sys.stdout.write(
        f"{label:<7} {pages:>5} pages in {seconds:6.2f} s: {pages / seconds:8.1f} pages/s, "
        f"{decoded / seconds / 1e6:7.2f} MB/s (decoded)\n"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=300)
    parser.add_argument("--workers", type=int, default=16)
    parser.add_argument("--size", type=int, default=30_000, help="approximate bytes per page")
    args = parser.parse_args(argv)

    pages = {f"/article/{i}": make_page(i, args.size) for i in range(args.pages)}
    httpd, base = serve(pages)
    source = SourceConfig(
        name="bench",
        kind="urls",
        location="",
        rate_limit=10_000.0,
        allow_private=("127.0.0.1",),
        options={"concurrency": args.workers},
    )
    policy = HttpPolicy.for_source(source)
    urls = [base + path for path in pages]
    interval = Interval.for_day(dt.date(2026, 3, 2))
    try:
        sys.stdout.write(
            f"{args.pages} pages of ~{args.size // 1000} kB (half gzip-encoded), "
            f"{args.workers} workers, 127.0.0.1\n"
        )
        with HttpClient(AGENT, max_in_flight=args.workers) as client:
            client.fetch(base + "/robots.txt", policy, robots=False)  # warm up
            started = time.perf_counter()
            with ThreadPoolExecutor(max_workers=args.workers) as pool:
                sizes = list(pool.map(lambda u: len(client.fetch(u, policy).body), urls))
            report("client", len(sizes), sum(sizes), time.perf_counter() - started)

        with tempfile.TemporaryDirectory() as tmp:
            listing = Path(tmp) / "urls.txt"
            listing.write_text("\n".join(urls), encoding="utf-8")
            local = replace(source, location=str(listing))
            with HttpClient(AGENT, max_in_flight=args.workers) as client:
                started = time.perf_counter()
                result = fetch_source(local, interval, client=client)
                elapsed = time.perf_counter() - started
            if result.errors:
                sys.stdout.write(f"errors: {result.errors[:3]}\n")
            report("pages", len(result.articles), sum(len(p) for p in pages.values()), elapsed)
    finally:
        httpd.shutdown()
        httpd.server_close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
