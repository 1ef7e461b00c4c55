"""Tests for the news temporal resolver; the annotated cases live in ``cases/dates.jsonl``."""

from __future__ import annotations

import datetime
import json
import random
from pathlib import Path
from typing import Any

import pytest

from pipeline.extract import extract_text
from pipeline.extract.dates import (
    DateMention,
    ResolvedDate,
    Tense,
    detect_tense,
    find_article_dates,
    find_dates,
    resolve_event_date,
)

CASES_PATH = Path(__file__).parent / "cases" / "dates.jsonl"
ANCHOR = datetime.date(2023, 2, 22)  # a Wednesday


def _load_cases() -> list[dict[str, Any]]:
    with CASES_PATH.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


ALL_CASES = _load_cases()
CASES = [c for c in ALL_CASES if "expect" in c]  # an event's date from its clause
EXPRESSION_CASES = [c for c in ALL_CASES if "expressions" in c]  # every date phrase of a text
PHRASE_CASES = [c for c in ALL_CASES if "finds" in c]  # one TimeML phrase of a text, by value


def _date(value: str | None) -> datetime.date | None:
    return None if value is None else datetime.date.fromisoformat(value)


def test_case_file_is_large_enough() -> None:
    assert len(CASES) >= 80
    assert len(EXPRESSION_CASES) >= 10


@pytest.mark.parametrize("case", EXPRESSION_CASES, ids=[c["text"][:60] for c in EXPRESSION_CASES])
def test_find_article_dates(case: dict[str, Any]) -> None:
    """Every date expression with its TimeML value and role (date, boundary, attribute)."""
    text: str = case["text"]
    mentions = find_article_dates(text, datetime.date.fromisoformat(case["anchor"]))
    got = [(m.phrase, m.value, m.role) for m in mentions]
    assert got == [(e["phrase"], e["value"], e["role"]) for e in case["expressions"]]
    for mention in mentions:
        assert text[mention.start : mention.end] == mention.phrase


@pytest.mark.parametrize(
    "case", PHRASE_CASES, ids=[f"{c['text'][:50]} {c['finds']['phrase']}" for c in PHRASE_CASES]
)
def test_phrase_value(case: dict[str, Any]) -> None:
    """A DATE phrase that TimeML would mark is found (its span overlapped) with its value; the
    other phrases of the text are not checked (newswire of several decades and topics)."""
    text: str = case["text"]
    phrase, value = case["finds"]["phrase"], case["finds"]["value"]
    start = text.index(phrase)
    mentions = find_article_dates(text, datetime.date.fromisoformat(case["anchor"]))
    overlapping = [m for m in mentions if m.start < start + len(phrase) and start < m.end]
    assert [m.value for m in overlapping] == [value]


