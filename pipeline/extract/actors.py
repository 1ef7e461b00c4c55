"""Actor mentions in a sentence: gazetteer names, titles, appositions and coreference.

Resolves "Russia's ambassador to the United States, Anatoly Antonov" to one actor (Antonov,
ambassador, RUS, diplomatic), "U.S. officials" to (United States, official, USA), "the Kremlin"
to Russia's government, later "Antonov states" and "He cautions" back to the person.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace
from functools import cache

from pipeline.extract.gazetteer import (
    ActorEntry,
    PhraseMatcher,
    StateEpithet,
    actor_matcher,
    load_actors,
    load_roles,
    load_short_names,
    load_state_epithets,
    role_matcher,
)
from pipeline.extract.sentences import split_sentences

# People who comment on events without being parties to them.
_COMMENTATORS = re.compile(
    r"\b(?:analysts?|observers?|experts?|commentators?|scholars?|researchers?|pundits?|"
    r"critics?|economists?|fans|spectators|residents|investors|traders)\b",
    re.I,
)
_GROUPS = re.compile(
    r"\b(?:(?:the\s+)?West(?:ern)?\s+(?:partners|countries|nations|powers|allies|governments|"
    r"capitals|states|diplomats|officials|leaders|envoys|negotiators)|the\s+West(?!\s+Bank)|Western\s+(?:sponsors|counterparts|observers|monitors)|(?<!South\s)(?<!Central\s)(?<!West\s)(?<!East\s)(?<!North\s)(?:Gulf|European|Arab|"
    r"Nordic|Baltic|African|Asian)\s+(?:partners|countries|nations|states|governments|mediators|"
    r"leaders|foreign\s+ministers|ministers|diplomats|officials|envoys|parliaments)|"
    r"(?:world|global|regional|major)\s+powers|the\s+international\s+community)\b"
)
# A named organisation the gazetteers lack, by the head noun of its name: "the Ceasefire
# Violations Committee (CFVC)", "the Umma (Nation) party" (CAMEO codes such bodies as parties,
# movements, NGOs or rebel groups; a name the gazetteer partly claims is left to it).
_ORG_NAME = re.compile(
    r"\b(?!(?:The|A|An|In|On|At|For|But|And|Premier|National\s+Football|Football|Baseball|"
    r"Basketball|Hockey|Rugby|Cricket)\b)"
    r"(?:[A-Z][\w'’-]+\s+(?:\([A-Z][\w\s'’-]*\)\s+)?){1,5}"
    r"(?:Party|party|Front|Movement|Council|Committee|League|Army|Brigades?|Alliance|Congress|"
    r"Coalition|Organi[sz]ation|Union)\b(?:\s+\([A-Z]{2,8}\))?"
)
# "Movement for Democratic Change", "Front for the Liberation of Mozambique": the head first
_ORG_FOR = re.compile(
    r"\b(?:Movement|Front|Alliance|Party|Union|Congress|Council|League|Coalition)[ \t]+for[ \t]+"
    r"(?:the[ \t]+)?(?:[A-Z][\w'’-]+[ \t]+(?:and[ \t]+|of[ \t]+)?){0,3}[A-Z][\w'’-]+"
)
_TITLES = frozenset(
    """Vice Premier Minister President Prime Chancellor Secretary General Trade Representative
    Deputy Crown Prince Princess Supreme Leader Ayatollah Sheikh King Queen Emir Chief Senator
    Speaker Ambassador Envoy Foreign Defense Defence Interior Finance National Security Adviser
    Advisor Director Commander Admiral Colonel Governor Mayor Spokesman Spokeswoman Spokesperson
    Special Acting Former Senior Top Head Sultan Pope Archbishop Mr Mrs Ms Dr Gen Lt Col Judge
    Prosecutor Attorney""".split()
)
_NAME = re.compile(
    r"\b[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ'’\-]+(?:\s+(?:[A-Z]\.\s+)?(?:bin\s+|al-|de\s+|van\s+)?"
    r"[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ'’\-]+){1,6}\b"
)
_CURRENCY = re.compile(r"\s?\$")
_PRONOUN_REACH = 400  # characters back to the antecedent of "it" or "they"
_EXPLETIVE = re.compile(
    r"\s+(?:is|was|has\s+been|had\s+been|would\s+be|will\s+be|seems|seemed|appears|appeared|"
    r"remains|remained)\b"
)
_PRONOUN = re.compile(r"\b(?:He|She|he|she|They|they|It|it|them|him)\b")
_PRONOUN_CASE = {"them": "they", "him": "he"}
# What may open a sentence before its subject besides capitalised words and numbers ("On
# Monday, Iran ...", "The Chechen leadership ...", "In Tehran, the foreign ministry ..."): never
# a lower-case verb.
_HEAD_LEAD_WORDS = frozenset({"the", "a", "an", "of", "and", "in", "on", ","})
# A subject pronoun opening a sentence (after "But", "And", "Yet"): its sentence's subject
_HEAD_PRONOUN = re.compile(r"(?:(?:But|And|Yet|Still|However,?)\s+)?(?:It|They)\b")
_OBJECT_ANTECEDENTS = {
    "them": frozenset({"group", "official", "demonym", "role"}),
    "him": frozenset({"person"}),
}
# "the two countries", "both sides": the last two states named
_PAIR = re.compile(
    r"\b(?:(?:[Tt]he\s+two|[Bb]oth)\s+(?:countries|nations|governments|states|sides|neighbou?rs|"
    r"capitals|rivals|foes|adversaries)|[Tt]he\s+(?:two\s+)?neighbou?rs(?!\s+of\b)"
    r"|[Tt]he\s+(?:(?:old|regional|bitter|longtime|long-time)\s+)?(?:arch-?)?(?:rivals|foes)"
    r"(?!\s+of\b))\b"
)
_INDEFINITE_BEFORE = re.compile(r"\b(?:an?|one)\s+$", re.I)
_STATE_KINDS = frozenset({"country", "capital", "demonym", "institution"})
# Combining forms that open a hyphenated pair of states ("Sino-Soviet", "Indo-Pakistani",
# "Anglo-Irish"), and "inter-Korean" for the two Koreas
_COMBINING_FORMS = {
    "Sino": ("CHN", "China"),
    "Indo": ("IND", "India"),
    "Russo": ("RUS", "Russia"),
    "Franco": ("FRA", "France"),
    "Anglo": ("GBR", "United Kingdom"),
    "Turco": ("TUR", "Turkey"),
    "Greco": ("GRC", "Greece"),
    "Italo": ("ITA", "Italy"),
}
_COMBINING_PAIR = re.compile(
    r"\b(Sino|Indo|Russo|Franco|Anglo|Turco|Greco|Italo|[Ii]nter)[-–]"
    r"(Korean|[A-Z][a-z]+)\b(?![-–])"
)
# Cities that wire copy uses for a body seated there ("Brussels" for the EU); after a locative
# preposition they are only the city.
_SEAT_CITIES = frozenset({"Brussels"})
_LOCATIVE = re.compile(r"\b(?:in|at|near|outside|around|via)\s+$", re.I)
_BARE_CONGO = re.compile(r"\bCongo(?:lese)?(?:['’]s)?(?![\w-])")
_BACKGROUND_BEFORE = re.compile(r"\b(?:where|which|that|as|while|when|whom|since|because)\s+$")
_POSSESSIVE = re.compile(r"^(?:'s|’s|')")
_NOT_NAME_WORDS = frozenset(
    """The A An In On At For But And Or If As After Before Earlier Later While When Since During
    Reports Analysts Officials Observers Western American Russian Chinese European This That These
    Those Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May
    June July August September October November December Secretary Minister President Ambassador
    Foreign State Treaty Talks Strategic Arms Reduction New Joint Security Council General
    Assembly United Nations""".split()
)
# Leaders' surnames that are also common surnames, given names or words ("Major", "Silva",
# "Saleh", "Jonathan"): they name the leader only after the full name appears in the article.
_SHARED_SURNAMES = frozenset(
    """Major Brown Howard Jonathan Taylor Harper Silva Ramos Ortega Salinas Gonzalez González
    Calderon Calderón Saleh Suleiman Mohamad Barre Marcos Mariam Wahid Jung Mori
    Omar Garcia García Avril Chaudhry Panic Santos Conte Horn Perez Pérez Duarte Caldera
    Dung Begin""".split()
)


# A state's name inside the name of a river, sea or valley ("the Zaire River", "the South China
# Sea", "the Jordan Valley", "the Gulf of Mexico") is geography, not the state acting.
_PLACE_KINDS = frozenset({"country", "capital", "demonym"})
_FEATURE_AFTER = re.compile(r"[ \t]+(?:River|Delta|Valley|Basin|Sea)\b")
_FEATURE_BEFORE = re.compile(r"\b(?:Gulf|Sea|Bay|Strait)[ \t]+of[ \t]+(?:the[ \t]+)?$")


def _is_geographic_feature(sentence: str, start: int, end: int) -> bool:
    return bool(_FEATURE_AFTER.match(sentence, end) or _FEATURE_BEFORE.search(sentence, 0, start))


# Place names that are also given names: followed by a further name word they begin a person's
# name ("Jordan Bardella", "Washington Okumu", "Chad Wolf"), not the state.
_GIVEN_NAME_PLACES = frozenset("Jordan Washington Chad Georgia Paris Santiago Victoria".split())
# one further name word that ends the name ("Kenya Anti-Corruption Commission" is a body)
_NEXT_WORD = re.compile(r" ([A-Z][a-z]+)(?=[ \t]+[a-z]|[,;:.)]|$)")


def _given_name(sentence: str, start: int, end: int, role_table: frozenset[str]) -> bool:
    if sentence[start:end] not in _GIVEN_NAME_PLACES:
        return False
    nxt = _NEXT_WORD.match(sentence, end)
    if nxt is None:
        return False
    word = nxt.group(1)
    return not (
        word in _NOT_NAME_WORDS
        or word in _TITLES
        or word in _US_OFFICE_WORDS
        or word.lower() in role_table
        or word in _NOT_SURNAMES
        or word in _ORG_WORDS
        or actor_matcher().regex.match(sentence, nxt.start(1))
    )


# A US state's office holder ("Georgia Senator Sam Nunn", "Washington state Governor Jay Inslee")
# is American: the state that shares its name with a country or capital is not meant.
_US_OFFICE_WORDS = frozenset(
    """Senator Sen. Governor Gov. Representative Rep. Congressman Congresswoman Democrat
    Republican Democrats Republicans""".split()
)
_US_STATE_OFFICE = re.compile(
    r"(?:\s+state)?\s+(?:Senator|Sen\.|Governor|Gov\.|Representative|Rep\.|Congressman|"
    r"Congresswoman|Democrats?|Republicans?|senators?|governor|lawmakers?|legislators?|"
    r"legislature|congressman|congresswoman)\b"
)
_US_STATES_SHARING = frozenset({"Georgia", "Washington"})


def _us_state(entry: ActorEntry, text: str) -> ActorEntry:
    if text not in _US_STATES_SHARING:
        return entry
    return replace(entry, name="United States", country="USA", kind="country", role=None)


_ETHNIC = re.compile(r"\b[Ee]thnic[ \t]+$")
_CRITIC = re.compile(
    r"[ \t]+(?:critics?|opponents?|dissidents?|foes?"
    # "the Sudanese opposition rejected": not "opposition to the plan" ("opposition senator"
    # and other titles: see _opposition_head)
    r"|opposition(?![ \t]+to\b))\b"
)
_WORD_AFTER = re.compile(r"[ \t]+([a-z]+)")
# words after "opposition" that make it a modifier of a person or body ("opposition activist")
_OPPOSITION_HEADS = frozenset(
    """party parties group groups figure figures politician politicians activist activists
    supporter supporters member members alliance coalition movement bloc forces lawmaker
    lawmakers deputy deputies candidate candidates newspaper paper""".split()
)


def _opposition_head(sentence: str, end: int, role_table: frozenset[str]) -> bool:
    """Does a title or body noun follow "opposition" ("opposition senator", "opposition
    party")? Then "opposition" only qualifies it."""
    m = _WORD_AFTER.match(sentence, end)
    if m is None:
        return False
    word = m.group(1)
    return word in _OPPOSITION_HEADS or word in role_table or f"opposition {word}" in role_table


# Heads of a body named for a state: national ones belong to it (CAMEO codes "the Kenya Human
# Rights Commission" and "the Nigeria Labour Congress" as Kenyan and Nigerian), the others only
# name their subject ("the Iraq Study Group", "the Syria Campaign").
_NATIONAL_BODY_HEADS = frozenset(
    """Commission Congress Union League Association Council Assembly Party Front Movement
    Federation Confederation Alliance""".split()
)
_SUBJECT_BODY_HEADS = frozenset(
    """Group Campaign Foundation Institute Fund Project Society Centre Center Trust Network
    Watch Initiative Forum Committee""".split()
)
_NAMED_BODY = re.compile(
    r"(?:[ \t]+(?!(?:and|of|the)\b)[A-Z][\w'’-]*){0,3}[ \t]+("
    + "|".join(sorted(_NATIONAL_BODY_HEADS | _SUBJECT_BODY_HEADS))
    + r")\b(?![ \t]+(?:of|for)\b)"
)


@dataclass(frozen=True, slots=True)
class ActorMention:
    """One resolved actor phrase in a sentence (offsets relative to the sentence)."""

    start: int
    end: int
    text: str
    name: str | None
    country: str | None
    sector: str | None
    role: str | None
    kind: str  # country, capital, demonym, institution, person, igo, group, role, pronoun
    political: bool = True
    modifier: bool = False  # only qualifies a thing or crowd: may be a target, never a source
    host: ActorMention | None = None  # "ambassador to Spain": the state the envoy is posted to
    partner: ActorMention | None = None  # "the two sides": the second of the pair


# states whose names put the surname first in English wire copy ("Xi Jinping", "Moon Jae-in")
_SURNAME_FIRST = frozenset({"CHN", "TWN", "HKG", "MAC", "KOR", "PRK"})
_ARTICLE_PREFIX = re.compile(r"^(?:al|el|Al|El|ad|as|ash|at|az|ar)[-‑]")


@dataclass
class ArticleMemory:
    """What earlier sentences of the article said, for surnames, pronouns and 'the ambassador'."""

    persons: dict[str, ActorMention] = field(default_factory=dict)  # surname -> person
    last_person: ActorMention | None = None
    last_actor: ActorMention | None = None
    by_role: dict[str, ActorMention] = field(default_factory=dict)
    last_subject: str | None = None
    last_plural: ActorMention | None = None  # what "they" most likely points at
    on: dt.date | None = None  # the article's date, to pick who held an office then
    countries: set[str] = field(default_factory=set)  # every state named so far
    clock: int = 0  # article offset of the text being read
    last_actor_at: int = -(10**9)  # article offset where last_actor was named
    states: list[ActorMention] = field(default_factory=list)  # recent states, one per country
    venues: set[str] = field(default_factory=set)  # states last named as places
    parties: set[str] = field(default_factory=set)  # states named once as more than a place
    head: ActorMention | None = None  # the last sentence's subject, for a subject "It", "They"
    head_at: int = -(10**9)  # article offset where that sentence's subject was named

    def remember_head(self, sentence: str, actors: list[ActorMention], offset: int) -> None:
        """The actor a sentence opens with ("Iran rejected ...", "The Chechen leadership
        accused ..."), for a next sentence that opens "It also accused ..." or "They agreed"."""
        for a in sorted(actors, key=lambda a: a.start):
            lead = sentence[: a.start].replace(",", " , ").split()
            if not all(w[0].isupper() or w[0].isdigit() or w in _HEAD_LEAD_WORDS for w in lead):
                return
            if a.political and not a.modifier and a.country is not None:
                self.head = a
                self.head_at = offset + a.start
                return

    def remember_state(self, actor: ActorMention, venue: bool | None = None) -> None:
        """A state named, for "the kingdom" and "its neighbour" later on; a venue ("was in
        Kuwait", "had left Cambodia") is only where a party was (None: as it was)."""
        if actor.country and actor.kind in _STATE_KINDS and not actor.modifier:
            kept = [a for a in self.states if a.country != actor.country][-3:]
            self.states = [*kept, actor]
            if venue is not None:
                self.venues.discard(actor.country)
                if venue:
                    self.venues.add(actor.country)
                else:
                    self.parties.add(actor.country)

    def remember(self, actor: ActorMention, venue: bool | None = None) -> None:
        if actor.country:
            self.countries.add(actor.country)
        self.remember_state(actor, venue)
        if actor.kind != "pronoun" and (
            not actor.political or actor.kind in ("group", "official", "demonym", "role")
        ):
            self.last_plural = actor
        if actor.kind == "person" and actor.name:
            surname = actor.name.split()[-1]
            self.persons.pop(surname, None)
            self.persons[surname] = actor
            words = actor.name.split()
            if actor.country in _SURNAME_FIRST and 2 <= len(words) <= 3:
                # "Wang Yi", later "Wang": Chinese and Korean names put the surname first
                self.persons.pop(words[0], None)
                self.persons[words[0]] = actor
            bare = _ARTICLE_PREFIX.sub("", surname)
            if bare != surname and len(bare) > 2:
                # "Abdel Fattah al-Sisi", later "Sisi": Arabic names drop the article
                self.persons.pop(bare, None)
                self.persons[bare] = actor
            if len(self.persons) > 64:  # bounded: each sentence looks for every surname
                del self.persons[next(iter(self.persons))]
            self.last_person = actor
            if actor.role:
                self.by_role[actor.role] = actor
        if actor.kind not in ("pronoun",) and actor.political and not actor.modifier:
            self.last_actor = actor
            self.last_actor_at = self.clock + actor.start


@cache
def _role_words() -> frozenset[str]:
    """Role patterns in lower case, for telling a title word from a name word."""
    return frozenset(r.pattern.lower() for r in load_roles())


_KOREAS = re.compile(r"\bthe\s+(North|South)\b(?!\s+(?:Korea|Korean)\b)(?:['’]s)?")
# "North and South Korea", "South and North Korea": the first word names a state of its own
_KOREA_PAIR = re.compile(r"\b(North|South)(?=\s+and\s+(?:North|South)\s+Korea\b)")
_ADMINISTRATION = re.compile(
    r"\b(?:the\s+)?([A-Z][a-z]+)\s+(?:administration|government|cabinet)\b"
)


_LEADING_ROLES = frozenset({"president", "head_of_government", "head_of_state"})


@cache
def _short_forms() -> dict[str, frozenset[str]]:
    """Reviewed short forms of office holders' names ("Lula", "Xi", "Saddam"), by form."""
    out: dict[str, set[str]] = {}
    for row in load_short_names():
        out.setdefault(row.form, set()).add(row.name)
    return {k: frozenset(v) for k, v in out.items()}


@cache
def _surname_rows() -> dict[str, tuple[ActorEntry, ...]]:
    """Every office of every person who may be named by surname alone: heads of state or
    government by the last word of their name (bare of "al-"), others by a reviewed short form.
    Each surname keeps the offices of everyone bearing it, so that the article's date decides."""
    offices: dict[str, dict[tuple[object, ...], ActorEntry]] = {}
    surnames: dict[str, set[str]] = {}  # surname -> persons bearing it
    for a in load_actors():
        if a.kind != "person" or not a.name:
            continue
        key = (a.role, a.country, a.valid_from, a.valid_to, a.sector)
        offices.setdefault(a.name, {}).setdefault(key, a)
        last = a.pattern.split()[-1]
        for form in {last, _ARTICLE_PREFIX.sub("", last)}:
            surnames.setdefault(form, set()).add(a.name)
    forms: dict[str, set[str]] = {}
    for form, names in surnames.items():
        if (
            form in _NOT_NAME_WORDS
            or form in _TITLES
            or form in _SHARED_SURNAMES
            or len(form) <= 3
            or not form[0].isupper()
        ):
            continue
        if any(r.role in _LEADING_ROLES for n in names for r in offices[n].values()):
            forms[form] = set(names)
    for form, listed in _short_forms().items():
        forms.setdefault(form, set()).update(n for n in listed if n in offices)
    return {
        form: tuple(replace(r, pattern=form) for n in sorted(names) for r in offices[n].values())
        for form, names in forms.items()
        if names
    }


def _pick_office(rows: tuple[ActorEntry, ...], on: dt.date | None) -> ActorEntry | None:
    """The office a bare surname names on the article's date: among the offices then held, one
    of a single state (a head's first); with none held then, the latest office of the one person
    bearing it.
    Bearers of different states ("Hussein": Jordan's king or Iraq's president) stay unresolved."""
    active = [r for r in rows if on is not None and r.active_on(on)]
    if active:
        if len({r.country for r in active}) != 1:
            return None
        pool = [r for r in active if r.role in _LEADING_ROLES] or active
    elif len({r.name for r in rows}) == 1:
        pool = list(rows)  # out of office, or no date: the latest office
    else:
        return None  # "Clinton" after both Clintons left office: which one is unknown
    return max(pool, key=lambda r: (r.valid_to or dt.date.max, r.valid_from or dt.date.min))


@cache
def _surnames() -> dict[str, ActorEntry]:
    """Surnames that name one person whatever the date, for "the Biden administration"."""
    out: dict[str, ActorEntry] = {}
    for form, rows in _surname_rows().items():
        picked = _pick_office(rows, None)
        if picked is not None:
            out[form] = picked
    return out


@cache
def _surname_matcher() -> PhraseMatcher[ActorEntry]:
    """Leaders' surnames and reviewed short forms ("May" is a month, "Moon" a word)."""
    return PhraseMatcher(
        (r for rows in _surname_rows().values() for r in rows),
        stop=r"(?!\w)(?!-)(?![’'](?!s\b))",  # "Reagan's meeting", not "Reagan-era"
    )


# A surname inside another person's name: after a given name ("Chelsea Clinton") or before a
# further name word ("Abbas Kiarostami").
_NAME_BEFORE = re.compile(r"(?<![\w.'’-])([A-Z][a-z]+)[ \t]+$")
_NAME_AFTER = re.compile(r"[ \t]+([A-Z][a-z]+)\b(?!['’])")


# Sentence adverbs that may stand before a surname ("Then Putin said"), not given names.
_OPENING_WORDS = frozenset(
    """Then Now Meanwhile So Yet Also Still Here There Today Yesterday Tomorrow Instead Thus
    Hence Moreover However Separately Elsewhere Finally Both Only Even Why How What Where Who
    Once Until Although Though Because Whether Did Does Do Has Had Was Is Will Would Can Could
    Should Must May Might Not""".split()
)


def _inside_other_name(sentence: str, start: int, end: int) -> bool:
    before = _NAME_BEFORE.search(sentence, 0, start)
    if before and before.end() == start:
        word = before.group(1)
        if not (
            word in _TITLES
            or word in _NOT_NAME_WORDS
            or word in _OPENING_WORDS
            or word.lower() in _role_words()
            or actor_matcher().regex.fullmatch(word)
        ):
            return True
    after = _NAME_AFTER.match(sentence, end)
    return bool(after and after.group(1) not in _NOT_NAME_WORDS)


@cache
def _offices() -> dict[str | None, list[ActorEntry]]:
    """Every office row of each person, by the person's name."""
    out: dict[str | None, list[ActorEntry]] = {}
    for a in load_actors():
        if a.kind == "person":
            out.setdefault(a.name, []).append(a)
    return out


def _office_in(name: str | None, country: str | None, role: str | None) -> ActorEntry | None:
    """The person's office for that state: the one of that role, else the latest."""
    rows = [a for a in _offices().get(name, []) if a.country == country]
    if not rows:
        return None
    same_role = [a for a in rows if a.role == role]
    return max(same_role or rows, key=lambda a: a.valid_from or dt.date.min)


def _state_named(m: re.Match[str], name: str | None, iso3: str) -> ActorMention:
    """A state's government named by a phrase the gazetteer cannot resolve alone ("the North",
    a bare "Congo"), once the sentence or article has decided which state it is (not cached:
    a cache keyed by the match would keep every sentence read)."""
    return ActorMention(m.start(), m.end(), m.group(), name, iso3, "government", None, "country")


def _named_span(
    sentence: str, start: int, end: int, country: str | None, sector: str, kind: str
) -> ActorMention:
    """An actor named by its whole span (a body of a state, a state's critic), with no role."""
    text = sentence[start:end]
    return ActorMention(start, end, text, text, country, sector, None, kind)


def _country_name(iso3: str) -> str | None:
    for a in load_actors():
        if a.kind == "country" and a.country == iso3:
            return a.name
    return None


def _alternation(words: set[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@cache
def _epithet_pattern() -> re.Pattern[str]:
    """ "the kingdom", "the Gulf state", "the oil-rich emirate", "the hermit kingdom": an epithet
    of state_epithets.tsv, the one list of them; never "the island of Crete" nor a bare "the state"
    ("accused the kingdom of supporting" is one). A possessive's "'s" stays outside the span, as
    with names."""
    rows = load_state_epithets()
    heads = _alternation({r.word for r in rows if r.head})
    quals = _alternation({r.word for r in rows if not r.head})
    return re.compile(
        rf"\b[Tt]he[ \t]+((?:(?:{quals})[ \t]+){{0,2}})({heads})\b"
        r"(?![ \t]+of[ \t]+(?:the[ \t]+)?[A-Z])(?!-)"
    )


@cache
def _epithet_rows() -> dict[str, tuple[StateEpithet, ...]]:
    out: dict[str, list[StateEpithet]] = {}
    for r in load_state_epithets():
        out.setdefault(r.word, []).append(r)
    return {k: tuple(v) for k, v in out.items()}


def _admitted(words: list[str], country: str, on: dt.date | None) -> bool:
    """Every word of the epithet admits the state (a word listed twice: any of its rows)."""
    rows = _epithet_rows()
    return all(any(r.admits(country, on) for r in rows[w]) for w in words)


def _epithet_states(
    sentence: str, raw: list[ActorMention], memory: ArticleMemory
) -> list[tuple[re.Match[str], ActorMention]]:
    """Each epithet with the state it names: the most recent one before it (this sentence, then
    the article) that all its words admit; with none named before, one named later in the same
    sentence ("The island's leader accused Beijing of meddling in Taiwan's elections")."""
    out: list[tuple[re.Match[str], ActorMention]] = []
    rows = _epithet_rows()
    for m in _epithet_pattern().finditer(sentence):
        head = m.group(2).lower()
        quals = m.group(1).split()
        words = [*_qualifier_words(m.group(1)), head]
        if not quals and rows[head][0].countries is None:
            continue  # "the state", "the country": too general
        here = sorted(
            (a for a in raw if a.kind in _STATE_KINDS and a.country and not a.modifier),
            key=lambda a: a.start,
        )
        before = [a for a in here if a.end <= m.start()][::-1] + memory.states[::-1]
        after = [a for a in here if a.start >= m.end()]
        fit = [a for a in before or after if a.country and _admitted(words, a.country, memory.on)]
        # a party before a place: "Vietnam said its troops had left Cambodia. Thailand urged
        # the communist state" is Vietnam, though Cambodia was one too
        parties = [a for a in fit if a.country not in memory.venues]
        if parties or fit:
            out.append((m, (parties or fit)[0]))
    return out


def _qualifier_words(text: str) -> list[str]:
    """The qualifiers of an epithet, multi-word ones ("Central Asian") kept whole."""
    quals = {r.word for r in load_state_epithets() if not r.head}
    found: list[str] = []
    rest = text.strip()
    while rest:
        word = next((q for q in sorted(quals, key=len, reverse=True) if rest.startswith(q)), None)
        if word is None:
            break
        found.append(word)
        rest = rest[len(word) :].strip()
    return found


# a state named as where someone was or went from, not as a party ("in Kuwait", "left Cambodia")
_VENUE_BEFORE = re.compile(r"\b(?:in|at|left)[ \t]+$")

# "its neighbour", "their western neighbour": the most recent other state named
_NEIGHBOUR = re.compile(
    r"\b(?:its|their)[ \t]+(?:(?:[a-z-]+|Gulf|Arab|African|Asian|European|Balkan|Baltic)[ \t]+)?"
    r"neighbou?r\b(?!s)(?:['’]s)?"
)


def _neighbours(
    sentence: str, raw: list[ActorMention], memory: ArticleMemory
) -> list[tuple[re.Match[str], ActorMention]]:
    """ "Iraq summoned the Iranian ambassador and accused its neighbour": "its" is the clause's
    first state; the neighbour the latest other state named before it."""
    out: list[tuple[re.Match[str], ActorMention]] = []
    for m in _NEIGHBOUR.finditer(sentence):
        here = sorted(
            (
                a
                for a in raw
                if a.end <= m.start() and a.kind in _STATE_KINDS and a.country and not a.modifier
            ),
            key=lambda a: a.start,
        )
        owner = here[0] if here else memory.last_actor
        if owner is None or not owner.country:
            continue
        for a in here[::-1] + memory.states[::-1]:
            if a.country and a.country != owner.country:
                out.append((m, a))
                break
    return out


def remember_names(text: str, memory: ArticleMemory, offset: int = 0) -> None:
    """Cheaply note the people and states named in text the extractor skips (no trigger), so
    that later surnames, pronouns and "the ambassador" still resolve."""
    if not text.strip():
        return
    memory.clock = offset
    found = [
        ActorMention(start, end, text[start:end], e.name, e.country, e.sector, e.role, e.kind)
        for start, end, e in actor_matcher().finditer(text, memory.on)
        # "an American businessman": one person's nationality, no party
        if not (e.kind == "demonym" and _INDEFINITE_BEFORE.search(text, max(0, start - 8), start))
    ]
    for a in found:
        memory.remember(a, venue=bool(_VENUE_BEFORE.search(text, 0, a.start)))
    if found:  # the subject of the last sentence read, for "It said ..." next
        last = split_sentences(text)[-1][0]
        here = [
            replace(a, start=a.start - last, end=a.end - last) for a in found if a.start >= last
        ]
        memory.remember_head(text[last:], here, offset + last)


def name_ends(sentence: str) -> set[int]:
    """Offsets where a gazetteer name (state, institution, person, group) ends: cheap, for
    telling "Ghana and Togo demand" (a subject before the verb) from "cools demand"."""
    return {m.end() for m in actor_matcher().regex.finditer(sentence)}


def find_actors(sentence: str, memory: ArticleMemory) -> list[ActorMention]:
    """Every actor phrase in the sentence, left to right, titles and appositions folded in."""
    role_table = _role_words()
    raw: list[ActorMention] = []
    taken = [False] * (len(sentence) + 1)

    def claim(s: int, e: int) -> bool:
        if any(taken[s:e]):
            return False
        for i in range(s, e):
            taken[i] = True
        return True

    if "Korea" in sentence or memory.countries & {"PRK", "KOR"}:
        for m in _KOREAS.finditer(sentence):  # "the North", "the South" in Korean stories
            north = m.group(1) == "North"
            if claim(m.start(), m.end()):
                iso = "PRK" if north else "KOR"
                raw.append(_state_named(m, "North Korea" if north else "South Korea", iso))
    for m in _COMBINING_PAIR.finditer(sentence):
        # "Sino-Japanese", "Indo-Pakistani", "inter-Korean": a pair in one word
        if not _PAIR_NOUN.match(sentence, m.end()):
            continue  # "the Anglo-Dutch group": a firm
        if m.group(1).lower() == "inter":
            if m.group(2) != "Korean":
                continue  # "inter-American", "inter-Arab": no pair
            lead, rest = ("KOR", "South Korea"), ("PRK", "North Korea")
        else:
            lead = _COMBINING_FORMS[m.group(1)]
            found = actor_matcher().finditer(m.group(2), memory.on)
            if len(found) != 1 or found[0][1] != len(m.group(2)):
                continue
            e = found[0][2]
            if e.country is None or e.country == lead[0] or not e.name:
                continue
            rest = (e.country, e.name)
        if claim(m.start(), m.end()):
            other = _state_named(m, rest[1], rest[0])
            raw.append(replace(_state_named(m, lead[1], lead[0]), kind="group", partner=other))
    for m in _KOREA_PAIR.finditer(sentence):
        north = m.group(1) == "North"
        if claim(m.start(), m.end()):
            iso = "PRK" if north else "KOR"
            raw.append(_state_named(m, "North Korea" if north else "South Korea", iso))
    for m in _ADMINISTRATION.finditer(sentence):
        rows = _surname_rows().get(m.group(1))
        person = _pick_office(rows, memory.on) if rows else None
        if person is not None and claim(m.start(), m.end()):
            raw.append(
                ActorMention(
                    m.start(),
                    m.end(),
                    m.group(),
                    person.country and _country_name(person.country),
                    person.country,
                    "government",
                    None,
                    "institution",
                )
            )
    for m in _GROUPS.finditer(sentence):
        if claim(m.start(), m.end()):
            raw.append(
                ActorMention(
                    m.start(),
                    m.end(),
                    m.group(),
                    _group_name(m.group()),
                    None,
                    "government",
                    None,
                    "group",
                )
            )
    titles: list[tuple[int, int]] = []  # chamber titles matched as institutions
    for start, end, e in actor_matcher().finditer(sentence, memory.on):
        if e.kind in _PLACE_KINDS and _is_geographic_feature(sentence, start, end):
            continue
        if e.kind in _PLACE_KINDS and _given_name(sentence, start, end, role_table):
            continue
        if e.kind in _PLACE_KINDS and _US_STATE_OFFICE.match(sentence, end):
            e = _us_state(e, sentence[start:end])
        if sentence[start:end] in _SEAT_CITIES and _LOCATIVE.search(sentence, 0, start):
            continue  # "police in Brussels", "met in Brussels": the city, not the body there
        body = _NAMED_BODY.match(sentence, end) if e.kind in _PLACE_KINDS else None
        if body is not None and claim(start, body.end()):
            # "the Kenya Human Rights Commission", "the Nigeria Labour Congress": a body of the
            # state; "the Iraq Study Group", "the Syria Campaign": a body about it, of no state
            national = body.group(1) in _NATIONAL_BODY_HEADS
            raw.append(
                _named_span(
                    sentence,
                    start,
                    body.end(),
                    e.country if national else None,
                    "unknown" if national else "civil_society",
                    "official" if national else "group",  # a state's body, as its officials
                )
            )
            continue
        critic = _CRITIC.match(sentence, end)
        if (
            critic is not None
            and critic.group().endswith("opposition")
            and _opposition_head(sentence, critic.end(), role_table)
        ):
            critic = None
        if critic is not None and claim(start, critic.end()):
            # "Kremlin critic Alexei Navalny": of the state, against its government
            raw.append(_named_span(sentence, start, critic.end(), e.country, "opposition", "group"))
            continue
        if e.kind == "demonym" and _ETHNIC.search(sentence, 0, start):
            # "ethnic Albanian rebels in Macedonia", "ethnic Hungarians in Serbia": a people of
            # the state where they live (CAMEO), not of the state their name recalls
            if claim(start, end):
                # an adjective still only qualifies ("ethnic Albanian parties")
                raw.append(_named_span(sentence, start, end, None, "civil_society", "demonym"))
            continue
        if claim(start, end):
            if e.kind == "institution" and e.role:
                titles.append((start, end))  # "House Speaker": a title a name may follow
            raw.append(
                ActorMention(
                    start,
                    end,
                    sentence[start:end],
                    e.name,
                    e.country,
                    e.sector,
                    e.role,
                    e.kind,
                    # a state firm is its state's business: a target of sanctions, never a source
                    modifier=e.sector == "business",
                )
            )
    for m in _BARE_CONGO.finditer(sentence):
        # bare "Congo" names two states: the one the article or sentence otherwise names
        seen = {a.country for a in raw if a.country} | memory.countries
        which = seen & {"COD", "COG"}
        if len(which) != 1 or _is_geographic_feature(sentence, m.start(), m.end()):
            continue
        iso = which.pop()
        if claim(m.start(), m.end()):
            raw.append(_state_named(m, _country_name(iso), iso))
    for m, state in _epithet_states(sentence, raw, memory) + _neighbours(sentence, raw, memory):
        if claim(m.start(), m.end()):
            raw.append(_state_named(m, state.name, state.country or ""))
    for m in _PAIR.finditer(sentence):
        if _BACKGROUND_BEFORE.search(sentence, 0, m.start()):
            continue  # "in Yemen, where the two countries back opposing sides": background
        here = [a for a in raw if a.end <= m.start() and a.kind in _STATE_KINDS and a.country]
        named: list[ActorMention] = []
        # a state named only as a place ("met secretly in Switzerland") is no party of the pair
        parties = [
            a
            for a in memory.states
            if a.country not in memory.venues or a.country in memory.parties
        ]
        for a in parties + here:
            named = [b for b in named if b.country != a.country] + [a]
        if len(named) >= 2 and claim(m.start(), m.end()):
            first, second = named[-2], named[-1]
            raw.append(
                ActorMention(
                    m.start(),
                    m.end(),
                    m.group(),
                    f"{first.name} and {second.name}",
                    first.country,  # a pair acts as its first-named state, as joint acts do
                    "government",
                    None,
                    "group",
                    # the second state stands in the same words, for a joint act or "each other"
                    partner=ActorMention(
                        m.start(),
                        m.end(),
                        m.group(),
                        second.name,
                        second.country,
                        "government",
                        None,
                        "group",
                    ),
                )
            )
    for m in _ORG_FOR.finditer(sentence):
        if not any(taken[m.start() : m.end()]) and claim(m.start(), m.end()):
            raw.append(
                ActorMention(
                    m.start(), m.end(), m.group(), m.group(), None, "unknown", None, "group"
                )
            )
    for m in _ORG_NAME.finditer(sentence):
        if not any(taken[m.start() : m.end()]) and claim(m.start(), m.end()):
            raw.append(
                ActorMention(
                    m.start(), m.end(), m.group(), m.group(), None, "unknown", None, "group"
                )
            )
    # a head of state or government by surname alone ("Putin offered ...", "President Bush")
    for start, end, rows in _surname_matcher().finditer_all(sentence):
        picked = _pick_office(rows, memory.on)
        if picked is None or _inside_other_name(sentence, start, end):
            continue
        e = picked
        if claim(start, end):
            raw.append(
                ActorMention(
                    start, end, sentence[start:end], e.name, e.country, e.sector, e.role, "person"
                )
            )
    # surnames of people met earlier in the article
    for surname, known in memory.persons.items():
        if surname not in sentence:
            continue
        for m in re.finditer(rf"\b{re.escape(surname)}\b", sentence):
            if claim(m.start(), m.end()):
                raw.append(replace(known, start=m.start(), end=m.end(), text=m.group()))
    roles: list[tuple[int, int, str, str]] = []
    for start, end, r in role_matcher().finditer(sentence):
        if not any(taken[start:end]):
            roles.append((start, end, r.role, r.sector))
    # unknown person names next to a role ("Mallory Stewart, a ... assistant"), titles stripped
    for m in _NAME.finditer(sentence) if roles or titles else ():
        tokens = [
            (t.start() + m.start(), t.end() + m.start()) for t in re.finditer(r"\S+", m.group())
        ]
        while tokens and (
            any(taken[tokens[0][0] : tokens[0][1]])
            or sentence[tokens[0][0] : tokens[0][1]] in _NOT_NAME_WORDS
            or sentence[tokens[0][0] : tokens[0][1]] in _TITLES
        ):
            tokens.pop(0)
        # "Ousted President Askar Akayev": the name is what follows the last title word
        words = [sentence[a:b] for a, b in tokens]
        titled = [k for k, w in enumerate(words) if w in _TITLES or w.lower() in role_table]
        if titled and titled[-1] < len(tokens) - 1:
            tokens = tokens[titled[-1] + 1 :]
        if len(tokens) == 1 and _titled_surname(sentence, tokens[0], roles):
            pass  # "President Bush", "Foreign Minister Kozyrev": a title and a surname
        elif len(tokens) < 2 or len(tokens) > 4:
            continue
        start, end = tokens[0][0], tokens[-1][1]
        if any(taken[start:end]) or any(rs < end and start < re_ for rs, re_, _, _ in roles):
            continue  # "the Treaty on Conventional Armed Forces": a title inside is no person
        near_role = any(abs(rs - end) < 40 or abs(start - re_) < 40 for rs, re_, _, _ in roles)
        near_role = near_role or any(te + 1 == start for _, te in titles)
        if near_role:
            claim(start, end)
            text = sentence[start:end]
            title = next((r for rs, re_, r, _ in roles if re_ + 1 == start), None)
            country = _surname_country(text, title) if " " not in text else None
            raw.append(ActorMention(start, end, text, text, country, None, None, "person"))
    for rs, re_, role, sector in roles:
        raw.append(ActorMention(rs, re_, sentence[rs:re_], None, None, sector, role, "role"))
    for m in _COMMENTATORS.finditer(sentence):
        if not any(taken[m.start() : m.end()]):
            raw.append(
                ActorMention(
                    m.start(),
                    m.end(),
                    m.group(),
                    None,
                    None,
                    None,
                    None,
                    "commentator",
                    political=False,
                )
            )
    raw.sort(key=lambda a: (a.start, -a.end))
    # "US$ 2.4 billion", "US $2.4 billion"; but "gave Egypt $1.3 billion" names Egypt
    raw = [
        a
        for a in raw
        if not (
            _CURRENCY.match(sentence, a.end)
            and (sentence[a.end] == "$" or len(a.text.replace(".", "")) <= 3)
        )
    ]
    before_sentence = replace(memory)  # what "it" and "they" may point back to
    folded = _of_country(sentence, _fold(sentence, raw, memory))
    pronouns = []
    for m in _PRONOUN.finditer(sentence):
        if any(a.start <= m.start() < a.end for a in folded):
            continue
        if m.group() in ("It", "it") and _EXPLETIVE.match(sentence, m.end()):
            continue  # "It has been reported that ...", "it is likely": nobody
        earlier = [a for a in folded if a.end <= m.start() and a.kind != "pronoun"]
        word = m.group().lower()
        if word in _PRONOUN_CASE:
            # an object pronoun points back within its sentence only, to a state's people
            fits = [
                a
                for a in earlier
                if a.country and a.kind in _OBJECT_ANTECEDENTS[word] and not a.modifier
            ]
            ref = fits[-1] if fits else None
        elif not earlier and _HEAD_PRONOUN.fullmatch(sentence, 0, m.end()):
            # "Iran rejected the sanctions. It also accused Washington ...": the subject of the
            # sentence before, not the last state it named
            ref = _head_antecedent(word, memory) or _antecedent(word, earlier, before_sentence)
        else:
            ref = _antecedent(word, earlier, before_sentence)
        if ref is not None:
            pronouns.append(
                replace(ref, start=m.start(), end=m.end(), text=m.group(), kind="pronoun")
            )
    out = sorted(folded + pronouns, key=lambda a: a.start) if pronouns else folded
    memory.remember_head(sentence, out, memory.clock)
    return out


# Capitalised words that follow a title in the names of firms, places and prizes ("General
# Dynamics", "the Ambassador Bridge", "the President's Cup"), not a surname.
_NOT_SURNAMES = frozenset(
    """Dynamics Mills Atomics Hospital Hotel Street Avenue Square Bridge Park Cup League Award
    Prize Day Palace Office House Hall Plaza Road Airport Station Building Center Centre
    Club""".split()
)


@cache
def _surname_countries() -> dict[tuple[str, str | None], frozenset[str]]:
    """The states of the gazetteer's office holders by surname and office: "President Bush" is
    American whichever Bush is meant; "Judge Sullivan" is no national security adviser."""
    out: dict[tuple[str, str | None], set[str]] = {}
    for a in load_actors():
        if a.kind == "person" and a.country:
            out.setdefault((a.pattern.split()[-1], a.role), set()).add(a.country)
    return {k: frozenset(v) for k, v in out.items()}


def _surname_country(surname: str, role: str | None) -> str | None:
    countries = _surname_countries().get((surname, role), frozenset())
    return next(iter(countries)) if len(countries) == 1 else None


def _titled_surname(
    sentence: str, token: tuple[int, int], roles: list[tuple[int, int, str, str]]
) -> bool:
    """A single capitalised word right after a capitalised title is that office holder's
    surname ("President Bush", "Prime Minister Major"), not a firm's or a place's word."""
    start, end = token
    word = sentence[start:end]
    if (
        word in _NOT_SURNAMES
        or word in _ORG_WORDS
        or word in _NOT_NAME_WORDS
        or word in _TITLES
        or len(word) < 3
        or not word[1:].islower()
    ):
        return False
    return any(
        re_ + 1 == start and sentence[re_] == " " and sentence[rs].isupper()
        for rs, re_, _, _ in roles
    )


# What a nationality word may qualify and still name a state's actor ("Russian officials"); any
# other noun after it makes it a modifier ("Russian manufacturer Sukhoi", "Palestinian youths").
_POLITICAL_HEADS = frozenset(
    """government governments officials official authorities authority president prime premier
    minister ministers ministry foreign defence defense military army troops forces soldiers police
    navy air diplomats diplomat diplomacy envoy envoys ambassador ambassadors embassy consulate
    leader leaders leadership parliament lawmakers legislators delegation delegations side
    counterpart counterparts spokesman spokeswoman spokesperson security intelligence rebels
    opposition negotiators negotiator state regime administration cabinet junta guerrillas militants
    militia militias separatists insurgents counterpart commanders officers warplanes warships
    helicopters tanks jets vessels national nationals and or""".split()
)
# Nominalised acts: a state that owns one is its agent ("Russia's withdrawal from the treaty",
# "Iran's suspension of talks", "Moscow's expulsion of two envoys", "China's warning to Manila"),
# not a possessor of a thing (NomBank's ARG0 of a deverbal noun, Meyers et al. 2004).
_ACT_NOUNS = frozenset(
    """suspension withdrawal expulsion expulsions decision refusal rejection recognition resumption
    restoration offer proposal warning warnings threat threats call calls appeal appeals demand
    demands request requests condemnation criticism accusation accusations denial veto recall
    closure cancellation postponement boycott backing approval acceptance pledge promise invitation
    mediation ratification signing imposition sanctions move support endorsement arrest
    detention plea pleas push halt freezing""".split()
)
# Nouns after a country name that make it a place or brand, not a state acting ("U.S. automaker").
_THING_HEADS = frozenset(
    """automaker automakers carmaker carmakers manufacturer manufacturers company companies firm
    firms airline airlines carrier carriers bank banks stock stocks shares market markets economy
    exchange exchanges investors consumers workforce tanker industry industries sales plant plants
    dealer dealers brand brands car cars giant giants unit units subsidiary operations division
    retailer retailers producer producers maker makers""".split()
)


def _of_country(sentence: str, actors: list[ActorMention]) -> list[ActorMention]:
    """ "Deputy Foreign Minister Rafael Ortiz Mendoza of Colombia": one actor, the person, of
    that country."""
    out: list[ActorMention] = []
    for a in actors:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.kind == "person"
            and prev.country is None
            and a.kind == "country"
            and sentence[prev.end : a.start] == " of "
        ):
            out[-1] = replace(prev, end=a.end, text=sentence[prev.start : a.end], country=a.country)
            continue
        out.append(a)
    return out


# Capitalised words that may stand before a state's name in the state's own title.
_STATE_TITLE_WORDS = (
    frozenset(
        """Kingdom Republic Government State States Emirate Emirates Sultanate Principality Grand
        Duchy Federation Commonwealth Union People's Islamic Democratic Federal United The A In On
        At For By From With And Or But As After Before While When Since During Both Neighbouring
        Neighboring Northern Southern Eastern Western Central North South East West""".split()
    )
    | _TITLES
)


def _in_name(sentence: str, a: ActorMention) -> bool:
    """A state's name inside an organisation's ("Air India", "China Eastern Airlines", "Bank of
    America"): a capitalised word right before it, or right after it, that is no title."""
    before = re.search(
        r"([A-Z][\w&'’-]*)\s+(?:of\s+(?:the\s+)?)?$", sentence[max(0, a.start - 40) : a.start]
    )
    if before is not None and before.group(1) in _ORG_WORDS:
        return True  # "Air Canada", "Bank of America"
    if before is not None and before.group(1) not in _STATE_TITLE_WORDS and a.start > 0:
        prefix = sentence[: a.start - len(before.group(0))].rstrip()
        if prefix and prefix[-1] not in '.!?:;"“':
            return True
    after = re.match(r"\s+([A-Z][a-z]+)\b", sentence[a.end : a.end + 30])
    if after is not None and after.group(1) in _ORG_WORDS:
        return True
    return _hyphen_name(sentence, a)


def _hyphen_name(sentence: str, a: ActorMention) -> bool:
    """A state's name joined by a hyphen to a capitalised word that names no actor is a firm's
    ("Georgia-Pacific"); "India-Pakistan talks", "the Israel-Hamas war" join two parties."""
    joined = re.match(r"[-‑]([A-Z][\w&'’]*)", sentence[a.end : a.end + 30])
    if joined is None or joined.group(1) in _ORG_WORDS:
        return joined is not None
    word = joined.group(1)
    return not actor_matcher().finditer_all(word)


def _demonym_in_name(sentence: str, a: ActorMention) -> bool:
    """A nationality word between two capitalised words of a name is part of a firm's name
    ("Royal Dutch Shell", "Royal Jordanian Airlines"), unless a title, body or known group is
    among the name's words ("Royal Thai Army", "Royal Moroccan Armed Forces", "Dutch Prime
    Minister"). At the sentence's start the word before is unknown: a state's body or group
    ("Iranian Revolutionary Guards") is as likely as a firm, so the state stays."""
    before = re.search(r"(?:^|\s)([A-Z][a-z]+)\s+$", sentence[max(0, a.start - 30) : a.start])
    name = re.match(r"((?:\s+[A-Z][\w'’-]*)+)", sentence[a.end : a.end + 60])
    if before is None or name is None or before.group(1) in _STATE_TITLE_WORDS:
        return False
    words = name.group(1).split()
    if words[0] in _ORG_WORDS:
        return True  # "Royal Jordanian Airlines"
    if words[0].endswith("s") and not words[0].endswith("ss"):
        return False  # "Iraqi Kurds", "Bosnian Serbs": a people of the state
    heads = _POLITICAL_HEADS | _role_words()
    if any(w in _TITLES or w.lower() in heads for w in words):
        return False
    return not actor_matcher().finditer_all(" ".join(words))


# Words that make a following name an organisation's ("Pakistan International Airlines").
_ORG_WORDS = frozenset(
    """Airlines Airways Air Eastern Southern International Bank Telecom Motors Petroleum Oil Gas
    Steel Railways Post Times Today Daily Herald Tribune Press News Mobile Electric Energy Power
    Holdings Group Corporation Corp Inc Ltd Company Industries Exchange Stock Securities""".split()
)


_NO_PARTY_SUFFIXES = ("-language", "-speaking", "-style", "-born", "-era", "-inspired")


def _as_modifier(sentence: str, a: ActorMention) -> ActorMention:
    """A country or nationality word that only qualifies a company, product, act or crowd
    cannot be the one who acts ("Russian manufacturer Sukhoi", "U.S. automakers", "Palestinian
    youths"), though the state may still be the target ("blaming Russian violations")."""
    if a.kind not in ("demonym", "country", "capital") or not a.political:
        return a
    if a.kind != "demonym" and _in_name(sentence, a):
        return replace(a, modifier=True)
    if a.kind == "demonym" and _demonym_in_name(sentence, a):
        return replace(a, modifier=True)  # "Royal Dutch Shell said it would withdraw"
    if sentence.startswith(("-based", "–based"), a.end):
        return replace(a, modifier=True)  # "a London-based group": where it sits
    if sentence.startswith(_NO_PARTY_SUFFIXES, a.end):
        # "a Hungarian-language university", "a Soviet-era tank": a language, a style or an
        # age, never a party to the act
        return replace(a, political=False)
    rest = sentence[a.end : a.end + 60]
    owned = re.match(r"['’]s((?:\s+[a-z][\w-]*){1,3})", rest)
    if owned is not None and a.kind != "demonym":
        # "Argentina's main labour federation", "Japan's economy": the state owns, it does not act
        words = owned.group(1).split()
        roles = _role_words()
        act = any(w in _ACT_NOUNS for w in words[:2])  # "Russia's abrupt withdrawal"
        if not act and not any(w in _POLITICAL_HEADS or w in roles for w in words):
            return replace(a, modifier=True)
        return a
    nxt = re.match(r"\s+([a-z][\w-]*)", rest)
    if nxt is None:
        return a
    word = nxt.group(1)
    adjective = a.kind == "demonym" and not a.text.endswith("s")  # "Palestinians" act
    if (adjective and word not in _POLITICAL_HEADS) or word in _THING_HEADS:
        return replace(a, modifier=True)
    return a


def _head_antecedent(word: str, memory: ArticleMemory) -> ActorMention | None:
    """The previous sentence's subject for a subject pronoun opening a sentence, when it fits:
    a state or body for "It", people or a pair for "They"."""
    head = memory.head
    if head is None or memory.clock - memory.head_at > _PRONOUN_REACH:
        return None
    if word == "it":
        return head if head.kind in (*_GOVLIKE, "pronoun") and head.partner is None else None
    plural = head.kind in ("group", "official", "demonym", "role") or head.partner is not None
    return head if plural else None


def _antecedent(
    word: str, earlier: list[ActorMention], memory: ArticleMemory
) -> ActorMention | None:
    """The nearest fitting actor in the sentence so far ("the United States said it ..."), else
    the article's last one."""
    if word in ("he", "she"):
        fits = [a for a in earlier if a.kind == "person"]
        return fits[-1] if fits else memory.last_person
    if word == "they":
        fits = [a for a in earlier if a.kind in ("group", "official", "demonym", "role")]
        if fits:
            return fits[-1]
        if memory.clock - memory.last_actor_at > _PRONOUN_REACH:
            return None
        return memory.last_plural or memory.last_actor
    fits = [a for a in earlier if a.kind in _GOVLIKE and not a.modifier]
    if fits:
        return fits[-1]
    # a state named a sentence or two back; further back, "it" is more likely a company or a plan
    return memory.last_actor if memory.clock - memory.last_actor_at <= _PRONOUN_REACH else None


def _group_name(text: str) -> str:
    t = text.strip()
    return t[4:] if t.lower().startswith("the ") else t


_MOD_GAP = re.compile(
    r"^(?:'s|’s)?\s*(?:(?:top|senior|chief|deputy|former|acting|new|the|its|"
    r"presidential|foreign|prime|defen[cs]e|state|intelligence|military|"
    r"security|vice|trade|special|national|supreme|crown|hostage|spy|finance|interior|"
    r"economy|energy|climate|nuclear|chief|lead|top|religious|spiritual|opposition|"
    r"[a-z]+ian|[a-z]+ese)\s+){0,4}$",
    re.I,
)
_APPOS_GAP = re.compile(  # "leader Ayatollah Ruhollah Khomeini": a title between
    r"^,?\s*(?:the\s+|a\s+|an\s+)?(?:(?:Ayatollah|Sheikh|Sheik|General|Gen\.|Marshal|Colonel|"
    r"Col\.|Dr\.?|Mr\.?|Mrs\.?|Ms\.?|Prince|Princess|King|Queen|Emir|Sultan)\s+)*$"
)


_GOVLIKE = ("country", "demonym", "capital", "institution", "igo")
_DOMESTIC_SECTORS = frozenset({"opposition", "legislature", "judiciary"})
# A state's own organs named without it ("the government", "the army", "the military council"):
# of the one state the sentence names before them
_STATE_ORGANS = frozenset({"government", "army", "military", "police", "junta", "ruling_party"})


@cache
def _igo_names() -> frozenset[str | None]:
    """Names of international bodies: their officers belong to no state."""
    return frozenset(a.name for a in load_actors() if a.kind == "igo")


def _stateless_people(a: ActorMention) -> bool:
    """An ethnic group named by a nationality, not yet placed in a state."""
    return a.kind in ("group", "demonym") and a.country is None and a.sector == "civil_society"


_POSSESSIVE_GAP = re.compile(r"^(?:'s|’s)\s+$")
_ROLE_APPOSITION = re.compile(r"^,\s*(?:the\s+|a\s+|an\s+)?(?:[a-z-]+\s+){0,3}$")
_OF_APPOSITION = re.compile(
    r"^,\s*(?:the\s+|a\s+|an\s+)?(?:[a-z-]+\s+){0,4}(?:to|of|for|at|in)\s+(?:the\s+)?$"
)
_OWNER_APPOSITION = re.compile(r",\s*(?:the\s+)?")
_AS_GAP = re.compile(r"\s+as\s+(?:the\s+)?")
_IN_GAP = re.compile(r"^\s+in\s+(?:the\s+)?$")
_OF_NAME = re.compile(r"[ \t]+of[ \t]+(?:the[ \t]+)?[A-Z]")
_LIVING_IN = re.compile(r"^\s+(?:(?:living|operating|fighting|based)\s+)?in\s+(?:the\s+)?$")
_PARTY_GAP = re.compile(
    r"^(?:'s|’s)\s+(?:(?:main|ruling|opposition|leading|largest|banned)\s+){1,2}$"
)
# "envoy to the six-party talks, ": a post named by lower-case words, then its holder's name
_POST_GAP = re.compile(
    r"^\s+(?:to|at|for|on)\s+(?:the\s+)?(?:[a-z][\w-]*\s+){1,4}?[a-z][\w-]*,\s*$"
)
_OF_GAP = re.compile(r"^\s+(?:of|for|at|to)\s+(?:the\s+)?$")
_TO_GAP = re.compile(r"^\s+(?:to|in|at)\s+(?:the\s+)?$")
_HOSTED = ("ambassador", "envoy", "representative", "ambassadors", "envoys")


# posts a state fills at an international body ("Iran's OPEC governor")
_POST_WORDS = frozenset({"governor", "governors", "delegate", "delegates"})


def _igo_post(sentence: str, a: ActorMention) -> bool:
    """Is this a post at an international body, named by the body and the post ("U.N.
    ambassador", "OPEC governor"), not the body itself nor its own officials?"""
    if a.kind == "igo":
        m = _WORD_AFTER.match(sentence, a.end)
        return m is not None and m.group(1) in _POST_WORDS
    return a.kind == "official" and a.role in (*_HOSTED, "delegation") and a.name in _igo_names()


def _fold_pair(sentence: str, cur: ActorMention, nxt: ActorMention) -> ActorMention | None:
    """One step of folding a title/apposition chain; None when the two are separate actors."""
    gap = sentence[cur.end : nxt.start]
    personish = cur.kind in ("role", "person", "official")
    if _stateless_people(cur) and nxt.kind == "role" and gap == " ":
        # "ethnic Albanian rebels", "ethnic Hungarian leaders": the people's own fighters or
        # leaders, still of no state until a place names one
        sector = nxt.sector if nxt.sector in _DOMESTIC_SECTORS else cur.sector
        text = sentence[cur.start : nxt.end]
        return replace(cur, end=nxt.end, text=text, sector=sector, kind="group")
    if _stateless_people(cur) and nxt.kind in _GOVLIKE and _LIVING_IN.match(gap):
        # "ethnic Hungarians in Serbia", "guerrillas operating in Macedonia": of that state
        text = sentence[cur.start : nxt.end]
        return replace(cur, end=nxt.end, text=text, country=nxt.country, kind="group")
    if (
        cur.kind in ("demonym", "country")
        and nxt.kind in ("demonym", "country")
        and gap in ("-", "–")
        and cur.country
        and nxt.country
        and cur.country != nxt.country
        and not _HYPHEN_NAME_AFTER.match(sentence, nxt.end)
        and _PAIR_NOUN.match(sentence, nxt.end)
    ):
        # "Israeli-Palestinian talks", "U.S.-Soviet relations": the two states of the pair
        return _hyphen_pair(sentence, cur, nxt)
    if cur.kind == "demonym" and nxt.kind == "demonym" and gap == " ":
        # "Bosnian Serbs", "Iraqi Kurds": a people of the first-named state
        return replace(cur, end=nxt.end, text=sentence[cur.start : nxt.end], kind="group")
    if (
        cur.kind in ("country", "capital", "demonym")
        and cur.country
        and nxt.country is None
        and (_POSSESSIVE_GAP.match(gap) or (cur.kind == "demonym" and gap == " "))
        and _igo_post(sentence, nxt)
    ):
        # "Israel's U.N. ambassador", "Iran's OPEC governor": the state's own envoy to the body
        return _owned_by(cur, nxt, sentence, sector="diplomatic", kind="official")
    if cur.kind in _GOVLIKE and nxt.kind in ("role", "person") and _MOD_GAP.match(gap):
        return _combine(cur, nxt, sentence, role_from=nxt, country_from=cur)
    if cur.kind in _GOVLIKE and nxt.kind == "institution" and _POSSESSIVE_GAP.match(gap):
        if cur.country and nxt.country and cur.country != nxt.country:
            # "Pakistan's Foreign Office": a generic office name of another state's gazetteer
            # entry; the possessive names whose office it is
            return _owned_by(cur, nxt, sentence)
        return replace(
            nxt,
            start=cur.start,
            text=sentence[cur.start : nxt.end],
            country=nxt.country or cur.country,
        )
    if cur.kind in ("role", "official") and nxt.kind == "person" and _POST_GAP.match(gap):
        # "Washington's envoy to the six-party talks, Christopher Hill,": the post's holder
        return _combine(cur, nxt, sentence, role_from=cur, country_from=cur, keep=nxt)
    if cur.kind in ("role", "official") and nxt.kind == "person" and _APPOS_GAP.match(gap):
        return _combine(cur, nxt, sentence, role_from=cur, country_from=cur, keep=nxt)
    if cur.kind == "person" and nxt.kind in (*_GOVLIKE, "official") and _OF_APPOSITION.match(gap):
        # "Mallory Stewart, an assistant to the U.S. Secretary of State": her employer
        return _with_post(cur, nxt, sentence, role=cur.role or nxt.role)
    if personish and nxt.kind in _GOVLIKE and _TO_GAP.match(gap) and cur.role in _HOSTED:
        # "ambassador to the United States": the host country is not the actor's, but is kept
        # as the post, the state a recall is aimed at
        return replace(cur, end=nxt.end, text=sentence[cur.start : nxt.end], host=nxt)
    if (
        cur.kind in _GOVLIKE
        and nxt.kind == "group"
        and nxt.country is None
        and _PARTY_GAP.match(gap)
    ):
        # "Zimbabwe's opposition Movement for Democratic Change": the state's own party
        sector = "opposition" if "opposition" in gap else nxt.sector
        return replace(
            nxt,
            start=cur.start,
            text=sentence[cur.start : nxt.end],
            country=cur.country,
            sector=sector,
        )
    if (
        cur.kind == "person"
        and cur.country is None
        and nxt.kind == "official"
        and nxt.country
        and _AS_GAP.fullmatch(gap)
    ):
        # "recognised Juan Guaido as Venezuela's interim president": the office named for him
        return _combine(cur, nxt, sentence, role_from=nxt, country_from=nxt, keep=cur)
    if (
        cur.kind == "person"
        and nxt.kind in ("group", "institution", "igo")
        and _OWNER_APPOSITION.fullmatch(gap)
        and _POSSESSIVE.match(sentence[nxt.end :])
    ):
        # "Wang Yi, the Communist Party's top diplomat,": the person, whose post follows
        return _with_post(cur, nxt, sentence)
    if cur.kind == "role" and nxt.kind in _GOVLIKE and _IN_GAP.match(gap):
        # "officials in Ankara": the capital's officials
        return _combine(cur, nxt, sentence, role_from=cur, country_from=nxt)
    if cur.kind == "person" and nxt.kind == "official" and _OF_GAP.match(gap):
        # "... assistant to the U.S. Secretary of State": the person's employer
        return replace(
            cur, end=nxt.end, text=sentence[cur.start : nxt.end], country=cur.country or nxt.country
        )
    if personish and nxt.kind in _GOVLIKE and _OF_GAP.match(gap):
        if cur.country and nxt.kind in _PLACE_KINDS and not gap.lstrip().startswith("of"):
            return None  # "the American president at Reykjavik": a venue, not his state
        return _combine(cur, nxt, sentence, role_from=cur, country_from=nxt)
    if cur.kind == "person" and nxt.kind == "role" and _ROLE_APPOSITION.match(gap):
        # "Sergei Naryshkin, head of ...": the apposition names the role
        return _combine(cur, nxt, sentence, role_from=nxt, country_from=nxt, keep=cur)
    if personish and nxt.kind in ("institution", "role") and _POSSESSIVE_GAP.match(gap):
        return replace(cur, end=nxt.end, text=sentence[cur.start : nxt.end])
    return None


_HYPHEN_NAME_AFTER = re.compile(r"[-–]")  # "Iranian-born British": no pair of three
# What a hyphenated pair of states names as its own: their talks, ties or border, not a firm
# ("the Anglo-Dutch group")
_PAIR_NOUN = re.compile(
    r"\s+(?:[a-z]+\s+){0,2}?(?:talks|relations|ties|summit|negotiations|dialogue|meetings?|"
    r"accord|agreement|treaty|deal|peace|border|rapprochement|reconciliation|cooperation|"
    r"consultations|contacts|dispute|conflict|war|détente|detente|joint\s+statement)\b"
)


def _hyphen_pair(sentence: str, first: ActorMention, second: ActorMention) -> ActorMention:
    """A pair written as one hyphenated word acts as its first state, the second its partner
    (as "the two countries" does)."""
    text = sentence[first.start : second.end]
    names = f"{first.name} and {second.name}"
    other = ActorMention(
        first.start, second.end, text, second.name, second.country, "government", None, "group"
    )
    return ActorMention(
        first.start,
        second.end,
        text,
        names,
        first.country,
        "government",
        None,
        "group",
        modifier=first.modifier and second.modifier,
        partner=other,
    )


def _prefold(sentence: str, raw: list[ActorMention]) -> list[ActorMention]:
    """Bind "U.S. Secretary of State" or "Russian officials" first: appositions see whole titles."""
    out: list[ActorMention] = []
    for a in raw:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.kind in _GOVLIKE
            and not _stateless_people(prev)
            and a.kind == "role"
            and _MOD_GAP.match(sentence[prev.end : a.start])
        ):
            out[-1] = _combine(prev, a, sentence, role_from=a, country_from=prev)
            first = out[-2] if len(out) > 1 else None
            if (
                first is not None
                and first.kind == "demonym"
                and first.country
                and _DEMONYM_AND.fullmatch(sentence, first.end, prev.start)
            ):
                # "the Iranian and Iraqi foreign ministers": the head noun is both states'
                out[-2] = replace(first, role=a.role, sector=out[-1].sector, kind="official")
        elif (
            prev is not None
            and prev.kind == "group"
            and prev.country
            and prev.partner is None
            and a.kind == "role"
            and sentence[prev.end : a.start] == " "
        ):
            # "ANC leaders", "Hamas officials", "FARC commanders": the movement's own people,
            # of its state and sector
            out[-1] = replace(prev, end=a.end, text=sentence[prev.start : a.end], role=a.role)
        else:
            out.append(a)
    return out


_DEMONYM_AND = re.compile(r",?\s+and\s+")
_EXILE_BEFORE = re.compile(r"\b(?:exiled|dissident|separatist|breakaway)\s+$", re.I)


def _fold(sentence: str, raw: list[ActorMention], memory: ArticleMemory) -> list[ActorMention]:
    """Merge country + role + name chains and appositions into single actors."""
    earlier = {a.country for a in memory.states}  # states the article named before
    for a in sorted(raw, key=lambda a: a.start):
        if a.kind == "demonym" and _INDEFINITE_BEFORE.search(sentence, 0, a.start):
            continue  # "arranged by an American businessman": one person's nationality, no party
        if a.kind != "institution":  # "Taiwan's president": Taiwan is named, for "the island"
            memory.remember_state(a, venue=bool(_VENUE_BEFORE.search(sentence, 0, a.start)))
    raw = _prefold(sentence, raw)
    out: list[ActorMention] = []
    i = 0
    while i < len(raw):
        cur = raw[i]
        j = i + 1
        while j < len(raw):
            folded = _fold_pair(sentence, cur, raw[j])
            if folded is None:
                break
            cur = folded
            j += 1
        homes = [a for a in out if a.country and a.kind != "pronoun" and not a.modifier]
        # the one state named before them; with two ("Sudan accused Chad of backing the
        # rebels"), whose they are is not said
        home = homes[0] if len({a.country for a in homes}) == 1 else None
        if (
            cur.kind in ("group", "official", "person")
            and cur.country is None
            and cur.sector in _DOMESTIC_SECTORS
            and home is not None
            and cur.name not in _igo_names()  # "the International Criminal Court prosecutor"
        ):
            # "Kenyan police arrested opposition leader Kenneth Matiba", "ethnic Albanian
            # rebels": the opposition of the state named before them
            cur = replace(cur, country=home.country)
        if cur.kind == "role" and cur.name is None:
            ref = memory.by_role.get(cur.role or "")
            before = sentence[max(0, cur.start - 5) : cur.start].lower()
            named = {a.country for a in out if a.country}
            organ = (
                cur.role in _STATE_ORGANS
                and before.endswith("the ")
                and not _OF_NAME.match(sentence, cur.end)  # "the government of President X"
                and len(named) == 1
                and earlier <= named
            )
            if ref is not None and before.endswith("the "):
                cur = replace(ref, start=cur.start, end=cur.end, text=cur.text, kind="pronoun")
            elif home is not None and (cur.sector in _DOMESTIC_SECTORS or organ):
                # "Iran's Guardian Council rejected the opposition's demand", "Sudan accused
                # the rebels", "the Nigeria Labour Congress threatened a strike unless the
                # government ...": a state's own opposition, parliament, courts or organs
                cur = replace(cur, country=home.country, name=_group_name(cur.text), kind="group")
            elif before.endswith("the ") and memory.last_actor is not None:
                # "The emir ...", "the minister": of the country the article is about
                last = memory.last_actor
                if last.kind in _GOVLIKE and last.country:
                    cur = replace(cur, country=last.country, name=last.name)
        if (
            cur.kind in ("official", "group", "person")
            and cur.country
            and _EXILE_BEFORE.search(sentence, max(0, cur.start - 24), cur.start)
        ):
            # "the exiled Tibetan leader", "separatist Abkhaz officials": of the state, against
            # its government (CAMEO OPP/REB)
            cur = replace(cur, sector="opposition")
        out.append(_as_modifier(sentence, cur))
        i = j
    for a in out:
        memory.remember(a)
    return out


def _inside_apposition(sentence: str, pos: int) -> bool:
    rest = sentence[pos : pos + 3]
    return rest.startswith(",")


def _with_post(
    person: ActorMention, post: ActorMention, sentence: str, **changes: str | None
) -> ActorMention:
    """The person spanned to the post named after them ("Wang Yi, the Communist Party's top
    diplomat"): the person stays the actor and takes what the post says that they lack."""
    return replace(
        person,
        end=post.end,
        text=sentence[person.start : post.end],
        country=person.country or post.country,
        sector=person.sector or post.sector,
        **changes,  # type: ignore[arg-type]
    )


def _owned_by(
    owner: ActorMention, body: ActorMention, sentence: str, **changes: str
) -> ActorMention:
    """The body spanned from its owner's possessive, named and placed by the owner ("Pakistan's
    Foreign Office", "Israel's U.N. ambassador"): the owner says whose body it is."""
    return replace(
        body,
        start=owner.start,
        text=sentence[owner.start : body.end],
        name=owner.name,
        country=owner.country,
        **changes,  # type: ignore[arg-type]
    )


def _combine(
    a: ActorMention,
    b: ActorMention,
    sentence: str,
    *,
    role_from: ActorMention,
    country_from: ActorMention,
    keep: ActorMention | None = None,
) -> ActorMention:
    person = keep or (b if b.kind == "person" else a if a.kind == "person" else None)
    country = a.country or b.country
    if country_from.country:
        country = country_from.country if person is None or not person.country else person.country
    role = role_from.role or a.role or b.role
    sector = (
        (person.sector if person and person.sector else None)
        or role_from.sector
        or a.sector
        or b.sector
    )
    if role_from.kind == "role" and role_from.sector:
        sector = role_from.sector if not (person and person.sector) else person.sector
    if country_from.kind == "igo" and not (person and person.country):
        sector = "igo"  # "NATO commanders", "EU negotiators": the body's own people (CAMEO IGO)
    start, end = min(a.start, b.start), max(a.end, b.end)
    if person is not None and person.country and country_from.country not in (None, person.country):
        # "Soviet Foreign Minister Eduard Shevardnadze" (later Georgia's president): the title's
        # state picks the person's office held for it, when the gazetteer lists one
        office = _office_in(person.name, country_from.country, role_from.role)
        if office is not None:
            person = replace(person, country=office.country, role=office.role, sector=office.sector)
            sector = office.sector
    if person is not None:
        return ActorMention(
            start,
            end,
            sentence[start:end],
            person.name,
            person.country or country,
            sector,
            person.role or role,
            "person",
        )
    name = a.name if a.kind != "role" else b.name
    return ActorMention(
        start,
        end,
        sentence[start:end],
        name,
        country,
        sector,
        role,
        "role" if a.kind == "role" and b.kind == "role" else "official",
    )
