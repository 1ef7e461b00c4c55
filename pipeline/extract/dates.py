"""Temporal resolution for news text: find date phrases and date the events they govern.

The module is pure (no I/O) and uses only the standard library. It follows the "Dates" section of
``docs/CONVENTIONS.md``:

* explicit dates ("on Feb. 21", "March 3, 2023", "2023-03-03", "in March 2022", "in early 2023",
  "mid-March") have basis ``explicit`` and day, month or year precision; a month is stored as its
  1st, a year as its 1 January, a week as its Monday;
* relative phrases ("on Tuesday", "yesterday", "last week", "earlier this month", "two days ago",
  "in two weeks", "next year") have basis ``relative`` and are resolved against the anchor (the
  publication date);
* anaphoric phrases ("the previous year", "a year earlier", "the same month a year ago", "two days
  later") count from the span last named before them, in the text or (``find_article_dates``) the
  article, else from the anchor; after "from"/"than"/"compared with" they are a comparison's base
  and never date an event;
* "earlier", "previously", "recently", "a few days ago" and a dateless past perfect ("had
  suspended") give ``before-publication`` with no date and precision ``unknown``;
* no date phrase gives the anchor with basis ``publication`` and precision ``day``; without a
  publication date, no date, precision ``unknown`` and basis ``ingested``.

Tense decides the ambiguous cases; it is read from the verb nearest the phrase (modals such as
"should" point ahead). A weekday that names the publication day is the anchor itself in any tense
("on Friday" in a Friday story; "last Friday" is a week back). Another weekday in the past is the
most recent such day before the anchor, in the future the next one after it, in the present the
nearest. A month and day without a year take the year that puts them nearest on or before the
anchor in the past, on or after it in the future, and nearest either way in the present; a bare
month ("in March") works the same way at month level, a bare quarter or season by its span.

Quarters, seasons, fiscal years and year ranges are dated at year precision and keep their TimeML
value ("2009-Q3", "2009-SU", "FY2009") in ``DateMention.label``; "over the past month/weeks" is
the month around the middle of the span. ``find_date_expressions`` and ``find_article_dates`` also
return boundaries and adjectival dates (see below) with their ``role``, and resolve "ending the
day", "the same day" to the day last named; ``find_dates`` and ``resolve_event_date`` never date
an event with them. Anchors from year 1 to 9999 never raise: a phrase outside the calendar dates
nothing.

Decades ("the 1990s", "the 1980's", "the nineties") and centuries ("the 20th century", "the next
century") keep TimeML's value ("199", "19") in the label and date no event: one that has ended by
the anchor, or the anchor's own in a past clause, places it before publication. "The turn of the
century" is the year that turns it, by tense. TimeML's vague references are listed with their
value in the label: "now", "currently" (PRESENT_REF, the anchor's day), "recently", "in recent
years", "in the past", "years ago" (PAST_REF, before publication), "in the future"
(FUTURE_REF); the present and future ones never date an event. Holidays with a fixed day
(Christmas, the Fourth of July, Bastille Day) and the moving ones (Thanksgiving, Labor Day,
Memorial Day, Election Day, Easter, Good Friday) are placed by tense like a month and day.

Times, durations and sets (TimeML's TIME, DURATION and SET) are listed by
``find_date_expressions`` and ``find_article_dates`` and never date an event: "3 p.m. Tuesday"
("1998-02-17T15:00"), "Friday morning" ("1998-02-13TMO"), "for three years" ("P3Y", role
``duration``), "over the past two weeks" ("P2W"), "every Tuesday" ("XXXX-WXX-2", role ``set``).

Not dates: "May" as a name, "Resolution 1701", "Flight 2010", "Group of 20", "G20", "2 p.m." alone,
"1,500 troops", "the first half" of a match, "temperatures in the nineties",
"Article 5", "24/7", adjectival dates ("the 2015 nuclear deal", "the Feb. 24 invasion") and
boundaries, which limit an event rather than date it ("since 2014", "until March", "by 2030",
"ahead of Tuesday's vote", "after Feb. 21").

Speed: most sentences carry no date. They are rejected by a few substring tests; the others are
scanned once with a single precompiled alternation of anchor tokens (digits, month and weekday
names, day and unit words, quarters, seasons), amounts ("$4.8 billion", "8.5%") are skipped, and
only the words around each token are parsed, with the alternatives that token can open.
"""

from __future__ import annotations

import bisect
import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Final, Literal, TypeAlias, cast

from pipeline.extract.sentences import split_sentences

__all__ = [
    "Basis",
    "DateMention",
    "Precision",
    "ResolvedDate",
    "Role",
    "Tense",
    "detect_tense",
    "find_article_dates",
    "find_date_expressions",
    "find_dates",
    "resolve_event_date",
    "timeml_value",
]

