"""Near-duplicate detection for syndicated copies, with the standard library only.

Each text becomes the set of its word 5-shingles, hashed with BLAKE2b (stable across processes,
unlike ``hash()``); a bottom-k sketch (the k smallest hashes) estimates the Jaccard similarity of
two sets without keeping them. Candidates are found through an inverted index on each sketch's
few smallest hashes: two texts with Jaccard >= 0.85 share the smallest hash of their union with
probability >= 0.85, so missing a pair in all of them is negligible; candidates are then confirmed
on the full sketch.
"""

from __future__ import annotations

import hashlib
import re
from array import array
from collections import defaultdict

THRESHOLD = 0.85
SHINGLE = 5
SKETCH = 128
_INDEXED = 8
_WORD = re.compile(r"\w+")


def sketch(text: str) -> array[int]:
    """Bottom-k sketch of the text's word shingles (sorted hashes, at most `SKETCH`)."""
    words = _WORD.findall(text.lower())
    if not words:
        return array("Q")
    if len(words) < SHINGLE:
        grams = [" ".join(words)]
    else:
        grams = [" ".join(words[i : i + SHINGLE]) for i in range(len(words) - SHINGLE + 1)]
    hashes = {
        int.from_bytes(hashlib.blake2b(g.encode(), digest_size=8).digest(), "big") for g in grams
    }
    return array("Q", sorted(hashes)[:SKETCH])


def similarity(a: array[int], b: array[int]) -> float:
    """Estimated Jaccard similarity of the two sketched shingle sets."""
    if not a or not b:
        return 0.0
    sa, sb = set(a), set(b)
    k = min(SKETCH, len(sa | sb))
    union_k = sorted(sa | sb)[:k]
    return sum(1 for h in union_k if h in sa and h in sb) / k


class NearDuplicateIndex:
    """Articles seen so far, by sketch; `find` names the first one a text nearly duplicates."""

    def __init__(self, threshold: float = THRESHOLD) -> None:
        self.threshold = threshold
        self._sketches: dict[str, array[int]] = {}
        self._postings: dict[int, list[str]] = defaultdict(list)
        self._hashes: dict[str, str] = {}
        self._order: dict[str, int] = {}

    def __len__(self) -> int:
        return len(self._sketches)

    def add(
        self, article_id: str, text_sketch: array[int], content_hash: str | None = None
    ) -> None:
        if content_hash is not None:
            self._hashes.setdefault(content_hash, article_id)
        if article_id in self._sketches or not text_sketch:
            return
        self._sketches[article_id] = text_sketch
        self._order[article_id] = len(self._order)
        for h in text_sketch[:_INDEXED]:
            self._postings[h].append(article_id)

    def find(self, text_sketch: array[int], content_hash: str | None = None) -> str | None:
        """The id of the earliest indexed article this one (nearly) duplicates, or None."""
        if content_hash is not None and content_hash in self._hashes:
            return self._hashes[content_hash]
        if not text_sketch:
            return None
        candidates = {a for h in text_sketch[:_INDEXED] for a in self._postings.get(h, ())}
        for article_id in sorted(candidates, key=self._order.__getitem__):  # earliest first
            if similarity(text_sketch, self._sketches[article_id]) >= self.threshold:
                return article_id
        return None
