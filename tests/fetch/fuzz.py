"""Seeded fuzzing of the fetch layer: mutated feeds, URL lists, robots.txt files, URLs, pages and
response headers. Every case must end as articles or recorded failures; no exception may escape.

    python -m tests.fetch.fuzz [--cases 200000] [--server-cases 2000] [--seed 13]

Most cases drive the parsing functions directly, as the fetcher calls them on bytes it fetched
(fast: thousands a second); a share is served by a real HTTP server on 127.0.0.1 with mutated
status lines, headers and bodies, through the whole client. `tests/fetch/test_fuzz.py` runs a
CI-sized batch; ``make fuzz-fetch`` a large one. A failing case is written to
``fuzz-failures/`` with its seed, so it can be replayed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import json
import logging
import random
import sys
import time
import zlib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from pipeline.fetch import fetch_source
from pipeline.fetch.base import FetchResult
from pipeline.fetch.feeds import Entry, RemoteFetcher
from pipeline.fetch.http import HttpClient, RobotsDisallowed, parse_retry_after
from pipeline.fetch.http.body import content_type, declared_charset
from pipeline.fetch.http.politeness import parse_robots, robots_allow
from pipeline.fetch.local import FieldWarning
from pipeline.fetch.parse import parse_document
from pipeline.fetch.urls import page_canonical
from pipeline.models import Article, Interval
from pipeline.sources import SourceConfig
from pipeline.store import to_table
from tests.fetch.server import FeedServer, article_html, atom, rss, source

log = logging.getLogger("fuzz")
INTERVAL = Interval.for_day(dt.date(2026, 3, 2))
AGENT = "CommuniqueFuzz/1.0"
BASE = "http://news.example/"
KINDS = ("feed", "urls", "robots", "url", "page", "headers", "local")

# fragments that broke or nearly broke parsers: spliced into documents at random places
SPECIAL: tuple[bytes, ...] = (
    b"http://[oops/",
    b"http://[::1/x",
    b"https://user:pw@host.example:99999/",
    b'<?xml version="1.0" encoding="Shift_JIS"?>',
    b'<?xml version="1.0" encoding="x-unknown"?>',
    b'<?xml version="1.0" encoding="utf-16"?>',
    b'<!DOCTYPE rss [<!ENTITY a "b">]>',
    b'<!DOCTYPE x SYSTEM "file:///etc/passwd">',
    b"&a;&#0;&#x110000;&#xD800;",
    b"<![CDATA[",
    b"]]>",
    b"\x00",
    b"\xff\xfe",
    b"\xfe\xff",
    b"\xef\xbb\xbf",
    b"\xc3\x28",
    b"\xed\xa0\x80",
    b"99999999999999999999999",
    b"9999-12-31T23:59:59-14:00",
    b"0000-00-00",
    b"Mon, 99 Foo 9999 99:99:99 GMT",
    b'<link rel="canonical" href="http://[oops/">',
    b'<link rel="canonical" href="//evil.example:8080/a">',
    b'<meta charset="utf-16">',
    b'<meta charset="bogus-charset">',
    b"<html><head><title>",
    b"</body></html>",
    b"\r\n\r\n",
    b"%zz%",
    b"javascript:alert(1)",
    b"data:text/html,hi",
    b"file:///etc/passwd",
    b"\\\\server\\share",
    b"\x1b]8;;http://x\x07",
)
CHARSETS = (
    None,
    "utf-8",
    "UTF-16",
    "utf-16le",
    "utf-32",
    "iso-8859-1",
    "windows-1252",
    "shift_jis",
    "euc-jp",
    "gb18030",
    "koi8-r",
    "x-bogus",
    "",
    '"utf-8"',
    "utf-7",
)


def mutate(rng: random.Random, data: bytes, rounds: int | None = None) -> bytes:
    """A few random edits: flips, inserts, deletions, duplications, special fragments, cuts."""
    out = bytearray(data)
    for _ in range(rounds if rounds is not None else rng.randint(0, 6)):
        op = rng.randrange(7)
        at = rng.randint(0, len(out))
        if op == 0 and out:
            out[min(at, len(out) - 1)] = rng.randrange(256)
        elif op == 1:
            out[at:at] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 8)))
        elif op == 2 and out:
            del out[at : at + rng.randint(1, 64)]
        elif op == 3 and out:
            start = rng.randint(0, len(out) - 1)
            out[at:at] = out[start : start + rng.randint(1, 256)]
        elif op == 4:
            out[at:at] = rng.choice(SPECIAL)
        elif op == 5:
            del out[at:]
        else:
            out[at:at] = rng.choice(SPECIAL) * rng.randint(1, 50)
    return bytes(out)


def _url(rng: random.Random) -> str:
    path = "/".join(rng.choice(("news", "a", "2026", "%E2%82%AC", "x y", "..", ".")) for _ in "ab")
    query = rng.choice(("", "?utm_source=rss&b=2", "?token=abc&id=7", "?a=%zz", "#frag"))
    host = rng.choice(
        ("news.example", "NEWS.example.", "xn--bcher-kva.example", "[::1]", "10.0.0.1")
    )
    scheme = rng.choice(("http", "https", "HTTP", "ftp", ""))
    port = rng.choice(("", ":80", ":8080", ":0", ":99999", ":x"))
    return f"{scheme}://{host}{port}/{path}{query}" if scheme else f"/{path}{query}"


def _feed(rng: random.Random) -> bytes:
    items = [
        {"title": f"Item {i}", "link": _url(rng), "date": "Mon, 02 Mar 2026 08:00:00 GMT"}
        for i in range(rng.randint(1, 4))
    ]
    return (rss(BASE.rstrip("/"), items) if rng.random() < 0.6 else atom(BASE, items)).encode()


def _page(rng: random.Random, html: float = 0.05) -> tuple[bytes, str | None, str | None]:
    """A page body, its content type and its declared charset (often wrong); HTML goes through
    trafilatura, the slow path, so it is a small share (``html``) of the pages."""
    charset = rng.choice(CHARSETS)
    if rng.random() < html:
        html = article_html(rng.randrange(10_000), canonical=rng.choice((None, _url(rng))))
        return html.encode("utf-8", errors="replace"), "text/html", charset
    text = f"Title {rng.randrange(999)}\n\nEnvoys met on Monday. Talks went on."
    encoding = rng.choice(("utf-8", "utf-16", "cp1252", "shift_jis"))
    label = "text/plain" if rng.random() > html else None  # unlabelled: read as HTML
    return text.encode(encoding, errors="replace"), label, charset


@dataclass
class Outcome:
    """Counts over a fuzz run: cases by kind, and how each case ended."""

    cases: Counter[str] = field(default_factory=Counter)
    ended: Counter[str] = field(default_factory=Counter)
    error_classes: Counter[str] = field(default_factory=Counter)
    articles: list[Article] = field(default_factory=list)
    errors: list[Any] = field(default_factory=list)

    def settle(self, kind: str, result: FetchResult) -> None:
        """Every case ends as articles or recorded failures: anything else fails the run."""
        self.cases[kind] += 1
        if not result.articles and not result.errors:
            raise AssertionError(f"{kind} case ended with neither an article nor a failure")
        self.ended["article" if result.articles else "recorded failure"] += 1
        self.error_classes.update(e.error_class for e in result.errors)
        self.articles.extend(result.articles)
        self.errors.extend(result.errors)

    def flush(self) -> None:
        """Rows must fit the Parquet schemas, as the run writes them."""
        to_table("articles", (a.to_row() for a in self.articles))
        to_table("fetch_errors", (e.to_row() for e in self.errors))
        self.articles.clear()
        self.errors.clear()


class Harness:
    """Drives the fetcher's parsing paths directly, as `RemoteFetcher` does on fetched bytes."""

    def __init__(self, client: HttpClient) -> None:
        self.client = client

    def fetcher(self, kind: str) -> RemoteFetcher:
        src = SourceConfig(name="fuzz", kind=kind, location=BASE + "index")  # type: ignore[arg-type]
        fetcher = RemoteFetcher(src, INTERVAL, self.client)
        assert fetcher.configure()
        return fetcher

    def pages(self, rng: random.Random, fetcher: RemoteFetcher, entries: list[Entry]) -> None:
        for entry in entries[:1]:
            body, ctype, charset = _page(rng)
            self.settle_page(fetcher, entry, mutate(rng, body, rng.randint(0, 2)), ctype, charset)

    @staticmethod
    def settle_page(
        fetcher: RemoteFetcher, entry: Entry, body: bytes, ctype: str | None, charset: str | None
    ) -> None:
        outcome = fetcher.page_article(entry, body, entry.url, ctype, charset)
        if isinstance(outcome, Article):
            fetcher.result.add(outcome)
        else:
            fetcher._fail(entry.url, "parse", outcome)

    def entry(self, fetcher: RemoteFetcher, url: str) -> Entry | None:
        try:
            return fetcher._entry(Entry(url=url, canonical=""), BASE, "fuzz")
        except Exception as exc:
            fetcher._fail(url, "parse", exc)
            return None

    def case(self, rng: random.Random, kind: str) -> FetchResult:
        if kind == "local":
            result = FetchResult(INTERVAL)
            name = rng.choice(
                ("a.txt", "a.json", "a.jsonl", "a.txt", "a.json", "a.jsonl", "a.html")
            )
            seed = {
                "a.txt": b"Title: Talks\nPublished: 2026-03-02\n\nEnvoys met.",
                "a.json": json.dumps({"title": "T", "text": "Envoys met.", "x": 1}).encode(),
                "a.jsonl": b'{"text": "a"}\n{"text": "b", "published_at": "2026-13-40"}\n',
                "a.html": article_html(rng.randrange(99)).encode(),
            }[name]
            try:
                docs, errors = parse_document(name, mutate(rng, seed))
            except Exception as exc:
                result.fail("fuzz", name, "parse", exc)
                return result
            for err in errors:
                result.fail("fuzz", name, "parse", err)
            for doc in docs:
                for warning in doc.warnings:
                    result.fail("fuzz", name, "parse", FieldWarning(warning))
                from pipeline.fetch.base import make_article

                src = SourceConfig(name="fuzz", kind="folder", location="x")
                result.add(make_article(src, doc, name, INTERVAL))
            return result
        fetcher = self.fetcher("urls" if kind in ("urls", "url") else "feed")
        if kind == "feed":
            entries = fetcher.read_index(mutate(rng, _feed(rng)), rng.choice(CHARSETS), BASE)
            self.pages(rng, fetcher, entries)
        elif kind == "urls":
            lines = "\n".join(_url(rng) for _ in range(rng.randint(1, 5))).encode()
            self.pages(rng, fetcher, fetcher.read_index(mutate(rng, lines), None, BASE))
        elif kind == "robots":
            body = b"User-agent: *\nDisallow: /private/\nCrawl-delay: 2\nAllow: /news/\n"
            robots = parse_robots(mutate(rng, body), AGENT)
            entry = self.entry(fetcher, _url(rng))
            if entry is not None:
                if robots_allow(robots, AGENT, entry.url):
                    self.pages(rng, fetcher, [entry])
                else:
                    fetcher._fail(entry.url, "fetch", RobotsDisallowed("robots.txt disallows"))
        elif kind == "url":
            raw = mutate(rng, _url(rng).encode(), rng.randint(0, 3))
            entry = self.entry(fetcher, raw.decode("utf-8", errors="replace"))
            if entry is not None:
                href = mutate(rng, _url(rng).encode()).decode("latin-1")
                head = f'<html><head><link rel="canonical" href="{href}"></head><body>'
                fetcher.result.add(
                    Article(
                        article_id="fuzz",
                        source="fuzz",
                        text="x",
                        fetched_at=INTERVAL.end,
                        url=entry.url,
                        canonical_url=page_canonical(entry.url, head),
                    )
                )
        elif kind == "page":
            body, ctype, charset = _page(rng, html=0.2)
            self.settle_page(
                fetcher, Entry(BASE + "p", BASE + "p"), mutate(rng, body), ctype, charset
            )
        else:  # headers, parsed as httpx parses a response's
            headers = [
                (b"content-type", mutate(rng, b"text/html; charset=utf-8")),
                (b"retry-after", mutate(rng, b"120")),
            ]
            try:
                response = httpx.Response(200, headers=headers)
            except Exception as exc:  # httpx refuses it: a connection error in a real fetch
                fetcher._fail(BASE + "h", "fetch", exc)
                return fetcher.result
            parse_retry_after(response.headers.get("retry-after"))
            mime, charset = content_type(response)
            body, _, _ = _page(rng)
            self.settle_page(
                fetcher,
                Entry(BASE + "h", BASE + "h"),
                body,
                mime,
                declared_charset(charset, body),
            )
        return fetcher.result


