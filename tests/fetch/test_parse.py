"""Document parsing: every format, and a clear reason for every bad input."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from pipeline.errors import BadInputError
from pipeline.fetch.parse import parse_document, parse_txt


def test_txt_with_header_block() -> None:
    raw = (
        b"Title: Talks resume\nURL: https://example-wire.test/a\nPublished: 2023-03-02T10:00:00Z\n"
        b"\nMoscow and Washington resumed talks on Tuesday."
    )
    doc = parse_txt(raw)
    assert doc.title == "Talks resume"
    assert doc.url == "https://example-wire.test/a"
    assert doc.published_at == dt.datetime(2023, 3, 2, 10, tzinfo=dt.UTC)
    assert doc.text.startswith("Talks resume\n\nMoscow and Washington")


def test_txt_without_header_uses_first_line_as_headline() -> None:
    doc = parse_txt(b"Russia Calls for a Shift\nBody line one.\nBody line two.")
    assert doc.title == "Russia Calls for a Shift"
    assert doc.published_at is None and doc.url is None
    assert doc.text.startswith("Russia Calls for a Shift\nBody")


def test_json_article_keeps_headline_in_text() -> None:
    raw = json.dumps(
        {"title": "T", "text": "Body.", "url": "u", "published_at": "2023-01-05"}
    ).encode()
    [doc], errors = parse_document("a.json", raw)
    assert errors == []
    assert doc.text == "T\n\nBody."
    assert doc.published_at == dt.datetime(2023, 1, 5, tzinfo=dt.UTC)


def test_jsonl_bad_line_is_recorded_and_good_lines_survive() -> None:
    raw = b'{"text": "one"}\nnot json\n{"title": "x"}\n{"text": "two"}\n'
    docs, errors = parse_document("a.jsonl", raw)
    assert [d.text for d in docs] == ["one", "two"]
    assert [d.line for d in docs] == [1, 4]
    messages = [str(e) for e in errors]
    assert any("line 2" in m and "invalid JSON" in m for m in messages)
    assert any("line 3" in m and "no non-empty 'text'" in m for m in messages)


@pytest.mark.parametrize(
    ("name", "raw", "reason"),
    [
        ("empty.txt", b"", "empty document"),
        ("blank.txt", b"   \n\n ", "empty document"),
        ("garbage.txt", bytes(range(256)) * 8, "binary content"),
        ("broken.json", b'{"title": "x", "text": ', "invalid JSON"),
        ("list.json", b"[1, 2]", "expected a JSON object"),
        ("image.png", b"\x89PNG\r\n", "unsupported file type"),
    ],
)
def test_bad_inputs_raise_with_reason(name: str, raw: bytes, reason: str) -> None:
    with pytest.raises(BadInputError, match=reason):
        parse_document(name, raw)


def test_cp1252_bytes_decode_to_the_right_characters() -> None:
    raw = "Title: Déjà vu\n\nThe envoy’s “quiet” talks in Genève.".encode("cp1252")
    doc = parse_txt(raw)
    assert "envoy’s “quiet” talks in Genève" in doc.text


def test_html_main_text_title_and_date() -> None:
    html = b"""<html><head><title>Envoys meet | Wire</title>
    <meta property="article:published_time" content="2023-04-04T08:00:00Z">
    <link rel="canonical" href="https://example-wire.test/envoys"></head>
    <body><nav>Home | World | Sport</nav><article><h1>Envoys meet</h1>
    <p>Foreign ministers of Turkey and Russia met in Ankara on Monday to discuss the grain
    corridor, officials said, in a meeting that lasted three hours.</p>
    <p>Both sides described the talks as constructive and agreed to meet again next month.</p>
    </article><footer>Copyright</footer></body></html>"""
    [doc], _ = parse_document("page.html", html)
    assert doc.published_at == dt.datetime(2023, 4, 4, 8, tzinfo=dt.UTC)
    assert "met in Ankara on Monday" in doc.text
    assert "Copyright" not in doc.text
