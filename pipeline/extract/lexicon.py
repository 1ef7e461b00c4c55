"""The trigger lexicon (``pipeline/data/lexicon.toml``) compiled once per process."""

from __future__ import annotations

import importlib
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
    # a state-controlled firm as the act's subject ("Gazprom cut gas supplies to Ukraine") acts
    # for its state's business sector when the act reaches another state
    state_firm: bool = False
    # the CAMEO code the rule codes where it is narrower than its type's primary code
    # ("announced a ceasefire": 0871, not the retreat's 084)
    cameo: str | None = None


@dataclass(frozen=True, slots=True)
class Lexicon:
    rules: tuple[Rule, ...]
    # per rule, a class of the characters its match can begin with (None: any); with
    # ``by_char``, a cache of the rules worth trying before a given character, in rule order
    first: tuple[re.Pattern[str] | None, ...]
    by_char: dict[str, tuple[Rule, ...]]
    prefilter: re.Pattern[str]
    prefilter_lower: re.Pattern[str]
    stem_automaton: Any  # ahocorasick.Automaton over the lower-cased stems
    contact: re.Pattern[str]
    negation: re.Pattern[str]
    denial: re.Pattern[str]
    condition: re.Pattern[str]
    hypothetical: re.Pattern[str]
    future: re.Pattern[str]
    reciprocal: re.Pattern[str]  # a verb whose object is a co-party ("telephoned X")
    recipient: re.Pattern[str]  # a verb whose target is the party after "to" ("extradited X to Y")
    document: re.Pattern[str]  # a text that "calls for" what it says ("the plan, which calls for")


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


def rules_at(lex: Lexicon, text: str, pos: int) -> tuple[Rule, ...]:
    """The rules whose match may begin at ``pos``, in rule order: most rules cannot begin with
    the character there, and skipping them spares most of the per-rule matching."""
    if pos >= len(text):
        return lex.rules
    char = text[pos]
    rules = lex.by_char.get(char)
    if rules is None:
        rules = tuple(
            r for r, f in zip(lex.rules, lex.first, strict=True) if f is None or f.match(char)
        )
        lex.by_char[char] = rules
    return rules


def confirmed(lex: Lexicon, text: str, pos: int, window: int = 150) -> bool:
    """Does some rule match at ``pos`` with its object nearby? Cheap: anchored matches of the
    rules that may begin there, and a look at a window instead of the sentence, so filler
    sentences cost almost nothing."""
    near: str | None = None
    for rule in rules_at(lex, text, pos):
        if rule.pattern.match(text, pos) is None:
            continue
        if rule.object is None:
            return True
        if near is None:
            near = text[max(0, pos - window) : pos + window].lower()
        if rule.object.search(near):
            return True
    return False


_PARSER: Any = importlib.import_module("re._parser")
_C: Any = importlib.import_module("re._constants")


def _first(items: Any) -> tuple[list[str] | None, bool]:
    """Class items (escaped) for the characters a parsed pattern may begin with, or None when
    any may; and whether it may match the empty string. Assertions count as empty: they only
    narrow what matches."""
    out: list[str] = []
    for op, av in items:
        if op is _C.LITERAL:
            return [*out, re.escape(chr(av))], False
        if op is _C.IN:
            part: list[str] = []
            for iop, iav in av:
                if iop is _C.LITERAL:
                    part.append(re.escape(chr(iav)))
                elif iop is _C.RANGE:
                    part.append(re.escape(chr(iav[0])) + "-" + re.escape(chr(iav[1])))
                else:  # negated sets, categories: anything
                    return None, False
            return out + part, False
        if op in (_C.AT, _C.ASSERT, _C.ASSERT_NOT):
            continue
        if op is _C.BRANCH:
            nullable = False
            for branch in av[1]:
                sub, empty = _first(branch)
                if sub is None:
                    return None, False
                out += sub
                nullable = nullable or empty
            if not nullable:
                return out, False
            continue
        if op is _C.SUBPATTERN or op is _C.ATOMIC_GROUP:
            sub, empty = _first(av[-1] if op is _C.SUBPATTERN else av)
        elif op in (_C.MAX_REPEAT, _C.MIN_REPEAT, _C.POSSESSIVE_REPEAT):
            sub, empty = _first(av[2])
            empty = empty or av[0] == 0
        else:  # any other op: anything
            return None, False
        if sub is None:
            return None, False
        out += sub
        if not empty:
            return out, False
    return out, True