Precision = Literal["day", "week", "month", "year", "unknown"]
Basis = Literal["explicit", "relative", "publication", "before-publication", "ingested"]
Tense = Literal["past", "present", "future"]
# "date": the phrase can date an event; "boundary": it limits one ("since 2014", "by June 10");
# "attribute": it names a thing ("the 1991 settlement", "their January sales"); "duration" ("for
# three years", "P3Y") and "set" ("every Tuesday", "XXXX-WXX-2") are TimeML's other types and
# never date an event.
Role = Literal["date", "boundary", "attribute", "duration", "set"]


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date expression found in a text.

    ``start``/``end`` are character offsets into the text and ``phrase`` is ``text[start:end]``.
    ``date`` is None for phrases that only place an event before publication ("earlier").
    """

    start: int
    end: int
    phrase: str
    date: datetime.date | None
    precision: Precision
    basis: Basis
    label: str | None = None
    role: Role = "date"

    @property
    def value(self) -> str | None:
        """The TimeML value of the phrase: "2023-02-21", "2023-W08", "2023-02", "2023".

        ``label`` carries it for the spans the precision set has no name for (a quarter
        "2009-Q3", a season "2009-SU", a half "2009-H1", a fiscal year "FY2009", a decade
        "200", a weekend "2009-W04-WE"); the event is then dated at the coarser precision.
        """
        if self.label is not None:
            return self.label
        return timeml_value(self.date, self.precision)


def timeml_value(date: datetime.date | None, precision: Precision) -> str | None:
    """A date at its precision as a TimeML value (None when there is no date)."""
    if date is None or precision == "unknown":
        return None
    if precision == "day":
        return date.isoformat()
    if precision == "week":
        year, week, _ = date.isocalendar()
        return f"{year:04d}-W{week:02d}"
    if precision == "month":
        return f"{date.year:04d}-{date.month:02d}"
    return f"{date.year:04d}"


@dataclass(frozen=True, slots=True)
class ResolvedDate:
    """The date of one event, with the phrase (if any) it was resolved from."""

    date: datetime.date | None
    precision: Precision
    basis: Basis
    phrase: str | None
    start: int | None
    end: int | None


# --------------------------------------------------------------------------------------------
# Vocabulary

_MONTHS: Final[dict[str, int]] = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_WEEKDAYS: Final[dict[str, int]] = {
    "mon": 0,
    "tue": 1,
    "wed": 2,
    "thu": 3,
    "fri": 4,
    "sat": 5,
    "sun": 6,
}
_NUMBERS: Final[dict[str, int]] = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fifteen": 15,
    "twenty": 20,
    "thirty": 30,
}

# Irregular simple pasts (and "was"/"had") that mark a past-tense clause.
_PAST_WORDS: Final[frozenset[str]] = frozenset(
    """
    said told met held made took gave sent spoke went came saw began broke left led won struck
    sought brought withdrew froze drew hit cut shut quit kept wrote rose fell became chose fled
    flew ran sat stood swore threw tore bid had was were did got paid laid lost meant felt found
    heard knew sold spent stuck taught thought understood upheld overtook undertook forgot hung
    rang sank slid spun stole swept wept woke put cast let spread split grew shrank swung
    """.split()
)
# Past participles after "had" (besides regular -ed forms) that make a past perfect.
_PARTICIPLES: Final[frozenset[str]] = frozenset(
    """
    been met held made taken given sent spoken gone begun broken left led won struck sought brought
    withdrawn frozen drawn hit cut put shut kept written risen fallen become chosen fled flown told
    said done seen got gotten paid lost found heard known torn sworn thrown sold spent stood taught
    thought understood upheld let set quit laid
    """.split()
)
# Words ending in -ed that are not past-tense verbs.
_NOT_PAST_ED: Final[frozenset[str]] = frozenset(
    """
    hundred red bed shed sacred naked wicked kindred united armed unnamed alleged based
    so-called scheduled slated planned expected
    """.split()
)
_PAST_EED: Final[frozenset[str]] = frozenset({"agreed", "freed", "decreed", "guaranteed"})
# A participle after these is not a past tense ("will be lifted", "is to be held").
_PASSIVE_AUXILIARIES: Final[frozenset[str]] = frozenset({"be", "being", "been", "get"})
# Reporting verbs: a date next to them dates the report rather than the event reported.
_REPORTING: Final[frozenset[str]] = frozenset(
    {"said", "says", "told", "announced", "stated", "added", "confirmed", "reported", "wrote"}
)
# Words right next to a date phrase that put it in the future.
_FUTURE_CUES: Final[frozenset[str]] = frozenset(
    {"will", "shall", "won't", "won’t", "scheduled", "slated", "planned", "due", "expected", "set"}
    | {"should", "may", "might", "must", "would", "forthcoming", "upcoming"}
)
# Modals that point forward unless a perfect follows ("may have signed"); "would" after a past
# saying is the future of that saying ("said on Friday it would impose sanctions in July").
_MODALS: Final[frozenset[str]] = frozenset({"should", "may", "might", "must", "would"})
_PERFECT_AUXILIARIES: Final[frozenset[str]] = frozenset({"has", "have", "'s", "’s"})


# Present-tense verbs of scheduled events ("the law takes effect in July"): the phrase is placed
# nearest the anchor, whatever the tense of a neighbouring clause.
_PRESENT_WORDS: Final[frozenset[str]] = frozenset(
    """
    takes begins starts ends expires opens closes resumes meets runs comes holds arrives leaves
    returns convenes reopens kicks plans
    """.split()
)


# Their plural present ("the Olympics end Sunday"), read so only where no other tense cue is
# nearer and no auxiliary or "to" comes before ("did not meet", "plans to meet" are not present).
_PLURAL_PRESENT_WORDS: Final[frozenset[str]] = frozenset(
    """
    take begin start end expire open close resume meet run come hold arrive leave return convene
    reopen kick
    """.split()
)
_BASE_FORM_BEFORE: Final[frozenset[str]] = frozenset(
    """
    to do does did not never will would shall should can could may might must don't doesn't
    didn't won't
    """.split()
)


_AWAIT_WORDS: Final[frozenset[str]] = frozenset(
    "await awaits awaited awaiting anticipated anticipating".split()
)


def _scheduled_before(text: str, start: int, reach: int = 3) -> bool:
    """Whether a present-tense verb of a scheduled event comes just before ``start`` ("the
    deadline expires in two weeks", "the Olympics end Sunday"), within ``reach`` words."""
    words = _LOWER_WORD_RE.findall(text[max(0, start - 60) : start])
    for index in range(max(0, len(words) - reach), len(words)):
        word = words[index]
        if word in _PRESENT_WORDS:
            return True
        previous = words[index - 1] if index else ""
        if word in _PLURAL_PRESENT_WORDS and previous not in _BASE_FORM_BEFORE:
            return True
    return False


# A present verb of a scheduled event names a day ahead, or one just gone ("the law takes effect
# on Jan. 1" in a Jan. 3 story); a day further behind is next year's.
_SCHEDULED_SLACK: Final = datetime.timedelta(days=7)


def _awaited_before(text: str, start: int) -> bool:
    """Whether the phrase at ``start`` names what a clause waits for ("awaited Friday's report",
    "ahead of the Fed meeting on Wednesday"): its time is not behind the clause's verb."""
    before = text[max(0, start - 40) : start]
    stops = list(_CLAUSE_STOP_RE.finditer(before))
    if stops:
        before = before[stops[-1].end() :]
    words = _LOWER_WORD_RE.findall(before)[-6:]
    for index, word in enumerate(words):
        if word in _AWAIT_WORDS:
            return True
        if word == "ahead" and words[index + 1 : index + 2] == ["of"]:
            return True
    return False


def _word_tense(word: str) -> Tense | None:
    """Tense signalled by a single lowercase word, if any."""
    if word in _FUTURE_CUES:
        return "future"
    if word in _PRESENT_WORDS:
        return "present"
    if word in _PAST_WORDS:
        return "past"
    if len(word) > 3 and word.endswith("ed") and word not in _NOT_PAST_ED:
        if word.endswith("eed") and word not in _PAST_EED:
            return None
        return "past"
    return None


# --------------------------------------------------------------------------------------------
# Candidate regex: one alternation, each alternative a named group read back by ``lastgroup``.

_MONTH_FULL = (
    r"(?-i:January|February|March|April|May|June|July|August|September|October|November|December)"
)
_MONTH_ABBR = r"(?-i:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
_MONTH_ANY = rf"(?:{_MONTH_FULL}|{_MONTH_ABBR})(?![A-Za-z])"
# A month standing alone must be spelled out, not possessive ("May's cabinet"), not before a number.
_MONTH_BARE = rf"{_MONTH_FULL}(?![A-Za-z0-9])(?!['’]s\b)(?!\s+\d)"
_DAY = r"(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?(?![A-Za-z0-9])(?![:/.,]\d)"
_YEAR = r"(?:1[7-9]|20)\d\d(?![A-Za-z0-9])(?![,.]\d)(?!['’]s)"
_WEEKDAY = r"(?-i:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)(?![A-Za-z])"
# Named days that are not calendar references ("Good Friday Agreement", "Bloody Sunday").
_WEEKDAY_GUARD = (
    r"(?<!Good )(?<!Black )(?<!Bloody )(?<!Holy )(?<!Ash )(?<!Palm )(?<!Easter )(?<!Super )"
    r"(?<!Cyber )(?<!Mail on )"
)
# Newspapers named after a weekday ("The Sunday Times").
_WEEKDAY_TITLE = (
    r"(?!\s+(?-i:Times|Telegraph|Express|Mirror|Herald|Post|Independent|Mail|Star|Tribune"
    r"|Observer|Age|Business\b|Night\s+Live|Night\s+Football|Weld)\b)"
    # places named after a weekday ("Sunday River", "Friday Harbor", "Thursday Island")
    r"(?!\s+(?-i:River|Harbor|Harbour|Island|Creek|Bay|Lake)\b)"
    r"(?!\s+(?:prayers?|sermons?)\b)"  # "the Friday prayers": a weekly rite
)
_PART_OF_DAY = r"(?:\s+(?:morning|afternoon|evening|night))?"
_MOD = r"(?:(?:early|mid|late)(?:\s*-\s*|\s+)|the\s+(?:end|beginning|start|middle)\s+of\s+)"
_YEAR_MOD = (
    r"(?:(?:early|mid|late)(?:\s*-\s*|\s+)"
    r"|the\s+(?:end|beginning|start|middle|(?:first|second)\s+half"
    r"|(?:first|second|third|fourth|last)\s+quarter)\s+of\s+"
    r"|(?:the\s+)?(?:(?:early|late)\s+)?(?:spring|summer|autumn|fall|winter)(?:\s+of)?\s+)"
)
_NUM_EXACT = (
    r"(?:\d{1,3}|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen"
    r"|twenty|thirty)"
)
_NUM_ANY = rf"(?:a\s+couple\s+of|a\s+few|few|several|some|many|{_NUM_EXACT})"

_ORDINAL_QUARTER = (
    r"(?P<qt_o>first|second|third|fourth|final|last|1st|2nd|3rd|4th|this|next|current|same"
    r"|latest|most\s+recent)"
)
_SEASON = r"(?P<ss_s>spring|summer|autumn|fall|winter)"
_NUM_PAST = rf"(?:(?P<pp_n>a\s+couple\s+of|a\s+few|few|several|{_NUM_EXACT})\s+)?"

# Ordinals of a run of days or weeks ("a third straight day", "the fifth week in a row").
_RUN_ORDINAL = (
    r"(?:second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth"
    r"|\d{1,2}(?:st|nd|rd|th))"
)
# "the day before", "two days after" end the phrase; a noun phrase after them ("the day before
# the vote") dates the phrase from that event, which the resolver does not know.
_NO_NOUN_PHRASE = (
    r"(?![A-Za-z'’-])(?!\s+(?:the|a|an|his|her|its|their|our|this|that|these|those|than"
    r"|(?-i:[A-Z0-9$£€]))\b)"
)
# "earlier" and "later" take no object: only "than" makes them a comparison ("a day later than
# planned").
_NOT_THAN = r"(?![A-Za-z'’-])(?!\s+than\b)"
# "before" and "after" end a phrase only at a punctuation mark ("the day after, police ...").
_PHRASE_END = r"(?=\s*(?:[,.;:!?)]|$))"
_ANAPHOR_YEAR_BACK = (
    r"(?:of\s+)?(?:a\s+year\s+(?:ago|earlier|before)|(?:the\s+)?(?:previous|prior|preceding)"
    r"\s+year|last\s+year|(?:in|of)\s+(?P<ap_sy>" + _YEAR + r"))"
)

# Words that describe a month by its figures: "after a flat August", "a weak July".
_MONTH_ADJECTIVES: Final[tuple[str, ...]] = tuple(
    """
    flat weak strong slow sluggish disappointing dismal robust soft solid poor brisk stronger
    weaker better worse mild cold warm wet dry busy quiet volatile turbulent record dismal
    lackluster lacklustre bleak difficult tough good bad rocky choppy
    """.split()
)
_MONTH_ADJECTIVE_BEFORE: Final = (
    "(?:" + "|".join(rf"(?<=\ba\s{word}\s)" for word in _MONTH_ADJECTIVES) + ")"
)

_ALTERNATIVES: Final[tuple[str, ...]] = (
    # Anaphoric: dated from the time last named ("in 2008 ... the year before"), else the anchor.
    rf"(?P<ap>the\s+same\s+(?P<ap_same>period|time|month|quarter|week|day)\s+{_ANAPHOR_YEAR_BACK}"
    r"(?![A-Za-z])"
    r"|the\s+(?P<ap_dir>previous|preceding|prior|following|succeeding)\s+"
    r"(?P<ap_u>week|month|quarter|year)(?![A-Za-z])"
    rf"|the\s+(?P<ap_u2>day|week|month|quarter|year)\s+(?:(?P<ap_dir2>previous){_NO_NOUN_PHRASE}"
    rf"|(?P<ap_dir6>earlier|later){_NOT_THAN}|(?P<ap_bl>before\s+last)(?![A-Za-z])"
    rf"|(?P<ap_dir4>before|after){_PHRASE_END})"
    rf"|(?P<ap_n>{_NUM_EXACT})\s+(?P<ap_u3>days?|weeks?|months?|quarters?|years?|decades?)\s+"
    rf"(?:(?P<ap_dir3>earlier|later|previously){_NOT_THAN}|(?P<ap_dir5>before|after)"
    rf"{_PHRASE_END})"
    rf"|(?:(?:the|an?)\s+)?{_RUN_ORDINAL}\s+(?:(?:straight|consecutive|successive)\s+"
    r"(?P<ap_run>day|week|month|quarter|year|session|trading\s+day)"
    r"|(?P<ap_run2>day|week|month|quarter|year|session)\s+in\s+a\s+row)(?![A-Za-z])"
    r"|the\s+(?:entire|full|whole)\s+(?P<ap_whole>year)(?![A-Za-z])"
    # "their best week since November", "its worst day in a decade": the span being reported
    r"|(?:its|their|the|a)\s+(?:best|worst|biggest|largest|strongest|weakest|busiest|deadliest"
    r"|bloodiest|sharpest|steepest)\s+(?P<ap_sup>day|week|month|quarter|year)"
    r"(?=\s+(?:since|in|of|for|ever)\b)"
    r"|the\s+year[-\s](?:earlier|ago)\s+(?P<ap_ya>period|quarter|month|week|day|time)(?![A-Za-z])"
    r"|(?:(?<=\bfor\s)|(?<=\bin\s)|(?<=\bduring\s))the\s+(?P<ap_the>year|quarter|month|week)"
    r"(?![A-Za-z'’-])"
    r"(?!\s+(?:before|after|earlier|ago|ahead|to|of|that|in|when|ended|ending|through|\d))"
    r"|(?:early|earlier|late|later)\s+in\s+the\s+(?P<ap_in>week|month|year)(?![A-Za-z])"
    r"|that\s+(?:same\s+|very\s+)?(?P<ap_that>week|month|quarter|year)"
    r"(?![A-Za-z'’-])(?!\s+(?:ago|earlier|later|before|after)\b))",
    # Months of a year: "the first three months of 2009", "the last six months of the year".
    r"(?P<fm>(?:(?:in|during|over)\s+)?the\s+(?P<fm_e>first|last|final)\s+(?P<fm_n>three|six|nine|3|6|9)"
    rf"\s+months\s+of\s+(?:(?P<fm_y>{_YEAR})|(?P<fm_rel>this|last|next)\s+year"
    r"|the\s+(?:current\s+)?year)(?![A-Za-z0-9]))",
    # A week of a month: "the last week of March", "the first week of April 2011"; a weekday of a
    # month: "the first Saturday in May".
    r"(?P<wm>(?:(?:in|during|on)\s+)?the\s+(?P<wm_o>first|second|third|fourth|last|final)\s+"
    rf"(?:week\s+of|(?P<wm_wd>{_WEEKDAY})\s+(?:of|in))"
    rf"\s+(?P<wm_m>{_MONTH_FULL})(?:,?\s+(?P<wm_y>{_YEAR}))?(?![A-Za-z0-9]))",
    # Fixed-date holidays: "on Christmas Day", "New Year's Eve", "over Christmas".
    r"(?P<hd>(?:(?:on|at|over|during|before|after|since|until|by|for)\s+"
    r"|(?P<hd_rel>last|next|this)\s+)?(?:the\s+(?P<hd_unit>day|week)\s+(?P<hd_off>before|after)\s+)?(?-i:(?P<hd_n>"
    r"Christmas\s+(?:Day|Eve)|New\s+Year(?:['’]s)?\s+(?:Day|Eve)|Boxing\s+Day"
    r"|Valentine['’]?s\s+Day|Halloween|Thanksgiving(?:\s+Day)?|Labou?r\s+Day|Memorial\s+Day"
    r"|(?:the\s+)?Fourth\s+of\s+July|July\s+Fourth|Election\s+Day|May\s+Day"
    r"|Easter(?:\s+(?:Sunday|Monday))?(?!\s+(?:Island|Rising|Offensive|Uprising|Road|Street|Parade))|Good\s+Friday(?!\s+(?:Agreement|Accord|accord|agreement"
    r"|peace|deal))|Black\s+Friday|Veterans['’]?\s+Day|Armistice\s+Day|Remembrance\s+Day|Bastille\s+Day"
    r"|Columbus\s+Day|Inauguration\s+Day|(?:St\.?|Saint)\s+Patrick['’]?s\s+Day"
    r"|Mother['’]?s\s+Day|Father['’]?s\s+Day|Groundhog\s+Day|April\s+Fools['’]?\s+Day|Presidents['’]?\s+Day|Martin\s+Luther\s+King(?:\s+Jr\.?)?\s+Day"
    r"|(?:(?<=on\s)|(?<=at\s)|(?<=over\s)|(?<=before\s)"
    r"|(?<=after\s)|(?<=since\s)|(?<=until\s)|(?<=by\s)|(?<=last\s)|(?<=next\s)"
    r"|(?<=this\s)|(?<=between\s)|(?<=and\s))Christmas|(?<=the\s)Christmas(?=\s+weekend\b)))"
    r"(?![A-Za-z])(?:\s+(?P<hd_we>weekend)(?![A-Za-z]))?"
    rf"(?:,?\s+(?P<hd_y>{_YEAR}))?)",
    # Ordinal day of the month: "on the 5th" (not "the 5th floor", "the 21st century").
    r"(?P<od>(?:on\s+the|the(?:(?<=\bby\sthe)|(?<=\buntil\sthe)|(?<=\bbefore\sthe)"
    r"|(?<=\bafter\sthe)|(?<=\bsince\sthe)|(?<=\bfrom\sthe)))"
    r"\s+(?P<od_d>3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)"
    r"(?=\s*(?:[,.;:!?)]|$)|\s+(?:and|or|at|in|when|after|before|as|but|to|with)\b))",
    # Day-first numeric date: "25/12/2009" (the first number cannot be a month).
    r"(?P<eu>(?:on\s+)?(?<![\d/])(?P<eu_d>3[01]|2\d|1[3-9])/(?P<eu_m>1[0-2]|0?[1-9])/"
    r"(?P<eu_y>(?:19|20)\d\d)(?![\d/]))",
    # Quarter: "the third quarter", "Q3 2009", "the fourth quarter of last year", "third-quarter".
    rf"(?P<qt>(?:(?:in|during|for)\s+)?(?:the\s+)?{_ORDINAL_QUARTER}[\s-]+quarter(?![A-Za-z])"
    rf"(?:,?\s+(?:of\s+)?(?:(?:fiscal\s+)?(?P<qt_y>{_YEAR})|(?P<qt_rel>last|this|next)\s+year))?"
    rf"|(?-i:Q)(?P<qt_n>[1-4])(?:\s*(?:of\s+)?(?P<qt_y2>{_YEAR}))?(?![A-Za-z0-9])"
    rf"|(?P<qt_y3>{_YEAR})\s*(?-i:Q)(?P<qt_n2>[1-4])(?![A-Za-z0-9]))",
    # Fiscal year: "this fiscal year", "the financial year", "fiscal 2009", "FY2009".
    rf"(?P<fy>(?:(?:in|during|for)\s+)?(?:(?P<fy_rel>this|last|next|the\s+current|the\s+coming"
    rf"|the\s+previous|the\s+past|the)\s+)?(?:fiscal|financial)(?:\s+year|(?=\s+(?:19|20)\d\d))"
    rf"(?:\s+(?P<fy_y>{_YEAR})(?:[-–/](?P<fy_end>\d\d)(?![\d-]))?)?(?![A-Za-z])"
    r"(?!\s+(?:ending|ended|to)\b)"
    rf"|(?-i:FY)\s?(?P<fy_y2>{_YEAR}|\d\d)(?![A-Za-z0-9])"
    rf"|(?:(?:in|during|for)\s+)?(?:the\s+)?(?P<fy_y3>(?:19|20)\d\d)(?:[-–/](?P<fy_end3>\d\d))?"
    r"\s+(?:fiscal|financial)\s+year"
    r"(?![A-Za-z]))",
    # Season: "in the spring", "next summer", "autumn 2009", "the winter of 2008".
    rf"(?P<ss>(?:(?P<ss_rel>this|last|next)\s+{_SEASON}(?:\s+(?:of\s+)?(?P<ss_y>{_YEAR}))?"
    rf"|(?:(?:in|during)\s+)?(?:the\s+)?(?:(?:early|late)\s+)?(?P<ss_s2>spring|summer|autumn|fall"
    rf"|winter)(?:\s+of)?\s+(?:(?P<ss_y2>{_YEAR})|(?P<ss_rel2>last|this|next)\s+year(?![A-Za-z])"
    r"|['’](?P<ss_ya>\d\d)(?![\d'’A-Za-z]))"
    rf"|(?:(?:in|during|over|throughout)\s+|(?<=\bby\s)|(?<=\buntil\s)|(?<=\bsince\s)"
    rf"|(?<=\bthrough\s)|(?<=\bbefore\s)|(?<=\bafter\s))(?:the\s+)?(?:(?:early|late)\s+)?"
    r"(?P<ss_s3>spring|summer|autumn|fall|winter)(?!\s+(?:of|in)\b)"
    r"(?!(?:(?<=(?-i:Fall))|(?<=(?-i:Spring))|(?<=(?-i:Summer))|(?<=(?-i:Autumn))"
    r"|(?<=(?-i:Winter)))\s+(?-i:[A-Z][a-z]))"
    # "their spring meetings", "the winter months" (not "the fall in prices")
    r"|(?:(?<=\bthe\s)|(?<=\btheir\s)|(?<=\bits\s)|(?<=\bhis\s)|(?<=\bher\s)|(?<=\bour\s))"
    r"(?P<ss_s4>spring|summer|autumn|winter|(?-i:Fall))"
    r"(?=\s+(?!(?:of|in|and|or|is|was|has|had|will)\b)(?-i:[a-z]))"
    r")(?![A-Za-z]))",
    # Year range: "2009-2010", "1957-58", "in 2009-10".
    r"(?P<yg>(?:(?:in|during)\s+)?(?P<yg_a>(?:19|20)\d\d)\s*[-–/]\s*(?P<yg_b>(?:19|20)?\d\d)"
    r"(?![A-Za-z0-9])(?![-–/]\d))",
    # Over the past month: "over the past two weeks", "in the last month", "the past decade".
    rf"(?P<pp>(?:(?:over|in|during|throughout)\s+)?the\s+(?:past|last)\s+{_NUM_PAST}"
    r"(?P<pp_u>days?|weeks?|months?|years?|decades?)(?![A-Za-z])(?!\s+(?:or|and)\b)"
    r"(?!\s+of\s+(?![$£€\d]|US\$)))",
    # Month of a relative year: "October of next year", "March last year".
    rf"(?P<mr>(?:(?:in|during)\s+)?(?P<mr_m>{_MONTH_FULL})(?:\s+of)?\s+(?P<mr_rel>last|this|next)"
    r"\s+year(?![A-Za-z]))",
    # Weekday with an explicit date: "Tuesday, Feb. 21", "on Tuesday, 21 February 2023".
    rf"(?P<wdmd>(?:on\s+)?{_WEEKDAY_GUARD}{_WEEKDAY},?\s+(?:the\s+)?"
    rf"(?:(?P<wdmd_m>{_MONTH_ANY})\s+(?P<wdmd_d>{_DAY})"
    rf"|(?P<wdmd_d2>{_DAY})\s+(?:of\s+)?(?P<wdmd_m2>{_MONTH_ANY}))"
    rf"(?:,?\s+(?P<wdmd_y>{_YEAR}))?)",
    # ISO date: "2023-03-03".
    r"(?P<iso>(?:on\s+)?(?P<iso_v>(?:19|20)\d\d-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01]))(?!\d))",
    # US numeric date: "7/8/07", "12/25/2009" (month first, with a year).
    r"(?P<us>(?:on\s+)?(?<![\d/])(?P<us_m>1[0-2]|0?[1-9])/(?P<us_d>3[01]|[12]\d|0?[1-9])/"
    r"(?P<us_y>(?:19|20)?\d\d)(?![\d/]))",
    # Month day [year]: "Feb. 21", "February 21st", "March 3, 2023".
    rf"(?P<md>(?:on\s+)?(?P<md_m>{_MONTH_ANY})\s+(?P<md_d>{_DAY})(?:,?\s+(?P<md_y>{_YEAR})"
    r"|\s+of\s+(?P<md_rel>last|this|next)\s+year(?![A-Za-z]))?)",
    # Day month [year]: "21 February 2023", "the 21st of February".
    rf"(?P<dm>(?:on\s+)?(?:the\s+)?(?P<dm_d>{_DAY})(?:\s*[-–]\s*{_DAY})?\s+(?:of\s+)?"
    rf"(?P<dm_m>{_MONTH_ANY})"
    rf"(?:,?\s+(?P<dm_y>{_YEAR}))?)",
    # A spelled-out day of a month: "on the first of January", "the twenty-first of June".
    r"(?P<ow>(?:on\s+)?the\s+(?P<ow_d>(?:twenty-|thirty-)?(?:first|second|third|fourth|fifth|sixth"
    r"|seventh|eighth|ninth)|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth"
    r"|seventeenth|eighteenth|nineteenth|twentieth|thirtieth)\s+of\s+"
    rf"(?P<ow_m>{_MONTH_ANY})(?:,?\s+(?P<ow_y>{_YEAR}))?)",
    # Month year: "in March 2022", "mid-March 2022", "February of 2023".
    rf"(?P<my>(?:(?:in|during)\s+)?{_MOD}?(?P<my_m>{_MONTH_ANY}),?\s+(?:of\s+)?(?P<my_y>{_YEAR}))",
    # Bare month: "in March", "last May", "early May", "mid-March".
    rf"(?P<mb>(?:(?P<mb_rel>last|next|this)\s+|(?:in|during)\s+{_MOD}?|{_MOD})"
    rf"(?P<mb_m>{_MONTH_BARE}"
    # "last October's crash": a possessive month after "last"/"next" (not "May's cabinet")
    rf"|(?<=last\s|next\s){_MONTH_FULL}(?=['’]s\b)))",
    # A bare month after a preposition or possessive: "since September", "their January sales".
    r"(?P<mp>(?:(?<=\bsince )|(?<=\buntil )|(?<=\bby )|(?<=\bfrom )|(?<=\bto )|(?<=\band )"
    r"|(?<=\bbetween )|(?<=\bafter )|(?<=\bbefore )|(?<=\btheir )|(?<=\bits )|(?<=\bas of )"
    r"|(?<=\bthrough )|(?<=\bfor )|(?<=\bof ))(?P<mp_m>(?-i:January|February|March|April|June"
    r"|July|August|September|October|November|December))(?![A-Za-z0-9])(?!['’]s\b)(?!\s+\d)"
    r"(?!\s+(?-i:[A-Z][a-z]))"  # "by June Carter": a name
    r"(?!(?<=March)\s+(?:on|against|through|past|toward|towards)\b)"  # "vowed to March on"
    # "the April elections" (not "the March on Washington")
    r"|(?<=\bthe )(?P<mp_m2>(?-i:January|February|March|April|June|July|August|September|October"
    r"|November|December))(?=\s+(?!(?:on|of|to|for|in|and|or|from|at|by|with|is|was|has|had"
    r"|will)\b)(?-i:[a-z]))"
    # a month as a subject: "October was the worst month" (not "May was")
    r"|(?<!\bthe\s)(?P<mp_m3>(?-i:January|February|March|April|June|July|August|September|October|November"
    r"|December))(?=\s+(?:(?P<mp_past>was|has|had|saw|brought|marked)|is|will|would)\b)"
    # a month described by its data: "after a flat August", "a weak July"
    rf"|{_MONTH_ADJECTIVE_BEFORE}(?P<mp_m4>(?-i:January|February|March|April|June|July|August"
    r"|September|October|November|December))(?![A-Za-z0-9])(?!['’]s\b)(?!\s+\d))",
    # A quarter named by its months: "the April-June quarter".
    r"(?P<qm>(?:(?:in|during|for)\s+)?(?:the\s+)?(?P<qm_a>(?-i:January|April|July|October))\s*[-–]"
    r"\s*(?P<qm_b>(?-i:March|June|September|December))\s+(?:quarter|period)(?![A-Za-z])"
    rf"(?:,?\s+(?:of\s+)?(?P<qm_y>{_YEAR}))?)",
    # Year: "in 2023", "in early 2023", "mid-2023", "the end of 2023", "in the spring of 2023".
    rf"(?P<yr>(?:(?:in|during)\s+(?:the\s+year\s+|{_YEAR_MOD})?|{_YEAR_MOD}"
    r"|the(?:(?<=\bby\sthe)|(?<=\buntil\sthe)|(?<=\bbefore\sthe)|(?<=\bafter\sthe)"
    rf"|(?<=\bsince\sthe)|(?<=\bto\sthe)|(?<=\bthrough\sthe))\s+year\s+)(?P<yr_y>{_YEAR}))",
    # Decade: "the 1990s", "the '70s", "the 80s".
    r"(?P<dc>(?:(?:in|during)\s+)?(?:(?P<dc_the>the)\s+(?:(?:early|late)\s+|mid-?)?)?['’]?"
    r"(?P<dc_y>(?:1[7-9]|20)?\d0)['’]?s(?![A-Za-z0-9'’]))",
    # A decade spelled out: "the nineties", "the early eighties".
    r"(?P<dw2>(?:(?:in|during)\s+)?the\s+(?:(?:early|late)\s+|mid-?)?(?P<dc_w>twenties|thirties"
    r"|forties|fifties|sixties|seventies|eighties|nineties)(?![A-Za-z'’-]))",
    # Century: "the 20th century", "the next century", "at the turn of the century".
    r"(?P<ct>(?:(?:in|during)\s+)?the\s+(?:(?:early|late)\s+|mid-)?"
    r"(?:(?P<ct_n>1[0-9]|2[01])(?:st|nd|rd|th)|(?P<ct_w>sixteenth|seventeenth|eighteenth"
    r"|nineteenth|twentieth|twenty-first)|(?P<ct_rel>this|next|last|previous|coming|new)"
    r"|(?P<ct_turn>turn)\s+of\s+the(?:\s+(?P<ct_tl>last|next|new))?)\s+century(?![A-Za-z'’-])"
    r"|(?:(?:early|late)\s+)?(?P<ct_rel2>this|next)\s+century(?![A-Za-z'’-])"
    r"|(?:(?:at|in|toward|towards)\s+)?the\s+(?:end|beginning|start|middle"
    r"|rest)\s+of\s+the\s+(?P<ct_the>decade|century)(?![A-Za-z'’-])"
    r"|(?:(?:in|during)\s+)?(?:the\s+)?(?P<ct_dec>this|next|coming|current)\s+decade"
    r"(?![A-Za-z'’-]))",
    # Apostrophe year: "since '82".
    r"(?P<ya>(?:(?<=['’])|(?P<ya_in>in|during)\s+['’])(?P<ya_y>\d\d)(?![\d'’A-Za-z]))",
    # A bare year: "the 1991 settlement", "from 2009 to 2011" (never an event's date on its own).
    r"(?P<yb>(?<![$£€#\d.,/-])(?P<yb_y>(?:1[7-9]|20)\d\d)(?![A-Za-z0-9])(?![,.]\d)(?![-–/]\d)"
    r"(?!\s*%))",
    # Weekday: "on Tuesday", "Tuesday", "last Tuesday", "next Tuesday", "late on Tuesday".
    rf"(?P<wd>(?:(?P<wd_rel>last|next|this(?:\s+past)?)\s+|(?:on\s+)?the\s+(?P<wd_ana>previous|preceding"
    r"|following|next)\s+|(?:(?:early|late|earlier|later)\s+)?(?:on\s+)?)"
    rf"{_WEEKDAY_GUARD}(?P<wd_n>{_WEEKDAY}){_WEEKDAY_TITLE}{_PART_OF_DAY})",
    # Day words: "today", "yesterday", "tomorrow", "tonight", "this morning", "last night".
    rf"(?P<dw>(?:(?:earlier|later|late|early)\s+)?"
    rf"(?:(?!(?<=Russia\s)(?-i:Today))(?!(?<=USA\s)(?-i:Today))"
    rf"(?P<dw_w>today|tonight|yesterday|tomorrow)(?![A-Za-z]){_PART_OF_DAY}"
    r"|(?P<dw_this>this\s+(?:morning|afternoon|evening))(?![A-Za-z])"
    r"|(?P<dw_ln>last\s+night)(?![A-Za-z])"
    r"|the\s+day\s+(?P<dw_ba>before\s+yesterday|after\s+tomorrow)(?![A-Za-z])))",
    # Relative unit: "last week", "earlier this month", "late last year", "over the weekend".
    r"(?P<ru>(?:(?:early|earlier|late|later|mid)(?:\s*-\s*|\s+)"
    r"|the\s+(?:end|beginning|start|middle|(?P<ru_half>first|second)\s+half)\s+of\s+)?"
    r"(?<!\bthe\s)(?<!\bpast\s)(?:(?P<ru_rel>last|this|next)|the\s+current)\s+"
    r"(?:(?P<ru_past>past)\s+)?(?P<ru_u>weekend|week|month|year)(?![A-Za-z])"
    r"|(?P<ru_we>(?:(?:over|at|during|for)\s+|(?<=\bby\s)|(?<=\buntil\s)|(?<=\bbefore\s)"
    r"|(?<=\bafter\s)|(?<=\bsince\s))the\s+(?:(?P<ru_wep>past|last)\s+)?weekend)(?![A-Za-z])"
    r"(?!\s+of\s+(?:the\s+)?(?-i:[A-Z0-9]))"  # "the weekend of March 7" (not "accused X at the
    # weekend of attacking")
    r"|the\s+(?:end|beginning|start|middle|rest|(?P<ru_half2>first|second)\s+half)\s+of\s+the\s+"
    r"(?P<ru_the>year|month|quarter|week)(?![A-Za-z])"
    # "the week after next": two units ahead; "into the new year": the year just begun or next
    r"|the\s+(?P<ru_an>week|month|year)\s+after\s+next(?![A-Za-z'’-])"
    r"|the\s+(?-i:new)\s+(?P<ru_new>year)(?![A-Za-z'’-]))",
    # A weekday weeks off: "two weeks ago Friday", "a week from Tuesday".
    rf"(?P<wa>(?P<wa_n>a|one|two|three|four)\s+weeks?\s+(?P<wa_dir>ago|from)\s+"
    rf"(?P<wa_d>{_WEEKDAY}))",
    # Ago: "two days ago", "3 weeks ago", "a month ago", "a few days ago".
    rf"(?P<ago>(?:(?P<ago_n>{_NUM_ANY})\s+)?(?P<ago_u>hours?|days?|weeks?|fortnights?|months?|years?"
    r"|decades?)"
    r"\s+ago)(?![A-Za-z])",
    # In N units (a date only in a future clause): "in two weeks", "in a month's time".
    rf"(?P<inn>in\s+(?P<inn_n>{_NUM_EXACT})\s+(?P<inn_u>days?|weeks?|fortnights?|months?|years?)"
    r"(?:['’]s?\s+time)?)(?![A-Za-z'’])(?!\s+of\b)",
    # "two years from now": counted from the anchor in any tense.
    rf"(?P<fn>(?P<fn_n>{_NUM_EXACT})\s+(?P<fn_u>days?|weeks?|months?|years?|decades?)\s+from\s+"
    r"(?:now|today)(?![A-Za-z]))",
    # Halves of a year: "in the first half", "second-half profit" (not "the first half of").
    r"(?P<hf>(?:(?:in|during|for|over)\s+)?the\s+(?P<hf_o>first|second)\s+half(?![A-Za-z'’-])"
    r"(?!\s+(?:of|century)\b)|(?P<hf_o2>first|second)-half(?=\s+(?-i:[a-z]))"
    r"|(?<=['’]s\s)(?P<hf_o3>first|second)\s+half(?![A-Za-z'’-]))",
    # Year-end and mid-year: "at year-end", "by mid-year".
    r"(?P<ye>(?:(?<=\bat\s)|(?<=\bby\s)|(?<=\bbefore\s)|(?<=\buntil\s)|(?<=\bafter\s)"
    r"|(?<=\bsince\s)|(?<=\btoward\s)|(?<=\btowards\s)|(?<=\baround\s)|(?<=\bin\s))"
    r"(?:the\s+)?(?P<ye_w>year-end|mid-year)(?![A-Za-z'’-]))",
    # TimeML's vague references: "now", "currently" (PRESENT_REF), "in recent years", "in the
    # past" (PAST_REF), "in the future" (FUTURE_REF).
    r"(?P<rf>(?P<rf_now>(?:(?:right|just)\s+)?(?-i:[Nn]ow)(?![A-Za-z'’-])(?!\s+that\b)"
    r"|currently|nowadays|at\s+present|at\s+the\s+(?:present\s+time|moment)|these\s+days)"
    r"(?![A-Za-z'’-])"
    r"|(?P<rf_past>(?:in\s+)?recent\s+(?:years|months|weeks|days|decades|times)"
    r"|in\s+the\s+past(?=\s*(?:[,.;:!?)]|$)|\s+(?:and|but|when|as|because|or)\b))"
    r"(?![A-Za-z'’-])"
    r"|(?P<rf_fut>(?:in\s+)?the\s+(?:(?:near|distant|foreseeable|immediate)\s+)?future)"
    r"(?![A-Za-z'’-])(?!\s+(?:of|for)\b))",
    # Before publication: "earlier", "previously", "recently" (not "an earlier deal").
    r"(?P<vg>(?<!\ban\s)(?<!\bthe\s)(?<!\bits\s)(?<!\btheir\s)(?<!\bhis\s)(?<!\bher\s)"
    r"(?:earlier|previously|recently)(?![A-Za-z-])"
    r"(?!\s+(?:than|in|on|this|today|that|last)\b))",
)

_CANDIDATE_RE: Final = re.compile(r"\b(?:" + "|".join(_ALTERNATIVES) + ")", re.IGNORECASE)


_Trie: TypeAlias = dict[str, "_Trie"]


def _literal_trie(words: list[str]) -> str:
    """A regex alternation of literal words, factored by shared prefixes."""
    tree: _Trie = {}
    for word in words:
        node = tree
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def render(node: _Trie) -> str:
        branches = []
        for char in sorted(key for key in node if key):
            branches.append(re.escape(char) + render(node[char]))
        if not branches:
            return ""
        body = "(?:" + "|".join(branches) + ")"
        return body + "?" if "" in node else body

    return render(tree)


# Candidate detection. Every alternative of ``_CANDIDATE_RE`` contains one of these tokens at the
# start of a word: a digit, a month or weekday name, a day word, a unit, "earlier"/"previously"/
# "recently". The alternation is literal and case-sensitive so that the engine rejects most words
# on their first character.
_ANCHOR_WORDS: Final[tuple[str, ...]] = tuple(
    """
    Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec Monday Tuesday Wednesday Thursday Friday
    Saturday Sunday today tonight tomorrow yesterday night morning afternoon evening day week
    month year decade hour fortnight earlier previously recently quarter Q1 Q2 Q3 Q4 fiscal
    financial FY
    spring summer autumn fall winter Christmas Boxing Valentine Halloween century half now
    currently nowadays present moment past future recent twenties thirties forties fifties sixties
    seventies eighties nineties Thanksgiving Easter
    """.split()
)
# Holidays named in more than one word: each is one anchor token.
_HOLIDAY_TOKENS: Final[tuple[str, ...]] = (
    "New Year",
    "Labor Day",
    "Labour Day",
    "Memorial Day",
    "Fourth of July",
    "July Fourth",
    "Election Day",
    "May Day",
    "Good Friday",
    "Black Friday",
    "Veterans Day",
    "Veterans' Day",
    "Veterans’ Day",
    "Armistice Day",
    "Remembrance Day",
    "Bastille Day",
    "Columbus Day",
    "Inauguration Day",
    "St. Patrick",
    "St Patrick",
    "Saint Patrick",
    "Mother's Day",
    "Mother’s Day",
    "Mothers Day",
    "Father's Day",
    "Father’s Day",
    "Fathers Day",
    "Groundhog Day",
    "April Fools",
    "Presidents Day",
    "Presidents' Day",
    "Presidents’ Day",
    "Martin Luther King",
)
# Other phrases that are one anchor token, so that the common unit words need not try them.
_PHRASE_TOKENS: Final[tuple[str, ...]] = ("these days", "year-end", "mid-year")
_ANCHOR_RE: Final = re.compile(
    r"\b(?:\d|"
    + _literal_trie(
        sorted(
            {w for a in _ANCHOR_WORDS + _PHRASE_TOKENS for w in (a, a[0].upper() + a[1:])}
            | set(_HOLIDAY_TOKENS)
        )
    )
    + ")"
)
# The alternatives a phrase can take, by the first anchor token it holds: trying only those keeps
# the cost of a token independent of how many kinds of phrase there are.
_KINDS_BY_TOKEN_CLASS: Final[dict[str, frozenset[str]]] = {
    "digit": frozenset("ap qt fy yg pp iso us eu dm od yr dc ya yb ago inn".split()),
    "month": frozenset("mr md ow my mb mp qm yr".split()),
    "weekday": frozenset("wdmd wm wd".split()),
    "unit": frozenset("ap fm wm pp ru wa ago inn fn dw".split()),
    "decade unit": frozenset("ap pp ago fn ct".split()),
    "year-end": frozenset(["ye"]),
    "dayword": frozenset("dw ru".split()),
    "quarter": frozenset("ap qt yr ru".split()),
    "holiday": frozenset(["hd"]),
    "fiscal": frozenset(["fy"]),
    "season": frozenset("ss yr".split()),
    "vague": frozenset("vg ru dw wd".split()),
    "century": frozenset(["ct"]),
    "decade": frozenset(["dw2"]),
    "half": frozenset(["hf"]),
    "ref": frozenset(["rf"]),
}


def _token_class(token: str) -> str:
    lower = token.lower()
    if token[0].isdigit():
        return "digit"
    if lower in _WEEKDAY_WORDS:
        return "weekday"
    if lower in _HOLIDAY_WORDS:
        return "holiday"
    if lower == "decade":
        return "decade unit"
    if lower in ("year-end", "mid-year"):
        return "year-end"
    if lower in ("day", "week", "month", "year", "hour", "fortnight"):
        return "unit"
    if lower[:3] in _MONTHS:
        return "month"
    if lower in ("quarter", "q1", "q2", "q3", "q4"):
        return "quarter"
    if lower in ("fiscal", "financial", "fy"):
        return "fiscal"
    if lower in ("spring", "summer", "autumn", "fall", "winter"):
        return "season"
    if lower in ("earlier", "previously", "recently"):
        return "vague"
    if lower == "century":
        return "century"
    if lower == "half":
        return "half"
    if lower in _REF_WORDS:
        return "ref"
    if lower.endswith("ties"):
        return "decade"
    return "dayword"


_HOLIDAY_WORDS: Final = frozenset(
    ("christmas", "boxing", "valentine", "halloween", "thanksgiving", "easter")
) | frozenset(token.lower() for token in _HOLIDAY_TOKENS)
_REF_WORDS: Final = frozenset(
    ("now", "currently", "nowadays", "present", "moment", "past", "future", "recent", "these days")
)
_WEEKDAY_WORDS: Final = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday".split()
)


