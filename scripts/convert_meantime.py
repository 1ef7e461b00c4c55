#!/usr/bin/env python3
"""Convert the MEANTIME English corpus into the date resolver's real-text dev set.

Reads (read-only reference material, CC BY 4.0):
    <data>/meantime-en/corpus_*/*.xml   NewsReader MEANTIME corpus, English section: 120 Wikinews
                                        articles, tokenised, with gold TIMEX3 annotations

Writes tests/extract/cases/meantime_dev.jsonl, one article a line:
    id          the MEANTIME document id
    url         the Wikinews article it was taken from
    text        the article rebuilt from its tokens (title, date line, body), spaced as written
    published   the CREATION_TIME timex value (the publication date; in the few articles without
                one, the timex of the date line under the title)
    dates       every DATE timex of the text except the publication date itself: start/end
                character offsets into text, the covered phrase, the gold TimeML value

and tests/extract/cases/NOTICE.meantime (the attribution the licence requires).

The corpus is real news, almost wholly non-diplomatic (aviation, computing, cars, stock markets):
it scores the date resolver on text it was not written for, and counts false diplomatic events.

Usage:
    uv run python scripts/convert_meantime.py [--data DIR] [--out FILE] [--check]

--check rebuilds in memory and exits 1 when the file on disk differs (for CI). The data directory
defaults to $COMMUNIQUE_SHARED_DATA_DIR, else ../shared/data next to the repository.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import re
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from typing import Any

LOG = logging.getLogger("convert_meantime")
ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = ROOT / "tests" / "extract" / "cases" / "meantime_dev.jsonl"

NOTICE = """\
meantime_dev.jsonl is derived from the NewsReader MEANTIME corpus, English section
(intra-document annotation: tokens and TIMEX3 annotations), converted by
scripts/convert_meantime.py.

MEANTIME corpus (c) 2015 Fondazione Bruno Kessler, VU University Amsterdam, Universidad del Pais
Vasco. Licensed under the Creative Commons Attribution 4.0 International licence (CC BY 4.0),
http://creativecommons.org/licenses/by/4.0/ . Website:
http://www.newsreader-project.eu/results/data/wikinews/ . Source commit of the copy used: {commit}

