"""Scope of a diplomatic event: the trigger must be an act of a political actor.

Business and markets news is full of the extractor's trigger words: airlines "purchase" aircraft,
carmakers "sign" contracts, a product gets "a U.S. release", the crisis "cools demand". A diplomatic
event needs a political actor (state, government, official, IGO, party, armed group) as the
grammatical subject of its trigger clause. These checks read the words around a chosen source and
trigger and say why the candidate is out of scope, or None when it stands. The vocabulary lives in
pipeline/data/scope.toml.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from itertools import pairwise
from typing import NamedTuple

from pipeline.extract.actors import ActorMention
from pipeline.extract.gazetteer import load_roles, subject_matcher, types_with

_TOKEN = re.compile(r"(?:[A-Za-z]\.){2,}|[A-Za-z][\w.&'’-]*[\w&]|[A-Za-z]|\d[\d.,]*|``|''|[^\w\s]")
_TIME = re.compile(
    r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|february|march|april|"
    r"may|june|july|august|september|october|november|december|today|yesterday|tonight|"
    r"morning|afternoon|evening|night|week|weekend|month|year|\d[\d.,]*)$",
    re.I,
)
_TIME_LEAD = frozenset({"on", "in", "last", "this", "next", "late", "early", "earlier", "later"})
_RELATIVE = frozenset({"which", "that", "who", "whose"})
_BREAK = frozenset({",", ";", ":", "(", ")", "-", "--", "``", "''", '"', "and", "but", "or", "as"})
_PRONOUN_LEAD = re.compile(  # an opening quote, then "Going forward, ", "On Monday, "
    r"^(?:``|[\"“‘'])?\s*(?:[A-Z][a-z]+(?:\s+[a-z]+){0,3}|On\s+\w+|In\s+\w+(?:\s+\w+)?),\s+"
)
_STOP = frozenset({"said", "says", "stated", "announced", "told", "added", "reported", "confirmed"})
_MONEY = re.compile(r"^(?:US)?\$|^€|^£")


@dataclass(frozen=True, slots=True)
class ScopeWords:
    """The reviewed vocabulary of scope.toml, as sets."""

    non_political: frozenset[str]
    non_actor: frozenset[str]
    political_before: frozenset[str]
    political: frozenset[str]
    event_nouns: frozenset[str]
    corporate_titles: tuple[str, ...]
    objects: frozenset[str]
    state_measures: frozenset[str]
    legislation: frozenset[str]
    party_choice: frozenset[str]
    commercial_types: frozenset[str]
    ambiguous: frozenset[str]
    determiners: frozenset[str]
    prepositions: frozenset[str]
    compound_heads: frozenset[str]
    auxiliaries: frozenset[str]
    passive: frozenset[str]
    speech: frozenset[str]
    light: frozenset[str]
    light_modifiers: frozenset[str]
    sport: frozenset[str]
    legal_filings: frozenset[str]
    court_filings: frozenset[str]
    court_types: frozenset[str]
    crowd_control: frozenset[str]
    ordinary_crime: frozenset[str]
    crime_victims: frozenset[str]
    not_commercial: frozenset[str]
    technical_bodies: tuple[str, ...]
    accidents: frozenset[str]
    yield_types: frozenset[str]
    yield_objects: frozenset[str]
    threat_nouns: frozenset[str]
    organs: frozenset[str]
    sport_types: frozenset[str]
    public: frozenset[str]
    public_types: frozenset[str]
    documents: frozenset[str]
    release_verbs: frozenset[str]
    release_types: frozenset[str]
    product_regulators: tuple[str, ...]
    firing: frozenset[str]
    law_enforcement: tuple[str, ...]
    law_enforcement_types: frozenset[str]
    home_legislature_types: frozenset[str]
    stance: frozenset[str]
    sport_bodies: frozenset[str]
    players: tuple[str, ...]
    player_types: frozenset[str]
    home_talks: tuple[str, ...]
    life_events: tuple[str, ...]
    appointment: frozenset[str]
    relief_types: frozenset[str]
    hazards: frozenset[str]
    amenities: frozenset[str]
    rescue_types: frozenset[str]
    call_types: frozenset[str]
    funds: frozenset[str]
    home_goods: frozenset[str]
    home_goods_types: frozenset[str]
    protest_verbs: tuple[str, ...]
    crowds: tuple[str, ...]
    police_agencies: tuple[str, ...]
    criminals: frozenset[str]
    inquiry_crimes: frozenset[str]
    private_persons: frozenset[str]
    preventing: frozenset[str]
    court_orders: frozenset[str]
    court_order_types: frozenset[str]
    economic_output: frozenset[str]
    firm_target_types: frozenset[str]
    club_prefixes: frozenset[str]
    club_suffixes: frozenset[str]
    hosted_events: frozenset[str]
    hosting: frozenset[str]
    threat_content: frozenset[str]
    economic_policy: frozenset[str]
    spacecraft: frozenset[str]
    alleged: tuple[str, ...]
    sport_games: frozenset[str]
    diplomatic_objects: frozenset[str]
    unexplained_deaths: frozenset[str]


@lru_cache(maxsize=1)
def load_scope_words() -> ScopeWords:
    """Read pipeline/data/scope.toml once."""
    raw = tomllib.loads(resources.files("pipeline.data").joinpath("scope.toml").read_text("utf-8"))

    def words(section: str, key: str) -> frozenset[str]:
        return frozenset(w.lower() for w in raw[section][key])

    return ScopeWords(
        non_political=words("heads", "non_political") | words("sectors", "criminals"),
        non_actor=words("heads", "non_actor"),
        political_before=words("heads", "political_before_commercial"),
        political=words("heads", "political"),
        event_nouns=words("heads", "event_nouns"),
        corporate_titles=tuple(sorted(raw["titles"]["corporate"], key=len, reverse=True)),
        objects=words("objects", "commercial"),
        state_measures=words("objects", "state_measures"),
        legislation=words("objects", "legislation"),
        party_choice=words("objects", "party_choice"),
        commercial_types=words("objects", "commercial_sense_types"),
        ambiguous=words("nouns", "ambiguous"),
        determiners=words("nouns", "determiners"),
        prepositions=words("nouns", "prepositions"),
        compound_heads=words("nouns", "compound_heads"),
        auxiliaries=words("verbs", "auxiliaries"),
        passive=words("verbs", "passive"),
        speech=words("verbs", "speech_complements"),
        light=words("verbs", "light"),
        light_modifiers=words("verbs", "light_modifiers"),
        sport=words("objects", "sport"),
        legal_filings=words("objects", "legal_filings"),
        court_filings=words("objects", "legal_filings") | words("sectors", "court_filings_more"),
        court_types=words("objects", "court_ruling_types"),
        crowd_control=words("objects", "crowd_control"),
        ordinary_crime=words("objects", "ordinary_crime")
        | words("sectors", "ordinary_crime_more")
        | words("sectors", "criminals")
        | words("sectors", "ordinary_crime_drugs"),
        crime_victims=words("objects", "crime_victims"),
        not_commercial=words("objects", "not_commercial"),
        technical_bodies=tuple(sorted(words("heads", "technical_bodies"))),
        accidents=words("heads", "accidents"),
        yield_types=words("objects", "yield_types"),
        yield_objects=words("objects", "yield_objects"),
        threat_nouns=words("objects", "threat_nouns"),
        organs=words("heads", "organs"),
        sport_types=words("objects", "sport_types"),
        public=words("objects", "public"),
        public_types=words("objects", "public_types"),
        documents=words("objects", "documents"),
        release_verbs=words("objects", "release_verbs"),
        release_types=words("objects", "release_types"),
        product_regulators=tuple(sorted(words("heads", "product_regulators"))),
        firing=words("verbs", "firing"),
        law_enforcement=tuple(
            sorted(words("objects", "law_enforcement") | words("sectors", "police_agencies"))
        ),
        law_enforcement_types=words("objects", "law_enforcement_types"),
        home_legislature_types=words("objects", "home_legislature_types"),
        stance=words("verbs", "stance"),
        sport_bodies=words("objects", "sport_bodies"),
        players=tuple(sorted(words("home_affairs", "players"))),
        player_types=words("home_affairs", "player_types"),
        home_talks=tuple(sorted(words("home_affairs", "talks"))),
        life_events=tuple(sorted(words("home_affairs", "life_events"), key=len, reverse=True)),
        appointment=words("home_affairs", "appointment"),
        relief_types=words("home_affairs", "relief_types"),
        hazards=words("home_affairs", "hazards"),
        amenities=words("home_affairs", "amenities"),
        rescue_types=words("home_affairs", "rescue_types"),
        call_types=words("home_affairs", "call_types"),
        funds=words("objects", "funds"),
        home_goods=words("home_affairs", "home_goods"),
        home_goods_types=words("home_affairs", "home_goods_types"),
        protest_verbs=tuple(sorted(words("home_affairs", "protest_verbs"))),
        crowds=tuple(sorted(words("home_affairs", "crowds"))),
        police_agencies=tuple(sorted(words("sectors", "police_agencies"))),
        criminals=words("sectors", "criminals"),
        inquiry_crimes=words("sectors", "inquiry_crimes"),
        private_persons=words("sectors", "private_persons"),
        preventing=words("sectors", "preventing"),
        court_orders=words("sectors", "court_orders"),
        court_order_types=words("sectors", "court_order_types"),
        economic_output=words("sectors", "economic_output"),
        firm_target_types=words("sectors", "firm_target_types"),
        club_prefixes=words("sectors", "club_prefixes"),
        club_suffixes=words("sectors", "club_suffixes"),
        hosted_events=words("sectors", "hosted_events"),
        hosting=words("sectors", "hosting"),
        threat_content=words("sectors", "threat_content") | words("objects", "threat_nouns"),
        economic_policy=words("sectors", "economic_policy"),
        spacecraft=words("sectors", "spacecraft"),
        alleged=tuple(sorted(words("sectors", "alleged"))),
        sport_games=words("sectors", "sport_games"),
        diplomatic_objects=words("sectors", "diplomatic_objects"),
        unexplained_deaths=words("sectors", "unexplained_deaths"),
    )


class _Tok(NamedTuple):
    """A word of the sentence (a tuple: made by the thousand per article, so kept cheap)."""

    text: str
    start: int
    end: int

    @property
    def low(self) -> str:
        return self.text.lower().rstrip(".")


def _tokens(text: str, offset: int = 0) -> list[_Tok]:
    return [_Tok(m.group(), m.start() + offset, m.end() + offset) for m in _TOKEN.finditer(text)]


def _inside(tok: _Tok, actors: list[ActorMention]) -> ActorMention | None:
    return next((a for a in actors if a.start <= tok.start < a.end), None)


def _is_head(words: ScopeWords, toks: list[_Tok], i: int) -> bool:
    """toks[i] heads a non-political noun phrase ("airline"), not "central bank"/"World Bank"."""
    if toks[i].low not in words.non_political:
        return False
    return not (i > 0 and toks[i - 1].low in words.political_before)


def commercial_actor(
    sentence: str, actor: ActorMention, words: ScopeWords | None = None, upto: int | None = None
) -> bool:
    """The actor names or only modifies a firm, market, plant or law ("Irish national airline Aer
    Lingus", "China Eastern Airlines", "the U.S. car maker", "Ford Motor Company"). The noun
    phrase after it stops at ``upto``, the act's trigger: "Turkey sent rescue teams" names no
    team as the subject."""
    w = words or load_scope_words()
    own = _tokens(actor.text)
    if (
        own
        and len(own) > 1
        and actor.kind != "igo"  # "the World Food Programme" is a body, no programme
        and (_is_head(w, own, len(own) - 1) or own[-1].low in w.non_actor)
    ):
        return True
    if actor.kind == "pronoun":
        return False
    follow = _tokens(sentence[actor.end : actor.end + 80], actor.end)
    noun_phrase: list[_Tok] = []
    for tok in follow[:6]:
        if upto is not None and tok.start >= upto:
            break
        if tok.low in _BREAK or tok.low in w.auxiliaries or tok.low in w.prepositions:
            break
        if tok.low in _STOP or tok.low in w.passive:
            break
        if tok.text[0].islower() and tok.low.endswith("ed"):
            break
        noun_phrase.append(tok)
    for i, tok in enumerate(noun_phrase):
        if tok.low in w.political:
            return False
        if _is_head(w, noun_phrase, i) or (
            i == 0 and tok.low in w.non_political and actor.kind != "institution"
        ):
            return True
    return False


# a name: words separated by whitespace (one way to split it, so no backtracking blow-up)
_NAME = r"[A-Z][\w&.'-]*(?:\s+[A-Z][\w&.'-]*)*\s*"
_EXEC_OF = re.compile(r"\b(?:{titles})\s+of\s+(" + _NAME + r"),?\s*$", re.I)
_EXEC_AFTER = re.compile(
    r"^,\s*(?:the\s+)?(?:([A-Z][\w&.-]*)(?:'s|’s)\s+)?(?:[\w-]+\s+){{0,3}}?(?:{titles})"
    r"(?:\s+of\s+(" + _NAME + r"))?",
    re.I,
)


@lru_cache(maxsize=1)
def _exec_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    titles = "|".join(re.escape(t) for t in load_scope_words().corporate_titles)
    return (
        re.compile(_EXEC_OF.pattern.replace("{titles}", titles), re.I),
        re.compile(_EXEC_AFTER.pattern.replace("{titles}", titles), re.I),
    )


def _unknown_name(sentence: str, start: int, end: int, actors: list[ActorMention]) -> bool:
    """A capitalised name at [start, end) that no political actor covers: a firm or brand."""
    name = sentence[start:end].strip()
    if not name or not name[0].isupper():
        return False
    return not any(a.start < end and start < a.end for a in actors if a.political)


def corporate_person(sentence: str, person: ActorMention, actors: list[ActorMention]) -> bool:
    """The person speaks for a firm: "the vice president of Dacia, Constantin Stroe" or
    "Fritz Henderson, GM's chief executive"."""
    before, after = _exec_patterns()
    left = sentence[max(0, person.start - 90) : person.start]
    m = before.search(left)
    if m is not None:
        off = person.start - len(left)
        if _unknown_name(sentence, off + m.start(1), off + m.end(1), actors):
            return True
    m = after.match(sentence[person.end : person.end + 90])
    if m is not None:
        for g in (1, 2):
            if m.group(g) and _unknown_name(
                sentence, person.end + m.start(g), person.end + m.end(g), actors
            ):
                return True
    return False


def _walk_left(w: ScopeWords, toks: list[_Tok]) -> tuple[int, bool]:
    """Index of the word before the verb group ending the token list (auxiliaries, adverbs and
    time phrases skipped) and whether a passive auxiliary was crossed."""
    i = len(toks) - 1
    passive = False
    while i >= 0:
        low = toks[i].low
        if low in w.passive:
            passive = True
        if low == "to":
            return i, passive
        if low in w.auxiliaries and low not in ("they", "we", "i", "you", "who"):
            i -= 1
            continue
        if low in w.passive or (low.endswith("ly") and toks[i].text[0].islower()):
            i -= 1
            continue
        if _TIME.match(low):
            i -= 1
            while i >= 0 and (_TIME.match(toks[i].low) or toks[i].low in _TIME_LEAD):
                i -= 1
            continue
        return i, passive
    return i, passive


def _unknown_subject(w: ScopeWords, left: list[_Tok], i: int, actors: list[ActorMention]) -> bool:
    """The capitalised name ending at left[i], which no actor covers, is the subject: a firm or
    brand ("Boeing has received", "the CAW will support"). Not after a title ("President Bush")
    or a preposition ("police in Jericho"), where the name is a person or a place."""
    j = i
    while j >= 0 and left[j].text[0].isupper() and left[j].low not in _BREAK:
        if left[j].low in w.political or _inside(left[j], actors) is not None:
            return False  # "the U.S. Federal Reserve": a state's own body
        j -= 1
    if j == i or j < 0:
        return j < 0 and i > 0  # a name alone at the sentence start may be anybody
    if left[j].low in w.determiners and j > 0:
        j -= 1  # "leaders of the European Political Community"
    before = left[j].low
    if before in ("and", "&", "or"):
        return False  # "The European Union and Mercosur signed": a compound subject
    return before not in w.prepositions and before not in w.political and before not in _STOP


def _after_light_verb(w: ScopeWords, before: list[_Tok]) -> bool:
    """A light verb, then at most three articles, adjectives or -ly adverbs, right before the
    trigger noun: "made a fresh call for", "issued an unusually blunt warning"."""
    for tok in reversed(before[-4:]):
        if tok.low in w.light:
            return True
        if tok.low not in w.light_modifiers and not tok.low.endswith("ly"):
            return False
    return False


_POSSESSOR_GAP = re.compile(r"\s*(?:['’]s?\s*(?:[a-z]+\s+)?)?")


def _noun_use(
    w: ScopeWords,
    sentence: str,
    start: int,
    end: int,
    source: ActorMention | None,
    target: ActorMention | None,
) -> bool:
    """The trigger word is a noun ("full support for", "a U.S. release", "rescue plan") with no
    political possessor and complement: not an act."""
    trig = _tokens(sentence[start:end], start)
    if not trig or trig[0].low not in w.ambiguous:
        return False
    before = _tokens(sentence[max(0, start - 60) : start], max(0, start - 60))
    after = _tokens(sentence[end : end + 40], end)
    prev = before[-1].low if before else ""
    compound = len(trig) == 1 and bool(after) and after[0].low in w.compound_heads
    if source is not None and source.end <= start:
        gap = sentence[source.end : start]
        # "Pakistan's strong condemnation of": one adjective may stand after the possessive
        possessor = _POSSESSOR_GAP.fullmatch(gap) is not None
        if possessor:
            nxt = after[0].low if after else ""
            # "Iran's rejection of the proposal": the trigger may end in its own preposition
            heads = ("of", "that", "for", "to", "from")
            complement = target is not None or nxt in heads or trig[-1].low in heads
            return compound or not complement
    if compound:
        return True
    if _after_light_verb(w, before):
        return False  # "issued a stern warning to Japan": the noun is the act
    if (
        len(trig) == 1
        and before
        and prev not in _BREAK
        and prev not in _RELATIVE
        and prev not in w.auxiliaries
        and prev not in w.political
        and before[-1].text[0].islower()
        and not prev.endswith("ly")
        and (source is None or source.end < before[-1].start)
    ):
        return True  # "the crisis cools demand": the object of another verb
    if prev in w.determiners or prev in w.prepositions:
        if source is not None and source.start >= end:
            by = sentence[end : source.start].split()
            if by and by[0].lower() in ("by", "from") and len(by) <= 3:
                return False  # "calls by Russia for ...": the agent follows the noun
        return True
    return False


def _pronoun_antecedent_outside(
    w: ScopeWords, sentence: str, pronoun: ActorMention, actors: list[ActorMention]
) -> bool:
    """A pronoun whose antecedent, the subject of the sentence's main clause, is no political
    actor ("GM announced today that it will offer", "China Eastern Airlines stated that it")."""
    if pronoun.text.lower() not in ("it", "they", "its", "their"):
        return False  # a firm is "it" or "they", never "she" or "he"
    head = sentence[: pronoun.start]
    lead = _PRONOUN_LEAD.match(head)
    skip = lead.end() if lead else 0
    toks = _tokens(head[skip:], skip)
    if not toks:
        return False
    subject: list[_Tok] = []
    for tok in toks:
        if tok.low in _STOP or tok.low in w.auxiliaries or tok.low in w.passive:
            break
        if tok.low in _BREAK and tok.low != "and":
            break
        verb_like = tok.text[0].islower() and tok.low.endswith(("ed", "s"))
        if verb_like and tok.low not in w.political and tok.low not in w.non_political:
            break
        subject.append(tok)
    if not subject or len(subject) > 6 or subject[0].low in w.prepositions:
        return False  # "In the same statements on Monday, ... she": no subject to read
    if any(t.low in w.sport_bodies for t in subject):
        return True  # "Canada's Olympic committee said it would not send athletes"
    s, e = subject[0].start, subject[-1].end
    covering = [a for a in actors if a.political and a.start < e and s < a.end and a is not pronoun]
    if covering:
        return all(
            commercial_actor(sentence, a, w) or _owns_name(w, sentence, a, e) for a in covering
        )
    last = subject[-1]
    if last.low in w.political:
        return False
    if last.low in w.non_political:
        return True
    return any(t.text[0].isupper() for t in subject if t.low not in w.determiners)


_AS_PART = frozenset({"such", "well", "same", "so", "as", "known", "much"})


def _object_commercial(
    w: ScopeWords, sentence: str, end: int, actors: list[ActorMention]
) -> str | None:
    """The trigger's object is a thing of commerce or a firm ("purchased 12 aircraft", "a
    contract to purchase jets", "applauded Singapore Airlines", "welcomed the firm's decision")."""
    toks = _tokens(sentence[end : end + 100], end)
    for i, tok in enumerate(toks[:14]):
        if tok.low in (";", ":") or (tok.low in ("which", "who") and i > 0):
            return None
        if i > 0 and tok.low == "as" and toks[i - 1].low not in _AS_PART:
            return None  # "lifted a curfew ... as order returned": a clause of its own
        if tok.low == "," and i + 1 < len(toks) and toks[i + 1].low.endswith("ing"):
            return None  # ", allowing aid trucks to enter": a participle clause of its own
        actor = _inside(tok, actors)
        political = actor is not None and actor.political and not actor.modifier
        if political and actor is not None and not commercial_actor(sentence, actor, w):
            return None
        if tok.low in w.state_measures:
            return None
        if i > 0 and f"{toks[i - 1].low} {tok.low}" in w.not_commercial:
            continue  # "to restore order", "an arms dealer": no goods, no firm
        if tok.low in w.objects or _is_head(w, toks, i):
            return tok.text
        nxt = toks[i + 1].text if i + 1 < len(toks) else ""
        if nxt in ("'s", "’s") or tok.text.endswith(("'s", "’s")):
            name = tok.text.removesuffix("'s").removesuffix("’s")
            if name.lower() in w.non_political:
                return tok.text
            if name[:1].isupper() and actor is None and i < 3:
                return tok.text  # "welcomed Apple's announcement": a firm's act
    return None


# a national court or judge as the subject: its rulings decide cases, not relations; a world
# court's ruling between states stays ("the International Court of Justice rejected ...")
_COURT_SUBJECT = re.compile(
    r"\b(?:[Cc]ourt|[Jj]udges?|[Tt]ribunal|[Bb]ench|[Mm]agistrates?)\s+"
    r"(?:has\s+|have\s+|had\s+|on\s+\w+\s+|\w+ly\s+)?$"
)
_WORLD_COURT = re.compile(r"International|European|Criminal|Justice|Arbitration|ICJ|ICC|ECHR")


@lru_cache(maxsize=1)
def _court_order_pattern() -> re.Pattern[str]:
    """A court or judge, an order verb of scope.toml's court_orders, then the words of its order
    up to the trigger, within one clause."""
    verbs = "|".join(sorted(load_scope_words().court_orders, key=len, reverse=True))
    return re.compile(
        r"\b(?:[Cc]ourt|[Jj]udges?|[Tt]ribunal|[Bb]ench|[Mm]agistrates?)\s+"
        r"(?:in\s+[A-Z][\w-]*\s+|on\s+\w+\s+|\w+ly\s+)?(?:" + verbs + r")\s+[^.;,:]{0,80}$"
    )


def _court_order(w: ScopeWords, sentence: str, start: int) -> bool:
    """The trigger is what a national court or judge orders ("a judge ordered the release of the
    former president"); a world court's order between states stays."""
    lo = max(0, start - 140)
    m = _court_order_pattern().search(sentence, lo, start)
    if m is None:
        return False
    return _WORLD_COURT.search(sentence[max(0, m.start() - 60) : m.start() + 6]) is None


_POLICE_BEFORE = re.compile(
    r"\b(?:[Pp]olice|[Ss]oldiers|[Tt]roops|[Mm]arines|[Cc]ommandos|[Ss]ecurity\s+forces|[Aa]rmy|"
    r"[Mm]ilitary)\b[^,;]{0,40}$"
)
# an unnamed private person as an arrest's object: "a man", "two teenagers", "a Florida woman";
# "an American", "a Russian journalist" name a nationality and stay
_UNNAMED_PERSON = re.compile(
    r"\s+(?:a|an|two|three|four|five|six|\d[\d,]*)\s+(?:[A-Z][a-z]+\s+)?(?:[a-z]+-old\s+)?"
    r"(?:man|woman|men|women|teenager|teenagers|boy|boys|girl|girls|youth|youths|person|people|"
    r"suspect|suspects)\b"
)


@lru_cache(maxsize=1)
def _definite_person() -> re.Pattern[str]:
    """ "the man", "the suspected gunman": a private person named by the definite article and a
    word of scope.toml's private_persons, as an arrest's object."""
    nouns = "|".join(sorted(load_scope_words().private_persons, key=len, reverse=True))
    return re.compile(r"\s+the\s+(?:suspected\s+|alleged\s+)?(?:" + nouns + r")\b")


_ARREST = re.compile(
    r"\b(?:arrest|detain|held|hold|jail|nabb?|round|apprehend|custody|seiz|confiscat|raid)\w*\s*$",
    re.I,
)


@lru_cache(maxsize=1)
def _preventing_pattern() -> re.Pattern[str]:
    """A verb of scope.toml's preventing list, its object (up to six words), then "from"."""
    verbs = "|".join(sorted(load_scope_words().preventing, key=len, reverse=True))
    return re.compile(r"\b(?:" + verbs + r")\s+(?:[\w.'’-]+\s+){0,6}?from\s+$", re.I)


def _prevented(sentence: str, start: int) -> bool:
    """The -ing trigger is what a verb of preventing keeps from happening ("blocked the firm from
    selling", "barred the administration from deporting")."""
    return _preventing_pattern().search(sentence, max(0, start - 90), start) is not None


def _warned_of_criminals(w: ScopeWords, sentence: str, end: int) -> bool:
    """A warning whose that-clause is about criminals ("warned that hackers were targeting
    hospitals"): an advisory, unless it names force, sanctions or retaliation."""
    m = re.match(
        r"\s*that\s+((?:[\w'’-]+\s+){1,4}?)(?:were|are|was|is|had|have|has|could|would|will|might|may)\b",
        sentence[end : end + 80],
    )
    if m is None:
        return False
    subject = m.group(1).lower().split()
    return subject[-1] in w.criminals and not any(
        x in w.threat_content for x in _clause_words(sentence, end, 16)
    )


def _law_enforcer(w: ScopeWords, sentence: str, source: ActorMention) -> bool:
    """The source is police, prosecutors or a court, by role or by name ("the FBI")."""
    if source.role in ("police", "prosecutor", "judge"):
        return True
    text = source.text.lower()
    return any(x in text for x in w.law_enforcement)


def _home_public(
    sentence: str, end: int, source: ActorMention | None, actors: list[ActorMention]
) -> bool:
    """The addressee right after the trigger is the source's own people, a plural demonym
    ("recommended that Americans wear masks", "urged Britons to stay at home")."""
    if source is None or source.country is None:
        return False
    m = re.match(
        r"\s+(?:that\s+|on\s+|to\s+)?(?:all\s+)?([A-Z][a-z]+s)\b", sentence[end : end + 40]
    )
    if m is None:
        return False
    at = end + m.start(1)
    return any(
        a.kind == "demonym" and a.start == at and a.country == source.country for a in actors
    )


def _clause_words(sentence: str, end: int, limit: int = 14) -> list[str]:
    """The words after the trigger up to a clause break (at most ``limit``), lower-cased, and
    each pair of neighbours as well ("grand prix")."""
    out: list[str] = []
    for tok in _tokens(sentence[end : end + 120], end)[:limit]:
        if tok.low in (";", ":", ",", "which", "who", "but"):
            break
        out.append(tok.low)
    return out + [f"{a} {b}" for a, b in pairwise(out)]


def _setting(
    w: ScopeWords,
    sentence: str,
    span: tuple[int, int],
    event_type: str,
    target: ActorMention | None,
    home: str | None = None,
) -> str | None:
    """A sporting fixture, a court filing or an ordinary crime as the act's object, or a
    national court's ruling on a case of its own state (``home``, the source's country): the
    act belongs to sport, the courts or policing, not to relations between political actors."""
    sport_type = event_type in w.commercial_types or event_type in w.sport_types
    start, end = span
    words = _clause_words(sentence, end)
    foreign = target is not None and target.country is not None and target.country != home
    court = _COURT_SUBJECT.search(sentence, 0, start) is not None
    # a court's own subject widens the filings to settlements, appeals and claims
    filings = w.court_filings if court else w.legal_filings
    if (event_type in w.court_types or court) and any(x in filings for x in words[:6]):
        return "court-procedure"  # "rejected the bail plea", "the judge approved the settlement"
    if (
        event_type in w.court_types | w.court_order_types
        and not foreign
        and _court_order(w, sentence, start)
    ):
        return "court-order"  # "the Supreme Court ordered the government to release the farmers"
    if not sport_type and event_type != "coercion":
        return None
    games = any(x in w.sport_games for x in words) and not any(
        x in w.diplomatic_objects for x in words
    )  # "resume the cricket diplomacy of the 2000s" stays
    if sport_type and (games or any(x in w.sport for x in words)):
        return "sport"
    if (
        sport_type
        and any(x in w.hosting for x in words[:3])
        and any(x in w.hosted_events for x in words)
    ):
        return "sport"  # "agreed to co-host the 2002 World Cup"
    ruling = event_type in w.court_types or event_type in w.court_order_types
    if ruling and not foreign and court:
        left = sentence[max(0, start - 60) : start]
        if not _WORLD_COURT.search(left):
            return "court-ruling"  # "the Constitutional Court rejected an application"
    if event_type == "coercion":
        # "fired tear gas at protesters", "dispersed the crowd": the trigger and the next words
        window = [t.low for t in _tokens(sentence[start:end], start)] + words[:4]
        pairs = [f"{a} {b}" for a, b in pairwise(window)]
        if any(x in w.crowd_control for x in window + pairs):
            return "crowd-control"
    political_target = target is not None and target.political  # "an American journalist"
    if target is not None and target.kind == "person" and not (target.country or target.role):
        political_target = False  # "the mafia boss Matteo Messina Denaro": a name of no office
    unnamed = _UNNAMED_PERSON.match(sentence, end) or _definite_person().match(sentence, end)
    if unnamed is not None:
        # "arrested a Florida man accused of threatening members of Congress", "a man who
        # threatened to set fire to the studio": the one held is a private person; a party named
        # in what he is accused of is no target of the arrest
        political_target = False
        who = re.match(r"\s+(?:who|that)\b", sentence[unnamed.end() :])
        words = words + _clause_words(sentence, unnamed.end() + (who.end() if who else 0))
    head_end = start + len(sentence[start:end].split()[0]) if sentence[start:end].split() else end
    # the trigger is an arrest or a seizure ("seized three vessels carrying cocaine")
    arrest = bool(_ARREST.search(sentence[:end]) or _ARREST.search(sentence[:head_end]))
    if (
        (event_type == "coercion" or unnamed is not None)
        and arrest
        and not political_target
        and any(x in w.ordinary_crime for x in words)
    ):
        # a private person held over a crime, whatever type the verb's object codes
        # ("detained a man suspected of setting fire to the mosque")
        return "ordinary-crime"
    if (
        event_type in w.rescue_types
        and _POLICE_BEFORE.search(sentence, 0, start)
        and any(x in w.crime_victims for x in words[:6])
    ):
        return "police-rescue"  # "police freed a kidnapped businessman": a rescue, no release
    return None


_OWNED = re.compile(r"['’]s((?:\s+[a-z][\w-]*){1,3})")


def _possessor_only(
    w: ScopeWords, sentence: str, source: ActorMention | None, head: _Tok, start: int
) -> bool:
    """The source only owns the subject, a noun of no office ("the German chancellor's coalition
    partners"): the subject acts, not its owner ("Russia's foreign ministry" stays)."""
    if source is None or source.kind not in ("person", "official", "role"):
        return False  # a body's own organ stays the body ("the IAEA's governing board")
    if source.end > head.start:
        return False
    verb = (
        sentence[start:].split(maxsplit=1)[0].lower().endswith("ed")
        if sentence[start:].strip()
        else False
    )
    if not verb and _POSSESSOR_GAP.fullmatch(sentence, source.end, start):
        return False  # "China's abrupt cancellation of": the owner's own act, a noun
    m = _OWNED.fullmatch(sentence, source.end, head.end)
    if m is None:
        return False
    roles = _role_word_set()
    words = m.group(1).split()
    return (
        words[-1] not in w.political
        and words[-1] not in w.organs
        and not any(x in roles for x in words)
    )


def _aside(
    w: ScopeWords,
    sentence: str,
    span: tuple[int, int],
    event_type: str,
    pair: tuple[ActorMention | None, ActorMention | None],
) -> str | None:
    """Acts that only look political: advice to the public, a document released, a product
    licensed by its regulator, an official dismissed from office, a call on one's own
    legislature, a stance that describes a person, a crime charged by the police."""
    start, end = span
    source, target = pair
    if (
        event_type in w.home_legislature_types
        and source is not None
        and target is not None
        and target.sector == "legislature"
        and target.country == source.country
    ):
        return "home-legislature"  # "the president called on lawmakers to approve the reform"
    after = _tokens(sentence[end : end + 80], end)
    lows = [t.low for t in after]
    later = target is not None and target.start > end + 4  # "warned travellers to avoid Guinea"
    if event_type in w.public_types and (target is None or later) and lows:
        addressee = lows[1:4] if lows[0] == "to" else lows[:3]
        cut = next((k for k, x in enumerate(addressee) if x in w.prepositions or x in _BREAK), 3)
        if any(x in w.public for x in addressee[:cut]):
            return "public-advice"  # "police warned residents to stay indoors"
    if event_type in w.firm_target_types and target is None and lows:
        phrase: list[str] = []
        for x in lows[1:5] if lows[0] in ("on", "to") else lows[:4]:
            if x in w.prepositions or x in _BREAK or x == "to":
                break
            phrase.append(x)
        if (
            phrase
            and phrase[-1] in w.non_political
            and not any(x in w.political_before for x in phrase)
        ):
            return "firm-target"  # "the WHO accused the company of marketing baby formula"
    trig = [t.low for t in _tokens(sentence[start:end], start)]
    if event_type in w.release_types:
        verbs = trig + lows[:2]
        at = next((k for k, x in enumerate(verbs) if x in w.release_verbs), None)
        if at is not None:
            rest = (trig + lows)[at + 1 : at + 5]
            stop = next((k for k, x in enumerate(rest) if x in w.prepositions), len(rest))
            if any(x in w.documents for x in rest[:stop]):
                return "publication"  # "refused to release the report on the detention centre"
            if any(x in w.funds for x in rest[:stop]):
                return "funds"  # "released 300 million euros to help farmers"
    if event_type in w.commercial_types:
        subject = sentence[max(0, start - 80) : start].lower()
        if any(body in subject for body in w.product_regulators):
            return "product-regulator"  # "the Food and Drug Administration rejected the drug"
    if trig and trig[0] in w.stance and re.search(r"\bwho\s+(?:had\s+)?$", sentence[:start]):
        return "stance"  # "the French president who opposed the Iraq war, died at 86"
    if event_type in w.law_enforcement_types and (target is None or not target.political):
        parts = re.split(r"[,;]", sentence[max(0, start - 100) : start])
        # "The Justice Department sued Google, accusing it of": a participle's subject opens
        subject = (parts[-1] if parts[-1].strip() or len(parts) < 2 else parts[0]).lower()
        if any(re.search(rf"\b{re.escape(x)}\b", subject) for x in w.law_enforcement):
            return "criminal-charge"  # "police accused a gang of killing a businessman"
    if event_type == "rejection" and trig and trig[0] in w.firing:
        phrase = []
        for x in lows[:5]:
            if not x or x in _BREAK or x in w.prepositions or x == "to":
                break
            phrase.append(x)
        offices = w.political | _role_word_set()
        if phrase and phrase[-1] in offices:
            return "dismissal"  # "the decision to dismiss the attorney general"
    return None


_WANTED = re.compile(  # "demanding that Lukashenko step down": the act the demand wants
    r"\b(?:demand|demands|demanded|demanding|insist|insists|insisted|insisting|urge|urges|urged|"
    r"urging|ask|asks|asked|asking|calls?\s+for|called\s+for|calling\s+for)\s+that\s+"
    r"(?:[\w.'’-]+\s+){1,5}$"
)
_WHO_CLAUSE = re.compile(r",\s+who\s+[^,;()]{0,200}$")
_CLAUSE_END = re.compile(r"[^,;()]{0,200},\s+(?:\w+\s+){0,3}?")


@lru_cache(maxsize=16)
def _phrase_pattern(phrases: tuple[str, ...]) -> re.Pattern[str]:
    """One pattern for a list of phrases, each as whole words."""
    return re.compile(rf"(?<![\w-])(?:{'|'.join(re.escape(x) for x in phrases)})(?![\w-])")


def _phrase_in(phrases: tuple[str, ...], text: str) -> bool:
    """Does a phrase of the list occur in the lower-cased text as whole words?"""
    return _phrase_pattern(phrases).search(text) is not None


def _subject_phrase(sentence: str, source: ActorMention, start: int) -> str:
    """The source's noun phrase, lower-cased: from the clause break before it to the trigger
    right after it ("the honduran opposition candidate"), or to its own end."""
    lo = max(0, source.start - 80)
    left = sentence[lo : source.start]
    cut = max(left.rfind(","), left.rfind(";"), left.rfind("("), left.rfind(" and "))
    begin = lo + cut + 1 if cut >= 0 else lo
    stop = start if source.end <= start and start - source.end <= 40 else source.end
    return sentence[begin:stop].lower()


def _home_affairs(
    w: ScopeWords,
    sentence: str,
    span: tuple[int, int],
    event_type: str,
    pair: tuple[ActorMention | None, ActorMention | None],
    actors: list[ActorMention],
) -> str | None:
    """Acts of a state's own politics and life: a home player's speech aimed at nobody abroad,
    coalition talks, an obituary's past, an act a demand wants, an election to office, relief
    for one's own people, emergency rule over a disaster, public places closed."""
    start, end = span
    source, target = pair
    home = source.country if source is not None else None
    # a party that is no organ of the player's own state (rebels, another state, a body abroad)
    abroad = (
        target is not None
        and target.kind != "pronoun"
        and (target.country != home if target.country is not None else target.kind == "igo")
    ) or (
        target is not None and target.sector not in (None, "government", "legislature", "judiciary")
    )
    if (
        source is not None
        and source.kind not in ("igo", "pronoun")
        and event_type in w.player_types
        and not abroad
        and _phrase_in(w.players, _subject_phrase(sentence, source, start))
    ):
        return "home-player"  # "Scotland's first minister urged the British government"
    trig = sentence[start : min(len(sentence), end + 30)].lower()
    if event_type in w.player_types and _phrase_in(w.home_talks, trig):
        return "home-talks"  # "pulled out of the coalition talks"
    if _WHO_CLAUSE.search(sentence, 0, start):
        close = _CLAUSE_END.match(sentence, end)
        after = sentence[close.end() : close.end() + 30].lower() if close else ""
        if close and any(after.startswith(x + " ") or after == x for x in w.life_events):
            return "life"  # "Rabin, who signed the Oslo accords, was buried"
    if event_type not in w.call_types and _WANTED.search(sentence, 0, start):
        return "wanted"  # "protesters marched, demanding that Lukashenko step down"
    first = sentence[start:end].lower().split()[:1]
    chosen = target is not None and target.kind in ("person", "official", "role")
    if (
        first
        and first[0] in w.appointment
        and chosen
        and target is not None
        and target.country == home
    ):
        return "appointment"  # "the National Assembly elected Imran Khan as prime minister"
    foreign = any(a.country is not None and a.country != home for a in actors if a.political)
    if event_type in w.home_goods_types and target is None and not foreign:
        goods = _clause_words(sentence, end, 6)
        if any(x in w.home_goods for x in goods):
            return "home-policy"  # "pledged to end power cuts by the end of the year"
    clause = re.split(r"[,;:]", sentence[max(0, start - 120) : start])[-1].lower()
    if _phrase_in(w.protest_verbs, clause + " " + trig) and _phrase_in(w.crowds, clause):
        return "protest"  # "thousands of Egyptians rallied in Cairo to express support"
    if (
        event_type in w.relief_types
        and target is None
        and not foreign
        and any(x in w.public for x in _clause_words(sentence, end, 8))
    ):
        return "home-relief"  # "promised to help the survivors", "evacuated villagers"
    if event_type == "coercion" and (target is None or target.country == home):
        words = [t.low for t in _tokens(sentence)]
        pairs = [f"{a} {b}" for a, b in pairwise(words)]
        if ("emergency" in trig.split() or "curfew" in trig) and any(
            x in w.hazards for x in words + pairs
        ):
            return "disaster-emergency"  # "declared a state of emergency after the hurricane"
        if target is None and any(x in w.amenities for x in _clause_words(sentence, end, 6)):
            return "public-order"  # "ordered the closure of bars and restaurants"
    return None


_POSSESSED_NAME = re.compile(r"['’]s\s+((?:[A-Z][\w&.'’-]*\s+){1,3})")


def end_of_word(text: str, start: int) -> int:
    """The offset where the word starting at ``start`` ends."""
    m = re.match(r"[\w'’-]+", text[start:])
    return start + (m.end() if m else 0)


_JOINED_NAME = re.compile(r"and\s+((?:[A-Z][\w&.'’-]*\s+){1,3})")


def _club(w: ScopeWords, sentence: str, source: ActorMention) -> bool:
    """A capital inside a club's name ("Real Madrid", "Dynamo Kiev", "Paris Saint-Germain")."""
    if source.kind not in ("capital", "country"):
        return False
    before = [t.low for t in _tokens(sentence[max(0, source.start - 25) : source.start])][-2:]
    after = [t.low for t in _tokens(sentence[source.end : source.end + 20])][:1]
    prefix = bool(before) and (before[-1] in w.club_prefixes or " ".join(before) in w.club_prefixes)
    return prefix or (bool(after) and after[0] in w.club_suffixes)


@lru_cache(maxsize=1)
def _role_word_set() -> frozenset[str]:
    """Every word of the role table ("foreign", "minister", "police"), lower-cased."""
    return frozenset(word for r in load_roles() for word in r.pattern.lower().split())


def _sport_body(w: ScopeWords, sentence: str, source: ActorMention, start: int) -> bool:
    """The source is a sports body or team: a sport's word in its name or in the capitalised
    name right after it ("the International Cricket Council", "the Pakistan Cricket Board")."""
    own = [t.low for t in _tokens(source.text)]
    follow: list[str] = []
    for tok in _tokens(sentence[source.end : min(start, source.end + 60)], source.end)[:4]:
        if not tok.text[0].isupper():
            break
        follow.append(tok.low)
    return any(x in w.sport_bodies for x in own + follow)


def _owns_name(w: ScopeWords, sentence: str, actor: ActorMention, end: int) -> bool:
    """The state's possessive before an unknown name that ends the subject ("Hong Kong's Cathay
    Pacific said it would"): the name, a firm or club, is the antecedent."""
    if actor.kind not in ("country", "capital"):
        return False
    m = _POSSESSED_NAME.match(sentence, actor.end)
    if m is None or m.end() < end:
        return False
    roles = _role_word_set()
    words = [x.lower().strip(".'’") for x in m.group(1).split()]
    return not any(x in w.political or x in roles for x in words)


def _possessed_name(
    w: ScopeWords, sentence: str, source: ActorMention, start: int, actors: list[ActorMention]
) -> bool:
    """The subject is a name the state's possessive only places ("China's Huawei sued",
    "Spain's Telefonica rejected"): a firm, club or person the gazetteer does not know, whose
    words are no office, body or role of the state ("Pakistan's Foreign Office rejected" stays)."""
    if source.kind not in ("country", "capital"):
        return False
    m = _POSSESSED_NAME.match(sentence, source.end)
    if m is not None and m.end() != start:
        # "South Korea's Samsung and Apple agreed": a second name joined to the first
        more = _JOINED_NAME.match(sentence, m.end())
        if more is not None and more.end() == start:
            m = more
    if m is not None and m.end() != start:
        # "Brazil's Embraer terminated its deal with Boeing, accusing the American company": a
        # participle after the main clause whose subject is the possessed name
        between = sentence[m.end() : start]
        participle = sentence[start : end_of_word(sentence, start)].endswith("ing")
        if not (
            participle
            and between.rstrip().endswith(",")
            and between.count(",") == 1
            and re.match(r"[a-z]+(?:ed|s)\b", between)
        ):
            return False
    elif m is None:
        return False
    if any(a is not source and source.end <= a.start < start for a in actors):
        return False  # "Israel's Netanyahu": a known person is the subject
    roles = _role_word_set()
    words = [x.lower().strip(".'’") for x in m.group(1).split()]
    return not any(x in w.political or x in roles for x in words)


def reject_reason(
    sentence: str,
    start: int,
    end: int,
    event_type: str,
    source: ActorMention | None,
    target: ActorMention | None,
    actors: list[ActorMention],
) -> str | None:
    """Why the trigger at [start, end) of the sentence is no diplomatic act of the chosen source,
    or None when it stands. Offsets are relative to the sentence."""
    w = load_scope_words()
    if _noun_use(w, sentence, start, end, source, target):
        return "noun"
    trigger_words = sentence[start:end].lower().split()
    if (
        trigger_words
        and trigger_words[0] in w.ambiguous
        and re.search(
            r"\b(?:over|because\s+of)\s+(?:the\s+)?[\w.-]+(?:\s+[\w.-]+)?['’]s?\s+$",
            sentence[max(0, start - 50) : start],
        )
    ):
        return "reason"  # "suspended Belarus over the country's support for the invasion"
    if re.search(
        r"\bciting\s+(?:the\s+|its\s+|their\s+|new\s+)?$", sentence[max(0, start - 30) : start]
    ):
        return "reason"  # "cancelled its contract, citing the sanctions": the reason named
    if trigger_words and trigger_words[0].endswith("ing") and _prevented(sentence, start):
        return "prevented"  # "barred the administration from deporting the migrants"
    if (
        event_type == "accusation"
        and trigger_words == ["accused"]
        and re.match(r"\s+of\b", sentence[end : end + 5])
    ):
        before = _tokens(sentence[max(0, start - 20) : start])
        if before and before[-1].low not in w.passive and before[-1].low not in w.auxiliaries:
            return "reduced-relative"  # "the accounts of seven users accused of spreading"
    if (
        (event_type in w.commercial_types or event_type == "sanctions")
        and (target is None or target.kind == "pronoun")
        and any(x in w.economic_output for x in _clause_words(sentence, start, 16))
    ):
        return "economic-output"  # "OPEC agreed to cut output": a cartel's quota, no party named
    near = [t.low for t in _tokens(sentence[start : end + 40], start)][: len(trigger_words) + 4]
    pairs = [f"{a} {b}" for a, b in pairwise(near)]
    if target is None and any(x in w.economic_policy for x in near + pairs):
        return "economic-policy"  # "imposed capital controls": a state's own money and prices
    if event_type == "investigation" and any(x in w.spacecraft for x in near):
        return "spacecraft"  # "launched its first lunar probe"
    if source is not None and _law_enforcer(w, sentence, source):
        lead = sentence[max(0, start - 40) : start].lower()
        if any(re.search(rf"\b{x}\s+(?:[\w-]+\s+){{0,2}}$", lead) for x in w.alleged):
            return "alleged"  # "detained the man accused of spreading online threats"
    if event_type in w.public_types and _home_public(sentence, end, source, actors):
        return "public-advice"  # "the CDC recommended that Americans wear masks"
    if event_type == "rejection":
        rest = _tokens(sentence[end : end + 30], end)
        nxt = [t.low for t in rest[:2]]
        if trigger_words[-1] == "to" and nxt[:1] and nxt[0] in w.speech:
            return "speech"
        if nxt[:1] == ["to"] and nxt[1:] and nxt[1] in w.speech:
            return "speech"
    if source is not None and source.kind != "pronoun":
        if commercial_actor(sentence, source, w, start if source.end <= start else None):
            return "commercial-source"
        if _sport_body(w, sentence, source, start):
            return "sport-body"
        if _possessed_name(w, sentence, source, start, actors):
            return "possessed-name"
        if _club(w, sentence, source):
            return "club"  # "Real Madrid agreed to pay 100 million euros to Tottenham"
        if source.kind in ("person", "role", "official") and corporate_person(
            sentence, source, actors
        ):
            return "executive"
        prep = re.search(
            r"\b([\w-]+)\s+(?:of|in|to|from|for|across|throughout|around|at|into)\s+(?:the\s+)?"
            r"(?:[A-Z][\w.-]*\s+){1,3}(?:and|or)\s+(?:the\s+)?$",
            sentence[: source.start],
        )
        if (
            source.kind in ("country", "capital")
            and prep
            and prep.group(1).lower() not in w.political
        ):
            return "object-of-preposition"  # "a tour of Asia and Australia", not "envoys from"
    pronoun = source is not None and source.kind == "pronoun" and source.start < start
    if pronoun and source is not None and _pronoun_antecedent_outside(w, sentence, source, actors):
        return "pronoun-antecedent"
    # in a call or demand the trigger's subject is the one asked to act ("Europe should rethink")
    addressee = event_type in types_with("addressee")  # taxonomy.toml
    left = _tokens(sentence[max(0, start - 120) : start], max(0, start - 120))
    i, passive = _walk_left(w, left)
    if i >= 0:
        tok = left[i]
        low = tok.low
        in_actor = _inside(tok, actors)
        if low in w.criminals and in_actor is None:
            return "criminal-subject"  # "police said the gunmen had demanded a ransom"
        if low in _RELATIVE and i > 0:
            j = i - 1 if left[i - 1].low != "," or i < 2 else i - 2
            ante = left[j]
            if _inside(ante, actors) is None and (
                ante.low in w.non_political or ante.low in w.objects
            ):
                return "relative-clause"  # "sub-contractors which supply Airbus"
        elif in_actor is None and low not in _BREAK and low != "to" and not addressee:
            # a passive's subject only receives the act of its political agent ("Sweden's bid
            # was blocked by Turkey")
            agent = passive and source is not None and source.political and source.start >= end
            if not agent and (low in w.non_political or low in w.objects or low in w.non_actor):
                return "non-political-subject"
            if (
                tok.text[0].isupper()
                and low not in ("we", "i")  # a quoted speaker's own act: "We condemn ..."
                and trigger_words[0] not in w.event_nouns
                and _unknown_subject(w, left, i, actors)
            ):
                return "unknown-subject"
            if _possessor_only(w, sentence, source, tok, start):
                return "possessor"  # "the chancellor's coalition partners agreed": not his act
            by_actor = i > 0 and _inside(left[i - 1], actors) is not None  # "Qatari mediators"
            late = source is not None and source.start >= end
            if late and not passive and low in w.political and not by_actor:
                return "subject-not-source"  # "lawmakers rejected ..., killed by the Pentagon"
        elif (
            in_actor is not None
            and in_actor.political
            and commercial_actor(sentence, in_actor, w, start if in_actor.end <= start else None)
        ):
            return "commercial-subject"
    aside = _aside(w, sentence, (start, end), event_type, (source, target))
    if aside is not None:
        return aside
    home_affairs = _home_affairs(w, sentence, (start, end), event_type, (source, target), actors)
    if home_affairs is not None:
        return home_affairs
    home = source.country if source is not None else None
    setting = _setting(w, sentence, (start, end), event_type, target, home)
    if setting is not None:
        return setting
    no_target = target is None or target.kind == "pronoun"
    # a legislature passing a bill makes law, it does not yield ("passed a constitutional
    # amendment"); a government backing down on one does
    yielding = (
        event_type in w.yield_types
        and source is not None
        and source.political
        and source.sector != "legislature"
    )
    # "parliament rejected the government's budget": a bill of one's own state is law-making
    home_target = target is not None and home is not None and target.country == home
    if event_type in w.commercial_types and (no_target or home_target) and not yielding:
        head = _tokens(sentence[end : end + (40 if no_target else 60)], end)
        treaties = [(s0, s1) for s0, s1, _ in subject_matcher().finditer(sentence) if s0 >= end]
        # a bill of one's own government may stand further on ("the government's plan to repeal
        # the carbon tax")
        reach = 5 if no_target else 9
        if any(
            (t.low in w.legislation or (k < 5 and t.low in w.party_choice))
            and not any(s0 <= t.start < s1 for s0, s1 in treaties)
            for k, t in enumerate(head[:reach])
        ):
            return "legislation"  # "put forward the CARS act"; "the Rome Statute" is a treaty
        lawmaker = source is not None and source.sector == "legislature"
        if no_target and lawmaker and event_type not in w.yield_types and not treaties:
            return "law-making"  # "the Bundestag agreed to extend the deadline"
    if event_type == "coercion" and no_target and source is not None:
        head = _tokens(sentence[end : end + 40], end)[:5]
        if source.sector == "legislature" and any(t.low in w.legislation for t in head):
            return "law-making"  # "parliament passed a new criminal code that bans ..."
    if event_type in w.commercial_types and (
        target is None or commercial_actor(sentence, target, w)
    ):
        obj = _object_commercial(w, sentence, end, actors)
        if obj is not None and not (yielding and obj.lower() in w.yield_objects):
            return "commercial-object"
    if (
        source is not None
        and i >= 0
        and _inside(left[i], actors) is source
        and re.search(r"\b[a-z]+\s+(?:by|from|about|with)\s+(?:the\s+)?$", sentence[: source.start])
    ):
        return "prepositional-source"  # "an additional email by Roche provides"
    named = sentence[end : end + 3].lstrip()[:1]
    if i >= 0 and _inside(left[i], actors) is None and trigger_words in (["called"], ["named"]):
        low = left[i].low
        lower_noun = left[i].text[0].islower() and low not in w.political
        if lower_noun and low not in w.auxiliaries and (named.isupper() or named in "`'\""):
            return "naming"  # "app icon lists called Launchpad"
    if event_type == "investigation":
        subject = sentence[max(0, start - 80) : start].lower()
        if any(body in subject for body in w.technical_bodies):
            return "technical-inquiry"  # "the Transportation Safety Board is probing": accidents
        into = re.match(r"\s+into\s+((?:[\w-]+\s+){0,3}[\w-]+)", sentence[end:])
        what = into.group(1).lower().split() if into else []
        what = what[: next((k for k, x in enumerate(what) if x in w.prepositions), len(what))]
        domestic = target is None or target.country is None or target.country == home
        if domestic and any(x in w.accidents for x in what):
            return "accident-inquiry"  # "opened an investigation into the fire at the cathedral"
        police = any(re.search(rf"\b{re.escape(x)}\b", subject) for x in w.law_enforcement)
        near = [t.low for t in _tokens(sentence[max(0, start - 25) : end])][-6:]
        crime = any(x in w.inquiry_crimes for x in near + _clause_words(sentence, end, 8))
        unexplained = any(x in w.unexplained_deaths for x in _clause_words(sentence, end, 6))
        others = any(  # a foreign party named after the trigger keeps the inquiry
            a.political
            and a.country not in (None, home)
            and a.start >= end
            and not (unexplained and a.modifier)
            for a in actors
        )  # ("into the killing of Saudi journalist Jamal Khashoggi")
        victim = unexplained and target is not None and target.modifier
        if police and (domestic or victim) and crime and not others:
            return "criminal-inquiry"  # "British police launched a murder inquiry"
    if event_type == "threat" and target is None:
        lead = sentence[end : end + 12].lstrip().lower()
        clause = re.split(r"[;.]", sentence[end : end + 120])[0]
        action = re.search(r"\b(?:will|would|won't|wouldn't|shall|'ll)\b", clause)
        named_threat = lead.startswith("of ") and any(
            x in w.threat_nouns for x in _clause_words(sentence, end, 6)
        )  # "warned of a merciless response": what it threatens is named
        if (
            lead.startswith(("that ", "of "))
            and action is None
            and not named_threat
            and not any(
                a.political and end <= a.start < end + len(clause) and not a.modifier
                for a in actors
            )
        ):
            return "warning"  # "warned that talk of a recovery might be premature"
    if event_type == "threat" and _warned_of_criminals(w, sentence, end):
        return "warning"  # "the FBI warned that North Korean hackers were targeting firms"
    if event_type == "threat" and target is None:
        that = re.match(
            r"\s*that\s+((?:[\w'’-]+\s+){1,6}?)(?:will|would|could|might|may|can)\b",
            sentence[end : end + 100],
        )
        if (
            that is not None
            and not re.search(r"\b(?:it|we|they|he|she|i|you)\b", that.group(1).lower())
            and not any(a.political and end <= a.start < end + that.end() for a in actors)
            and not any(x in w.threat_content for x in _clause_words(sentence, end, 16))
        ):
            return "forecast"  # "warned that underinvestment in oil would lead to shortages"
    if (
        event_type == "threat"
        and target is not None
        and home is not None
        and target.country == home
        and re.match(r"\s*that\s+(?!(?:it|we|they|he|she|i)\b)", sentence[end : end + 20])
        and not any(x in w.threat_nouns for x in _clause_words(sentence, end, 12))
    ):
        return "forecast"  # "the Treasury warned that the government would run out of money"
    return None
