"""The trigger lexicon (``pipeline/data/lexicon.toml``) compiled once per process."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

from pipeline.extract.trie import WORD_END
from pipeline.extract.trie import trie_pattern as _trie


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    event_type: str
    pattern: re.Pattern[str]
    confidence: float
    object: re.Pattern[str] | None
    private: bool
    target: str


@dataclass(frozen=True, slots=True)
class Lexicon:
    rules: tuple[Rule, ...]
    any_trigger: re.Pattern[str]
    prefilter: re.Pattern[str]
    prefilter_lower: re.Pattern[str]
    contact: re.Pattern[str]
    negation: re.Pattern[str]
    denial: re.Pattern[str]
    condition: re.Pattern[str]
    hypothetical: re.Pattern[str]
    future: re.Pattern[str]


def words_regex(words: list[str]) -> re.Pattern[str]:
    """A word list as one trie regex; "x*" means any word starting with x."""
    forms = [w[:-1] if w.endswith("*") else w + WORD_END for w in words]
    return re.compile(r"\b(?:" + _trie(f.lower() for f in forms) + ")", re.I)


def word_starts(lex: Lexicon, text: str) -> list[int]:
    """Offsets where some stem begins. Matching the lower-cased text against one trie is the
    fastest pass Python's re offers; texts whose length changes when lower-cased take the slower
    cased trie, so offsets always point into the original text."""
    low = text.lower()
    if len(low) == len(text):
        return [m.start() for m in lex.prefilter_lower.finditer(low)]
    return [m.start() for m in lex.prefilter.finditer(text)]


def confirmed(lex: Lexicon, text: str, pos: int, window: int = 150) -> bool:
    """Does some rule match at ``pos`` with its object nearby? Cheap: one anchored match, and
    a look at a window instead of the sentence, so filler sentences cost almost nothing."""
    m = lex.any_trigger.match(text, pos)
    if m is None:
        return False
    rule = lex.rules[int((m.lastgroup or "r0")[1:])]
    lo, hi = max(0, pos - window), pos + window
    if rule.object is None or rule.object.search(text, lo, hi):
        return True
    return any(  # the first rule matching here wanted an object: try the others
        r.pattern.match(text, pos) and (r.object is None or r.object.search(text, lo, hi))
        for r in lex.rules
        if r is not rule
    )


@cache
def load_lexicon() -> Lexicon:
    raw = tomllib.loads(files("pipeline.data").joinpath("lexicon.toml").read_text("utf-8"))
    objects = {k: words_regex(v) for k, v in raw["objects"].items()}
    objects["contact"] = words_regex(raw["contact"]["words"])
    rules = tuple(
        Rule(
            id=r["id"],
            event_type=r["type"],
            pattern=re.compile(r["pattern"], re.I),
            confidence=float(r["confidence"]),
            object=objects[r["object"]] if "object" in r else None,
            private=bool(r.get("private", False)),
            target=r.get("target", "after"),
        )
        for r in raw["rule"]
    )
    mod = raw["modality"]
    stems = [st.lower().replace("$", WORD_END) for st in raw["prefilter"]["stems"]]
    # case-sensitive over lower and Capitalised forms: several times faster than re.I here
    variants = stems + [st[0].upper() + st[1:] for st in stems]
    return Lexicon(
        rules=rules,
        any_trigger=re.compile(
            "|".join(f"(?P<r{i}>{r.pattern.pattern})" for i, r in enumerate(rules)), re.I
        ),
        prefilter=re.compile(r"\b(?=" + _trie(variants) + ")"),  # zero-width: overlaps kept
        prefilter_lower=re.compile(r"\b(?=" + _trie(stems) + ")"),
        contact=objects["contact"],
        negation=re.compile(mod["negation"], re.I),
        denial=re.compile(mod["denial_verbs"], re.I),
        condition=re.compile(mod["condition"], re.I),
        hypothetical=re.compile(mod["hypothetical"], re.I),
        future=re.compile(mod["future"], re.I),
    )
