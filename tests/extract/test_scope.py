"""Scope of diplomatic events (pipeline/extract/scope.py): who may be the source of an act.

Each case of cases/scope.jsonl names a sentence, its trigger, the event type and the source and
target the engine would pick, and the reason the candidate is out of scope (null: it stands).
Actors come from the real gazetteer; a pronoun or a name the gazetteer does not hold is built as
the engine's coreference would give it (kind "pronoun" or "person").
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from pipeline.extract import extract_text
from pipeline.extract.actors import ActorMention, ArticleMemory, find_actors
from pipeline.extract.scope import load_scope_words, reject_reason

CASES = Path(__file__).parent / "cases"
DAY = dt.date(2024, 3, 15)
_PRONOUNS = {"it", "he", "she", "they", "we"}


def _cases(name: str) -> list[dict[str, Any]]:
    lines = (CASES / name).read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def _mention(sentence: str, text: str | None, actors: list[ActorMention]) -> ActorMention | None:
    if text is None:
        return None
    found = [a for a in actors if a.text == text]
    if found:
        return found[0]
    start = sentence.index(text)
    kind = "pronoun" if text.lower() in _PRONOUNS else "person"
    made = ActorMention(start, start + len(text), text, text, None, None, None, kind)
    actors.append(made)
    actors.sort(key=lambda a: a.start)
    return made


@pytest.mark.parametrize("case", _cases("scope.jsonl"), ids=lambda c: c["sentence"][:50])
def test_scope_reason(case: dict[str, Any]) -> None:
    sentence = case["sentence"]
    actors = find_actors(sentence, ArticleMemory(on=DAY))
    source = _mention(sentence, case["source"], actors)
    target = _mention(sentence, case["target"], actors)
    start = sentence.index(case["trigger"])
    reason = reject_reason(
        sentence, start, start + len(case["trigger"]), case["event_type"], source, target, actors
    )
    assert reason == case["reason"]


@pytest.mark.parametrize("case", _cases("scope_articles.jsonl"), ids=lambda c: c["id"])
def test_business_news_yields_no_event(case: dict[str, Any]) -> None:
    """Whole passages of business news, several sentences each: coreference and memory run too."""
    events = extract_text(case["text"], article_id=case["id"], published=DAY, ingested=DAY)
    assert [e.event_type for e in events] == case["events"]


def test_vocabulary_is_consistent() -> None:
    """A head noun cannot be both political and not; every event type named exists."""
    w = load_scope_words()
    assert not w.political & w.non_political
    assert not w.objects & w.state_measures
    from pipeline.extract.gazetteer import load_taxonomy

    assert w.commercial_types <= set(load_taxonomy())