# Newswire of the 1990s-2010s, written before the TimeML TIME/DURATION/SET work: each row states
# one temporal expression with its TimeML value ("finds") or a phrase that is none ("rejects").
# The rows marked "heldout" were written after that work and scored once before their fixes.
# First runs: the 155 "finds" of the first rows found 0.839, value 0.652, 4 of 30 "rejects" taken
# (before any change); the 42 held-out ones found 0.952, value 0.952, 2 of 14 taken. The three
# marked "known_difference" keep MEANTIME's gold where it departs from the TimeML reading.
# The rows marked "round": 4 (fiscal periods, year-ago comparisons, decades, seasons, weekdays of
# scheduled events, futures months, street numbers) first ran at: 173 "finds" found 0.994, value
# 0.908, 5 of 25 "rejects" taken. On review three rows changed: "the year-earlier quarter" in
# August is the second quarter; "formerly" is no expression (MEANTIME leaves it unmarked) and "2006
# models" is one (MEANTIME marks model years). Its 50 held-out "finds", written after those
# fixes, first ran at found 0.980, value 0.940, 0 of 7 "rejects" taken; a second 50, written
# after their fixes, at found 0.940, value 0.840, 1 of 8 taken (three of its misses were errors of
# the rows, corrected: an anchor before the day named, "the day after" an event, which the resolver
# leaves unmarked, and "1992's fourth quarter", two phrases here; a name "Sunday Relief" is left);
# a third 50 at found 0.980, value 0.940, 0 of 8 taken; a fourth 50 at found 1.000, value 0.960,
# 1 of 8 taken (one miss was the row's error: "on Tuesday" in a Thursday story is that week's).
# The rows "round": 6 (ids "d6-nw-"): batch 1, 186 "finds" and 22 "rejects" written before any
# change (weeks of a day, holiday weekends, centuries as "the 1800s", fiscal-year ranges, plural
# weekdays, "in N years" after a superlative, names after a weekday), first ran at found 0.973,
# value 0.914,
# 4 of 22 taken; batch 2 (69 "finds", 6 "rejects"), written after batch 1's fixes, first ran at
# found 1.000, value 1.000, 3 of 6 taken (the three plural weekdays that are names). Rows marked
# "open" are misses left with their reason. Batch 3 (66 "finds", 5 "rejects"), written after batch
# 2's fixes, first ran at found 0.955, value 0.924, 0 of 5 taken; batch 4 (48 "finds", 3 "rejects"),
# written after batch 3's fixes, at found 1.000, value 1.000, 2 of 3 taken ("Senate Bill 1996",
# "Sunday River").
NEWSWIRE_PATH = CASES_PATH.with_name("dates_newswire.jsonl")
NEWSWIRE = [json.loads(line) for line in NEWSWIRE_PATH.open(encoding="utf-8") if line.strip()]
NEWSWIRE_FINDS = [c for c in NEWSWIRE if "finds" in c]
NEWSWIRE_REJECTS = [c for c in NEWSWIRE if "rejects" in c]


def _marked(cases: list[dict[str, Any]]) -> list[Any]:
    """The cases as parameters by id; a case that records why it still fails ("open", or a
    "known_difference" from the TimeML value) is an expected failure, strictly."""
    return [
        pytest.param(
            c,
            id=c["id"],
            marks=[pytest.mark.xfail(reason=c.get("known_difference", c.get("open")), strict=True)]
            if "known_difference" in c or "open" in c
            else [],
        )
        for c in cases
    ]


def test_newswire_case_file_is_large_enough() -> None:
    assert len(NEWSWIRE_FINDS) >= 150 and len(NEWSWIRE_REJECTS) >= 25


@pytest.mark.parametrize("case", _marked(NEWSWIRE_FINDS))
def test_newswire_value(case: dict[str, Any]) -> None:
    """The expression is found with its TimeML value; a duration or set never dates an event."""
    text: str = case["text"]
    phrase, value = case["finds"]["phrase"], case["finds"]["value"]
    start, anchor = text.index(phrase), datetime.date.fromisoformat(case["anchor"])
    end = start + len(phrase)
    overlapping = [m for m in find_article_dates(text, anchor) if m.start < end and start < m.end]
    assert [m.value for m in overlapping] == [value]
    if value.startswith(("P", "XXXX")) and not value.endswith("_REF"):  # not PRESENT_REF
        assert [m.role for m in overlapping] in (["duration"], ["set"])
        if not phrase.startswith(("the past", "the last")):  # "over the past two weeks": a month
            dated = find_dates(text, anchor, "present")
            assert not any(m.start < end and start < m.end for m in dated)


@pytest.mark.parametrize("case", _marked(NEWSWIRE_REJECTS))
def test_newswire_not_temporal(case: dict[str, Any]) -> None:
    """Model years, scores, addresses, "march", "May" the person are no temporal expression."""
    text: str = case["text"]
    start = text.index(case["rejects"])
    end = start + len(case["rejects"])
    mentions = find_article_dates(text, datetime.date.fromisoformat(case["anchor"]))
    assert [m.phrase for m in mentions if m.start < end and start < m.end] == []


@pytest.mark.parametrize("case", CASES, ids=[c["text"][:60] for c in CASES])
def test_resolve_event_date(case: dict[str, Any]) -> None:
    text: str = case["text"]
    trigger = case.get("trigger")
    trigger_pos = text.index(trigger) if trigger else None
    got = resolve_event_date(
        text, _date(case["anchor"]), datetime.date.fromisoformat(case["ingested"]), trigger_pos
    )
    expect = case["expect"]
    assert (got.date, got.precision, got.basis, got.phrase) == (
        _date(expect["date"]),
        expect["precision"],
        expect["basis"],
        expect["phrase"],
    )
    if got.phrase is not None:
        assert got.start is not None and got.end is not None
        assert text[got.start : got.end] == got.phrase
    else:
        assert got.start is None and got.end is None