def _class_regex(kinds: frozenset[str]) -> re.Pattern[str]:
    chosen = [a for a in _ALTERNATIVES if a[4 : a.index(">")] in kinds]
    return re.compile(r"\b(?:" + "|".join(chosen) + ")", re.IGNORECASE)


_REGEX_BY_CLASS: Final[dict[str, re.Pattern[str]]] = {
    name: _class_regex(kinds) for name, kinds in _KINDS_BY_TOKEN_CLASS.items()
}
_TOKEN_REGEX: Final[dict[str, re.Pattern[str]]] = {
    token: _REGEX_BY_CLASS[_token_class(token)]
    for token in [
        *"0123456789",
        *{w for a in _ANCHOR_WORDS + _PHRASE_TOKENS for w in (a, a[0].upper() + a[1:])},
        *_HOLIDAY_TOKENS,
    ]
}

# Quick rejection before the scan: a text with no digit, no spelled-out month and none of these
# (lowercased) has no date phrase. Weekdays, "today" and "yesterday" all contain "day".
_QUICK_WORDS: Final[tuple[str, ...]] = (
    "day",
    "night",
    "tomorrow",
    "morning",
    "afternoon",
    "evening",
    "week",
    "month",
    "year",
    "decade",
    "hour",
    "earlier",
    "previously",
    "recently",
    "quarter",
    "fiscal",
    "financial",
    "spring",
    "summer",
    "autumn",
    "fall",
    "winter",
    "christmas",
    "new year",
    "halloween",
    "century",
    "half",
    "now",
    "currently",
    " present",  # not "represent"
    "moment",
    "past",
    "future",
    "twenties",
    "thirties",
    "forties",
    "fifties",
    "sixties",
    "seventies",
    "eighties",
    "nineties",
    "thanksgiving",
    "easter",
)
_MONTH_NAMES: Final[tuple[str, ...]] = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_DIGIT_RE: Final = re.compile(r"\d")
# Words that can open a date phrase before its anchor token ("in early 2023", "two days ago").
_PHRASE_STARTERS: Final[frozenset[str]] = frozenset(
    """
    on in during last next this early mid late earlier later the a an few several some many over
    at spring summer autumn fall winter one two three four five six seven eight nine ten eleven
    twelve fifteen twenty thirty for throughout first second third fourth final 1st 2nd 3rd 4th
    its their that recent these right just latest
    """.split()
)
# Words that may stand between an opening word and the anchor token ("the end of", "a couple of").
_PHRASE_INNER: Final[frozenset[str]] = _PHRASE_STARTERS | frozenset(
    "of first second third fourth half quarter end beginning start middle rest couple final past"
    " current"
    " coming previous same fiscal financial 1st 2nd 3rd 4th ' ’ period time entire full whole"
    " preceding prior following succeeding straight consecutive successive trading fifth sixth"
    " seventh eighth ninth tenth eleventh twelfth best worst biggest largest strongest weakest"
    " busiest deadliest bloodiest sharpest steepest most recent turn very year near distant"
    " foreseeable immediate sixteenth seventeenth eighteenth nineteenth twentieth"
    " twenty-first thirteenth fourteenth fifteenth thirtieth thirty-first twenty-second"
    " twenty-third twenty-fourth twenty-fifth twenty-sixth twenty-seventh twenty-eighth"
    " twenty-ninth before after day week new".split()
)
_ORDINAL_ENDS: Final = frozenset(("st", "nd", "rd", "th"))  # "the 20th" century
_PHRASE_LOOKBACK: Final = 40
_PHRASE_BREAK: Final = frozenset(',;:.!?)"”')

# A phrase right after one of these bounds an event ("since 2014", "until March") - not its date.
_BOUNDARY_BEFORE_RE: Final = re.compile(
    r"\b(?:since|until|till|through|thru|throughout|by|after|before|following|pending|to|into"
    r"|beyond|ahead\s+of|prior\s+to|as\s+of|up\s+to|(?:no|not)\s+later\s+than|deadline\s+of"
    r")\s+(?:at\s+(?:the\s+)?(?:least|earliest|latest)\s+)?$",
    re.IGNORECASE,
)
# The occasion of an act named by a date possessive: "at Tuesday's summit".
_OCCASION_BEFORE_RE: Final = re.compile(
    r"\b(?:at|during|on\s+the\s+(?:sidelines|margins)\s+of)\s+$", re.IGNORECASE
)
# A range of years opened by "between" is dated by its first year ("from 2006 to 2008" stays
# the base and end of a change: "output fell from 2006 to 2008").
_RANGE_START_RE: Final = re.compile(r"\bbetween\s+$", re.IGNORECASE)
_RANGE_END_RE: Final = re.compile(r"\s+and\s+(?:1[7-9]|20)\d\d\b")
# "the 2015 deal", "its March 3 statement": an adjectival date names a thing, not the event.
_DETERMINER_BEFORE_RE: Final = re.compile(
    r"\b(?:the|a|an|its|their|his|her|our|last\s+year['’]s)\s+$", re.IGNORECASE
)
_WORD_AFTER_RE: Final = re.compile(r",?\s+[a-z]")
_LEADING_PREPOSITION_RE: Final = re.compile(
    r"(?:on|in|during|last|next|this|earlier|later|the)\b", re.IGNORECASE
)
_ADJECTIVE_AFTER_RE: Final = re.compile(r"\s+(?:results?|sales|earnings|profits?|loss(?:es)?)\b")
_TODAY_BEFORE_RE: Final = re.compile(r"\btoday\s*[,(]\s*$", re.IGNORECASE)
_LOWER_WORD_RE: Final = re.compile(r"(?<![A-Za-z'’-])[a-z][a-z'’-]*")
_TRIGGER_WORD_RE: Final = re.compile(r"[\w'’-]+")
_CLAUSE_STOP_RE: Final = re.compile(r"[,;:.!?()\"“”]")

# "MOSCOW, Feb 21 (Reuters) -": an upper-case place, the date, an optional agency, a dash.
_DATELINE_BEFORE_RE: Final = re.compile(r"\s*[A-Z][A-Z .'/-]*,\s*$")
_DATELINE_AFTER_RE: Final = re.compile(r"(?:,\s*\d{4})?\s*(?:\([^)]{1,40}\)\s*)?[-–—]")

# Relative clauses and reduced relatives whose dates belong to another event:
# "the treaty, which it signed in 2010," / "the accord, signed in 2015,".
_RELATIVE_WORDS: Final = frozenset({"which", "who", "whom", "whose", "where"})
_DETACHED_RE: Final = re.compile(
    r",\s*(?:which|who|whom|whose|where"
    r"|(?:(?:first|originally|initially|previously|jointly|once|only)\s+)?"
    r"(?:signed|agreed|reached|adopted|brokered|negotiated|concluded|sealed|imposed|introduced"
    r"|launched|established|created|ratified|enacted|approved|struck|drawn\s+up|set\s+up"
    r"|held|hosted|convened|staged|mediated)"
    r"|(?:first|originally|initially)\s+(?-i:[a-z]+ed))"
    r"\b[^,;]*",
    re.IGNORECASE,
)

# --------------------------------------------------------------------------------------------
# Tense

_TENSE_WORD_RE: Final = re.compile(r"[A-Za-z]+(?:['’-][A-Za-z]+)*")
_PAST_PERFECT_RE: Final = re.compile(
    r"\bhad(?:n['’]t)?\s+(?:(?:not|never|already|also|previously|earlier|just|long|since)\s+)*"
    r"([a-z]+)\b",
    re.IGNORECASE,
)
_BE_PRESENT: Final = frozenset({"is", "are", "am"})
_TO_FUTURE_AFTER_BE: Final = frozenset(
    {"due", "set", "scheduled", "slated", "expected", "poised", "planning", "preparing", "going"}
)
_FUTURE_PASSIVES: Final = frozenset(
    {"held", "hosted", "signed", "launched", "convened", "resumed", "ratified", "discussed"}
)
_NOT_WILL: Final = frozenset({"the", "political", "free", "good", "ill"})


def _is_future_at(words: list[str], index: int) -> bool:
    """Whether the lowercase word at ``index`` opens a future-tense construction."""
    word = words[index]
    prev = words[index - 1] if index else ""
    following = words[index + 1] if index + 1 < len(words) else ""
    if word in ("will", "shall", "won't", "won’t"):
        return prev not in _NOT_WILL
    if word.endswith(("'ll", "’ll")) or word in ("upcoming", "tomorrow"):
        return True
    if word == "next":
        return prev != "the" and following != "to"
    if word == "to":
        if prev in _BE_PRESENT or prev in ("plan", "plans", "planning"):
            return True
        if prev in _TO_FUTURE_AFTER_BE and index >= 2 and words[index - 2] in _BE_PRESENT:
            return prev != "going" or following not in ("the", "a", "an")
        after = words[index + 2] if index + 2 < len(words) else ""
        return following == "be" and after in _FUTURE_PASSIVES
    if word in ("scheduled", "slated", "set", "planned"):
        return following == "for"
    if word == "later":
        return following == "this"
    if word == "coming":
        return prev == "the" and index >= 2 and words[index - 2] == "in"
    return False


def detect_tense(text: str) -> Tense:
    """Cheap tense heuristic for a clause.

    Future markers ("will", "is to", "is set to", "plans to", "to be held", "next", "tomorrow",
    "scheduled for") win; otherwise a past-tense verb ("said", "met", a lowercase "-ed" word) makes
    it past; otherwise present.
    """
    original = _TENSE_WORD_RE.findall(text)
    words = [word.lower() for word in original]
    past = False
    for index, word in enumerate(words):
        if _is_future_at(words, index):
            return "future"
        if not past:
            # a capitalised word inside the clause is a name ("the Rose Bowl"), not a verb
            past = (word in _PAST_WORDS and (index == 0 or original[index][0].islower())) or (
                original[index][0].islower() and _word_tense(word) == "past"
            )
    return "past" if past else "present"


def _local_tense(text: str, start: int, end: int, default: Callable[[int, int], Tense]) -> Tense:
    """Tense of a date phrase from the verbs next to it, else ``default``.

    "said on Tuesday it will ..." is past for "on Tuesday"; "will meet on Tuesday" is future. The
    nearest cue among the few lowercase words before the phrase wins, then those after it.
    """
    before = text[max(0, start - 60) : start]
    stops = list(_CLAUSE_STOP_RE.finditer(before))
    if stops:
        before = before[stops[-1].end() :]
    words = _LOWER_WORD_RE.findall(before)[-6:]  # the sixth shows a passive or perfect auxiliary
    for index in range(len(words) - 1, max(len(words) - 5, 0) - 1, -1):
        tense = _word_tense(words[index])
        if tense == "past" and index > 0 and words[index - 1] in _PASSIVE_AUXILIARIES:
            continue  # "will be lifted", "is to be held": a participle, not a past tense
        if tense == "past" and index > 0 and words[index - 1] in _PERFECT_AUXILIARIES:
            return "present"  # "has continued ... until Friday": a present perfect reaches now
        if words[index] in _MODALS and index + 1 < len(words) and words[index + 1] == "have":
            return "past"  # "may have signed"
        if tense is not None:
            return tense
    if len(words) >= 2:
        # the phrase closes a clause whose verbs carry no tense ("plans to stand down on
        # January 15 following his advanced ..."): words after it belong to another phrase
        return default(start, end)
    after = text[end : end + 60]
    stop = _CLAUSE_STOP_RE.search(after.lstrip(" ,"))
    if stop is not None:
        after = after.lstrip(" ,")[: stop.start()]
    following = _LOWER_WORD_RE.findall(after)[:5]
    for index, word in enumerate(following):
        if word in _MODALS and following[index + 1 : index + 2] == ["have"]:
            return "past"  # "a resolution on Tuesday that would have condemned"
        tense = _word_tense(word)
        if tense is not None:
            return tense
    return default(start, end)


class _TenseCues:
    """The tense cues of a text, computed once and on first use, so that each phrase finds its
    nearest cue by bisection and a long run-on text costs linear time, not quadratic."""

    __slots__ = ("_ends", "_starts", "_tenses", "_text")

    def __init__(self, text: str) -> None:
        self._text = text
        self._starts: list[int] | None = None
        self._ends: list[int] = []
        self._tenses: list[Tense] = []

    def _scan(self) -> list[int]:
        starts: list[int] = []
        matches = list(_TENSE_WORD_RE.finditer(self._text))
        words = [m.group().lower() for m in matches]
        for index, m in enumerate(matches):
            tense: Tense | None = None
            if m.group() == "May":
                continue  # the month, not the modal ("rose in May from April")
            if words[index] in _MODALS and words[index + 1 : index + 2] == ["have"]:
                tense = "past"  # "would have signed", "may have met"
            elif _is_future_at(words, index) or words[index] in _MODALS:
                tense = "future"
            elif m.group()[0].islower() and _word_tense(words[index]) == "past":
                prev = words[index - 1] if index else ""
                if prev in _PASSIVE_AUXILIARIES:
                    continue
                tense = "present" if prev in _PERFECT_AUXILIARIES else "past"
            if tense is not None:
                starts.append(m.start())
                self._ends.append(m.end())
                self._tenses.append(tense)
        return starts

    def nearest(self, start: int, end: int) -> Tense | None:
        """The tense of the verb cue nearest the phrase at ``start:end``.

        "On Sunday, the ministers had agreed ... which would ..., and analysts fear they will
        ...": the nearest cue, not any "will" in the sentence, governs the phrase.
        """
        if self._starts is None:
            self._starts = self._scan()
        starts = self._starts
        before = bisect.bisect_right(self._ends, start) - 1
        after = bisect.bisect_left(starts, end)
        best: tuple[int, Tense] | None = None
        if before >= 0:
            best = (start - self._ends[before], self._tenses[before])
        if after < len(starts) and (best is None or starts[after] - end < best[0]):
            best = (starts[after] - end, self._tenses[after])
        return best[1] if best is not None else None


# --------------------------------------------------------------------------------------------
# Date arithmetic


def _monday(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())