The article texts come from Wikinews (http://en.wikinews.org), published under CC BY 2.5 / 4.0;
each record keeps the URL of its article.

Changes made: the article text is rebuilt from the corpus tokens (spacing restored), only DATE
timexes are kept, as character spans with their gold values; the publication date is the
CREATION_TIME timex.
"""

# Tokens glued to the word before them, and tokens the next word is glued to.
_NO_SPACE_BEFORE = {
    ",",
    ".",
    ";",
    ":",
    "!",
    "?",
    ")",
    "]",
    "}",
    "%",
    "'s",
    "'S",
    "n't",
    "'re",
    "'ve",
    "'ll",
    "'d",
    "'m",
    "’s",
    "''",
    "...",
    "'",
}
_NO_SPACE_AFTER = {"(", "[", "{", "$", "``", "#", "£", "€"}


@dataclass
class _Token:
    t_id: str
    sentence: int
    text: str


def _rebuild(tokens: list[_Token]) -> tuple[str, dict[str, tuple[int, int]]]:
    """The text and each token's character span.

    The title (sentence 0) and the date line (sentence 1) end with a line break; other sentences are
    joined with a space. A straight double quote opens or closes by alternation within a sentence.
    """
    parts: list[str] = []
    spans: dict[str, tuple[int, int]] = {}
    pos = 0
    prev: _Token | None = None
    quote_open = False
    for tok in tokens:
        text = tok.text
        if prev is None:
            sep = ""
        elif tok.sentence != prev.sentence:
            sep = "\n" if prev.sentence <= 1 else " "
            quote_open = False
        else:
            sep = " "
            if text in _NO_SPACE_BEFORE or prev.text in _NO_SPACE_AFTER:
                sep = ""
            elif text == '"':
                sep = "" if quote_open else " "
            elif prev.text == '"' and quote_open:
                sep = ""
            elif text.startswith("'") and len(text) > 1 and text[1:].isalpha() and len(text) <= 3:
                sep = ""  # clitics: 's 'd 'll
            elif text == "-" or prev.text == "-":
                sep = " "
        if text == '"':
            quote_open = not quote_open
        parts.append(sep)
        pos += len(sep)
        spans[tok.t_id] = (pos, pos + len(text))
        parts.append(text)
        pos += len(text)
        prev = tok
    return "".join(parts), spans


def _iso_day(value: str) -> str:
    """YYYY-MM-DD from a creation-time value; one article writes it DD-MM-YYYY."""
    match = re.fullmatch(r"(\d\d)-(\d\d)-(\d{4})", value)
    if match is not None:
        return f"{match.group(3)}-{match.group(2)}-{match.group(1)}"
    return value[:10]


def convert_file(path: Path) -> dict[str, Any] | None:
    """One article as a dev-set record; None (logged) when it has no publication date."""
    root = ET.parse(path).getroot()
    tokens = [
        _Token(t.attrib["t_id"], int(t.attrib["sentence"]), t.text or "")
        for t in root.iter("token")
    ]
    text, spans = _rebuild(tokens)
    published: str | None = None
    dateline: str | None = None
    dates: list[dict[str, Any]] = []
    sentence_of = {t.t_id: t.sentence for t in tokens}
    for timex in root.iter("TIMEX3"):
        anchors = [a.attrib["t_id"] for a in timex.iter("token_anchor")]
        if timex.attrib.get("functionInDocument") == "CREATION_TIME":
            published = _iso_day(timex.attrib["value"])
            continue
        if anchors and all(sentence_of[a] == 1 for a in anchors):
            # The date line under the title, left unmarked as CREATION_TIME in a few articles.
            dateline = dateline or _iso_day(timex.attrib["value"])
            continue
        if timex.attrib.get("type") != "DATE" or not anchors:
            continue
        start = min(spans[a][0] for a in anchors)
        end = max(spans[a][1] for a in anchors)
        dates.append(
            {"start": start, "end": end, "text": text[start:end], "value": timex.attrib["value"]}
        )
    published = published or dateline
    if published is None:
        LOG.warning("%s: no CREATION_TIME timex, skipped", path)
        return None
    dates.sort(key=lambda d: (d["start"], d["end"]))
    return {
        "id": root.attrib["doc_id"],
        "url": root.attrib.get("url", ""),
        "text": text,
        "published": published,
        "dates": dates,
    }


def build(data: Path) -> tuple[str, str]:
    """The dev-set JSON Lines and the NOTICE text."""
    corpus = data / "meantime-en"
    files = sorted(corpus.glob("corpus_*/*.xml"), key=lambda p: (p.parent.name, p.name))
    if not files:
        raise SystemExit(f"no MEANTIME articles under {corpus}")
    records = [r for r in (convert_file(p) for p in files) if r is not None]
    records.sort(key=lambda r: int(r["id"]))
    lines = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
    commit_file = corpus / "SOURCE_COMMIT"
    commit = commit_file.read_text().strip() if commit_file.exists() else "unknown"
    LOG.info("%d articles, %d DATE timexes", len(records), sum(len(r["dates"]) for r in records))
    return lines, NOTICE.format(commit=commit)


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    default_data = os.environ.get("COMMUNIQUE_SHARED_DATA_DIR") or next(
        (str(p / "shared" / "data") for p in ROOT.parents if (p / "shared" / "data").is_dir()),
        str(ROOT.parent / "shared" / "data"),
    )
    parser.add_argument("--data", type=Path, default=Path(default_data))
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args(argv)
    lines, notice = build(args.data)
    notice_path = args.out.parent / "NOTICE.meantime"
    if args.check:
        stale = [
            str(p)
            for p, want in ((args.out, lines), (notice_path, notice))
            if not p.exists() or p.read_text(encoding="utf-8") != want
        ]
        for path in stale:
            LOG.error("%s is out of date: rerun scripts/convert_meantime.py", path)
        return 1 if stale else 0
    args.out.write_text(lines, encoding="utf-8")
    notice_path.write_text(notice, encoding="utf-8")
    LOG.info("wrote %s and %s", args.out, notice_path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