def run_direct(cases: int, seed: int, outcome: Outcome, failures: Path | None = None) -> None:
    """``cases`` mutated inputs through the parsing paths, round-robin over `KINDS`."""
    with HttpClient(AGENT) as client:
        harness = Harness(client)
        for i in range(cases):
            kind = KINDS[i % len(KINDS)]
            case_seed = seed * 1_000_003 + i
            try:
                outcome.settle(kind, harness.case(random.Random(case_seed), kind))
            except Exception as exc:
                _record(failures, kind, case_seed, exc)
                raise AssertionError(f"case {i} ({kind}, seed {case_seed}) raised {exc!r}") from exc
            if i % 500 == 499:
                outcome.flush()
        outcome.flush()


# -- the real server share: mutated status lines, headers and bodies -------------------------

STATUSES = (200, 200, 200, 200, 301, 302, 303, 307, 308, 304, 404, 410, 429, 500, 503, 204, 206)


def _served(rng: random.Random, base: str) -> tuple[int, bytes, dict[str, str]]:
    status = rng.choice(STATUSES)
    body, ctype, charset = _page(rng, html=0.3)
    body = mutate(rng, body, rng.randint(0, 2))
    headers: dict[str, str] = {}
    label = ctype or "text/html"
    if charset is not None:
        label += f"; charset={charset}"
    headers["Content-Type"] = mutate(rng, label.encode(), rng.randint(0, 2)).decode("latin-1")
    coding = rng.choice(("", "", "gzip", "deflate", "gzip, gzip", "br", "x-bogus"))
    if coding == "gzip":
        body = gzip.compress(body) if rng.random() < 0.8 else body
    elif coding == "deflate":
        body = zlib.compress(body) if rng.random() < 0.8 else body
    if coding:
        headers["Content-Encoding"] = coding
    if status in (301, 302, 303, 307, 308):
        target = rng.choice(
            (
                "/article/1",
                base + "/article/2",
                "http://[oops/",
                "http://10.0.0.1/x",
                "ftp://127.0.0.1/",
                "file:///etc/passwd",
                "//user:pw@127.0.0.1/x",
                "",
                "%zz",
                "http://127.0.0.1:0/",
            )
        )
        headers["Location"] = mutate(rng, target.encode(), rng.randint(0, 1)).decode("latin-1")
    if status in (429, 503):
        headers["Retry-After"] = rng.choice(("0", "1e9", "-1", "Mon, 99 Foo", "abc", ""))
    if rng.random() < 0.1:
        headers["ETag"] = mutate(rng, b'"v1"').decode("latin-1")
    clean = {
        k: "".join(ch for ch in v if ch.isprintable() and ch not in "\r\n")
        for k, v in headers.items()
    }
    return status, body, clean


