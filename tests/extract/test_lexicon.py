"""The trigger lexicon: its prefilter never hides a rule match, and known traps stay out."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.extract.engine import _CONDITIONAL_REFUSAL
from pipeline.extract.lexicon import first_class, load_lexicon, rules_at, word_starts
from pipeline.fetch.parse import parse_document

HERE = Path(__file__).parent
ROOT = HERE.parent.parent


def _texts() -> list[str]:
    texts: list[str] = []
    for name in ("gold.jsonl", "clauses.jsonl", "verb_coverage.jsonl"):
        with open(HERE / "cases" / name, encoding="utf-8") as fh:
            texts.extend(json.loads(line)["text"] for line in fh if line.strip())
    for path in sorted((ROOT / "seeds").iterdir()):
        if path.suffix in (".txt", ".json", ".jsonl", ".html"):
            docs, _ = parse_document(path.name, path.read_bytes())
            texts.extend(d.text for d in docs)
    return texts


def test_every_rule_match_starts_at_a_prefilter_hit() -> None:
    lex = load_lexicon()
    missed = []
    for text in _texts():
        starts = set(word_starts(lex, text))
        assert starts >= {m.start() for m in lex.prefilter.finditer(text)}
        for rule in lex.rules:
            for m in rule.pattern.finditer(text):
                if m.start() not in starts:
                    missed.append(f"{rule.id}: {m.group()!r}")
        for m in _CONDITIONAL_REFUSAL.finditer(text):
            if m.start() not in starts:
                missed.append(f"refusal: {m.group()!r}")
    assert missed == []


def test_every_rule_match_is_among_the_rules_tried_at_its_start() -> None:
    """The first-character dispatch never skips a rule that matches there."""
    lex = load_lexicon()
    missed = []
    for text in _texts():
        for rule in lex.rules:
            for m in rule.pattern.finditer(text):
                if rule not in rules_at(lex, text, m.start()):
                    missed.append(f"{rule.id}: {m.group()!r}")
    assert missed == []


@pytest.mark.parametrize(
    ("pattern", "begins", "never"),
    [
        (r"\b(?:halt(?:s|ed)?|froze)\b", "hHfF", "sx"),
        (r"(?<!\bafter\s)(?:curfews?|martial\s+law)", "cCmM", "al"),
        (r"(?:re)?open(?:s|ed)?", "rRoO", "ep"),
        (r"\b(?:(?-i:[A-Z])\w+\s+)?talks", "tTqQ", ""),
        (r"(?=[A-Z])\w+", "aZ", ""),
        (r"[^a]+", "b", ""),
    ],
)
def test_first_class_holds_every_possible_first_character(
    pattern: str, begins: str, never: str
) -> None:
    cls = first_class(pattern)
    if never == "":  # a class would be no help, or cannot be known
        assert cls is None or all(cls.match(c) for c in begins)
        return
    assert cls is not None
    assert all(cls.match(c) for c in begins)
    assert not any(cls.match(c) for c in never)


@pytest.mark.parametrize(
    ("text", "rule_id"),
    [
        ("The foreign minister called Lavrov on Monday.", "consult.phone"),
        ("The foreign minister called on Moscow to withdraw.", "call.call_on"),
        ("Seoul called for calm.", "call.call_for"),
    ],
)
def test_call_is_a_phone_call_unless_on_or_for(text: str, rule_id: str) -> None:
    lex = load_lexicon()
    fired = {r.id for r in lex.rules if r.pattern.search(text)}
    assert rule_id in fired
    if rule_id != "consult.phone":
        assert "consult.phone" not in fired


def test_generated_cameo_lexicon_is_in_step_with_its_build_script() -> None:
    """cameo_verbs.tsv is what scripts/build_lexicon.py makes from CAMEO.2.0.txt today."""
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    reference = root.parent / "shared" / "reference"
    if not reference.exists():
        reference = Path("/work/shared/reference")
    if not (reference / "openeventdata" / "CAMEO.2.0.txt").exists():
        pytest.skip("reference dictionaries not present")
    done = subprocess.run(
        [
            sys.executable,
            str(root / "scripts" / "build_lexicon.py"),
            "--reference",
            str(reference),
            "--check",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr


def test_generated_lexicon_codes_by_object_and_keeps_the_call_trap() -> None:
    from pipeline.extract.lexicon import load_cameo_lexicon

    cameo = load_cameo_lexicon()
    low = "the union called off a strike and police arrested five men; he called his wife."
    found = {
        form: cameo.code_at(form, low[pos + len(form) :]) for pos, form in cameo.starts(low).items()
    }
    assert found["called off"] is not None and found["called off"][2] == "concession"
    assert found["arrested"] is not None and found["arrested"][2] == "coercion"
    assert found.get("called") is None  # bare CALL (telephone) stays with the hand rules
