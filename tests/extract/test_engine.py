"""Extraction engine behaviours the analysts rely on, beyond the scores of the gold set."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from pipeline.extract import EXTRACTOR_VERSION, extract_text
from tests.conftest import SEEDS

DAY = dt.date(2023, 2, 22)


def _one(text: str, published: dt.date | None = DAY) -> list:  # type: ignore[type-arg]
    return extract_text(text, article_id="t", published=published, ingested=DAY)


def test_evidence_offsets_point_into_the_article() -> None:
    text = (SEEDS / "start-talks.txt").read_text(encoding="utf-8")
    events = extract_text(text, article_id="seed", published=None, ingested=DAY)
    assert len(events) == 4
    for e in events:
        assert e.extractor_version == EXTRACTOR_VERSION
        for m in e.mentions:
            assert text[m.sentence_start : m.sentence_end] == m.sentence
            assert text[m.trigger_start : m.trigger_end] == m.trigger


def test_event_ids_are_deterministic_and_distinct() -> None:
    text = (SEEDS / "start-talks.txt").read_text(encoding="utf-8")
    a = extract_text(text, article_id="seed", published=None, ingested=DAY)
    b = extract_text(text, article_id="seed", published=None, ingested=DAY)
    assert [e.event_id for e in a] == [e.event_id for e in b]
    assert len({e.event_id for e in a}) == len(a)
    c = extract_text(text, article_id="other", published=None, ingested=DAY)
    assert not {e.event_id for e in a} & {e.event_id for e in c}


def test_headline_and_restatement_merge_into_one_event() -> None:
    text = (
        "Russia suspends New START\n\n"
        "Russia suspended its participation in New START on Tuesday, President Vladimir Putin "
        "said. Moscow's suspension of the treaty drew criticism."
    )
    events = [e for e in _one(text) if e.event_type == "suspension"]
    assert len(events) == 1
    assert len(events[0].mentions) >= 2
    assert events[0].event_date == dt.date(2023, 2, 21)
    assert events[0].date_precision == "day" and events[0].date_basis == "relative"


@pytest.mark.parametrize(
    ("text", "modality"),
    [
        ("Russia did not suspend its participation in New START, the Kremlin said.", "negated"),
        (
            "Iran would return to the JCPOA if Washington lifted sanctions, Tehran said.",
            "conditional",
        ),
        ("Analysts say Moscow could withdraw from the CTBT.", "hypothetical"),
        ("The United States will withdraw from the Open Skies Treaty, officials said.", "future"),
        ("Russia suspended its participation in New START on Tuesday.", "asserted"),
    ],
)
def test_modality_is_labelled_not_dropped(text: str, modality: str) -> None:
    events = _one(text)
    assert events, text
    assert events[0].modality == modality


def test_publication_unknown_dates_from_the_run_without_pretending() -> None:
    [event] = _one("Russia suspended its participation in New START.", published=None)
    assert (event.event_date, event.date_precision, event.date_basis) == (
        None,
        "unknown",
        "ingested",
    )
    assert event.date_anchor == DAY


@pytest.mark.parametrize(
    "text",
    [
        "The match was suspended for rain in the second half.",
        "The striker withdrew injured before kick-off.",
        "The central bank called the bonds early.",
        "A caller phoned in a bomb threat to the stadium.",
        "Fans protested the sanctions imposed by the league on their club.",
    ],
)
def test_tempting_words_outside_diplomacy_give_nothing(text: str) -> None:
    assert _one(text) == []


def test_surnames_and_titles_resolve_to_the_person() -> None:
    text = (
        "Russia's ambassador to the United States, Anatoly Antonov, met State Department "
        "officials on Monday. Antonov urged Washington to resume strategic stability talks."
    )
    call = next(e for e in _one(text) if e.event_type == "policy_change_call")
    assert call.source is not None and call.source.name == "Anatoly Antonov"
    assert (call.source.country, call.source.role) == ("RUS", "ambassador")
    assert call.target is not None and call.target.country == "USA"


def test_run_on_text_is_read_in_bounded_windows() -> None:
    """A trigger-dense run-on 'sentence' (no full stop anywhere) is read in windows of bounded
    size, each trigger's window holding it, so work per article stays linear."""
    from pipeline.extract.engine import MAX_SPAN, _bounded

    text = " ".join(["Russia accused Ukraine of shelling and Kyiv rejected the claim"] * 400)
    span = (0, len(text))
    windows = set()
    for pos in range(0, len(text), 97):
        a, b = _bounded(text, span, pos)
        assert a <= pos < b and b - a <= MAX_SPAN
        windows.add((a, b))
    ordered = sorted(windows)
    assert all(x[1] <= y[0] + 1 for x, y in itertools.pairwise(ordered))
    events = extract_text(text, article_id="t", published=DAY, ingested=DAY)
    assert events  # still read, window by window


def test_passive_agent_is_the_source() -> None:
    events = _one("Canada was accused by China on Monday of interfering in its affairs.")
    acc = next(e for e in events if e.event_type == "accusation")
    assert acc.source is not None and acc.source.country == "CHN"
    assert acc.target is not None and acc.target.country == "CAN"


def test_lifting_sanctions_is_not_imposing_them() -> None:
    types = {e.event_type for e in _one("Washington lifted sanctions on Venezuela on Thursday.")}
    assert "sanctions" not in types and "retreat" in types


def test_the_same_act_on_two_dates_gets_two_ids() -> None:
    """Two dated mentions of one act of the same parties are two events, each its own id (the
    warehouse keys raw events on it)."""
    text = (
        "Russia suspended talks with Ukraine in March 2022. Russia suspended talks with "
        "Ukraine again in May 2023, the ministry said."
    )
    events = extract_text(
        text, article_id="a1", published=dt.date(2023, 6, 21), ingested=dt.date(2023, 6, 21)
    )
    assert [e.event_date for e in events] == [dt.date(2022, 3, 1), dt.date(2023, 5, 1)]
    assert len({e.event_id for e in events}) == 2