def run_server(cases: int, seed: int, outcome: Outcome, tmp: Path) -> None:
    """``cases`` mutated responses from a real server, fetched as one URL list."""
    rng = random.Random(seed)
    with FeedServer() as server, HttpClient(AGENT) as client:
        urls = []
        for i in range(cases):
            status, body, headers = _served(rng, server.base)
            urls.append(server.route(f"/fuzz/{i}", body, status, **headers))
        listing = tmp / "fuzz-urls.txt"
        listing.write_text("\n".join(urls) + "\n", encoding="utf-8")
        src = source(
            "urls",
            listing,
            name="fuzz-server",
            max_attempts=2,
            max_retry_after=0.5,
            max_entries=cases + 1,
            concurrency=8,
        )
        result = fetch_source(src, INTERVAL, client=client)
    done = {a.url for a in result.articles} | {e.url for e in result.errors}
    missing = [u for u in urls if u not in done]
    if missing:
        raise AssertionError(f"{len(missing)} served cases ended as nothing: {missing[:5]}")
    for _ in urls:
        outcome.cases["served"] += 1
    outcome.ended["article"] += len(result.articles)
    outcome.ended["recorded failure"] += len({e.url for e in result.errors})
    outcome.error_classes.update(e.error_class for e in result.errors)
    outcome.articles.extend(result.articles)
    outcome.errors.extend(result.errors)
    outcome.flush()