@pytest.mark.parametrize(
    "text",
    [
        "Theresa May met the Irish prime minister.",
        "Prime Minister May said the government would not budge.",
        "The council invoked Resolution 1701.",
        "The Group of 20 and the G20 summit.",
        "Talks begin at 2 p.m.",
        "The ministry said 1,500 troops had arrived.",
        "Allies discussed Article 5.",
        "The hotline is staffed 24/7.",
        "The 2015 nuclear deal is dead.",
        "Inspectors must be admitted within 48 hours.",
        "The treaty will be extended for three years.",
        "It may take months, and officials may resign.",
        "The Good Friday Agreement ended decades of conflict.",
        "Flight 2010 landed safely in Denver.",
        "The incumbent won by 1,998 votes.",
        "May told reporters the plan may be delayed.",
        "Thousands will march on the capital.",
        "The Sun and the Baltimore Sun reported the story.",
        "The team led 2-0 in the first half.",
        "Temperatures climbed into the nineties.",
        "The now-defunct airline collapsed.",
        # present and future references are expressions, but they date no event
        "The economy is now growing and currently employs more people.",
        "Officials said the base could close in the future.",
        "Executives expect the market to double in the next century.",
    ],
)
def test_distractors_are_not_dates(text: str) -> None:
    assert find_dates(text, ANCHOR) == []


def test_find_dates_offsets_and_order() -> None:
    text = "Russia suspended talks on Tuesday and said in March 2022 that contacts had ended."
    mentions = find_dates(text, ANCHOR)
    assert [m.phrase for m in mentions] == ["on Tuesday", "in March 2022"]
    for mention in mentions:
        assert isinstance(mention, DateMention)
        assert text[mention.start : mention.end] == mention.phrase
    assert mentions[0].date == datetime.date(2023, 2, 21)
    assert mentions[1].precision == "month"


@pytest.mark.parametrize(
    ("tense", "expected"),
    [
        ("past", datetime.date(2023, 2, 16)),
        ("future", datetime.date(2023, 2, 23)),
        ("present", datetime.date(2023, 2, 23)),
    ],
)
def test_weekday_follows_tense(tense: Tense, expected: datetime.date) -> None:
    mentions = find_dates("Delegations meet Thursday.", ANCHOR, tense)
    assert [m.date for m in mentions] == [expected]


def test_weekday_of_the_anchor_itself() -> None:
    """In news, "on Wednesday" in a Wednesday story is that day, in any tense."""
    for text, tense in (("They met on Wednesday.", "past"), ("They meet on Wednesday.", "future")):
        assert find_dates(text, ANCHOR, tense)[0].date == ANCHOR
    assert find_dates("They met today.", ANCHOR, "past")[0].date == ANCHOR
    assert find_dates("They met last Wednesday.", ANCHOR)[0].date == datetime.date(2023, 2, 15)
    assert find_dates("They meet next Wednesday.", ANCHOR)[0].date == datetime.date(2023, 3, 1)


def test_yearless_date_follows_tense() -> None:
    anchor = datetime.date(2023, 1, 3)
    past = find_dates("They met on Dec. 30.", anchor, "past")
    future = find_dates("They meet on Dec. 30.", anchor, "future")
    assert past[0].date == datetime.date(2022, 12, 30)
    assert future[0].date == datetime.date(2023, 12, 30)


@pytest.mark.parametrize(
    ("text", "tense"),
    [
        ("Russia will suspend the talks.", "future"),
        ("The summit is to be held in Vienna.", "future"),
        ("Ministers plan to meet next week.", "future"),
        ("Russia suspended the talks.", "past"),
        ("Lavrov met Wang Yi in Beijing.", "past"),
        ("Russia suspends the talks.", "present"),
        ("The United Nations lacks the political will to act.", "present"),
    ],
)
def test_detect_tense(text: str, tense: Tense) -> None:
    assert detect_tense(text) == tense


