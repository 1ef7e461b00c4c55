#!/usr/bin/env python3
"""Build the CAMEO verb lexicon (pipeline/data/cameo_verbs.tsv) from the PETRARCH2 verb dictionary.

Reads  <reference>/openeventdata/CAMEO.2.0.txt   (Open Event Data Alliance, MIT licence)
       pipeline/data/lexicon_overrides.toml      (reviewed: code families -> types, drops)
Writes pipeline/data/cameo_verbs.tsv             (generated, do not edit)

Every verb of every verb block becomes rows of its inflected forms with its CAMEO code (its own
code, else the block's); every object pattern of a block ("- * OBJECT [code]") becomes a pattern
row that applies to all verbs of the block, as PETRARCH2 applies it. Synonym sets (&NAME) are
expanded. Only codes whose family the overrides map to an event type are kept, plus "[---]"
patterns, which block an event ("called a cabinet meeting").

Usage:
    uv run python scripts/build_lexicon.py [--reference DIR] [--check]

--check exits 1 when the file on disk differs from a fresh build. The reference directory defaults
to $COMMUNIQUE_REFERENCE_DIR, else ../shared/reference next to the repository.
"""

from __future__ import annotations

import argparse
import logging
import os
import re
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "pipeline" / "data"
OUT = DATA / "cameo_verbs.tsv"
log = logging.getLogger("build_lexicon")

_HEADER = re.compile(r"^---\s+(\S+)\s+\[([^\]]*)\]\s*---")
_CODE = re.compile(r"\[([^\]]*)\]")
_FORMS = re.compile(r"\{([^}]*)\}")


def _code(raw: str) -> str:
    """'042:043' -> '042' (source code), '---' stays '---', '' -> ''."""
    raw = raw.strip()
    return raw.split(":")[0].strip() if raw else ""


def regular_forms(word: str) -> list[str]:
    """Inflected forms of an English verb, as PETRARCH2 generates regular ones."""
    w = word.lower()
    if w.endswith("e"):
        return [w, w + "s", w + "d", w[:-1] + "ing"]
    if w.endswith("y") and len(w) > 1 and w[-2] not in "aeiou":
        return [w, w[:-1] + "ies", w[:-1] + "ied", w + "ing"]
    if w.endswith(("s", "sh", "ch", "x", "z")):
        return [w, w + "es", w + "ed", w + "ing"]
    return [w, w + "s", w + "ed", w + "ing"]


_IZE = re.compile(r"(?<=[a-z]{3})iz(e|ed|es|ing)\b")


def british(forms: list[str]) -> list[str]:
    """The -ise spellings of -ize forms ("apologized" -> "apologised"): British and
    Commonwealth wire copy spells them so, and the dictionary lists them only now and then, often
    as a synonym that codes nothing of its own. "seize" and "prize" have no such variant."""
    return [_IZE.sub(r"is\1", f) for f in forms if _IZE.search(f)]


def _phrase(token: str) -> str:
    return token.strip("+").rstrip("_").replace("_", " ").lower()


def parse(text: str) -> tuple[dict[str, list[str]], list[dict[str, object]]]:
    """Synonym sets and verb blocks of CAMEO.2.0.txt."""
    synsets: dict[str, list[str]] = {}
    blocks: list[dict[str, object]] = []
    current_set: str | None = None
    block: dict[str, object] | None = None
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].rstrip()
        if not line.strip():
            current_set = None if block is None else current_set
            continue
        head = _HEADER.match(line)
        if head:
            current_set = None
            block = {"lemma": head.group(1), "code": _code(head.group(2)), "verbs": [], "pats": []}
            blocks.append(block)
            continue
        if line.startswith("&") and block is None:
            current_set = line.strip().rstrip("_")
            synsets[current_set] = []
            continue
        if current_set is not None and block is None and line.startswith("+"):
            synsets[current_set].append(_phrase(line.strip()))
            continue
        if block is None:
            continue
        if line.startswith("-"):
            m = _CODE.search(line)
            if not m:
                continue
            body = line[1 : m.start()].strip()
            if "*" not in body:
                continue
            before, after = body.split("*", 1)
            if before.strip():
                continue  # subject-side patterns need a parse
            block["pats"].append((after.strip(), _code(m.group(1))))  # type: ignore[attr-defined]
            continue
        # a verb line: WORD [code] {forms}
        m = _CODE.search(line)
        code = _code(m.group(1)) if m else ""
        forms_m = _FORMS.search(line)
        word = line.split()[0]
        if word.startswith(("[", "{")) or not word.strip("+")[:1].isalpha():
            continue
        lemma = _phrase(word)
        if forms_m and forms_m.group(1).strip():
            listed = [_phrase(f) for f in forms_m.group(1).split()]
        else:
            listed = []
        if " " in lemma:
            first, rest = lemma.split(" ", 1)
            forms = [f"{f} {rest}" for f in regular_forms(first)] + listed
        else:
            forms = regular_forms(lemma) + listed
        forms += british(forms)
        block["verbs"].append((word.strip("+").upper(), lemma, sorted(set(forms)), code))  # type: ignore[attr-defined]
    return synsets, blocks