def _record(folder: Path | None, kind: str, seed: int, exc: BaseException) -> None:
    if folder is None:
        return
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{kind}-{seed}.json").write_text(
        json.dumps({"kind": kind, "seed": seed, "error": repr(exc)}), encoding="utf-8"
    )


def fuzz(
    cases: int,
    server_cases: int,
    seed: int,
    tmp: Path,
    progress: Callable[[str], None] | None = None,
) -> Outcome:
    outcome = Outcome()
    started = time.monotonic()
    run_direct(cases, seed, outcome, tmp / "fuzz-failures")
    if progress:
        progress(f"{cases} direct cases in {time.monotonic() - started:.1f}s")
    if server_cases:
        started = time.monotonic()
        run_server(server_cases, seed, outcome, tmp)
        if progress:
            progress(f"{server_cases} served cases in {time.monotonic() - started:.1f}s")
    return outcome


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=200_000)
    parser.add_argument("--server-cases", type=int, default=2_000)
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    logging.getLogger("pipeline").setLevel(logging.CRITICAL)
    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
    logging.getLogger("htmldate").setLevel(logging.CRITICAL)
    tmp = Path("fuzz-out")
    tmp.mkdir(exist_ok=True)
    outcome = fuzz(args.cases, args.server_cases, args.seed, tmp, progress=log.info)
    log.info("cases by kind: %s", dict(outcome.cases))
    log.info("ended as: %s", dict(outcome.ended))
    log.info("failure classes: %s", dict(outcome.error_classes.most_common()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