def first_class(pattern: str) -> re.Pattern[str] | None:
    """A one-character class that every match of ``pattern`` (compiled with re.I) begins with;
    None when no such class is known."""
    chars, empty = _first(_PARSER.parse(pattern, re.I))
    if chars is None or empty or not chars:
        return None
    return re.compile("[" + "".join(chars) + "]", re.I)


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
            state_firm=bool(r.get("state_firm", False)),
            cameo=r.get("cameo"),
        )
        for r in raw["rule"]
    )
    mod = raw["modality"]
    stems = [st.lower().replace("$", WORD_END) for st in raw["prefilter"]["stems"]]
    # case-sensitive over lower and Capitalised forms: several times faster than re.I here
    variants = stems + [st[0].upper() + st[1:] for st in stems]
    return Lexicon(
        rules=rules,
        first=tuple(first_class(r.pattern.pattern) for r in rules),
        by_char={},
        prefilter=re.compile(r"\b(?=" + _trie(variants) + ")"),  # zero-width: overlaps kept
        prefilter_lower=re.compile(r"\b(?=" + _trie(stems) + ")"),
        stem_automaton=_automaton(raw["prefilter"]["stems"]),
        contact=objects["contact"],
        negation=re.compile(mod["negation"], re.I),
        denial=re.compile(mod["denial_verbs"], re.I),
        condition=re.compile(mod["condition"], re.I),
        hypothetical=re.compile(mod["hypothetical"], re.I),
        future=re.compile(mod["future"], re.I),
        reciprocal=words_regex(raw["joint"]["reciprocal"]),
        recipient=words_regex(raw["recipient"]["verbs"]),
        document=words_regex(raw["documents"]["words"]),
    )


# ---------------------------------------------------------------- generated CAMEO verb lexicon

_WORD = re.compile(r"\d[\d,.]*\d|[\w'’-]+")  # "25,000" is one word
_PARTICLES = frozenset(
    "to with for on upon against in at by of from into over off out up down about as that".split()
)


@dataclass(frozen=True, slots=True)
class VerbEntry:
    block: str
    lemma: str
    code: str
    event_type: str  # "" when the bare verb codes nothing we extract
    own: bool  # the bare verb codes its event; else it needs an object pattern


# nouns that make the object word before them a modifier of people or bodies ("aid workers",
# "relief agencies", "peace activists"): the pattern's object is then not there
_PEOPLE_HEADS = frozenset(
    "worker workers agency agencies group groups official officials activist activists "
    "organisation organisations organization organizations convoy convoys".split()
)


# prepositions that open an adjunct of time or circumstance after a verb's object
_ADJUNCT_HEADS = frozenset({"during", "amid", "despite", "while"})


@dataclass(frozen=True, slots=True)
class ObjectPattern:
    tokens: tuple[str, ...]
    code: str
    event_type: str  # "" blocks an event: "called a cabinet meeting", "fired on troops"

    def matches(self, words: list[str]) -> bool:
        """The tokens in order after the verb: the first within six words, then at most two
        words between tokens; a plural of the last token counts."""
        i = 0
        # a pattern of particles only ("(TO)", "(WITH)") attaches to the verb itself
        first = 1 if all(t in _PARTICLES for t in self.tokens) else 6
        for k, tok in enumerate(self.tokens):
            limit = first if k == 0 else 3  # "provide nearly 25,000 tons of food aid"
            last = k == len(self.tokens) - 1
            for j in range(i, min(i + limit, len(words))):
                w = words[j]
                if w == tok or (last and w in (tok + "s", tok + "es")):
                    if last and j + 1 < len(words) and words[j + 1] in _PEOPLE_HEADS:
                        continue  # "detained an aid worker": a person, not aid
                    i = j + 1
                    break
            else:
                return False
        return True


