"""The held-out hand-coded flagship articles (cases/flagship_articles.jsonl): whole wire articles
on suspensions, calls for policy change and back-channel contacts, with a headline, a dateline
and a publication date, every event coded with its type, source, target, subject, modality and
date. `communique eval` prints them as a table of their own; they enter no gate floor yet.

Batch 1 (f10-a01..a13, 52 events), written before any change for them, first run: precision
0.891, recall 0.788, 25 of 52 events fully right (two expectations broke the conventions: a
mediator passing messages between two capitals codes the two as the parties; a denial "that any
meeting had taken place" is dated before publication, as a past perfect under a saying); 40 of
52 after the fixes (precision 0.918, recall 0.865). Batch 2 (f10-a14..a17, 18 events), written
after those fixes and scored once: precision 0.824, recall 0.778, 7 of 18 fully right (on the
code before any f10 change: 0.812, 0.722, 6 of 18; three expectations fixed by the conventions:
an accusation about a treaty carries it as its subject, the past perfect denial above); 12 of 18
after its fixes (precision 0.941, recall 0.889). Left: a pair "the two sides" or "the two
countries" ordered by recency, not by the article's first mention; "the opposition in Mexico
City" (a domestic party of another state's capital); the elided "officials from India and
Pakistan"; a headline's participle date ("hotlines cut last year"); quoted demands whose
speaker is in the sentence before."""

from __future__ import annotations

import datetime as dt

from pipeline.evaluate import FLAGSHIP_ARTICLES_PATH, load_gold, score

ARTICLES = load_gold(FLAGSHIP_ARTICLES_PATH)
FIELDS = {"event_type", "modality", "source", "target", "subject", "event_date", "date_precision"}


def test_articles_are_whole_dated_articles() -> None:
    ids = [a["id"] for a in ARTICLES]
    assert len(ids) == len(set(ids)) and all(i.startswith("f10-a") for i in ids)
    for a in ARTICLES:
        dt.date.fromisoformat(a["published"])
        headline, _, body = a["text"].partition("\n\n")
        assert headline and " - " in body.split("\n")[0], a["id"]  # "CITY (Agency) - ..."
        assert a["events"] and all(set(e) == FIELDS for e in a["events"]), a["id"]


def test_scoring_counts_fully_right_events() -> None:
    summary = score(ARTICLES).summary()
    assert summary["gold_events"] == sum(len(a["events"]) for a in ARTICLES)
    assert 0 < summary["fully_right"] <= summary["gold_events"]
