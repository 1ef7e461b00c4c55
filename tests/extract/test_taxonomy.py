"""taxonomy.toml holds every event type and all per-type knowledge: the fields each type needs,
clear errors for a malformed table, and no list of types left in code."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from pipeline.extract import engine, geo
from pipeline.extract.gazetteer import (
    TAXONOMY_FLAGS,
    TAXONOMY_REQUIRED,
    load_taxonomy,
    parse_taxonomy,
    types_with,
)

ROOT = Path(__file__).resolve().parents[2]
TAXONOMY = ROOT / "pipeline" / "data" / "taxonomy.toml"


def documented_types() -> list[str]:
    """The event types of the table in docs/CONVENTIONS.md."""
    text = (ROOT / "docs" / "CONVENTIONS.md").read_text(encoding="utf-8")
    section = text.split("## Event types", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"^\| `([a-z_]+)` \|", section, re.M)


def test_every_type_has_every_required_field() -> None:
    raw = tomllib.loads(TAXONOMY.read_text(encoding="utf-8"))
    assert raw, "no event types"
    for event_type, table in raw.items():
        missing = [k for k in TAXONOMY_REQUIRED if k not in table]
        assert not missing, f"[{event_type}] lacks {missing}"
        assert re.fullmatch(r"#[0-9a-f]{6}", table["color"]), event_type
        assert isinstance(table["priority"], int), event_type
        for flag in TAXONOMY_FLAGS:
            assert isinstance(table.get(flag, False), bool), (event_type, flag)
    colours = [t["color"] for t in raw.values()]
    assert len(set(colours)) == len(colours), "two types share a report colour"


def test_the_documented_types_are_the_taxonomy() -> None:
    assert documented_types() and sorted(documented_types()) == sorted(load_taxonomy())


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda t: t.replace('color = "#1f77b4"\n', ""), r"\[suspension\] missing \['color'\]"),
        (lambda t: t.replace("priority = 5\n", "priority = 5\ncontainr = true\n", 1), "containr"),
        (lambda t: t.replace('"#1f77b4"', '"blue"'), "not #rrggbb"),
        (
            lambda t: t.replace("\nthreatened = true\n", '\nthreatened = "yes"\n', 1),
            "threatened must be true or false",
        ),
    ],
)
def test_a_malformed_table_is_a_clear_error(edit: object, message: str) -> None:
    text = TAXONOMY.read_text(encoding="utf-8")
    assert callable(edit)
    changed = edit(text)
    assert changed != text
    with pytest.raises(ValueError, match=message):
        parse_taxonomy(changed)


def test_the_extractor_reads_its_type_sets_from_the_taxonomy() -> None:
    taxonomy = load_taxonomy()
    assert {t for t, i in taxonomy.items() if i.container} == engine.CONTAINERS
    assert types_with("symmetric") == engine.SYMMETRIC and "consultation" in engine.SYMMETRIC
    assert types_with("speech_act") == engine.SPEECH_ACTS
    assert types_with("promised") == engine.PROMISED
    assert types_with("threatened") == engine.THREATENED
    assert types_with("place_in_content") == geo._SPEECH_ACTS
    assert types_with("at_home") == geo._HOME_TYPES
    with pytest.raises(ValueError, match="unknown taxonomy flag"):
        types_with("contaner")


_STRING_LIST = re.compile(
    r"""[\(\[\{]\s*(?:["'][a-z_]+["']\s*[,:]\s*(?:[\w.]+\s*,\s*)?)+["'][a-z_]+["'][^\)\]\}]{0,20}[\)\]\}]"""
)


def _type_lists(path: Path, types: set[str]) -> list[str]:
    """Literal collections of two or more event types (tuple, list, set, dict, SQL IN list)."""
    text = path.read_text(encoding="utf-8")
    found = []
    for m in _STRING_LIST.finditer(text):
        named = set(re.findall(r"""["']([a-z_]+)["']""", m.group())) & types
        if len(named) >= 2:
            found.append(m.group()[:60])
    return found


def test_no_list_of_event_types_in_code() -> None:
    """Adding a type must not need a code change: code, checks and report assets name no lists
    of types (the generated ref_event_types view is data)."""
    types = set(load_taxonomy())
    files = [
        *(ROOT / "pipeline").rglob("*.py"),
        *(ROOT / "dags").rglob("*.py"),
        *(ROOT / "scripts").rglob("*.py"),
        *(ROOT / "pipeline" / "assets").rglob("*.js"),
        *(ROOT / "warehouse").rglob("*.sql"),
    ]
    found = {
        str(p.relative_to(ROOT)): _type_lists(p, types)
        for p in files
        if p.name != "054_ref_event_types.sql"
    }
    assert {p: lines for p, lines in found.items() if lines} == {}