def expand_object(obj: str, synsets: dict[str, list[str]]) -> list[str]:
    """'(TO &CEASEFIRE)' -> ['to ceasefire', 'to truce', ...]: the words to find after the verb."""
    tokens = re.sub(r"[(){}]", " ", obj).split()
    variants = [""]
    for tok in tokens:
        if tok.startswith("&"):
            members = synsets.get(tok.rstrip("_"), [])[:40] or [tok[1:].lower()]
        else:
            members = [_phrase(tok)]
        variants = [f"{v} {m}".strip() for v in variants for m in members][:200]
    return [v for v in variants if v]


def family(code: str, families: dict[str, str]) -> str | None:
    """The event type of a CAMEO code: the longest listed prefix, '' meaning no event."""
    for n in range(len(code), 1, -1):
        if code[:n] in families:
            return families[code[:n]] or None
    return None


def build(reference: Path) -> str:
    src = reference / "openeventdata" / "CAMEO.2.0.txt"
    commit = (reference / "openeventdata" / "SOURCE_COMMIT").read_text().split()[0]
    overrides = tomllib.loads((DATA / "lexicon_overrides.toml").read_text(encoding="utf-8"))
    families: dict[str, str] = overrides["families"]
    drop = set(overrides["drop"])
    ignore = set(overrides.get("ignore", {}))
    own_verbs = set(overrides.get("own", {}))
    synsets, blocks = parse(src.read_text(encoding="utf-8", errors="replace"))
    rows: list[tuple[str, ...]] = []  # block, kind, phrase, code, type, origin
    for i, b in enumerate(blocks):
        bid = f"{i:03d}.{b['lemma']}"
        block_code = str(b["code"])
        kept_verbs = 0
        for upper, _lemma, forms, code in b["verbs"]:  # type: ignore[attr-defined]
            if upper in ignore:
                continue
            own = code or (block_code if block_code != "---" else "")
            etype = family(own, families) if own and own != "---" else None
            # a verb's own code, or the block's head verb, codes the bare verb; a synonym that
            # only inherits the block's code, or a dropped verb, needs an object pattern
            origin = "own" if code or upper == str(b["lemma"]) else "inherited"
            if upper in drop:
                origin = "inherited"
            if upper in own_verbs:
                origin = "own"
            rows.append((bid, "verb", "|".join(forms), own or "---", etype or "", origin))
            kept_verbs += 1
        if not kept_verbs:
            continue
        for obj, code in b["pats"]:  # type: ignore[attr-defined]
            etype = family(code, families) if code != "---" else None
            if (
                code != "---"
                and etype is None
                and not code.startswith(("14", "15", "18", "19", "2"))
            ):
                etype = None
            for words in expand_object(obj, synsets):
                rows.append((bid, "pattern", words, code, etype or "", ""))
    # keep a block only when some verb or pattern of it codes an event type
    useful = {r[0] for r in rows if r[4]}
    rows = [r for r in rows if r[0] in useful]
    head = [
        "# Generated by scripts/build_lexicon.py from CAMEO.2.0.txt, the PETRARCH2 verb dictionary",
        f"# (Open Event Data Alliance, commit {commit}, MIT licence; notice in NOTICE.md) and the",
        "# reviewed overrides of lexicon_overrides.toml. Generated, do not edit: change the",
        "# overrides and rerun the script.",
        "# block: the verb block; kind: verb (forms of one verb, separated by |) or pattern",
        "# (object words after the verb, applying to every verb of the block); code: CAMEO code",
        "# ('---' codes nothing and blocks the verb's own code); type: the event type, empty for",
        "# none; origin:",
        "# own (the verb's own code or the block's head verb: codes the bare verb) or inherited",
        "# (the verb needs an object pattern of its block).",
        "block\tkind\tphrase\tcode\ttype\torigin",
    ]
    body = ["\t".join(r) for r in rows]
    return "\n".join(head + body) + "\n"


def main() -> int:
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default = os.environ.get("COMMUNIQUE_REFERENCE_DIR") or str(
        ROOT.parent / "shared" / "reference"
    )
    if not Path(default).exists():
        default = "/work/shared/reference"
    parser.add_argument("--reference", type=Path, default=Path(default))
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()
    text = build(args.reference)
    if args.check:
        if not OUT.exists() or OUT.read_text(encoding="utf-8") != text:
            log.error("stale: %s", OUT)
            return 1
        return 0
    OUT.write_text(text, encoding="utf-8")
    log.info("wrote %s (%d rows)", OUT, text.count("\n") - 12)
    return 0


if __name__ == "__main__":
    sys.exit(main())
