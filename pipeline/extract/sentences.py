"""Sentence spans for news text: fast, rule-based, aware of news abbreviations.

Extraction needs spans (character offsets into the article), not tokens; a regex pass is enough
and an order of magnitude cheaper than a tokenizer.
"""

from __future__ import annotations

import re

# Abbreviations after which a period does not end a sentence.
_ABBREV = frozenset(
    """mr mrs ms dr prof gen lt col maj capt sgt adm cmdr sen rep gov pres st jr sr rev hon
    jan feb mar apr jun jul aug sep sept oct nov dec no vs etc inc corp ltd co dept est approx
    u.s u.k u.n e.u a.m p.m d.c""".split()
)
_BOUNDARY = re.compile(r"[.!?]+[\"'”’)\]]*(?=\s+(?:``|[\"'“‘(\[])?[A-Z0-9])|\n\s*\n|\n")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Return (start, end) spans of the sentences of ``text``, trimmed of outer whitespace."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _BOUNDARY.finditer(text):
        end = m.end()
        if m.group().startswith((".", "!", "?")) and _is_abbreviation(text, m.start()):
            continue
        _push(text, start, end, spans)
        start = end
    _push(text, start, len(text), spans)
    return spans


def _is_abbreviation(text: str, dot: int) -> bool:
    if text[dot] != ".":
        return False
    j = dot
    while j > 0 and (text[j - 1].isalpha() or text[j - 1] == "."):
        j -= 1
    word = text[j:dot].lower()
    if word in _ABBREV:
        return True
    return len(word) == 1 and word.isalpha()  # an initial: "John F. Kennedy"


def _push(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((start, end))


def sentence_at(text: str, pos: int) -> tuple[int, int]:
    """The span of the sentence holding ``pos``, found by looking only around it (the same span
    :func:`split_sentences` gives), so an article with one trigger is not split whole."""
    start = -1
    for reach in (300, 1500, 6000):
        lo = max(0, pos - reach)
        start = 0 if lo == 0 else -1
        for m in _BOUNDARY.finditer(text, lo):
            if m.start() >= pos:
                break
            if m.group().startswith((".", "!", "?")) and _is_abbreviation(text, m.start()):
                continue
            start = m.end()
        if start >= 0:
            break
    if start < 0:  # no boundary anywhere near: fall back to the full split
        return next(sp for sp in split_sentences(text) if sp[0] <= pos < sp[1] or sp[0] > pos)
    end = len(text)
    for m in _BOUNDARY.finditer(text, pos):
        if m.group().startswith((".", "!", "?")) and _is_abbreviation(text, m.start()):
            continue
        end = m.end()
        break
    spans: list[tuple[int, int]] = []
    _push(text, start, end, spans)
    return spans[0] if spans else (pos, pos)
