"""The trigger lexicon (``pipeline/data/lexicon.toml``) compiled once per process."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Any

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
    stem_automaton: Any  # ahocorasick.Automaton over the lower-cased stems
    any_free: re.Pattern[str]  # rules that need no object nearby
    contact: re.Pattern[str]
    negation: re.Pattern[str]
    denial: re.Pattern[str]
    condition: re.Pattern[str]
    hypothetical: re.Pattern[str]
    future: re.Pattern[str]


def _automaton(stems: list[str]) -> Any:
    import ahocorasick

    automaton = ahocorasick.Automaton()
    for stem in stems:
        word = stem.lower().rstrip("$")
        automaton.add_word(word, (len(word), stem.endswith("$")))
    automaton.make_automaton()
    return automaton


def words_regex(words: list[str]) -> re.Pattern[str]:
    """A word list as one trie regex over lower-cased text; "x*": any word starting with x."""
    forms = [w[:-1] if w.endswith("*") else w + WORD_END for w in words]
    return re.compile(r"\b(?:" + _trie(f.lower() for f in forms) + ")")


def word_starts(lex: Lexicon, text: str) -> list[int]:
    """Offsets where some stem begins a word. An Aho-Corasick pass over the lower-cased text
    finds them in one C loop; texts whose length changes when lower-cased take the cased regex,
    so offsets always point into the original text."""
    low = text.lower()
    if len(low) != len(text):
        return [m.start() for m in lex.prefilter.finditer(text)]
    n = len(low)
    out: set[int] = set()
    for end, (size, whole) in lex.stem_automaton.iter(low):
        start = end - size + 1
        if start and (low[start - 1].isalnum() or low[start - 1] == "_"):
            continue
        if whole and end + 1 < n and (low[end + 1].isalnum() or low[end + 1] == "_"):
            continue
        out.add(start)
    return sorted(out)


def confirmed(lex: Lexicon, text: str, pos: int, window: int = 150) -> bool:
    """Does some rule match at ``pos`` with its object nearby? Cheap: one anchored match, and
    a look at a window instead of the sentence, so filler sentences cost almost nothing."""
    m = lex.any_trigger.match(text, pos)
    if m is None:
        return False
    rule = lex.rules[int((m.lastgroup or "r0")[1:])]
    lo, hi = max(0, pos - window), pos + window
    if rule.object is None or rule.object.search(text[lo:hi].lower()):
        return True
    # the first rule matching here wanted an object it lacks: any rule that needs none?
    return lex.any_free.match(text, pos) is not None


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
        stem_automaton=_automaton(raw["prefilter"]["stems"]),
        any_free=re.compile(
            "|".join(f"(?:{r.pattern.pattern})" for r in rules if r.object is None), re.I
        ),
        contact=objects["contact"],
        negation=re.compile(mod["negation"], re.I),
        denial=re.compile(mod["denial_verbs"], re.I),
        condition=re.compile(mod["condition"], re.I),
        hypothetical=re.compile(mod["hypothetical"], re.I),
        future=re.compile(mod["future"], re.I),
    )