def test_fallbacks() -> None:
    ingested = datetime.date(2023, 3, 1)
    assert resolve_event_date("Russia suspended the talks.", ANCHOR, ingested) == ResolvedDate(
        ANCHOR, "day", "publication", None, None, None
    )
    assert resolve_event_date("Russia suspended the talks.", None, ingested) == ResolvedDate(
        None, "unknown", "ingested", None, None, None
    )
    assert resolve_event_date("Russia had suspended the talks.", ANCHOR, ingested) == (
        ResolvedDate(None, "unknown", "before-publication", None, None, None)
    )


def test_empty_text() -> None:
    assert find_dates("", ANCHOR) == []


_EVERY_KIND = (
    "On Tuesday, Feb. 21 and on 2023-03-03 and March 3, 2023 and 21 February they met; in March "
    "2022, in March, last May, next March, in early 2023, on Tuesday, last Friday, next Monday, "
    "today, yesterday, tomorrow, last night, this morning, last week, next week, next month, last "
    "month, next year, last year, over the weekend, two days ago, a month ago, ten years ago, a "
    "decade ago, in two weeks, in three months, in ten years, earlier this month, late last year, "
    "on Dec. 31, on Jan. 1, in December, in January, the third quarter, Q4 2009, this fiscal year, "
    "the 2009-2010 season, 1957-58, over the past month, over the past weeks, the past decade, "
    "next spring, last winter, in the fourth quarter of last year, the previous year, a year "
    "earlier, the same month a year ago, two days later, the following month, the last week of "
    "December, the first week of January, on Christmas Day, on New Year's Eve, on the 31st, on the "
    "1st, 25/12/2009, a third straight day, for the quarter, their best week since, in mid-2011, "
    "the day before yesterday, the day after tomorrow, this past week. Talks will resume on "
    "Friday, next week, in January, on Jan. 2, in two years and next quarter."
)


def _edge_anchors() -> list[datetime.date]:
    """Anchors from year 1 to 9999: the first and last weeks, and a spread between."""
    first, last = datetime.date.min, datetime.date.max
    days = [first + datetime.timedelta(days=n) for n in range(40)]
    days += [last - datetime.timedelta(days=n) for n in range(40)]
    days += [datetime.date(year, month, 15) for year in range(1, 10000, 211) for month in (1, 12)]
    return days


@pytest.mark.parametrize("tense", ["past", "present", "future"])
def test_publication_dates_from_year_1_to_9999_never_raise(tense: Tense) -> None:
    ingested = datetime.date(2026, 1, 1)
    clauses = [c.strip() for c in _EVERY_KIND.replace(";", ",").split(",")]
    for anchor in _edge_anchors():
        for mention in find_dates(_EVERY_KIND, anchor, tense):
            assert mention.date is None or datetime.date.min <= mention.date <= datetime.date.max
        for clause in clauses:
            got = resolve_event_date(clause, anchor, ingested, 0, tense)
            assert got.date is not None or got.precision == "unknown"
    for anchor in (datetime.date.min, datetime.date(9999, 12, 25), datetime.date.max):
        events = extract_text(_EVERY_KIND, article_id="edge", published=anchor, ingested=ingested)
        assert all(e.event_date is None or e.event_date.year >= 1 for e in events)
    # a date the calendar cannot hold dates nothing; the event keeps its publication date
    last = datetime.date.max
    assert resolve_event_date("They will meet next year.", last, ingested).basis == "publication"
    assert resolve_event_date("They met last year.", last, ingested).date == datetime.date(
        9998, 1, 1
    )