@dataclass(frozen=True, slots=True)
class CameoLexicon:
    """Verb forms and object patterns of the PETRARCH2 CAMEO.2.0 dictionary (cameo_verbs.tsv)."""

    forms: dict[str, tuple[VerbEntry, ...]]
    patterns: dict[str, dict[str, tuple[ObjectPattern, ...]]]  # block -> last token -> patterns
    automaton: Any
    types: frozenset[str]  # the event types generated verbs may code
    pattern_types: frozenset[str]  # ... and those only an object pattern may code
    # per form: the last words of all its blocks' object patterns, and the code it takes when
    # none of them follows it (its first own entry of a type coded here, else None)
    bare: dict[str, tuple[frozenset[str], tuple[VerbEntry, str, str] | None]]

    def starts(self, low: str) -> dict[int, str]:
        """Word-bounded verb forms in lower-cased text: start offset -> longest form there."""
        out: dict[int, str] = {}
        n = len(low)
        for end, form in self.automaton.iter(low):
            start = end - len(form) + 1
            if start and (low[start - 1].isalnum() or low[start - 1] in "_-"):
                continue
            if end + 1 < n and (low[end + 1].isalnum() or low[end + 1] in "_-"):
                continue
            if len(form) > len(out.get(start, "")):
                out[start] = form
        return out

    def code_at(self, form: str, after: str) -> tuple[VerbEntry, str, str] | None:
        """The entry, code and event type a verb form takes given the words after it: the
        longest object pattern of its block that matches wins (its code marked with a trailing
        "+"), else the verb's own code."""
        words = _WORD.findall(after[:160].lower())[:12]
        for i, w in enumerate(words):
            if w in _ADJUNCT_HEADS:
                # "praised Japan's investment during a visit to Tokyo": the visit is no object
                # of the praise, so no object pattern reaches into the adjunct
                words = words[:i]
                break
        # in text order, without repeats: a list, not a set, so that ties below never depend on
        # the process's hash seed
        keys = list(
            dict.fromkeys(
                [*words, *(w[:-1] for w in words if w.endswith("s"))]
                + [w[:-2] for w in words if w.endswith("es")]
            )
        )
        last_words, bare = self.bare.get(form, (frozenset(), None))
        if last_words.isdisjoint(keys):
            return bare  # no object pattern can match: the verb's own code, if any
        best: tuple[VerbEntry, str, str] | None = None
        for entry in self.forms.get(form, ()):
            index = self.patterns.get(entry.block, {})
            # most verbs are followed by none of their block's last words: one C-level check
            if index.keys().isdisjoint(keys):
                found: list[ObjectPattern] = []
            else:
                found = [p for k in keys for p in index.get(k, ()) if p.matches(words)]
            if found:
                # the longest pattern wins, then one whose last word is spelt as in the text
                # ("lifted sanctions": SANCTIONS [085], not SANCTION [0351]); remaining ties go to
                # the pattern found first (text order, then the dictionary's own order), as
                # PETRARCH takes the first match
                pat = max(
                    found,
                    key=lambda p: (len(p.tokens), p.tokens[-1] in words, p.event_type != ""),
                )
                if pat.event_type not in self.types and pat.event_type not in self.pattern_types:
                    return None
                return entry, pat.code + "+", pat.event_type  # "+": coded by its object
            if entry.own and entry.event_type in self.types and best is None:
                best = (entry, entry.code, entry.event_type)
        return best


@cache
def load_cameo_lexicon() -> CameoLexicon:
    import ahocorasick

    forms: dict[str, list[VerbEntry]] = {}
    patterns: dict[str, dict[str, list[ObjectPattern]]] = {}
    text = files("pipeline.data").joinpath("cameo_verbs.tsv").read_text("utf-8")
    rows = [line.split("\t") for line in text.splitlines() if line and not line.startswith("#")]
    for block, kind, phrase, code, etype, origin in rows[1:]:
        if kind == "verb":
            lemma = phrase.split("|")[0]
            for form in phrase.split("|"):
                if len(form) > 2:
                    forms.setdefault(form, []).append(
                        VerbEntry(block, lemma, code, etype, origin == "own")
                    )
        else:
            tokens = tuple(phrase.split())
            pat = ObjectPattern(tokens, code, etype)
            patterns.setdefault(block, {}).setdefault(tokens[-1], []).append(pat)
    overrides = tomllib.loads(
        files("pipeline.data").joinpath("lexicon_overrides.toml").read_text("utf-8")
    )
    types = frozenset(overrides["generated"]["types"])
    codable = types | frozenset(overrides["generated"].get("pattern_types", []))
    useful_blocks = {
        b
        for b, idx in patterns.items()
        if any(p.event_type in codable for ps in idx.values() for p in ps)
    }
    # a form that can never code an event here is left out of the automaton: fewer hits to check
    forms = {
        f: es
        for f, es in forms.items()
        if any((e.own and e.event_type in types) or e.block in useful_blocks for e in es)
    }
    automaton = ahocorasick.Automaton()
    for form in forms:
        automaton.add_word(form, form)
    automaton.make_automaton()
    bare = {
        f: (
            frozenset(k for e in es for k in patterns.get(e.block, {})),
            next(((e, e.code, e.event_type) for e in es if e.own and e.event_type in types), None),
        )
        for f, es in forms.items()
    }
    return CameoLexicon(
        bare=bare,
        types=types,
        pattern_types=frozenset(overrides["generated"].get("pattern_types", [])),
        forms={k: tuple(v) for k, v in forms.items()},
        patterns={b: {k: tuple(v) for k, v in idx.items()} for b, idx in patterns.items()},
        automaton=automaton,
    )
