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
    contact: re.Pattern[str]
    negation: re.Pattern[str]
    denial: re.Pattern[str]
    condition: re.Pattern[str]
    hypothetical: re.Pattern[str]
    future: re.Pattern[str]


@cache
def load_lexicon() -> Lexicon:
    raw = tomllib.loads(files("pipeline.data").joinpath("lexicon.toml").read_text("utf-8"))
    objects = {k: re.compile(v, re.I) for k, v in raw["objects"].items()}
    objects["contact"] = re.compile(raw["contact"]["pattern"], re.I)
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
        any_trigger=re.compile("|".join(f"(?:{r.pattern.pattern})" for r in rules), re.I),
        prefilter=re.compile(r"\b(?=" + _trie(variants) + ")"),  # zero-width: overlaps kept
        contact=objects["contact"],
        negation=re.compile(mod["negation"], re.I),
        denial=re.compile(mod["denial_verbs"], re.I),
        condition=re.compile(mod["condition"], re.I),
        hypothetical=re.compile(mod["hypothetical"], re.I),
        future=re.compile(mod["future"], re.I),
    )