def test_mutated_text_and_any_anchor_never_raise() -> None:
    """Seeded fuzz: case texts, word salad and mutated characters (other scripts' digits
    included) against anchors from year 1 to 9999, through every public entry point."""
    rng = random.Random(20261129)
    texts = [case["text"] for case in ALL_CASES]
    words = " ".join(texts).split()
    last = datetime.date.max.toordinal()
    for _ in range(1500):
        pick = rng.random()
        if pick < 0.3:
            text = rng.choice(texts)
        elif pick < 0.6:
            text = " ".join(rng.choice(words) for _ in range(rng.randrange(3, 40)))
        else:
            chars = list(rng.choice(texts))
            for _ in range(6):
                chars[rng.randrange(len(chars))] = chr(
                    rng.choice([rng.randrange(32, 127), rng.randrange(0x80, 0x3000), 0x0663])
                )
            text = "".join(chars)
        anchor = datetime.date.fromordinal(
            rng.choice([1, 2, last, last - 1, rng.randrange(1, last + 1)])
        )
        for tense in ("past", "present", "future"):
            find_dates(text, anchor, tense)
        find_article_dates(text, anchor)
        resolve_event_date(text, anchor, anchor)
        resolve_event_date(text, None, anchor, 0, "future")


@pytest.mark.parametrize(
    ("text", "anchor", "phrase", "value"),
    [
        # a weekday of a month, by the tense of its clause
        (
            "The race will be run on the first Saturday in May.",
            "1998-10-22",
            "the first Saturday in May",
            "1999-05-01",
        ),
        (
            "Talks began on the last Friday of March.",
            "1998-02-13",
            "the last Friday of March",
            "1997-03-28",
        ),
        (
            "The vote is set for the second Tuesday in November 1998.",
            "1998-02-13",
            "the second Tuesday in November 1998",
            "1998-11-10",
        ),
        # "next"/"last" season: the one wholly after (before) the anchor's month
        ("The relay begins next spring.", "2013-04-18", "next spring", "2014-SP"),
        ("The relay began last spring.", "2013-04-18", "last spring", "2012-SP"),
        ("The club signed him last winter.", "2013-04-18", "last winter", "2012-WI"),
        ("The talks resume next winter.", "2009-06-01", "next winter", "2009-WI"),
        ("The talks resume next winter.", "2009-01-15", "next winter", "2009-WI"),
        ("Sales rose last summer.", "2009-10-01", "last summer", "2009-SU"),
        # a futures month lies ahead; a scheduled event's weekday is the coming one
        ("Crude for September delivery fell 42 cents.", "1997-08-14", "September", "1997-09"),
        ("Congress returns from its recess on Monday.", "1996-04-25", "Monday", "1996-04-29"),
        ("The New Hampshire primary is Tuesday.", "2000-01-28", "Tuesday", "2000-02-01"),
        ("The election is a week from today.", "2012-10-30", "a week from today", "2012-11-06"),
        # vague and long spans are durations
        ("NATO will consider air strikes in the days ahead.", "1995-07-27", "days", "PXD"),
        (
            "Tuition has nearly doubled in the past 10 years.",
            "2006-05-09",
            "the past 10 years",
            "P10Y",
        ),
        ("Oil plunged $10.56, the biggest one-day drop ever.", "1991-01-17", "one-day", "P1D"),
        (
            "Stocks have fallen for three straight weeks.",
            "2002-06-20",
            "three straight weeks",
            "P3W",
        ),
        (
            "Sales were brisk in the week before Christmas.",
            "1998-12-21",
            "the week before Christmas",
            "1998-W52",
        ),
        (
            "Sales will be brisk in the week after Christmas.",
            "2004-12-20",
            "the week after Christmas",
            "2004-W53",
        ),
        (
            "Sales were weak in the week after Christmas.",
            "2005-02-01",
            "the week after Christmas",
            "2004-W53",
        ),
        (
            "Iraq invaded Kuwait on Aug. 2 of last year.",
            "1991-01-17",
            "Aug. 2 of last year",
            "1990-08-02",
        ),
        ("The Dow has gained 50 percent since its March low.", "2009-11-10", "March", "2009-03"),
        (
            "Brokers will close early the rest of the week.",
            "1987-10-20",
            "the rest of the week",
            "1987-W43",
        ),
        # "a week ago Friday" is the Friday before last; "a week from Tuesday" the one after next
        (
            "He was arrested two weeks ago Friday.",
            "1994-10-20",
            "two weeks ago Friday",
            "1994-09-30",
        ),
        ("The vote is a week from Tuesday.", "1994-10-20", "a week from Tuesday", "1994-11-01"),
        ("He left a week ago Thursday.", "1994-10-20", "a week ago Thursday", "1994-10-13"),
        # a called-off event named by its weekday may still lie ahead: nearest
        ("The Red Sox postponed Friday's game.", "2013-04-18", "Friday", "2013-04-19"),
        ("The league canceled Sunday's game.", "2012-10-30", "Sunday", "2012-10-28"),
        # what a past clause waits for is not behind it
        ("Traders awaited Friday's report.", "2012-10-30", "Friday", "2012-11-02"),
        (
            "Stocks rose ahead of the Fed meeting on Wednesday.",
            "2012-10-30",
            "Wednesday",
            "2012-10-31",
        ),
        ("Stocks rose Monday ahead of a Fed decision.", "2012-10-30", "Monday", "2012-10-29"),
    ],
)
def test_round_four_forms(text: str, anchor: str, phrase: str, value: str) -> None:
    mentions = find_article_dates(text, datetime.date.fromisoformat(anchor))
    start = text.index(phrase)
    overlapping = [m for m in mentions if m.start < start + len(phrase) and start < m.end]
    assert [m.value for m in overlapping] == [value]