def _month_start(year: int, month: int, shift: int = 0) -> datetime.date:
    index = year * 12 + (month - 1) + shift
    return datetime.date(index // 12, index % 12 + 1, 1)


def _weekday(anchor: datetime.date, weekday: int, mode: str) -> datetime.date:
    back = (anchor.weekday() - weekday) % 7
    if mode in ("past", "last"):
        return anchor - datetime.timedelta(days=back or 7)
    if mode in ("future", "next"):
        ahead = (weekday - anchor.weekday()) % 7
        return anchor + datetime.timedelta(days=ahead or 7)
    if back <= 3:
        return anchor - datetime.timedelta(days=back)
    return anchor + datetime.timedelta(days=7 - back)


def _month_day(anchor: datetime.date, month: int, day: int, tense: Tense) -> datetime.date | None:
    """A month and day without a year, placed by tense (see the module docstring)."""
    candidates: list[datetime.date] = []
    for year in range(anchor.year - 4, anchor.year + 5):
        try:
            candidates.append(datetime.date(year, month, day))
        except ValueError:
            continue
    if not candidates:
        return None
    if tense == "past":
        before = [c for c in candidates if c <= anchor]
        return before[-1] if before else None
    if tense == "future":
        after = [c for c in candidates if c >= anchor]
        return after[0] if after else None
    return min(candidates, key=lambda c: (abs((c - anchor).days), c > anchor))


def _bare_month(anchor: datetime.date, month: int, mode: str) -> datetime.date:
    """A month without a year: "in March" by tense, "last March"/"next March" strictly."""
    this_year = datetime.date(anchor.year, month, 1)
    if mode == "last":
        return this_year if month < anchor.month else datetime.date(anchor.year - 1, month, 1)
    if mode == "next":
        return this_year if month > anchor.month else datetime.date(anchor.year + 1, month, 1)
    if mode == "past":
        return this_year if month <= anchor.month else datetime.date(anchor.year - 1, month, 1)
    if mode == "future":
        return this_year if month >= anchor.month else datetime.date(anchor.year + 1, month, 1)
    distance = month - anchor.month
    if distance > 6:
        return datetime.date(anchor.year - 1, month, 1)
    if distance < -6:
        return datetime.date(anchor.year + 1, month, 1)
    return this_year


def _shift(anchor: datetime.date, unit: str, amount: int) -> tuple[datetime.date, Precision]:
    """The date ``amount`` units from the anchor, at the unit's precision."""
    if unit == "hour":
        return anchor + datetime.timedelta(days=int(amount / 24)), "day"
    if unit == "day":
        return anchor + datetime.timedelta(days=amount), "day"
    if unit == "week":
        return _monday(anchor + datetime.timedelta(weeks=amount)), "week"
    if unit == "month":
        return _month_start(anchor.year, anchor.month, amount), "month"
    years = amount * 10 if unit == "decade" else amount
    return datetime.date(anchor.year + years, 1, 1), "year"


def _number(word: str) -> int | None:
    word = word.lower()
    if word.isdigit():
        return int(word)
    return _NUMBERS.get(word)


def _month_number(name: str) -> int:
    return _MONTHS[name[:3].lower()]


# --------------------------------------------------------------------------------------------
# Finding mentions


_WEEKDAY_WORD_RE: Final = re.compile(_WEEKDAY)
_APPOSED_GAP: Final = r",\s+(?:which\s+(?:is|was)\s+)?(?:a\s+)?"
_APPOSED_GAP_RE: Final = re.compile(_APPOSED_GAP)
_APPOSED_WEEKDAY_RE: Final = re.compile(rf"{_APPOSED_GAP}({_WEEKDAY})")
_WEEKDAY_INDEX: Final[dict[str, int]] = {
    name: index
    for index, name in enumerate("Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split())
}


def _names_weekday(phrase: str, day: datetime.date) -> bool:
    """Whether the phrase's weekday is the day's ("March 24, a Tuesday")."""
    found = _WEEKDAY_WORD_RE.search(phrase)
    return found is not None and _WEEKDAY_INDEX[found.group()] == day.weekday()


def _weekday_year(
    anchor: datetime.date, month: str, day: str, weekday: str
) -> datetime.date | None:
    """A yearless day that a weekday names ("Tuesday, March 24"): in the year, of the anchor's
    and the two next to it, where it falls on that weekday, the nearest the anchor."""
    month_number = _month_number(month)
    day_number = int(day.rstrip("stndrhSTNDRH"))
    fits = []
    for year in (anchor.year - 1, anchor.year, anchor.year + 1):
        try:
            candidate = datetime.date(year, month_number, day_number)
        except ValueError:
            continue
        if candidate.weekday() == _WEEKDAY_INDEX[weekday]:
            fits.append(candidate)
    return min(fits, key=lambda c: abs((c - anchor).days)) if fits else None


def _explicit_day(
    anchor: datetime.date, tense: Tense, month: str, day: str, year: str | None
) -> datetime.date | None:
    month_number = _month_number(month)
    day_number = int(day.rstrip("stndrhSTNDRH"))
    if year is not None:
        try:
            return datetime.date(int(year), month_number, day_number)
        except ValueError:
            return None
    return _month_day(anchor, month_number, day_number, tense)


# Days named by what happened on them ("the Sept. 11 attacks"): month, day, year, the nouns
# that name the event.
_NAMED_DAYS: Final[tuple[tuple[int, int, int, str], ...]] = (
    (9, 11, 2001, "attacks attack terrorist terror hijackings hijackers commission"),
)
_NOUN_AFTER_RE: Final = re.compile(r"\s+([a-z]+)")


def _named_day(match: re.Match[str], text: str, anchor: datetime.date) -> datetime.date | None:
    """The day a yearless date names by its event ("the Sept. 11 attacks": 2001-09-11)."""
    noun = _NOUN_AFTER_RE.match(text, match.end())
    if noun is None:
        return None
    kind = match.lastgroup
    month, day = (
        _month_number(match.group(f"{kind}_m")),
        int(match.group(f"{kind}_d").rstrip("stndrh")),
    )
    for named_month, named_day, year, nouns in _NAMED_DAYS:
        if (month, day) == (named_month, named_day) and noun.group(1) in nouns.split():
            event = datetime.date(year, month, day)
            return event if event < anchor else None
    return None


_PART_OF_YEAR_RE: Final = re.compile(r"(earl|late)(?:y|ier|r)?\s+this\s+year\b", re.IGNORECASE)
_MID_YEAR_RE: Final = re.compile(r"\bmid\b|\bmiddle\s+of\b", re.IGNORECASE)
_HALF_RE: Final = re.compile(r"\b(first|second)\s+half\b", re.IGNORECASE)
_Resolved: TypeAlias = tuple[datetime.date | None, Precision, Basis, str | None]
_SEASONS: Final[dict[str, tuple[str, int]]] = {
    "spring": ("SP", 3),
    "summer": ("SU", 6),
    "autumn": ("FA", 9),
    "fall": ("FA", 9),
    "winter": ("WI", 12),
}
_QUARTER_ORDINALS: Final[dict[str, int]] = {
    "first": 1,
    "1st": 1,
    "second": 2,
    "2nd": 2,
    "third": 3,
    "3rd": 3,
    "fourth": 4,
    "4th": 4,
    "final": 4,
}
_UNIT_DAYS: Final[dict[str, int]] = {"day": 1, "week": 7, "month": 30, "year": 365, "decade": 3652}


def _year_start(year: int) -> datetime.date:
    return datetime.date(year, 1, 1)


def _relative_year(anchor: datetime.date, rel: str | None) -> int:
    return anchor.year + {"last": -1, "next": 1}.get((rel or "this").lower(), 0)


def _quarter(
    match: re.Match[str], anchor: datetime.date, local: Callable[[], Tense]
) -> _Resolved | None:
    """ "the third quarter", "Q3 2009", "the first quarter of last year", "last quarter"."""
    group = match.group
    number_text = group("qt_n") or group("qt_n2")
    year_text = group("qt_y") or group("qt_y2") or group("qt_y3")
    ordinal = " ".join((group("qt_o") or "").lower().split())
    basis: Basis = "explicit"
    if number_text is not None:
        number = int(number_text)
    elif ordinal in _QUARTER_ORDINALS:
        number = _QUARTER_ORDINALS[ordinal]
    else:
        current = (anchor.month - 1) // 3
        step = {"last": -1, "latest": -1, "most recent": -1, "next": 1}.get(ordinal)
        if step is None and ordinal in ("this", "current"):
            step = 0
        if step is None or year_text is not None or group("qt_rel") is not None:
            return None  # "the same quarter": anaphoric
        index = anchor.year * 4 + current + step
        year, number = index // 4, index % 4 + 1
        return _year_start(year), "year", "relative", f"{year:04d}-Q{number}"
    if year_text is not None:
        year = int(year_text)
    elif group("qt_rel") is not None:
        year, basis = _relative_year(anchor, group("qt_rel")), "relative"
    else:
        year, basis = _span_year(anchor, number * 3 - 2, local()), "relative"
    return _year_start(year), "year", basis, f"{year:04d}-Q{number}"


def _span_year(anchor: datetime.date, first_month: int, mode: str) -> int:
    """The year of a three-month span (a quarter, a season) placed by tense: in the past it has
    begun by the anchor, in the future it has not yet ended, otherwise it is the nearest."""
    if mode in ("future", "next"):
        month = min(first_month + 2, 12)
    elif mode in ("past", "last"):
        month = first_month
    else:
        month = min(first_month + 1, 12)
    return _bare_month(anchor, month, mode).year


def _fiscal_year(match: re.Match[str], anchor: datetime.date) -> _Resolved:
    """ "this fiscal year", "fiscal 2009", "FY09", "fiscal 1997-98": the fiscal year named by
    its year (the year it ends in)."""
    group = match.group
    year_text = group("fy_y") or group("fy_y2") or group("fy_y3")
    if year_text is not None:
        year = int(year_text) if len(year_text) == 4 else _two_digit_year(int(year_text), anchor)
        end = group("fy_end") or group("fy_end3")
        if end is not None and (int(end) - year) % 100 == 1:
            year += 1  # "fiscal 1997-98" is named by the year it ends in, FY1998
        return _year_start(year), "year", "explicit", f"FY{year:04d}"
    rel = (group("fy_rel") or "this").lower().split()[-1]
    year = anchor.year + {"last": -1, "previous": -1, "past": -1, "next": 1, "coming": 1}.get(
        rel, 0
    )
    return _year_start(year), "year", "relative", f"FY{year:04d}"


def _season(match: re.Match[str], anchor: datetime.date, local: Callable[[], Tense]) -> _Resolved:
    """ "next summer", "autumn 2009", "in the spring": the season named by its year."""
    group = match.group
    name = (group("ss_s") or group("ss_s2") or group("ss_s3") or group("ss_s4")).lower()
    code, month = _SEASONS[name]
    year_text = group("ss_y") or group("ss_y2")
    if year_text is not None:
        year, basis = int(year_text), "explicit"
    elif group("ss_ya") is not None:  # "the spring of '86"
        year, basis = _two_digit_year(int(group("ss_ya")), anchor), "explicit"
    else:
        rel = group("ss_rel")
        if group("ss_rel2") is not None:  # "the spring of next year"
            year, basis = _relative_year(anchor, group("ss_rel2")), "relative"
        elif rel is not None and rel.lower() in ("last", "next"):
            year, basis = _adjacent_season_year(anchor, month, rel.lower()), "relative"
        else:
            mode = local() if rel is None or rel.lower() == "this" else rel.lower()
            year, basis = _span_year(anchor, month, mode), "relative"
    return _year_start(year), "year", cast(Basis, basis), f"{year:04d}-{code}"


def _adjacent_season_year(anchor: datetime.date, first_month: int, rel: str) -> int:
    """ "next spring" in April is the spring of next year, "last winter" in April the one just
    ended: the nearest season wholly after (or before) the anchor's month, named by the year it
    begins in."""
    now = anchor.year * 12 + anchor.month - 1
    year = anchor.year
    if rel == "next":
        while year * 12 + first_month - 1 <= now:
            year += 1
        while (year - 1) * 12 + first_month - 1 > now:
            year -= 1
        return year
    while year * 12 + first_month + 1 >= now:
        year -= 1
    return year


def _past_span(match: re.Match[str], anchor: datetime.date) -> _Resolved:
    """ "over the past month/weeks": the month (or year) around the middle of the span."""
    unit = match.group("pp_u").lower().rstrip("s")
    count_text = match.group("pp_n")
    if count_text is None:
        count = 1 if not match.group("pp_u").lower().endswith("s") else 3
    else:
        count = _number(count_text.split()[-1]) or 3
    span = count * _UNIT_DAYS[unit]
    middle = anchor - datetime.timedelta(days=span // 2)
    if span <= 62:
        return datetime.date(middle.year, middle.month, 1), "month", "relative", None
    if span <= 731:
        return _year_start(middle.year), "year", "relative", None
    if unit == "decade" and count == 1:
        return None, "unknown", "before-publication", f"{middle.year:04d}"[:3]
    return None, "unknown", "before-publication", None


def _decade(
    match: re.Match[str], text: str, anchor: datetime.date, local: Callable[[], Tense]
) -> _Resolved | None:
    """ "the 1990s", "the '70s", "the nineties": a past decade places an event before publication,
    undated; the decade of the anchor or a later one is listed but dates no event."""
    if match.lastgroup == "dw2":
        word = match.group("dc_w")
        if _DEGREES_BEFORE_RE.search(text, max(0, match.start() - 40), match.start()):
            return None  # "temperatures in the nineties"
        digits = str(_DECADE_WORDS[word.lower()])
        decade = 2000 + int(digits) if 2000 + int(digits) <= anchor.year else 1900 + int(digits)
        return _decade_span(decade, anchor, local)
    digits = match.group("dc_y")
    if len(digits) == 2:
        if (
            match.group("dc_the") is None
            and text[match.start("dc_y") - 1 : match.start("dc_y")] not in ("'", "’")
            and _DECADE_BEFORE_RE.search(text, max(0, match.start() - 12), match.start()) is None
        ):
            return None  # "30s" alone is an age or a temperature; "the 70s and 80s" is not
        decade = 2000 + int(digits) if 2000 + int(digits) <= anchor.year else 1900 + int(digits)
    else:
        decade = int(digits)
        if decade % 100 == 0 and match.group("dc_the") is not None and "mid" not in match.group():
            # "the 1800s" is the century (TimeML "18"), as "the 19th century"
            return _century_span(decade, anchor, local)
    return _decade_span(decade, anchor, local)


def _decade_span(decade: int, anchor: datetime.date, local: Callable[[], Tense]) -> _Resolved:
    """A decade dates no event; one that has ended by the anchor, or the anchor's own in a past
    clause ("a truce in the 1990s" in a 1998 story), places it before publication."""
    label = f"{decade:04d}"[:3]
    if decade + 9 >= anchor.year and (decade > anchor.year or local() != "past"):
        return None, "unknown", "relative", label
    return None, "unknown", "before-publication", label


_DECADE_WORDS: Final[dict[str, int]] = {
    "twenties": 20,
    "thirties": 30,
    "forties": 40,
    "fifties": 50,
    "sixties": 60,
    "seventies": 70,
    "eighties": 80,
    "nineties": 90,
}
_DEGREES_BEFORE_RE: Final = re.compile(
    r"\b(?:temperatures?|degrees|highs?|lows?|thermometers?|mercury|aged?|ages)\b",
    re.IGNORECASE,
)
_CENTURY_WORDS: Final[dict[str, int]] = {
    "sixteenth": 16,
    "seventeenth": 17,
    "eighteenth": 18,
    "nineteenth": 19,
    "twentieth": 20,
    "twenty-first": 21,
}


def _two_digit_year(short: int, anchor: datetime.date) -> int:
    """A year written with two digits ("FY98", "'98"): the latest one up to a year past the
    anchor."""
    year = anchor.year // 100 * 100 + short
    return year if year <= anchor.year + 1 else year - 100


def _century(
    match: re.Match[str], anchor: datetime.date, local: Callable[[], Tense]
) -> _Resolved | None:
    """ "the 20th century" is TimeML's "19"; "the next century" counts from the anchor's; "the turn
    of the century" is the year that turns it (1900 in the past tense of a 1998 story, 2000 in its
    future)."""
    group = match.group
    current = anchor.year // 100
    if group("ct_the") is not None:  # "by the end of the decade": the anchor's
        if group("ct_the").lower() == "decade":
            return _decade_span(anchor.year // 10 * 10, anchor, local)
        return None, "unknown", "relative", f"{current:02d}"
    if group("ct_dec") is not None:  # "this decade", "the next decade"
        step = 0 if group("ct_dec").lower() in ("this", "current") else 10
        return _decade_span(anchor.year // 10 * 10 + step, anchor, local)
    if group("ct_turn") is not None:
        below = current * 100
        turn = {"last": below if anchor.year - below >= 50 else below - 100, "next": below + 100}
        mode = (group("ct_tl") or "").lower()
        if mode == "new":
            mode = "next" if anchor.year - below >= 50 else ""
        if mode in turn:
            year = turn[mode]
        else:
            tense = local()
            if tense == "past":
                year = below
            elif tense == "future":
                year = below if anchor.year == below else below + 100
            else:
                year = below if anchor.year - below < 50 else below + 100
        return _year_start(year), "year", "relative", None
    number_text = group("ct_n")
    word = group("ct_w")
    rel = (group("ct_rel") or group("ct_rel2") or "").lower()
    if number_text is not None:
        century, basis = int(number_text) - 1, "explicit"
    elif word is not None:
        century, basis = _CENTURY_WORDS[word.lower()] - 1, "explicit"
    else:
        step = {"next": 1, "coming": 1, "last": -1, "previous": -1}.get(rel, 0)
        if rel == "new" and anchor.year % 100 >= 50:
            step = 1
        century, basis = current + step, "relative"
    if century < 0:
        return None
    return _century_span(century * 100, anchor, local, cast(Basis, basis))


def _century_span(
    first_year: int, anchor: datetime.date, local: Callable[[], Tense], basis: Basis = "explicit"
) -> _Resolved:
    """A century dates no event; one that has ended, or the anchor's own in a past clause, places
    it before publication ("the 1800s", "the 19th century": TimeML "18")."""
    century, current = first_year // 100, anchor.year // 100
    if century < current or (century == current and local() == "past"):
        return None, "unknown", "before-publication", f"{century:02d}"
    return None, "unknown", basis, f"{century:02d}"


_DECADE_BEFORE_RE: Final = re.compile(r"\d0s\s*(?:,|and|or|to|-|–)\s*$")
# A bare year right after a word that takes a number is that number ("Flight 2010", "Resolution
# 1973", "Windows 2000"); after an event's name it is a date ("WWDC 2005", "Expo 2010").
_NUMBERED_BEFORE_RE: Final = re.compile(
    r"\b(?:flight|resolution|room|section|article|route|highway|interstate|bus|train|windows"
    r"|office|model|no\.|nos?|number|apollo|chapter|rule|order|decree|page|paragraph|clause"
    r"|channel|gate|platform|lot|item|suite|box|code|vol\.?|volume|issue|part|series|version"
    r"|patch|build|form|docket|exhibit|table|figure|fig\.|tel\.?|phone|ext\.?|pin|account"
    r"|batch|serial|squad|battalion|brigade|regiment|unit|fox|bill)\s+$",
    re.IGNORECASE,
)
# ... or before a count or a clock time ("2000 people", "1999 votes", "1930 GMT"), unless a
# preposition of time opens it ("since 2009 deaths have doubled").
_YEAR_PREPOSITION_RE: Final = re.compile(
    r"\b(?:since|until|till|by|from|before|after|during|between|through|throughout|in)\s+$",
    re.IGNORECASE,
)
_COUNT_AFTER_RE: Final = re.compile(
    r"\s+(?:people|persons|troops|soldiers|police|policemen|officers|workers|jobs|employees|staff"
    r"|protesters|demonstrators|residents|students|children|families|civilians|refugees|migrants"
    r"|voters|votes|ballots|delegates|members|seats|deaths|dead|casualties|victims|cases|arrests"
    r"|cars|vehicles|units|homes|houses|copies|passengers|flights|barrels|tonnes|tons|kilometres"
    r"|kilometers|km|miles|metres|meters|feet|acres|hectares|euros|dollars|pounds|yen|yuan"
    r"|rupees|gmt|utc|est|edt|bst|cet|hrs|hours|local\s+time|rooms|beds|pages|words|acres)\b",
    re.IGNORECASE,
)
# A model year names a car, not a time ("a 1998 Ford Explorer", "the 1997 Toyota Camry").
_VEHICLE_MAKES: Final[tuple[str, ...]] = tuple(
    "Ford Chevrolet Chevy Toyota Honda Nissan Buick Cadillac Dodge Chrysler Jeep Pontiac"
    " Oldsmobile Volkswagen VW BMW Mercedes Mercedes-Benz Volvo Saab Mazda Subaru Hyundai Plymouth"
    " Lexus Acura Porsche Audi Kia Mitsubishi GMC Isuzu Suzuki Infiniti Datsun Peugeot Renault"
    " Fiat Opel Land-Rover Harley-Davidson Yamaha Kawasaki Mercury Lincoln Saturn Jaguar".split()
)
# ... when a model name, a vehicle noun or the end of the phrase follows the make (not "the 1976
# Ford campaign").
_MAKE_AFTER_RE: Final = re.compile(
    r"\s+(?:"
    + "|".join(_VEHICLE_MAKES).replace("-", r"[\s-]")
    + r")\b(?=\s+(?-i:[A-Z0-9])|\s*(?:[,.;:!?)]|$)|\s+(?:car|truck|pickup|sedan|van|minivan|coupe"
    r"|wagon|convertible|sport[\s-]utility|motorcycle|station)\b)"
)

# "the 1800 block of K Street": a police report's address, not a year.
_BLOCK_AFTER_RE: Final = re.compile(r"\s+block\s+of\b", re.IGNORECASE)
# A street number, not a year ("1999 Broadway", "1600 Pennsylvania Avenue").
_STREET_WORDS: Final = frozenset(
    "Broadway Street St. Avenue Ave. Road Rd. Boulevard Blvd Blvd. Drive Lane Plaza Parkway".split()
)


def _street_after(text: str, end: int) -> bool:
    """Whether a street name follows a number: up to two capitalised words, then a street word."""
    for word in text[end : end + 48].split()[:3]:
        if word.rstrip(",;") in _STREET_WORDS or word.rstrip(",;.") in _STREET_WORDS:
            return True
        rest = word[1:]
        if not (word[:1].isupper() and (not rest or (rest.isalpha() and rest.islower()))):
            return False
    return False


def _year_range(match: re.Match[str]) -> _Resolved | None:
    """ "2009-2010", "1957-58": the span is dated by its first year."""
    first = int(match.group("yg_a"))
    second_text = match.group("yg_b")
    second = int(second_text) if len(second_text) == 4 else first // 100 * 100 + int(second_text)
    if not first < second <= first + 10:
        return None
    return _year_start(first), "year", "explicit", None


# The span a phrase names, as a reference for the anaphoric phrases after it: its date, precision
# and TimeML label (a quarter, half, season or fiscal year).
_Reference: TypeAlias = tuple[datetime.date, Precision, str | None]
# Spans from finest to coarsest; a quarter is dated at year precision but ranks between.
_RANK: Final[dict[str, int]] = {"day": 0, "week": 1, "month": 2, "quarter": 3, "year": 4}
_LABEL_RE: Final = re.compile(
    r"(?:(?P<y>\d{4})-(?P<part>Q[1-4]|H[12]|SP|SU|FA|WI)|FY(?P<fy>\d{4}))$"
)
_RUN_UNITS: Final[dict[str, str]] = {"session": "day", "trading day": "day"}


def _rank(reference: _Reference) -> int:
    _, precision, label = reference
    if label is not None and label[5:6] == "Q":
        return _RANK["quarter"]
    return _RANK.get(precision, 4)


def _unit_of(reference: _Reference, unit: str) -> _Reference:
    """The day, week, month, quarter or year that holds the reference."""
    day = reference[0]
    if unit == "day":
        return day, "day", None
    if unit == "week":
        return _monday(day), "week", None
    if unit == "month":
        return datetime.date(day.year, day.month, 1), "month", None
    if unit == "quarter":
        label = reference[2]
        if label is not None and label[5:6] == "Q":
            return reference
        return _year_start(day.year), "year", f"{day.year:04d}-Q{(day.month - 1) // 3 + 1}"
    return _year_start(day.year), "year", None


def _shift_reference(reference: _Reference, unit: str, amount: int) -> _Reference:
    """The reference moved by ``amount`` units at its own precision ("a year earlier" than the
    fourth quarter of 2008 is the fourth quarter of 2007); a unit finer than the reference's span
    ("a day later" than March) leaves it where it is."""
    day, precision, label = reference
    if _RANK[unit] < _rank(reference):
        return reference
    if label is not None:
        parts = _LABEL_RE.match(label)
        if parts is None:
            return _year_start(day.year + amount), "year", None
        if unit == "quarter" and parts.group("part") and parts.group("part")[0] == "Q":
            index = int(parts.group("y")) * 4 + int(parts.group("part")[1]) - 1 + amount
            return _year_start(index // 4), "year", f"{index // 4:04d}-Q{index % 4 + 1}"
        if unit != "year":
            return _year_start(day.year), "year", None
        year = day.year + amount
        if parts.group("fy"):
            return _year_start(year), "year", f"FY{year:04d}"
        return _year_start(year), "year", f"{year:04d}-{parts.group('part')}"
    if unit == "day":
        return day + datetime.timedelta(days=amount), precision, None
    if unit == "week":
        return day + datetime.timedelta(weeks=amount), precision, None
    months = {"month": 1, "quarter": 3, "year": 12}[unit] * amount
    if precision == "week":
        return day + datetime.timedelta(weeks=round(months * 52 / 12)), "week", None
    first = _month_start(day.year, day.month, months)
    last_day = (_month_start(first.year, first.month, 1) - datetime.timedelta(days=1)).day
    return first.replace(day=min(day.day, last_day)), precision, None


def _relative(reference: _Reference) -> _Resolved:
    return reference[0], reference[1], "relative", reference[2]


def _anaphor(
    match: re.Match[str],
    anchor: datetime.date,
    reference: _Reference | None,
    local: Callable[[], Tense],
) -> _Resolved | None:
    """Phrases dated from the time last named ("the previous year", "a day later", "the same
    month a year ago"), else from the anchor, and runs that end on the anchor ("a third straight
    day")."""
    group = match.group
    named = reference if reference is not None else (anchor, "day", None)
    run = group("ap_run") or group("ap_run2")
    if run is not None:
        unit = _RUN_UNITS.get(run.lower(), run.lower())
        return _relative(_unit_of((anchor, "day", None), unit))
    if group("ap_that") is not None:  # "that week", "that same year": the one last named
        unit = group("ap_that").lower()
        if _RANK[unit] < _rank(named):
            return None
        return _relative(_unit_of(named, unit))
    if group("ap_the") is not None:  # "for the quarter": the one last named
        unit = group("ap_the").lower()
        if reference is None and unit == "quarter":
            # an earnings report's "profit for the quarter": the quarter last ended, or the one
            # under way in a present or future clause
            index = anchor.year * 4 + (anchor.month - 1) // 3 - (1 if local() == "past" else 0)
            year, number = index // 4, index % 4 + 1
            return _year_start(year), "year", "relative", f"{year:04d}-Q{number}"
        if reference is None or _RANK[unit] < _rank(named):
            return None
        return _relative(_unit_of(named, unit))
    same = group("ap_same") or group("ap_ya")
    if same is not None:
        unit = same.lower()
        if unit in ("period", "time"):
            start = named if reference is not None else _unit_of(named, "year")
        elif _RANK[unit] < _rank(named):
            return None
        else:
            start = _unit_of(named, unit)
        year_text = group("ap_sy")
        if year_text is None:
            return _relative(_shift_reference(start, "year", -1))
        return _relative(_shift_reference(start, "year", int(year_text) - start[0].year))
    if group("ap_sup") is not None:
        unit = group("ap_sup").lower()
        base = named if _RANK[unit] >= _rank(named) else (anchor, "day", None)
        return _relative(_unit_of(base, unit))
    if group("ap_whole") is not None:
        return _relative(_unit_of(named, "year"))
    if group("ap_in") is not None:
        unit = group("ap_in").lower()
        base = named if _RANK[unit] >= _rank(named) else (anchor, "day", None)
        return _relative(_unit_of(base, unit))
    unit_text = group("ap_u") or group("ap_u2")
    if unit_text is not None and group("ap_bl") is not None:  # "the week before last"
        unit = unit_text.lower()
        return _relative(_shift_reference(_unit_of((anchor, "day", None), unit), unit, -2))
    if unit_text is not None:  # "the previous year", "the month before": one whole unit away
        unit = unit_text.lower()
        direction = (
            group("ap_dir") or group("ap_dir2") or group("ap_dir4") or group("ap_dir6")
        ).lower()
        step = 1 if direction in ("following", "succeeding", "after", "later") else -1
        base = named if _RANK[unit] >= _rank(named) else (anchor, "day", None)
        return _relative(_shift_reference(_unit_of(base, unit), unit, step))
    amount = _number(group("ap_n"))
    if amount is None:
        return None
    unit = group("ap_u3").lower().rstrip("s")
    if unit == "decade":  # "a decade earlier": ten years
        unit, amount = "year", amount * 10
    if reference is None:  # "two years later" with nothing named: the unit, from the anchor
        named = _unit_of(named, unit)
    direction = (group("ap_dir3") or group("ap_dir5")).lower()
    step = amount if direction in ("later", "after") else -amount
    return _relative(_shift_reference(named, unit, step))


def _week_of_month(
    match: re.Match[str], anchor: datetime.date, local: Callable[[], Tense]
) -> _Resolved:
    """ "the last week of March": the week holding the month's first (last, ...) Thursday, as
    ISO weeks belong to the year that holds their Thursday."""
    month = _month_number(match.group("wm_m"))
    year_text = match.group("wm_y")
    year = int(year_text) if year_text else _bare_month(anchor, month, local()).year
    basis: Basis = "explicit" if year_text else "relative"
    ordinal = match.group("wm_o").lower()
    if match.group("wm_wd") is not None:
        nth = -1 if ordinal in ("last", "final") else _QUARTER_ORDINALS[ordinal]
        weekday = _WEEKDAYS[match.group("wm_wd")[:3].lower()]
        return _nth_weekday(year, month, weekday, nth), "day", basis, None
    first = datetime.date(year, month, 1)
    thursday = first + datetime.timedelta(days=(3 - first.weekday()) % 7)
    if ordinal in ("last", "final"):
        following = _month_start(year, month, 1)
        thursday = following - datetime.timedelta(days=(following.weekday() - 3) % 7 or 7)
    else:
        thursday += datetime.timedelta(weeks=_QUARTER_ORDINALS[ordinal] - 1)
    return _monday(thursday), "week", basis, None


_MONTHS_OF_YEAR: Final[dict[tuple[str, str], str]] = {
    ("first", "3"): "Q1",
    ("first", "6"): "H1",
    ("last", "3"): "Q4",
    ("last", "6"): "H2",
}


def _months_of_year(
    match: re.Match[str], anchor: datetime.date, reference: _Reference | None
) -> _Resolved:
    """ "the first three months of 2009" is its first quarter, "the last six months" its second
    half; "of the year" is the year last named (else the anchor's)."""
    group = match.group
    basis: Basis = "relative"
    if group("fm_y") is not None:
        year, basis = int(group("fm_y")), "explicit"
    elif group("fm_rel") is not None:
        year = _relative_year(anchor, group("fm_rel"))
    else:
        year = (reference or (anchor, "day", None))[0].year
    edge = "first" if group("fm_e").lower() == "first" else "last"
    count = {"three": "3", "six": "6", "nine": "9"}.get(group("fm_n").lower(), group("fm_n"))
    part = _MONTHS_OF_YEAR.get((edge, count))
    return _year_start(year), "year", basis, f"{year:04d}-{part}" if part else None


_HOLIDAYS: Final[dict[str, tuple[int, int]]] = {
    "christmas day": (12, 25),
    "christmas": (12, 25),
    "christmas eve": (12, 24),
    "new year day": (1, 1),
    "new years day": (1, 1),
    "new year eve": (12, 31),
    "new years eve": (12, 31),
    "boxing day": (12, 26),
    "valentines day": (2, 14),
    "halloween": (10, 31),
    "fourth of july": (7, 4),
    "july fourth": (7, 4),
    "may day": (5, 1),
    "veterans day": (11, 11),
    "armistice day": (11, 11),
    "remembrance day": (11, 11),
    "bastille day": (7, 14),
    "inauguration day": (1, 20),
    "st patricks day": (3, 17),
    "saint patricks day": (3, 17),
    "groundhog day": (2, 2),
    "april fools day": (4, 1),
}


def _holiday(
    match: re.Match[str], anchor: datetime.date, local: Callable[[], Tense]
) -> _Resolved | None:
    """A fixed-date holiday, placed like a month and day."""
    name = " ".join(re.sub(r"['’.]", "", match.group("hd_n")).lower().split()).removeprefix("the ")
    year_text = match.group("hd_y")
    rel = (match.group("hd_rel") or "").lower()
    if rel in ("last", "next"):  # "last Christmas"
        local = (lambda: "past") if rel == "last" else (lambda: "future")
    off = match.group("hd_off")
    if off is None and match.group("hd_we") is not None:
        # "the Christmas weekend", "the Labor Day weekend": the weekend nearest the holiday
        day = _holiday_day(name, year_text, anchor, local)
        if day is None or day[0] is None:
            return None
        offset = (5 - day[0].weekday()) % 7
        saturday = day[0] + datetime.timedelta(days=offset - 7 if offset > 3 else offset)
        return _monday(saturday), "week", day[2], f"{timeml_value(saturday, 'week')}-WE"
    if off is None:
        return _holiday_day(name, year_text, anchor, local)
    # "the day after Thanksgiving", "the week before Christmas": the holiday whose day (or week)
    # has begun by the anchor in a past clause, has not yet ended in a future one
    after = off.lower() == "after"
    shift = datetime.timedelta(days=1 if after else -1)
    week = match.group("hd_unit").lower() == "week"
    tense = local()
    span = 7 if week else 1
    if tense == "past":
        reference = anchor - shift if after else anchor + span * -shift
    elif tense == "future":
        reference = anchor - span * shift if after else anchor - shift
    else:
        reference = anchor - (4 if week else 1) * shift
    resolved = _holiday_day(name, year_text, reference, lambda: tense)
    if resolved is None:
        return None
    if week:
        # "the week before Christmas": the week that holds the middle of those seven days
        return _monday(cast(datetime.date, resolved[0]) + 4 * shift), "week", resolved[2], None
    return cast(datetime.date, resolved[0]) + shift, "day", resolved[2], None


def _holiday_day(
    name: str, year_text: str | None, anchor: datetime.date, local: Callable[[], Tense]
) -> _Resolved | None:
    """The day of a holiday named without its year, placed by tense like a month and day."""
    if name in _HOLIDAYS:
        month, day = _HOLIDAYS[name]
        if year_text is not None:
            return datetime.date(int(year_text), month, day), "day", "explicit", None
        resolved = _month_day(anchor, month, day, local())
        return (resolved, "day", "relative", None) if resolved else None
    base_rule = _HOLIDAY_RULES[name.removesuffix(" day").split()[0]]
    after = datetime.timedelta(days=1 if name == "easter monday" else 0)

    def rule(year: int) -> datetime.date:
        return base_rule(year) + after

    if year_text is not None:
        return rule(int(year_text)), "day", "explicit", None
    tense = local()
    days = [rule(year) for year in (anchor.year - 1, anchor.year, anchor.year + 1)]
    if tense == "past":
        chosen = max((d for d in days if d <= anchor), default=None)
    elif tense == "future":
        chosen = min((d for d in days if d >= anchor), default=None)
    else:
        chosen = min(days, key=lambda d: (abs((d - anchor).days), d > anchor))
    return (chosen, "day", "relative", None) if chosen else None


def _nth_weekday(year: int, month: int, weekday: int, nth: int) -> datetime.date:
    """The ``nth`` given weekday of a month (``nth`` -1: the last)."""
    if nth < 0:
        last = _month_start(year, month, 1) - datetime.timedelta(days=1)
        return last - datetime.timedelta(days=(last.weekday() - weekday) % 7)
    first = datetime.date(year, month, 1)
    return first + datetime.timedelta(days=(weekday - first.weekday()) % 7, weeks=nth - 1)


def _easter(year: int) -> datetime.date:
    """Western Easter Sunday (the anonymous Gregorian computus)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (b - (b + 8) // 25 + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    weekday = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * weekday) // 451
    month, day = divmod(h + weekday - 7 * m + 114, 31)
    return datetime.date(year, month, day + 1)


# Holidays whose day moves, by the first word of their name (US federal rules).
_HOLIDAY_RULES: Final[dict[str, Callable[[int], datetime.date]]] = {
    "thanksgiving": lambda year: _nth_weekday(year, 11, 3, 4),
    "labor": lambda year: _nth_weekday(year, 9, 0, 1),
    "labour": lambda year: _nth_weekday(year, 9, 0, 1),
    "memorial": lambda year: _nth_weekday(year, 5, 0, -1),
    "election": lambda year: _nth_weekday(year, 11, 0, 1) + datetime.timedelta(days=1),
    "columbus": lambda year: _nth_weekday(year, 10, 0, 2),
    "presidents": lambda year: _nth_weekday(year, 2, 0, 3),
    "martin": lambda year: _nth_weekday(year, 1, 0, 3),
    "mothers": lambda year: _nth_weekday(year, 5, 6, 2),
    "fathers": lambda year: _nth_weekday(year, 6, 6, 3),
    "easter": _easter,
    "good": lambda year: _easter(year) - datetime.timedelta(days=2),
    # the US shopping day after Thanksgiving
    "black": lambda year: _nth_weekday(year, 11, 3, 4) + datetime.timedelta(days=1),
}


def _ordinal_day(match: re.Match[str], anchor: datetime.date, mode: Tense) -> _Resolved | None:
    """ "on the 5th": that day of the anchor's month, or of the month before (in the past) or
    after (in the future) when the day is not on that side of the anchor."""
    day = int(match.group("od_d"))
    candidates = []
    for shift in (-1, 0, 1):
        first = _month_start(anchor.year, anchor.month, shift)
        try:
            candidates.append(first.replace(day=day))
        except ValueError:
            continue
    if mode == "past":
        candidates = [c for c in candidates if c <= anchor]
        chosen = candidates[-1] if candidates else None
    elif mode == "future":
        candidates = [c for c in candidates if c >= anchor]
        chosen = candidates[0] if candidates else None
    else:
        chosen = min(candidates, key=lambda c: abs((c - anchor).days), default=None)
    return (chosen, "day", "relative", None) if chosen else None


_SPORTS_RE: Final = re.compile(
    r"\b(?:trailed|scored|goals?|match|innings|penalty|half-time|halftime|kick-off|striker"
    r"|coach|rebounds|touchdowns?|quarterback|yards|pitcher|tries)\b|\b\d{1,2}-\d{1,2}\b",
    re.IGNORECASE,
)


def _half(
    match: re.Match[str],
    text: str,
    anchor: datetime.date,
    local: Callable[[], Tense],
    reference: _Reference | None,
) -> _Resolved | None:
    """ "in the first half": a half of the year last named (else of the year that the tense
    places it in); in a match report it is a half of the game, not a date."""
    if _SPORTS_RE.search(text, max(0, match.start() - 60), match.start()) or _SPORTS_RE.search(
        text, match.end(), match.end() + 60
    ):
        return None
    ordinal = match.group("hf_o") or match.group("hf_o2") or match.group("hf_o3")
    number = 1 if ordinal.lower() == "first" else 2
    if reference is not None and reference[1] == "year" and _rank(reference) == _RANK["year"]:
        year = reference[0].year
    else:
        tense = local()
        if tense == "past":
            year = anchor.year if number == 1 or anchor.month >= 7 else anchor.year - 1
        elif tense == "future":
            year = anchor.year if number == 2 or anchor.month <= 6 else anchor.year + 1
        else:
            year = anchor.year
    return _year_start(year), "year", "relative", f"{year:04d}-H{number}"


def _half_label(match: re.Match[str], year: int) -> str | None:
    half = match.group("ru_half") or match.group("ru_half2")
    if half is None:
        return None
    return f"{year:04d}-H{1 if half.lower() == 'first' else 2}"


def _resolve(
    match: re.Match[str],
    text: str,
    anchor: datetime.date,
    tense: Callable[[int, int], Tense],
    direction: Tense | None = None,
    boundary: bool = False,
    reference: _Reference | None = None,
) -> _Resolved | None:
    """Resolve one candidate; None when it is not a date after all.

    ``direction`` fixes the tense ("since Friday" lies behind); a ``boundary`` that reads as past
    ("remained closed until Friday") places its phrase nearest either way, not strictly behind.
    """
    kind = match.lastgroup

    def local() -> Tense:
        if direction is not None:
            return direction
        found = _local_tense(text, match.start(), match.end(), tense)
        if boundary and found == "past":
            if _AFTER_RE.search(text, max(0, match.start() - 12), match.start()):
                return "past"
            return "present"
        return found

    if kind == "ap":
        return _anaphor(match, anchor, reference, local)
    if (
        kind == "wd"
        and match.group("wd_rel") is None
        and _THE_BEFORE_RE.search(text, max(0, match.start() - 4), match.start())
        and _NAME_AFTER_RE.match(text, match.end())
    ):
        return None  # "the Tuesday Club", "The Sunday Correspondent": a name
    if kind == "wd" and match.group("wd_ana") is not None:  # "the previous Friday"
        base = reference[0] if reference is not None and reference[1] == "day" else anchor
        back = match.group("wd_ana").lower() in ("previous", "preceding")
        weekday = _WEEKDAYS[match.group("wd_n")[:3].lower()]
        return _weekday(base, weekday, "last" if back else "next"), "day", "relative", None
    if kind == "ago" and (
        match.group("ago_n") is None or _number(match.group("ago_n")) is None
    ):  # "years ago", "a few days ago"
        unit = match.group("ago_u").lower()
        if unit.startswith("hour"):
            return anchor, "day", "relative", None
        if match.group("ago_n") is None and not unit.endswith("s"):
            return None
        return None, "unknown", "before-publication", "PAST_REF"
    if kind == "ago" and reference is not None and _compared(match, text):
        # "fell 35% in January from a year ago": the span last named, a year back
        amount = _number(match.group("ago_n"))
        unit = match.group("ago_u").lower().rstrip("s")
        if amount is not None and unit in _RANK:
            return _relative(_shift_reference(reference, unit, -amount))
    if kind == "wa":  # "a week ago Friday": the Friday before last
        weeks = datetime.timedelta(weeks=_number(match.group("wa_n")) or 1)
        weekday = _WEEKDAYS[match.group("wa_d")[:3].lower()]
        ago = match.group("wa_dir").lower() == "ago"
        if weekday == anchor.weekday():
            base = anchor
        else:
            base = _weekday(anchor, weekday, "past" if ago else "future")
        return (base - weeks if ago else base + weeks), "day", "relative", None
    if kind == "fm":
        return _months_of_year(match, anchor, reference)
    if kind == "wm":
        return _week_of_month(match, anchor, local)
    if kind == "hd":
        holiday = _holiday(match, anchor, local)
        if (
            holiday is not None
            and holiday[0] is not None
            and match.group("hd_y") is None
            and holiday[0] < anchor - _SCHEDULED_SLACK
            and local() == "present"
            and _scheduled_before(text, match.start(), 5)
        ):  # "the tax takes effect on New Year's Day" in March: the coming one
            holiday = _holiday(match, anchor, lambda: "future")
        return holiday
    if kind == "od":
        return _ordinal_day(match, anchor, local())
    if kind == "eu":
        try:
            day = datetime.date(
                int(match.group("eu_y")), int(match.group("eu_m")), int(match.group("eu_d"))
            )
        except ValueError:
            return None
        return day, "day", "explicit", None
    if kind == "qt":
        named_quarter = _quarter(match, anchor, local)
        owner = _POSSESSIVE_YEAR_RE.search(text, max(0, match.start() - 8), match.start())
        if named_quarter is not None and named_quarter[3] is not None and owner is not None:
            # "1996's first quarter": the quarter of the year named
            year = int(owner.group(1))
            return _year_start(year), "year", "explicit", f"{year:04d}{named_quarter[3][4:]}"
        return named_quarter
    if kind == "fy":
        return _fiscal_year(match, anchor)
    if kind == "ss":
        return _season(match, anchor, local)
    if kind == "pp":
        return _past_span(match, anchor)
    if kind == "yg":
        return _year_range(match)
    if kind == "mr":
        year = _relative_year(anchor, match.group("mr_rel"))
        return datetime.date(year, _month_number(match.group("mr_m")), 1), "month", "relative", None
    if kind in ("dc", "dw2"):
        return _decade(match, text, anchor, local)
    if kind == "ct":
        return _century(match, anchor, local)
    if kind == "hf":
        return _half(match, text, anchor, local, reference)
    if kind == "ye":
        month = 6 if match.group("ye_w").lower().startswith("mid") else 12
        when = local()
        year = anchor.year
        if when == "past" and anchor.month < month:
            year -= 1
        elif when == "future" and anchor.month > month:
            year += 1
        return _year_start(year), "year", "relative", None
    if kind == "rf":
        if match.group("rf_now") is not None:  # the anchor's day, but TimeML names it so
            return anchor, "day", "relative", "PRESENT_REF"
        if match.group("rf_past") is not None:
            return None, "unknown", "before-publication", "PAST_REF"
        return None, "unknown", "relative", "FUTURE_REF"
    if kind == "fn":
        amount = _number(match.group("fn_n"))
        if amount is None:
            return None
        unit = match.group("fn_u").lower().rstrip("s")
        if unit in ("day", "week"):  # "a week from today": that day
            days = amount * (7 if unit == "week" else 1)
            return anchor + datetime.timedelta(days=days), "day", "relative", None
        date, precision = _shift(anchor, unit, amount)
        return date, precision, "relative", None
    if kind == "vg":
        return None, "unknown", "before-publication", "PAST_REF"
    if kind == "ya":
        year = _two_digit_year(int(match.group("ya_y")), anchor)
        return _year_start(year), "year", "explicit", None
    if kind == "yb":
        if (
            _NUMBERED_BEFORE_RE.search(text, max(0, match.start() - 16), match.start())
            or (
                _COUNT_AFTER_RE.match(text, match.end())
                and not _YEAR_PREPOSITION_RE.search(text, max(0, match.start() - 12), match.start())
            )
            or _MAKE_AFTER_RE.match(text, match.end())
            or _BLOCK_AFTER_RE.match(text, match.end())
            or (
                _street_after(text, match.end())
                and not _YEAR_PREPOSITION_RE.search(text, max(0, match.start() - 12), match.start())
            )
        ):
            return None
        return _year_start(int(match.group("yb_y"))), "year", "explicit", None
    if kind == "qm":
        first, last = _month_number(match.group("qm_a")), _month_number(match.group("qm_b"))
        if last != first + 2:
            return None
        year_text = match.group("qm_y")
        year = int(year_text) if year_text else _span_year(anchor, first, local())
        basis: Basis = "explicit" if year_text else "relative"
        return _year_start(year), "year", basis, f"{year:04d}-Q{(first - 1) // 3 + 1}"
    if kind == "mp":
        month = _month_number(
            match.group("mp_m")
            or match.group("mp_m2")
            or match.group("mp_m3")
            or match.group("mp_m4")
        )
        if match.group("mp_past") is not None:  # "October was the worst month": behind
            return _bare_month(anchor, month, "past"), "month", "explicit", None
        if _DELIVERY_AFTER_RE.match(text, match.end()):
            # "crude for September delivery": a futures contract's month lies ahead
            return _bare_month(anchor, month, "future"), "month", "explicit", None
        if _DATA_FOR_RE.search(text, max(0, match.start() - 30), match.start()):
            # "trade figures for October will be released": the month reported is behind
            return _bare_month(anchor, month, "past"), "month", "explicit", None
        return _bare_month(anchor, month, local()), "month", "explicit", None
    if kind == "ru" and match.group("ru_an") is not None:  # "the week after next"
        unit = match.group("ru_an").lower()
        if unit == "week":
            return _monday(anchor) + datetime.timedelta(weeks=2), "week", "relative", None
        if unit == "month":
            return _month_start(anchor.year, anchor.month, 2), "month", "relative", None
        return _year_start(anchor.year + 2), "year", "relative", None
    if kind == "ru" and match.group("ru_new") is not None:
        # "into the new year": in its first two months the year just begun, else the next one
        year = anchor.year if anchor.month <= 2 else anchor.year + 1
        return _year_start(year), "year", "relative", None
    if kind == "ru" and match.group("ru_the") is not None:
        if match.group("ru_the").lower() == "year":
            return _year_start(anchor.year), "year", "relative", _half_label(match, anchor.year)
        if match.group("ru_the").lower() == "week":  # "the rest of the week"
            return _monday(anchor), "week", "relative", None
        if match.group("ru_the").lower() == "quarter":  # "by the end of the quarter": 1998-Q1
            this_quarter = f"{anchor.year:04d}-Q{(anchor.month - 1) // 3 + 1}"
            return _year_start(anchor.year), "year", "relative", this_quarter
        return datetime.date(anchor.year, anchor.month, 1), "month", "relative", None
    resolved = _resolve_basic(match, text, anchor, local)
    if resolved is None:
        return None
    if (
        kind == "ru"
        and resolved[0] is not None
        and (match.group("ru_we") or (match.group("ru_u") or "").lower() == "weekend")
    ):  # "over the weekend": TimeML's weekend of that week
        return (*resolved, f"{timeml_value(resolved[0], 'week')}-WE")
    if kind == "ru" and resolved[1] == "year" and resolved[0] is not None:
        half_label = _half_label(match, resolved[0].year)
        if half_label is not None:  # "the second half of last year": 2008-H2
            return (*resolved, half_label)
    if kind == "ru" and resolved[1] == "year" and resolved[0] == _year_start(anchor.year):
        # "later this year" in October: the rest of the year lies in its fourth quarter
        quarter = (anchor.month - 1) // 3 + 1
        edge = _PART_OF_YEAR_RE.match(match.group())
        if edge is not None and (edge.group(1).lower() == "late" and quarter == 4):
            return (*resolved, f"{anchor.year:04d}-Q{quarter}")
    if kind == "yr" and resolved[0] is not None:
        half = _HALF_RE.search(match.group())
        if half is not None:  # "the first half of 2009": 2009-H1
            number = 1 if half.group(1).lower() == "first" else 2
            return (*resolved, f"{resolved[0].year:04d}-H{number}")
        if _MID_YEAR_RE.search(match.group()):  # "mid-2011": its middle month
            return resolved[0].replace(month=6), "month", resolved[2], None
    return (*resolved, None)


def _resolve_basic(
    match: re.Match[str], text: str, anchor: datetime.date, local: Callable[[], Tense]
) -> tuple[datetime.date | None, Precision, Basis] | None:
    kind = match.lastgroup
    group = match.group

    if kind == "wdmd":
        month = group("wdmd_m") or group("wdmd_m2")
        day = group("wdmd_d") or group("wdmd_d2")
        year = group("wdmd_y")
        named_weekday = _WEEKDAY_WORD_RE.search(match.group())
        if year is None and named_weekday is not None:
            fits = _weekday_year(anchor, month, day, named_weekday.group())
            if fits is not None:  # "Tuesday, March 24": the year whose March 24 is a Tuesday
                return fits, "day", "explicit"
        resolved = _explicit_day(anchor, local() if year is None else "past", month, day, year)
        return (resolved, "day", "explicit") if resolved else None
    if kind == "us":
        short = group("us_y")
        year = int(short) if len(short) == 4 else 2000 + int(short)
        if len(short) == 2 and year > anchor.year + 1:
            year -= 100
        try:
            return datetime.date(year, int(group("us_m")), int(group("us_d"))), "day", "explicit"
        except ValueError:
            return None
    if kind == "iso":
        try:
            return datetime.date.fromisoformat(group("iso_v")), "day", "explicit"
        except ValueError:
            return None
    if kind == "ow":
        words = group("ow_d").lower().split("-")
        day = sum(_SPELLED_ORDINALS[word] for word in words)
        year = group("ow_y")
        resolved = _explicit_day(
            anchor, local() if year is None else "past", group("ow_m"), str(day), year
        )
        return (resolved, "day", "explicit") if resolved else None
    if kind in ("md", "dm"):
        year = group(f"{kind}_y")
        if kind == "md" and group("md_rel") is not None:  # "Aug. 2 of last year"
            year = str(_relative_year(anchor, group("md_rel")))
        named = _named_day(match, text, anchor)
        if year is None and named is not None:
            return named, "day", "explicit"
        apposed = _APPOSED_WEEKDAY_RE.match(text, match.end()) if year is None else None
        if apposed is not None:  # "March 24, a Tuesday": the year whose March 24 is one
            fits = _weekday_year(anchor, group(f"{kind}_m"), group(f"{kind}_d"), apposed.group(1))
            if fits is not None:
                return fits, "day", "explicit"
        last_next = _LAST_NEXT_BEFORE_RE.search(text, max(0, match.start() - 16), match.start())
        if year is None and last_next is not None and not match.group().lower().startswith("on"):
            # "last March 3", "next Jan. 5": strictly before (after) the anchor, counted from it
            ahead = last_next.group(1).lower() in ("next", "this coming")
            resolved = _explicit_day(
                anchor + datetime.timedelta(days=1 if ahead else -1),
                "future" if ahead else "past",
                group(f"{kind}_m"),
                group(f"{kind}_d"),
                None,
            )
            return (resolved, "day", "relative") if resolved else None
        resolved = _explicit_day(
            anchor,
            local() if year is None else "past",
            group(f"{kind}_m"),
            group(f"{kind}_d"),
            year,
        )
        if (
            resolved is not None
            and year is None
            and resolved < anchor - _SCHEDULED_SLACK
            and local() == "present"
            and _scheduled_before(text, match.start(), 5)
        ):  # "the tax takes effect on Jan. 1" in March: the coming one
            resolved = _explicit_day(anchor, "future", group(f"{kind}_m"), group(f"{kind}_d"), None)
        return (resolved, "day", "explicit") if resolved else None
    if kind == "my":
        return (
            datetime.date(int(group("my_y")), _month_number(group("my_m")), 1),
            "month",
            "explicit",
        )
    if kind == "mb":
        rel = group("mb_rel")
        month = _month_number(group("mb_m"))
        if rel is None or rel.lower() == "this":
            return (
                _bare_month(anchor, month, local()),
                "month",
                "explicit" if rel is None else "relative",
            )
        return _bare_month(anchor, month, rel.lower()), "month", "relative"
    if kind == "yr":
        return datetime.date(int(group("yr_y")), 1, 1), "year", "explicit"
    if kind == "wd":
        rel = group("wd_rel")
        if rel is not None and rel.lower().endswith("past"):  # "this past Sunday"
            rel = "last"
        weekday = _WEEKDAYS[group("wd_n")[:3].lower()]
        if weekday == anchor.weekday() and (
            rel is None
            or rel.lower() == "this"
            or _TODAY_BEFORE_RE.search(text, max(0, match.start() - 12), match.start())
        ):
            # In news, "on Friday" in a Friday story is the day of publication, not a week off.
            return anchor, "day", "relative"
        mode = local() if rel is None or rel.lower() == "this" else rel.lower()
        if mode == "present" and (
            _scheduled_before(text, match.start(), 5)
            or _COPULA_BEFORE_RE.search(text, max(0, match.start() - 12), match.start())
        ):
            # "the Electoral College meets on Monday", "Congress returns from its recess on
            # Monday": the coming one
            mode = "future"
        if rel is None and mode == "past" and _awaited_before(text, match.start()):
            mode = "present"  # "stocks rose ahead of the Fed meeting on Wednesday": nearest
        if (
            rel is None
            and mode == "past"
            and _POSSESSIVE_AFTER_RE.match(text, match.end())
            and _CALLED_OFF_BEFORE_RE.search(text, max(0, match.start() - 24), match.start())
        ):
            mode = "present"  # "the Red Sox postponed Friday's game": it may still lie ahead
        return _weekday(anchor, weekday, mode), "day", "relative"
    if kind == "dw":
        if group("dw_ln") is not None:
            return anchor - datetime.timedelta(days=1), "day", "relative"
        if group("dw_ba") is not None:
            offset = 2 if group("dw_ba").lower().startswith("after") else -2
            return anchor + datetime.timedelta(days=offset), "day", "relative"
        word = (group("dw_w") or "today").lower()
        offset = {"yesterday": -1, "tomorrow": 1}.get(word, 0)
        return anchor + datetime.timedelta(days=offset), "day", "relative"
    if kind == "ru":
        monday = _monday(anchor)
        if group("ru_we") is not None:
            mode = "past" if group("ru_wep") is not None else local()
            weekend_now = anchor.weekday() >= 5
            if mode == "past":
                start = monday if weekend_now else monday - datetime.timedelta(weeks=1)
            elif mode == "future":
                start = monday
            else:
                start = monday - datetime.timedelta(weeks=1) if anchor.weekday() <= 1 else monday
            return start, "week", "relative"
        step = {"last": -1, "this": 0, "next": 1}[(group("ru_rel") or "this").lower()]
        if group("ru_past") is not None:  # "this past week"
            step = -1
        unit = group("ru_u").lower()
        if unit in ("week", "weekend"):
            return monday + datetime.timedelta(weeks=step), "week", "relative"
        if unit == "month":
            return _month_start(anchor.year, anchor.month, step), "month", "relative"
        return datetime.date(anchor.year + step, 1, 1), "year", "relative"
    if kind == "ago":
        unit = group("ago_u").lower().rstrip("s")
        amount = _number(group("ago_n"))
        if amount is not None and unit == "fortnight":
            unit, amount = "week", amount * 2
        if amount is None:
            if unit == "hour":
                return anchor, "day", "relative"
            return None, "unknown", "before-publication"  # "a few days ago": PAST_REF
        date, precision = _shift(anchor, unit, -amount)
        if unit == "week":  # "a week ago" names the same weekday, seven days back
            date, precision = anchor - datetime.timedelta(weeks=amount), "day"
        return date, precision, "relative"
    if kind == "inn":
        if _superlative_before(text, match.start()):
            return None  # "the first summit in 30 years": the span since the last one, P30Y
        mode = local()
        if mode != "future" and not (mode == "present" and _scheduled_before(text, match.start())):
            return None
        amount = _number(group("inn_n"))
        if amount is None:
            return None
        unit = group("inn_u").lower().rstrip("s")
        if unit == "fortnight":
            unit, amount = "week", amount * 2
        date, precision = _shift(anchor, unit, amount)
        return date, precision, "relative"
    if kind == "vg":
        return None, "unknown", "before-publication"
    return None


_SPELLED_ORDINALS: Final[dict[str, int]] = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
    "eleventh": 11,
    "twelfth": 12,
    "thirteenth": 13,
    "fourteenth": 14,
    "fifteenth": 15,
    "sixteenth": 16,
    "seventeenth": 17,
    "eighteenth": 18,
    "nineteenth": 19,
    "twentieth": 20,
    "twenty": 20,
    "thirtieth": 30,
    "thirty": 30,
}
_ATTRIBUTIVE_KINDS: Final = frozenset(
    {"wdmd", "md", "dm", "my", "mb", "mp", "yr", "yb", "ya", "wd", "iso", "us", "qt", "ss", "yg"}
    | {"mr"}
)
_SPAN_START_RE: Final = re.compile(r"\bthe\s+(?:start|beginning)\s+of\b", re.IGNORECASE)
_COMPARISON_BEFORE_RE: Final = re.compile(
    r"\b(?:from|than|compared\s+(?:to|with)|over|versus|vs\.?|against|with)\s+"
    r"(?:[$£€]?\d[\d.,]*\s*(?:%|percent|billion|million|points|cents)?\s+)?$",
    re.IGNORECASE,
)
_POSSESSIVE_AFTER_RE: Final = re.compile(r"['’]s\b")
_CALLED_OFF_BEFORE_RE: Final = re.compile(
    r"\b(?:postponed|canceled|cancelled|called\s+off|scrapped|rescheduled|delayed|suspended)"
    r"\s+$",
    re.IGNORECASE,
)
_THE_BEFORE_RE: Final = re.compile(r"\b[Tt]he\s+$")
_NAME_AFTER_RE: Final = re.compile(r"\s+(?-i:[A-Z][a-z])")
_SINCE_DETERMINER_RE: Final = re.compile(
    r"\bsince\s+(?:the|its|their|his|her|our)\s+$", re.IGNORECASE
)
_SINCE_RE: Final = re.compile(r"\b(?:since|as\s+of|throughout)\s+$", re.IGNORECASE)
_POSTPONED_RE: Final = re.compile(
    r"\b(?:adjourned|postponed|delayed|deferred|suspended|recessed|put\s+off|pushed\s+back"
    r"|extended)(?:\s+(?:the\s+)?[a-z]+)?\s+(?:until|till|to)\s+$",
    re.IGNORECASE,
)
# "after Labor Day", "following Friday's vote": before the event, so on its side of the anchor.
_AFTER_RE: Final = re.compile(r"\b(?:after|following)\s+$", re.IGNORECASE)
# "hours after Wednesday's clashes", "hours before the Nov. 8 vote": an act on that day.
_HOURS_AROUND_RE: Final = re.compile(
    r"\b(?:within\s+)?hours\s+(?:after|before|of)\s+(?:the\s+)?$", re.IGNORECASE
)
# "the first summit in 30 years", "its lowest level in a decade": "in N years" measures back.
_SUPERLATIVES: Final = frozenset(
    """
    first last only best worst highest lowest biggest largest strongest weakest longest
    fastest slowest deadliest heaviest sharpest steepest greatest most least ever
    """.split()
)
# "since its launch on Jan. 1", "since the attack in September": the date of what "since" names.
_SINCE_EVENT_BEFORE_RE: Final = re.compile(
    r"\bsince\s+(?:the|its|their|his|her|our)\s+[a-z'’-]+\s+(?:(?:on|in)\s+)?$", re.IGNORECASE
)


def _superlative_before(text: str, start: int) -> bool:
    """Whether a superlative or "first" stands in the six words before ``start`` in its clause."""
    before = text[max(0, start - 60) : start]
    stops = list(_CLAUSE_STOP_RE.finditer(before))
    if stops:
        before = before[stops[-1].end() :]
    return any(word in _SUPERLATIVES for word in _LOWER_WORD_RE.findall(before)[-6:])


_POSSESSIVE_YEAR_RE: Final = re.compile(r"\b((?:1[7-9]|20)\d\d)['’]s\s+$")
_DATA_FOR_RE: Final = re.compile(
    r"\b(?:figures|data|numbers|statistics|results|sales|earnings|profits?|index|rates?|output"
    r"|production|inflation|unemployment|orders|exports|imports|deficit|surplus|growth|report)"
    r"\s+(?:for|of)\s+$",
    re.IGNORECASE,
)

# "the primary is Tuesday", "the vote is on Monday": a present copula names an event to come.
_COPULA_BEFORE_RE: Final = re.compile(r"\b(?:is|are)\s+(?:on\s+)?$")
_LAST_NEXT_BEFORE_RE: Final = re.compile(
    r"\b(last|next|this\s+past|this\s+coming)\s+$", re.IGNORECASE
)
_DELIVERY_AFTER_RE: Final = re.compile(r"\s+(?:delivery|contracts?|futures)\b", re.IGNORECASE)


def _compared(match: re.Match[str], text: str) -> bool:
    """Whether the phrase is the base of a comparison ("up 5% from a year earlier")."""
    start = match.start()
    return _COMPARISON_BEFORE_RE.search(text, max(0, start - 24), start) is not None


def _role(match: re.Match[str], text: str) -> tuple[Role, Tense | None]:
    """Boundaries ("since 2014") and adjectival dates ("the Feb. 24 invasion"), and the
    direction a boundary places an undated phrase in ("since" behind, "until"/"by" nearest)."""
    start = match.start()
    before = text[max(0, start - 24) : start].rstrip("'’")
    if match.lastgroup in ("ap", "ago") and _compared(match, text):
        return "attribute", None  # "up 5% from a year earlier": the base of a comparison
    if ("ours" in before and _HOURS_AROUND_RE.search(before)) or (
        "eve of" in text[max(0, start - 50) : start] and _eve_of_before(text, start)
    ):
        return "date", None  # "hours after Wednesday's clashes", "the eve of the Nov. 8 vote"
    if before and _BOUNDARY_BEFORE_RE.search(before):
        if _SINCE_RE.search(before):
            return "boundary", "past"
        if _POSTPONED_RE.search(text, max(0, start - 40), start):
            return "boundary", "future"  # "the court adjourned until Monday": ahead
        return "boundary", None
    if "ince " in text and _SINCE_EVENT_BEFORE_RE.search(text, max(0, start - 40), start):
        return "date", "past"  # "has fallen since its launch on Jan. 1": the launch lies behind
    if match.lastgroup in ("qt", "mp", "hf") and _ADJECTIVE_AFTER_RE.match(text, match.end()):
        return "attribute", "past"  # "third-quarter results", "their January sales": reported
    if (
        before
        and _DETERMINER_BEFORE_RE.search(before)
        and not _LEADING_PREPOSITION_RE.match(match.group())
        and match.lastgroup in _ATTRIBUTIVE_KINDS
        and _WORD_AFTER_RE.match(text, match.end()) is not None
    ):
        if _SINCE_DETERMINER_RE.search(before):
            return "attribute", "past"  # "since its March low": behind
        return "attribute", None
    if match.lastgroup == "yb" or (match.lastgroup == "ya" and match.group("ya_in") is None):
        if _RANGE_START_RE.search(before) and _RANGE_END_RE.match(text, match.end()):
            return "date", None  # "between 1992 and 1995": its first year
        return "attribute", None
    return "date", None


def find_dates(text: str, anchor: datetime.date, tense: Tense = "past") -> list[DateMention]:
    """Date expressions in ``text`` that can date an event, resolved against ``anchor``.

    ``tense`` is the default for phrases whose reading depends on it (weekdays, a month/day or a
    month without a year, "in two weeks"); a tense cue next to a phrase overrides it, so in "said on
    Tuesday it will suspend talks" the Tuesday is past. Durations, boundaries and adjectival dates
    are skipped (see the module docstring). Mentions are returned in text order.
    """
    return _find(text, anchor, lambda start, end: tense)


def find_date_expressions(
    text: str, anchor: datetime.date, tense: Tense | None = None
) -> list[DateMention]:
    """Every date expression in ``text``: those that date an event, and also boundaries ("since
    2014", "until Friday") and adjectival dates ("the 1991 settlement"), marked by ``role``.

    Without ``tense``, each phrase takes the tense of the nearest verb cue in ``text`` (then the
    text's own tense). This is what a reader of the article sees as dates; ``find_dates`` keeps
    only the phrases that can date an event.
    """
    return _expressions(text, anchor, tense, None)


def _expressions(
    text: str, anchor: datetime.date, tense: Tense | None, named: list[_Reference] | None
) -> list[DateMention]:
    whole: list[Tense] = []
    cues = _TenseCues(text)

    def default(start: int, end: int) -> Tense:
        if tense is not None:
            return tense
        nearest = cues.nearest(start, end)
        if nearest is not None:
            return nearest
        if not whole:
            whole.append(detect_tense(text))
        return whole[0]

    return _times_durations_sets(
        text, anchor, _find(text, anchor, default, everything=True, named=named)
    )


def _maybe_dated(text: str) -> bool:
    """Cheap test that rules out most texts without a date phrase."""
    if _DIGIT_RE.search(text):
        return True
    lowered = " " + text.lower()
    return any(word in lowered for word in _QUICK_WORDS) or any(
        month in text for month in _MONTH_NAMES
    )


def _phrase_starts(text: str, lower: int, token_start: int) -> list[int]:
    """Offsets of the words before an anchor token that may open its phrase, leftmost first."""
    window = text[lower:token_start]
    starts = [token_start]
    end = len(window)
    for word in reversed(window.split()):
        end = window.rfind(word, 0, end)
        if word[-1] in _PHRASE_BREAK:
            break
        bare = word.rstrip("-").lower()
        if bare in _PHRASE_STARTERS:
            starts.append(lower + end)
        elif bare not in _PHRASE_INNER and not (bare[:1].isdigit() and bare[-2:] in _ORDINAL_ENDS):
            break
    starts.reverse()
    return starts


_QUANTITY_RE: Final = re.compile(
    r"\d+(?:[.,]\d|\s*(?:%|percent\b|per\s+cent\b|billion\b|million\b|points?\b|shares\b))"
)


def _candidates(text: str) -> list[re.Match[str]]:
    """Candidate date phrases, left to right, without overlaps.

    Each anchor token is tried as a phrase start, after the few words before it that can open a
    phrase ("in the first half of" 2023); most texts are rejected before any regex scan.
    """
    found: list[re.Match[str]] = []
    if not _maybe_dated(text):
        return found
    pos = 0
    for anchor_token in _ANCHOR_RE.finditer(text):
        token_start = anchor_token.start()
        if token_start < pos:
            continue
        if anchor_token.group().isdigit() and (
            (token_start and text[token_start - 1] in "$£€.,:")
            or _QUANTITY_RE.match(text, token_start) is not None
        ):
            continue  # "$4.8 billion", "30,000", "8.5%": amounts start no date phrase
        lower = max(pos, token_start - _PHRASE_LOOKBACK)
        token = anchor_token.group()
        regex = _TOKEN_REGEX.get(token) or _REGEX_BY_CLASS[_token_class(token)]  # "٣": any digit
        for start in _phrase_starts(text, lower, token_start):
            match = regex.match(text, start)
            if match is not None and match.end() > token_start:
                found.append(match)
                pos = match.end()
                break
    return found


# "ending the day", "later in the day", "on the same day", "that day": the day last named.
_SAME_DAY_RE: Final = re.compile(
    r"(?:(?<=\bend )|(?<=\bends )|(?<=\bended )|(?<=\bending )|(?<=\bfinish )"
    r"|(?<=\bfinished )|(?<=\bfinishing )|(?<=\bclose )|(?<=\bclosed )|(?<=\bclosing )"
    r"|(?<=\bfor )|(?<=\bon )|(?<=\bof )|(?<=\bduring )|(?<=\bstart )|(?<=\bbegin ))"
    r"(?:(?:later|earlier|late|early)\s+in\s+)?the\s+(?:same\s+)?day(?![A-Za-z'’-])"
    r"(?!\s+(?:before|after|of|when|that|which|it|he|she|they|to)\b)"
    r"|\b(?:late|early|later|earlier)\s+in\s+the\s+day(?![A-Za-z'’-])"
    r"|\b(?:that\s+(?:same\s+)?(?:day|night|morning|afternoon|evening)|the\s+same\s+day)"
    r"(?![A-Za-z'’-])"
    r"(?!\s+(?:before|after|of|when)\b)",
    re.IGNORECASE,
)


_PART_OF_DAY_WORD_RE: Final = re.compile(r"night|morning|afternoon|evening", re.IGNORECASE)
# "Hours later, the Council condemned ...": the day last named.
_HOURS_LATER_RE: Final = re.compile(
    r"\b(?:(?:a\s+few|several|only|just)\s+)?(?:hours|minutes)\s+(?:later|earlier)"
    r"(?![A-Za-z'’-])(?!\s+than\b)",
    re.IGNORECASE,
)
# "On the same day, Iran threatened ...", "Later that day, Putin offered ...": an act dated by the
# day last named in the article (not the bare "the day" of a market report).
_THAT_DAY_RE: Final = re.compile(
    r"\b(?:the\s+same\s+day|that\s+(?:same\s+)?(?:day|night|morning|afternoon|evening)"
    r"|(?:late|early|later|earlier)\s+in\s+the\s+day"
    r"|(?:(?:a\s+few|several|only|just)\s+)?(?:hours|minutes)\s+(?:later|earlier))(?![A-Za-z'’-])",
    re.IGNORECASE,
)

# "the next day", "the previous day": a day from the day last named.
_NEXT_DAY_RE: Final = re.compile(
    r"\bthe\s+(?:(?P<next>next|following)|previous|preceding)\s+day(?![A-Za-z'’-])",
    re.IGNORECASE,
)


def find_article_dates(text: str, anchor: datetime.date) -> list[DateMention]:
    """Every date expression of an article, sentence by sentence (``find_date_expressions``),
    with "the day" of market and event reports ("ending the day", "later in the day", "the same
    day") resolved to the day last named before it (the publication day when none is), and "the
    next day" / "the previous day" one day from it."""
    mentions: list[DateMention] = []
    last_day: tuple[int, datetime.date] | None = None  # (end, date) of the day last named
    spans: list[_Reference] = []  # the span last named, for "the previous year"
    for start, end in split_sentences(text):
        sentence = text[start:end]
        found = [_shifted(m, start) for m in _expressions(sentence, anchor, None, spans)]
        hours = "ours " in sentence or "inutes " in sentence  # "hours later"
        if (
            "day" in sentence
            or ("hat " in sentence and _PART_OF_DAY_WORD_RE.search(sentence))
            or hours
        ):
            anaphors = [(m, 0) for m in _SAME_DAY_RE.finditer(sentence)]
            anaphors += [(m, 1 if m.group("next") else -1) for m in _NEXT_DAY_RE.finditer(sentence)]
            if hours:
                anaphors += [(m, 0) for m in _HOURS_LATER_RE.finditer(sentence)]
            anaphors.sort(key=lambda pair: pair[0].start())
            named = iter(found)
            pending = next(named, None)
            added: list[DateMention] = []
            for m, shift in anaphors:
                begin, finish = m.start() + start, m.end() + start
                while pending is not None and pending.end <= begin:
                    last_day = _day_named(pending) or last_day
                    pending = next(named, None)
                if pending is not None and pending.start < finish:
                    continue  # inside a phrase already found
                day = last_day[1] if last_day is not None else anchor
                try:
                    day += datetime.timedelta(days=shift)
                except OverflowError:
                    continue
                added.append(DateMention(begin, finish, m.group(), day, "day", "relative"))
                last_day = (finish, day)
            found = sorted([*found, *added], key=lambda x: x.start)
        for mention in found:
            if last_day is None or mention.end > last_day[0]:
                last_day = _day_named(mention) or last_day
        mentions.extend(found)
    return mentions


def _day_named(mention: DateMention) -> tuple[int, datetime.date] | None:
    if mention.precision == "day" and mention.role == "date" and mention.date is not None:
        return mention.end, mention.date
    return None


def _shifted(mention: DateMention, offset: int) -> DateMention:
    return DateMention(
        mention.start + offset,
        mention.end + offset,
        mention.phrase,
        mention.date,
        mention.precision,
        mention.basis,
        mention.label,
        mention.role,
    )


# TimeML's present and future references: listed with the other expressions, never an event's
# date, nor the span a later "the previous year" counts from.
_UNDATING_LABELS: Final = frozenset({"PRESENT_REF", "FUTURE_REF"})


def _find(
    text: str,
    anchor: datetime.date,
    tense: Callable[[int, int], Tense],
    everything: bool = False,
    named: list[_Reference] | None = None,
    anaphoric: list[int] | None = None,
) -> list[DateMention]:
    """The date mentions of ``text``; ``named`` holds the span last named before it (for "the
    previous year") and is updated with the last one named in it; ``anaphoric`` collects the
    starts of the phrases dated from such a span ("a month later")."""
    if isinstance(anchor, datetime.datetime):
        anchor = anchor.date()
    mentions: list[DateMention] = []
    last = named if named is not None else []
    for match in _candidates(text):
        role, direction = _role(match, text)
        if role == "boundary" and not everything:
            continue
        try:
            resolved = _resolve(
                match, text, anchor, tense, direction, role == "boundary", last[0] if last else None
            )
        except (ValueError, OverflowError):
            # The phrase names a day outside the calendar's years 1-9999 ("next year" in a story
            # dated 9999): it cannot be stored, so it dates nothing.
            continue
        if resolved is None:
            continue
        begin = match.start()
        if (
            match.lastgroup in ("md", "dm", "wdmd")
            and resolved[0] is not None
            and (week_of := _WEEK_OF_BEFORE_RE.search(text, max(0, begin - 16), begin)) is not None
        ):  # "the week of March 23": that day's ISO week; "the weekend of March 9-10" its weekend
            begin = week_of.start()
            weekend = week_of.group(1).lower() == "weekend"
            label = f"{timeml_value(resolved[0], 'week')}-WE" if weekend else None
            resolved = (_monday(resolved[0]), "week", resolved[2], label)
        if match.lastgroup == "wd" and _EVERY_BEFORE_RE.search(
            text, max(0, match.start() - 12), match.start()
        ):
            continue  # "every Tuesday" is a set (added by ``_times_durations_sets``)
        date, precision, basis, label = resolved
        if (
            match.lastgroup == "wd"
            and mentions
            and mentions[-1].precision == "day"
            and mentions[-1].date is not None
            and _APPOSED_GAP_RE.fullmatch(text, mentions[-1].end, match.start())
            and _names_weekday(match.group(), mentions[-1].date)
        ):
            date = mentions[-1].date  # "March 24, a Tuesday": the day just named
        if not everything and (
            (date is None and basis != "before-publication") or label in _UNDATING_LABELS
        ):
            continue  # "now", "the next century": listed, but they date no event
        if (
            role == "boundary"
            and precision in ("month", "year")
            and label is None
            and _SPAN_START_RE.search(match.group())
        ):
            precision = "day"  # "since the start of this year": since 1 January
        # the span a later "the previous year" counts from (not a boundary or comparison base)
        if (
            date is not None
            and precision != "unknown"
            and label not in _UNDATING_LABELS
            and (role == "date" or (role == "attribute" and match.lastgroup not in ("ap", "ago")))
        ):
            last[:] = [(date, precision, None if label and label.endswith("-WE") else label)]
        if role != "date" and not everything:
            continue
        if anaphoric is not None and match.lastgroup == "ap":
            anaphoric.append(match.start())
        mentions.append(
            DateMention(
                begin, match.end(), text[begin : match.end()], date, precision, basis, label, role
            )
        )
    return mentions


# --------------------------------------------------------------------------------------------
# Times of day, durations and sets (TimeML TIME, DURATION and SET), listed by
# ``find_date_expressions`` and ``find_article_dates`` only: they never date an event.

_ZONE = r"(?-i:GMT|UTC|EST|EDT|CST|CDT|MST|MDT|PST|PDT|BST|CET|CEST|JST)"
# "3 p.m.", "10:30 a.m. EST", "1500 GMT", "noon", "midnight".
_CLOCK_RE: Final = re.compile(
    r"\b(?:(?P<h>1[0-2]|0?[1-9])(?:[:.](?P<m>[0-5]\d))?\s?(?P<ap>[ap])\.?m\.?(?![A-Za-z])"
    rf"|(?P<h24>[01]\d|2[0-3]):?(?P<m24>[0-5]\d)\s+\(?{_ZONE}\b"
    r"|(?P<noon>noon|midnight)(?![A-Za-z'’-]))"
    rf"(?:\s+\(?{_ZONE}\)?(?![A-Za-z]))?",
    re.IGNORECASE,
)
# What may stand between a clock time and the day after it ("3 p.m. Tuesday", "8 p.m. tonight").
_CLOCK_DAY_GAP_RE: Final = re.compile(r"[ \t]*,?[ \t]*")
_PART_OF_DAY_CODES: Final[dict[str, str]] = {
    "morning": "MO",
    "afternoon": "AF",
    "evening": "EV",
    "night": "NI",
    "tonight": "NI",
}
_PART_OF_DAY_END_RE: Final = re.compile(
    r"(morning|afternoon|evening|night|tonight)$", re.IGNORECASE
)

_DURATION_UNITS: Final[dict[str, tuple[str, int, str]]] = {
    # unit: (TimeML letter, multiplier, "T" for a time unit)
    "second": ("S", 1, "T"),
    "minute": ("M", 1, "T"),
    "hour": ("H", 1, "T"),
    "day": ("D", 1, ""),
    "week": ("W", 1, ""),
    "fortnight": ("W", 2, ""),  # British "a fortnight": P2W
    "month": ("M", 1, ""),
    "quarter": ("Q", 1, ""),  # TimeML's quarter unit: "the past five quarters" P5Q
    "year": ("Y", 1, ""),
    "decade": ("Y", 10, ""),
    "century": ("Y", 100, ""),
}
_VAGUE_DURATION_LETTERS: Final[dict[str, str]] = {"decade": "DE", "century": "CE"}
_DURATION_COUNT = (
    r"\d{1,3}(?:,\d{3})?|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"
    r"|fifteen|twenty|thirty|forty|fifty|sixty|a\s+few|few|several|a\s+couple\s+of|many"
)
# (not "second" alone: "for a second day")
_DURATION_UNIT = (
    r"seconds|minutes?|hours?|days?|weeks?|fortnights?|months?|quarters?|years?|decades?|century"
    r"|centuries"
)
# "18 days", "three years", "a 90-day moratorium", "the next two years", "for months".
_DURATION_RE: Final = re.compile(
    r"\b(?:(?P<span>the\s+(?:past|last|next|previous|coming|following|first|final)\s+)?"
    rf"(?P<n>{_DURATION_COUNT})[\s-]+(?:(?:straight|consecutive|successive|more|additional)\s+)?"
    rf"(?P<u>{_DURATION_UNIT})(?:-long)?(?![A-Za-z])"
    r"|(?:(?<=\bfor\s)|(?<=\btake\s)|(?<=\btakes\s)|(?<=\btook\s)|(?<=\blast\s)"
    r"|(?<=\blasted\s)|(?<=\bwithin\s)|(?<=\bspent\s)|(?<=\bafter\s)|(?<=\bin\s)"
    r"|(?<=\bthe\scoming\s)|(?<=\bthe\s)(?=[a-z]+\s+ahead\b(?!\s+of\b)))"
    r"(?P<bare>seconds|minutes|hours|days|weeks|months|years|decades)(?![A-Za-z'’-]))",
    re.IGNORECASE,
)
# "a year", "one day" are durations only after these words ("for a year", "more than a day").
_SINGLE_DURATION_BEFORE_RE: Final = re.compile(
    r"\b(?:for|within|over|about|nearly|almost|than|lasted|lasts|last|took|take|takes|spent"
    r"|spend|entire|whole|full|least|only|just|half|in)\s+$",
    re.IGNORECASE,
)
_DURATION_WORDS: Final[dict[str, int]] = {
    **_NUMBERS,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "a couple of": 2,
}
_WEEKDAY_NAMES = r"(?-i:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
# "every Tuesday", "twice a year", "published weekly", "$5 million a year".
_SET_RE: Final = re.compile(
    rf"\b(?:(?P<every_n>every|each)\s+(?P<s_n>{_DURATION_COUNT})\s+(?P<s_nu>{_DURATION_UNIT})"
    r"(?![A-Za-z])"
    r"|(?P<every>every|each)\s+(?:other\s+)?(?P<s_u>day|week|month|year|quarter|morning"
    rf"|afternoon|evening|night|weekend|{_WEEKDAY_NAMES}|{_MONTH_FULL})"
    r"|(?:once|twice|(?:two|three|four|five|six|several|many|\d{1,2})\s+times)\s+"
    r"(?:a|an|per|each|every)\s+(?P<s_u2>day|week|month|year|quarter)"
    r"|(?P<s_adv>daily|weekly|monthly|annually|yearly|quarterly|hourly)"
    r"(?=\s*(?:[,.;:!?)]|$)|\s+(?:and|or|but|since|from|in|at|on|for|by|until|to|through)\b)"
    # "services on Sundays", "closed Mondays": that weekday, every week
    # (after a lowercase word: "TGI Fridays", "Tuesdays with Morrie", "Happy Mondays" are names)
    r"|(?P<s_pl>(?-i:Mondays|Tuesdays|Wednesdays|Thursdays|Fridays|Saturdays|Sundays|weekends))"
    r"(?!\s+(?-i:[A-Z]))"
    r"|(?:a|per)\s+(?P<s_rate>day|week|month|year)"
    r"(?!\s+(?:ago|earlier|later|before|after|from|of|or|and|in|to)\b))(?![A-Za-z'’-])",
    re.IGNORECASE,
)
# "$5 million a year", "3 percent a year", "1,000 barrels a day": a rate, so a SET.
_RATE_BEFORE_RE: Final = re.compile(
    r"(?:\d%?|million|billion|trillion|percent|barrels|tons|tonnes|dollars|cents|hours|times)"
    r"(?:\s+[a-z]+)?\s+$",
    re.IGNORECASE,
)
_EVERY_BEFORE_RE: Final = re.compile(r"\b(?:every|each)\s+(?:other\s+)?$", re.IGNORECASE)
_LOWER_WORD_BEFORE_RE: Final = re.compile(r"(?<![A-Za-z'’-])[a-z][a-z'’-]*\s+$")
_WEEK_OF_BEFORE_RE: Final = re.compile(r"\bthe\s+(week(?:end)?)\s+of\s+$", re.IGNORECASE)
_SET_UNIT_VALUES: Final[dict[str, str]] = {
    "day": "P1D",
    "week": "P1W",
    "month": "P1M",
    "quarter": "P3M",
    "year": "P1Y",
    "daily": "P1D",
    "weekly": "P1W",
    "monthly": "P1M",
    "quarterly": "P3M",
    "annually": "P1Y",
    "yearly": "P1Y",
    "hourly": "PT1H",
    "weekend": "XXXX-WXX-WE",
    "morning": "XXXX-XX-XXTMO",
    "afternoon": "XXXX-XX-XXTAF",
    "evening": "XXXX-XX-XXTEV",
    "night": "XXXX-XX-XXTNI",
}


def _clock_label(match: re.Match[str]) -> str:
    """The TimeML time of a clock phrase: "T15:00", "T08:46", "T12:00"."""
    if match.group("noon") is not None:
        return "T12:00" if match.group("noon").lower() == "noon" else "T24:00"
    if match.group("h24") is not None:
        return f"T{match.group('h24')}:{match.group('m24')}"
    hour = int(match.group("h")) % 12 + (12 if match.group("ap").lower() == "p" else 0)
    return f"T{hour:02d}:{match.group('m') or '00'}"


def _duration_label(match: re.Match[str]) -> str:
    """The TimeML value of a duration: "P3Y", "PT10H", "P90D", "PXM" (a vague count)."""
    if match.group("bare") is not None:
        unit = match.group("bare").lower().rstrip("s")
        letter, _, time = _DURATION_UNITS[unit]
        return f"P{time}X{_VAGUE_DURATION_LETTERS.get(unit, letter)}"
    unit = match.group("u").lower()
    unit = "century" if unit == "centuries" else unit.rstrip("s")
    letter, factor, time = _DURATION_UNITS[unit]
    count_text = " ".join(match.group("n").lower().split())
    count = _DURATION_WORDS.get(count_text)
    if count is None and count_text.replace(",", "").isdigit():
        count = int(count_text.replace(",", ""))
    if count is None:  # "several weeks", "a few days"
        return f"P{time}X{_VAGUE_DURATION_LETTERS.get(unit, letter)}"
    return f"P{time}{count * factor}{letter}"


def _set_label(match: re.Match[str]) -> str:
    """The TimeML value of a set: "XXXX-WXX-2" (every Tuesday), "P1Y" (twice a year)."""
    if match.group("s_n") is not None:  # "every six months": P6M
        span = _DURATION_RE.fullmatch(f"{match.group('s_n')} {match.group('s_nu')}")
        if span is not None:
            return _duration_label(span)
    word = (
        match.group("s_u")
        or match.group("s_u2")
        or match.group("s_adv")
        or match.group("s_rate")
        or (match.group("s_pl") or "")[:-1]
    )
    lower = word.lower()
    if lower in _SET_UNIT_VALUES:
        return _SET_UNIT_VALUES[lower]
    if lower[:3] in _WEEKDAYS and lower.endswith("day"):
        return f"XXXX-WXX-{_WEEKDAYS[lower[:3]] + 1}"
    return f"XXXX-{_month_number(word):02d}"


# One scan of the lowered text finds the words that can hold a time, a duration or a set; each
# kind of phrase is looked for only where its words are.
_HINT_KINDS: Final[dict[str, str]] = {
    **{
        word: "unit"
        for word in "seconds minute minutes hour hours day days week weeks month months quarter"
        " quarters year years decade decades century centuries fortnight fortnights".split()
    },
    **{
        word: "set"
        for word in "every each once twice times daily weekly monthly annually yearly quarterly"
        " hourly per mondays tuesdays wednesdays thursdays fridays saturdays sundays"
        " weekends".split()
    },
    **{
        word: "clock"
        for word in "a.m p.m am pm noon midnight gmt utc est edt cst cdt mst mdt pst pdt bst cet"
        " cest jst".split()
    },
}
_HINT_RE: Final = re.compile(r"\b" + _literal_trie(list(_HINT_KINDS)) + r"(?![a-z])")
_DURATION_LOOKBACK: Final = 50
# The word right before a duration's unit: a count, "couple of", or a verb or preposition before a
# bare plural ("for months").
_DURATION_PREVIOUS_WORDS: Final = frozenset(
    [
        *_DURATION_WORDS,
        *"few several many of for take takes took last lasted within spent after in coming".split(),
        *"straight consecutive successive more additional".split(),
    ]
)
_AHEAD_RE: Final = re.compile(r"\s+ahead\b(?!\s+of\b)", re.IGNORECASE)  # "in the weeks ahead"
_WORD_START_RE: Final = re.compile(r"(?<![A-Za-z0-9,'’])[A-Za-z0-9]")


def _durations(text: str, lowered: str, units: list[re.Match[str]]) -> list[re.Match[str]]:
    """The duration phrases of ``text``, found from their unit words back ("the next two
    years")."""
    found: list[re.Match[str]] = []
    for unit in units:
        window = max(0, unit.start() - _DURATION_LOOKBACK)
        if found and found[-1].end() > window:
            window = found[-1].end()
        head = lowered[window : unit.start()].rstrip(" -\t")
        previous = head.rsplit(None, 1)[-1].lstrip("(\"'“‘") if head else ""
        if (
            not previous[-1:].isdigit()
            and previous not in _DURATION_PREVIOUS_WORDS
            and not (previous == "the" and _AHEAD_RE.match(text, unit.end()))
        ):
            continue  # no count or verb before the unit: "the day", "last year"
        for start in [*(w.start() for w in _WORD_START_RE.finditer(text, window, unit.start()))]:
            match = _DURATION_RE.match(text, start, unit.end())
            if match is not None and match.end() == unit.end():
                found.append(match)
                break
        else:  # the unit alone; it may look past itself ("the days ahead")
            match = _DURATION_RE.match(text, unit.start())
            if match is not None and match.end() == unit.end():
                found.append(match)
    return found


def _part_of_day(mention: DateMention) -> DateMention:
    """A day named with its part ("Friday morning", "tonight") carries TimeML's code:
    "1998-02-13TMO"."""
    if mention.precision != "day" or mention.date is None or mention.label is not None:
        return mention
    part = _PART_OF_DAY_END_RE.search(mention.phrase)
    if part is None:
        return mention
    label = f"{mention.date.isoformat()}T{_PART_OF_DAY_CODES[part.group(1).lower()]}"
    return DateMention(
        mention.start,
        mention.end,
        mention.phrase,
        mention.date,
        "day",
        mention.basis,
        label,
        mention.role,
    )


_AHEAD_SPAN_RE: Final = re.compile(r"the\s+(?:next|coming)\s+(?P<u>decade|century)", re.IGNORECASE)
_SPAN_PREPOSITION_RE: Final = re.compile(r"\b(?:over|for|within|throughout)\s+$", re.IGNORECASE)


def _ahead_span_duration(mention: DateMention, text: str) -> DateMention:
    """ "Over the next decade", "for the coming century" measure a span (P10Y, P100Y); "in the
    next decade" stays the decade."""
    span = _AHEAD_SPAN_RE.fullmatch(mention.phrase)
    if span is None or not _SPAN_PREPOSITION_RE.search(
        text, max(0, mention.start - 12), mention.start
    ):
        return mention
    label = "P10Y" if span.group("u").lower() == "decade" else "P100Y"
    return DateMention(
        mention.start, mention.end, mention.phrase, None, "unknown", "relative", label, "duration"
    )


def _span_duration(mention: DateMention) -> DateMention:
    """ "Over the past three months" is a duration in TimeML ("P3M"); the singular "the past
    month", "the past decade" keep their date."""
    if mention.role != "date" or (mention.date is None and mention.label is not None):
        return mention
    duration = _DURATION_RE.search(mention.phrase)
    if (
        duration is None
        or duration.group("span") is None
        or not duration.group("u").lower().endswith("s")
        or duration.end() != len(mention.phrase)  # "the last six months of the year" is a half
    ):
        return mention
    label = _duration_label(duration)
    return DateMention(
        mention.start, mention.end, mention.phrase, None, "unknown", "relative", label, "duration"
    )


class _Taken:
    """The spans already taken by mentions (never overlapping), sorted, so that a phrase is
    tested against them in logarithmic time however many dates a text holds."""

    def __init__(self, mentions: list[DateMention]) -> None:
        self.starts = [m.start for m in mentions]
        self.mentions = list(mentions)

    def overlapping(self, start: int, end: int) -> list[DateMention]:
        index = bisect.bisect_left(self.starts, end)
        found: list[DateMention] = []
        while index > 0 and self.mentions[index - 1].end > start:
            index -= 1
            found.append(self.mentions[index])
        return found

    def before(self, start: int) -> DateMention | None:
        """The mention that ends last at or before ``start``."""
        index = bisect.bisect_right(self.starts, start)
        while index > 0:
            index -= 1
            if self.mentions[index].end <= start:
                return self.mentions[index]
        return None

    def starting_at(self, start: int) -> DateMention | None:
        index = bisect.bisect_left(self.starts, start)
        if index < len(self.starts) and self.starts[index] == start:
            return self.mentions[index]
        return None

    def add(self, mention: DateMention) -> None:
        index = bisect.bisect_left(self.starts, mention.start)
        self.starts.insert(index, mention.start)
        self.mentions.insert(index, mention)

    def remove(self, mention: DateMention) -> None:
        index = bisect.bisect_left(self.starts, mention.start)
        del self.starts[index]
        del self.mentions[index]


def _times_durations_sets(
    text: str, anchor: datetime.date, found: list[DateMention]
) -> list[DateMention]:
    """``found`` with the TimeML times, durations and sets of ``text`` added, in text order.

    A clock time takes the day named right after it ("3 p.m. Tuesday", one phrase), else the day
    named just before it ("Tuesday at 3 p.m."), else the anchor; "the past two weeks" is a
    duration; "every Tuesday" a set. None of them dates an event.
    """
    lowered = text.lower()
    hints = list(_HINT_RE.finditer(lowered))
    if not hints and not found:
        return found
    found = [
        _ahead_span_duration(m, text) if "next" in m.phrase or "coming" in m.phrase else m
        for m in found
    ]
    taken = _Taken(
        [
            _span_duration(_part_of_day(m))
            if "past" in m.phrase or "last" in m.phrase
            else _part_of_day(m)
            if m.phrase[-1:] in "tgn"  # morning, night, afternoon, evening
            else m
            for m in found
        ]
    )
    kinds = {_HINT_KINDS[hint.group()] for hint in hints}
    if "set" in kinds or ("unit" in kinds and (" a " in lowered or " an " in lowered)):
        for match in _SET_RE.finditer(text):
            start, end = match.span()
            if match.group("s_rate") is not None and not _RATE_BEFORE_RE.search(
                text, max(0, start - 30), start
            ):
                continue
            if match.group("s_pl") is not None and not _LOWER_WORD_BEFORE_RE.search(
                text, max(0, start - 30), start
            ):
                continue  # "TGI Fridays", "Happy Mondays": a name
            inside = taken.overlapping(start, end)
            if inside and not (
                match.group("every") and all(start <= m.start and m.end <= end for m in inside)
            ):
                continue
            for mention in inside:  # "every Tuesday" replaces "Tuesday"
                taken.remove(mention)
            label = _set_label(match)
            taken.add(
                DateMention(start, end, match.group(), None, "unknown", "relative", label, "set")
            )
    if "clock" in kinds:
        for match in _CLOCK_RE.finditer(text):
            start, end = match.span()
            if taken.overlapping(start, end):
                continue
            after = _CLOCK_DAY_GAP_RE.match(text, end)
            day = taken.starting_at(after.end() if after is not None else end)
            if day is not None and day.precision == "day" and day.date is not None:
                taken.remove(day)
                label = f"{day.date.isoformat()}{_clock_label(match)}"
                phrase = text[start : day.end]
                taken.add(
                    DateMention(start, day.end, phrase, day.date, "day", day.basis, label, day.role)
                )
                continue
            previous = taken.before(start)
            date = anchor
            if (
                previous is not None
                and previous.precision == "day"
                and previous.date is not None
                and text[previous.end : start].strip(" ,").lower() in ("at", "about", "around", "")
            ):
                date = previous.date
            label = f"{date.isoformat()}{_clock_label(match)}"
            taken.add(
                DateMention(start, end, match.group(), date, "day", "relative", label, "date")
            )
    units = [hint for hint in hints if _HINT_KINDS[hint.group()] == "unit"]
    for match in _durations(text, lowered, units):
        start, end = match.span()
        if taken.overlapping(start, end):
            continue
        count = match.group("n")
        if (
            count is not None
            and count.lower() in ("a", "an", "one")
            and match.group("span") is None
            and "-" not in match.group()  # "the biggest one-day drop": a duration
            and not _SINGLE_DURATION_BEFORE_RE.search(text, max(0, start - 12), start)
        ):
            continue  # "a year earlier" is a date, "one day" a vague one
        if _EVERY_BEFORE_RE.search(text, max(0, start - 12), start):
            continue
        label = _duration_label(match)
        taken.add(
            DateMention(start, end, match.group(), None, "unknown", "relative", label, "duration")
        )
    return taken.mentions


# --------------------------------------------------------------------------------------------
# Event dates


def _has_past_perfect(clause: str, trigger_pos: int | None = None) -> bool:
    """Whether the clause's act is a past perfect ("had suspended"). A trigger that is itself a
    simple past verb after another verb's past perfect keeps its own tense ("said the flights
    had taken place ... and urged Pyongyang to stop")."""
    if "had" not in clause and "Had" not in clause:
        return False
    for match in _PAST_PERFECT_RE.finditer(clause):
        word = match.group(1).lower()
        if word in _PARTICIPLES or (word.endswith("ed") and word not in _NOT_PAST_ED):
            if (
                trigger_pos is not None
                and match.end() <= trigger_pos
                and _simple_past_at(clause, trigger_pos)
            ):
                continue
            return True
    return False


def _simple_past_at(clause: str, pos: int) -> bool:
    """Whether the word at ``pos`` is a past verb coordinated after "and" ("... and urged")."""
    word = _TRIGGER_WORD_RE.match(clause, pos)
    if word is None or _word_tense(word.group().lower()) != "past":
        return False
    return clause[max(0, pos - 5) : pos].lower() == " and "


def _detached_spans(clause: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _DETACHED_RE.finditer(clause)]


def _dates_reporting(clause: str, mention: DateMention) -> bool:
    """Whether the phrase dates a reporting verb: "said on Tuesday", "on Tuesday told"."""
    before = _LOWER_WORD_RE.findall(clause[max(0, mention.start - 30) : mention.start])[-2:]
    after = _LOWER_WORD_RE.match(clause[mention.end : mention.end + 20].lstrip(" ,"))
    return any(w in _REPORTING for w in before) or (
        after is not None and after.group() in _REPORTING
    )


def _with_context(
    found: list[DateMention], anaphoric: list[int], article: list[DateMention]
) -> list[DateMention]:
    """The clause's mentions, with its anaphoric phrases and "the next day" dated as the article
    dates them, from the span or day last named before them in any sentence."""
    by_span = {(m.start, m.end): m for m in article if m.role == "date" and m.date is not None}
    starts = set(anaphoric)
    out = [by_span.get((m.start, m.end), m) if m.start in starts else m for m in found]
    taken = {(m.start, m.end) for m in out}
    for mention in by_span.values():
        if (mention.start, mention.end) not in taken and (
            _NEXT_DAY_RE.fullmatch(mention.phrase) or _THAT_DAY_RE.fullmatch(mention.phrase)
        ):
            out.append(mention)
    return sorted(out, key=lambda m: m.start)


def _perfect_under_saying(clause: str, chosen: DateMention, trigger_pos: int | None) -> bool:
    """Whether the phrase dates a saying and the act it reports is a past perfect ("said on
    Monday that Iran had expelled two diplomats", "Washington had imposed sanctions, an
    official said on Wednesday"): the act lies before the saying, day unknown."""
    if trigger_pos is None or "had" not in clause or not _dates_reporting(clause, chosen):
        return False
    begin = chosen.end if chosen.end <= trigger_pos else 0  # "Iran had expelled ..., it said"
    for match in _PAST_PERFECT_RE.finditer(clause, begin, trigger_pos + 1):
        if match.start(1) == trigger_pos:
            return True
    return False


def _is_dateline(clause: str, mention: DateMention) -> bool:
    """A news dateline ("MOSCOW, Feb 21 (Reuters) -") dates the report, not the event."""
    return (
        mention.start < 40
        and _DATELINE_BEFORE_RE.match(clause, 0, mention.start) is not None
        and _DATELINE_AFTER_RE.match(clause, mention.end) is not None
    )


def _describes_trigger(clause: str, trigger_pos: int | None, span: tuple[int, int]) -> bool:
    """Whether a participle after a comma describes the event noun just before it ("talks
    between the two sides, held in Doha on Tuesday,"), not the object of a verb ("resumed the
    talks, held in Doha in February,")."""
    if trigger_pos is None or trigger_pos >= span[0]:
        return False
    gap = clause[trigger_pos : span[0]]
    if any(mark in gap for mark in ",;"):
        return False
    word = _TRIGGER_WORD_RE.match(clause, trigger_pos)
    if word is None or not clause[span[0] :].lstrip(" ,")[:1].islower():
        return False
    head = clause[span[0] :].lstrip(" ,").split(None, 1)[0].lower()
    return head not in _RELATIVE_WORDS and _word_tense(word.group().lower()) is None


# Participles of a reduced relative clause after an object ("rejected the treaty signed in 1990",
# "suspended the talks held in Geneva last week"): the date is that of the thing the object names.
_RELATIVE_PARTICIPLES: Final = frozenset(
    """
    signed agreed reached adopted brokered negotiated concluded sealed imposed introduced launched
    established created ratified enacted approved struck held hosted convened staged mediated
    suspended cut severed frozen broken passed issued announced
    """.split()
)
# Words before such a participle that make it a verb of the clause, not a reduced relative.
_NOT_RELATIVE_BEFORE: Final = frozenset(
    """
    and or but then that which who it they he she we i has have had was were is are be been being
    also not never later subsequently jointly first finally formally
    """.split()
)


def _reduced_relative(clause: str, trigger_pos: int, mention: DateMention) -> int | None:
    """The offset of a reduced relative participle after the act's object that the phrase may
    follow: the act's trigger is a past-tense verb ("rejected"), an object noun follows it, then a
    participle from ``_RELATIVE_PARTICIPLES`` and at most two words before the phrase."""
    word = _TRIGGER_WORD_RE.match(clause, trigger_pos)
    if word is None or mention.start <= word.end() or _word_tense(word.group()) != "past":
        return None
    between = clause[word.end() : mention.start]
    if any(mark in between for mark in ",;:"):
        return None
    words = list(_TRIGGER_WORD_RE.finditer(between))
    for index in range(len(words) - 1, max(len(words) - 4, 0), -1):
        if words[index].group() == "by":
            return None  # "a ceasefire brokered by Egypt late on Friday": the agent ends it
        if words[index].group() in _RELATIVE_PARTICIPLES:
            previous = words[index - 1].group()
            if previous.isalpha() and previous.islower() and previous not in _NOT_RELATIVE_BEFORE:
                return word.end() + words[index].start()
            return None
    return None


def _possessed_after(clause: str, mention: DateMention, trigger_end: int) -> bool:
    """A date possessive after the trigger names another event, the object's ("rejected
    Friday's proposal", "met to review last week's agreement"), unless it is the occasion of
    the act ("restored ties at Tuesday's summit", "during Monday's talks")."""
    return (
        mention.start >= trigger_end
        and clause.startswith(("'s", "’s"), mention.end)
        and _OCCASION_BEFORE_RE.search(clause, max(0, mention.start - 30), mention.start) is None
        and _HOURS_AROUND_RE.search(clause, max(0, mention.start - 30), mention.start) is None
        and not _eve_of_before(clause, mention.start)
    )


def _eve_of_before(clause: str, start: int) -> bool:
    """Whether "the eve of" stands before the phrase at ``start``, with at most three lowercase
    words between ("on the eve of Wednesday's summit", "the eve of reunification on Oct. 3")."""
    before = clause[max(0, start - 50) : start]
    index = before.lower().rfind("eve of ")
    if index < 0 or (index and before[index - 1].isalpha()):
        return False
    between = before[index + len("eve of ") :].split()
    return len(between) <= 3 and all(word.isalpha() and word.islower() for word in between)


def _choose(
    mentions: list[DateMention], clause: str, trigger_pos: int | None
) -> DateMention | None:
    spans = _detached_spans(clause) if "," in clause else []
    if spans:

        def inside(pos: int, span: tuple[int, int]) -> bool:
            return span[0] <= pos < span[1]

        kept = []
        for mention in mentions:
            span = next((s for s in spans if inside(mention.start, s)), None)
            if (
                span is None
                or (trigger_pos is not None and inside(trigger_pos, span))
                or _describes_trigger(clause, trigger_pos, span)
            ):
                kept.append(mention)
        mentions = kept
    if trigger_pos is not None and mentions:
        # only the first phrase after such a participle is its own ("resumed talks suspended in
        # March on Monday": March is the suspension's, Monday the resumption's)
        owned = [
            at
            for at in {_reduced_relative(clause, trigger_pos, m) for m in mentions}
            if at is not None
        ]
        firsts = {min((m.start for m in mentions if m.start > at), default=-1) for at in owned}
        mentions = [m for m in mentions if m.start not in firsts]
    if trigger_pos is not None and "s " in clause:
        word = _TRIGGER_WORD_RE.match(clause, trigger_pos)
        after = word.end() if word is not None else trigger_pos + 1
        mentions = [m for m in mentions if not _possessed_after(clause, m, after)]
    if not mentions:
        return None
    if len(mentions) == 1:
        return mentions[0]
    if trigger_pos is None:

        def order(mention: DateMention) -> tuple[bool, bool, bool, int]:
            return (
                _is_dateline(clause, mention),
                mention.date is None,
                _dates_reporting(clause, mention),
                mention.start,
            )

        return min(mentions, key=order)

    word = _TRIGGER_WORD_RE.match(clause, trigger_pos)
    trigger_end = word.end() if word is not None else trigger_pos + 1
    trigger_reports = word is not None and word.group().lower() in _REPORTING

    def distance(mention: DateMention) -> tuple[bool, bool, int, int]:
        if mention.start < trigger_end and trigger_pos < mention.end:
            gap = 0
        elif trigger_pos < mention.start:
            gap = mention.start - trigger_end
        else:
            gap = trigger_pos - mention.end
        reporting = not trigger_reports and _dates_reporting(clause, mention)
        return _is_dateline(clause, mention), reporting, gap, mention.start

    return min(mentions, key=distance)


def resolve_event_date(
    clause: str,
    anchor: datetime.date | None,
    ingested: datetime.date,
    trigger_pos: int | None = None,
    tense_hint: Tense | None = None,
    context: Callable[[], list[DateMention]] | None = None,
) -> ResolvedDate:
    """The date of the event whose clause is ``clause``.

    ``context`` gives the article's date mentions (``find_article_dates``) in the clause's
    offsets: a phrase dated from the span last named ("a month later", "the day before", "the
    next day") counts from the article's, not only from the clause's.

    ``tense_hint`` (the event's own tense, when the caller knows it, e.g. a future event) places
    weekdays and yearless dates instead of the clause's detected tense.

    ``anchor`` is the publication date (None when unknown), ``ingested`` the run's data interval
    date, ``trigger_pos`` the character offset of the event trigger in ``clause``.

    The governing phrase is the date mention nearest the trigger (the first dated one without a
    trigger); mentions inside a relative clause that does not hold the trigger ("the treaty, which
    it signed in 2010,") are ignored. The clause's tense (``detect_tense``), refined by the verbs
    next to each phrase, places weekdays and yearless dates.

    Without an anchor, phrases are resolved against ``ingested``. Explicit dates keep basis
    ``explicit`` (a yearless "Feb. 21" takes its year from ``ingested``). Relative phrases get basis
    ``ingested``, not ``relative``, because their value rests on the ingestion date, which may lag
    publication; their precision is kept. "Before-publication" phrases are unaffected.

    Fallbacks: no phrase but a dateless past perfect ("had suspended") -> before-publication, no
    date, precision unknown; no phrase -> the anchor, basis publication, precision day; no phrase
    and no anchor -> no date, precision unknown, basis ingested.
    """
    base = anchor if anchor is not None else ingested
    tense: list[Tense] = []
    cues = _TenseCues(clause)

    def clause_tense(start: int, end: int) -> Tense:
        if tense_hint is not None:
            return tense_hint
        nearest = cues.nearest(start, end)
        if nearest is not None:
            return nearest
        if not tense:
            tense.append(detect_tense(clause))
        return tense[0]

    anaphoric: list[int] = []
    found = _find(clause, base, clause_tense, anaphoric=anaphoric)
    if context is not None and (
        anaphoric or _NEXT_DAY_RE.search(clause) or _THAT_DAY_RE.search(clause)
    ):
        found = _with_context(found, anaphoric, context())
    chosen = _choose(found, clause, trigger_pos)
    if chosen is not None and _perfect_under_saying(clause, chosen, trigger_pos):
        return ResolvedDate(None, "unknown", "before-publication", None, None, None)
    if (
        chosen is not None
        and chosen.precision == "day"
        and chosen.date is not None
        and chosen.date > datetime.date.min
        and _eve_of_before(clause, chosen.start)
    ):  # "on the eve of Wednesday's summit": the Tuesday
        chosen = DateMention(
            chosen.start,
            chosen.end,
            chosen.phrase,
            chosen.date - datetime.timedelta(days=1),
            "day",
            "relative",
            None,
            chosen.role,
        )
    if chosen is not None:
        basis: Basis = chosen.basis
        if anchor is None and basis == "relative":
            basis = "ingested"
        return ResolvedDate(
            chosen.date, chosen.precision, basis, chosen.phrase, chosen.start, chosen.end
        )
    if _has_past_perfect(clause, trigger_pos):
        return ResolvedDate(None, "unknown", "before-publication", None, None, None)
    if anchor is not None:
        return ResolvedDate(anchor, "day", "publication", None, None, None)
    return ResolvedDate(None, "unknown", "ingested", None, None, None)
