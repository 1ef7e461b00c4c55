"""Compile many phrases into one trie-shaped regex (the one builder for gazetteers and word lists).

Python's ``re`` tries every branch of a flat alternation at every position; a trie-shaped pattern
shares prefixes, so matching 1,700 gazetteer names costs little more than matching a few.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

_END = ("", "")
WORD_END = "\x00"  # a phrase ending in it only matches at the end of a word


def trie_pattern(phrases: Iterable[str | Sequence[str]]) -> str:
    """A regex source matching exactly the given phrases, longest first along each branch.

    A phrase is a string (literal characters) or a sequence of regex atoms, each matching one
    unit of text ("[Tt]", "['’]", r"\\s+"); atoms are compared as written, so two atoms that can
    match the same text (a literal "T" beside "[Tt]") are tried in sorted order, literal first.
    """
    root: dict[tuple[str, str], dict] = {}  # type: ignore[type-arg]
    for phrase in phrases:
        node = root
        # branches sort by the character itself (WORD_END first), or by the atom as written
        keys = [(ch, _char(ch)) for ch in phrase] if isinstance(phrase, str) else phrase
        for key in keys:
            node = node.setdefault(key if isinstance(key, tuple) else (key, key), {})
        node[_END] = {}
    return _render(root)


def _char(ch: str) -> str:
    return r"\b" if ch == WORD_END else re.escape(ch)


def _render(node: dict[tuple[str, str], dict]) -> str:  # type: ignore[type-arg]
    ends = _END in node
    branches = [key[1] + _render(child) for key, child in sorted(node.items()) if key != _END]
    if not branches:
        return ""
    if len(branches) == 1 and not ends:
        return branches[0]
    body = "(?:" + "|".join(branches) + ")"
    return body + "?" if ends else body