@pytest.mark.parametrize(
    "text",
    [
        "The company's headquarters are at 1999 Broadway in Denver.",
        "She lives at 2012 Elm Street.",
        "The film was produced by Fox 2000 Pictures.",
        "The Friday prayers drew thousands to the mosque.",
        "The days ahead of the vote were tense.",
        "The Tuesday Club met at the hotel.",
        "The headquarters, 1801 K St., was sold.",
        "He lives at 1600 Pennsylvania Avenue.",
    ],
)
def test_round_four_non_dates(text: str) -> None:
    assert find_article_dates(text, datetime.date(2006, 5, 9)) == []


# Event dates on wire sentences: which of a sentence's date phrases dates which act (several dates
# in one sentence, reported speech, "last week's decision", tense, datelines, ranges, "since").
# Each expected event is found by its trigger and must carry the date, precision and basis.
# Batch 1 (109 sentences, 113 events) was written before any change and first ran at 98 of 113
# right; rows marked "open" failed and are fixed one cause at a time (the mark is removed with the
# fix). Batch 2 (42 sentences, 45 events), written after batch 1's fixes, first ran at 42 of 45.
# Batch "d6-1" (62 passages, 69 events: "last Sept. 11", undated acts in a later sentence, "the
# following day", "on the eve of", "hours after", "within days", "at the weekend", "overnight")
# first ran at 50 of the 57 events found (12 triggers found no event and were reworded so that one
# is found; the date code was not changed for them). Batch "d6-2" (30 passages, 34 events), written
# after those fixes, first ran at 25 of the 27 events found (7 triggers found no event and were
# reworded; 6 of them were dated right on their first run). Batch "d6-3" (20 passages of common
# wire forms), written last, first ran at 17 of the 17 events found (3 triggers pointed at the wrong
# word or found no event, and were corrected). Rows "d6-fix" hold the reduced relative ("rejected
# the treaty signed in 1990") and its counter-examples, two of them from the extractor dump's diff.
EVENT_DATE_CASES = [
    json.loads(line)
    for line in CASES_PATH.with_name("dates_events.jsonl").open(encoding="utf-8")
    if line.strip()
]


def test_event_date_case_file_is_large_enough() -> None:
    assert len(EVENT_DATE_CASES) >= 100
    assert len({c["id"] for c in EVENT_DATE_CASES}) == len(EVENT_DATE_CASES)


@pytest.mark.parametrize("case", _marked(EVENT_DATE_CASES))
def test_event_date(case: dict[str, Any]) -> None:
    """The event found at each trigger carries the date of its own clause."""
    text: str = case["text"]
    published = datetime.date.fromisoformat(case["published"])
    events = extract_text(text, article_id=case["id"], published=published, ingested=published)
    for want in case["events"]:
        start = text.index(want["trigger"])
        end = start + len(want["trigger"])
        hits = [
            e
            for e in events
            if any(m.trigger_start < end and start < m.trigger_end for m in e.mentions)
        ]
        assert hits, f"no event at {want['trigger']!r}"
        event = hits[0]
        got = (event.event_date, event.date_precision, event.date_basis)
        assert got == (_date(want["date"]), want["precision"], want["basis"]), case["rule"]
