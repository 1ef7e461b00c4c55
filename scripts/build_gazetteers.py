#!/usr/bin/env python3
"""Build Communique's actor, role and CAMEO-to-PLOVER gazetteers from the reference dictionaries.

Reads (read-only reference material):
    <reference>/openeventdata/Phoenix.Countries.actors.txt      PETRARCH2 Phoenix dictionaries,
    <reference>/openeventdata/Phoenix.International.actors.txt  Open Event Data Alliance, MIT
    <reference>/openeventdata/Phoenix.MilNonState.actors.txt
    <reference>/openeventdata/Phoenix.agents.txt
    <reference>/openeventdata/CAMEO.2.0.txt                      (only with --check-taxonomy)
    <reference>/plover/CAMEO2PLOVER-2021.txt                     PLOVER table, OEDA, CC BY-SA 4.0

and the hand-reviewed inputs kept next to the outputs, merged on every run so that regeneration
never loses review work:
    pipeline/data/countries_review.tsv  per country: ISO3, CAMEO code, name, capitals, demonyms,
                                        accepted variants, deliberately dropped forms
    pipeline/data/actors_extra.tsv      reviewed persons, institutions, IGOs and groups
    pipeline/data/roles_extra.tsv       reviewed role words

Writes pipeline/data/actors.tsv, roles.tsv and cameo_plover.tsv. subjects.tsv and taxonomy.toml are
hand-maintained; --check-taxonomy verifies taxonomy.toml against CAMEO.2.0.txt and the PLOVER
table.

Usage:
    uv run python scripts/build_gazetteers.py [--reference DIR] [--data DIR] [--check]

--check rebuilds in memory and exits 1 when a generated file on disk differs (for CI).
The reference directory defaults to $COMMUNIQUE_REFERENCE_DIR, else ../shared/reference next to the
repository.
"""

from __future__ import annotations

import argparse
import collections
import csv
import datetime as dt
import io
import logging
import os
import re
import sys
import tomllib
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

log = logging.getLogger("build_gazetteers")

REPO = Path(__file__).resolve().parent.parent
DEFAULT_DATA = REPO / "pipeline" / "data"
DEFAULT_REFERENCE = Path(
    os.environ.get("COMMUNIQUE_REFERENCE_DIR", str(REPO.parent / "shared" / "reference"))
)

ACTOR_COLUMNS = (
    "pattern",
    "name",
    "country",
    "sector",
    "kind",
    "role",
    "valid_from",
    "valid_to",
    "cameo",
    "source",
)
ROLE_COLUMNS = ("pattern", "role", "sector", "source")
PLOVER_COLUMNS = ("cameo", "plover", "mode", "context", "description")

KINDS = ("country", "capital", "demonym", "institution", "igo", "group", "person")
SECTORS = frozenset(
    "government diplomatic military intelligence legislature judiciary igo opposition "
    "civil_society media business unknown".split()
)

ACTOR_FILES = (
    "Phoenix.Countries.actors.txt",
    "Phoenix.International.actors.txt",
    "Phoenix.MilNonState.actors.txt",
)

# ------------------------------------------------------------------------------------ TABARI reader


@dataclass(frozen=True)
class Span:
    """One ``[CODE from-to]`` element of a TABARI entry."""

    code: str
    start: dt.date | None = None
    end: dt.date | None = None


@dataclass
class Entry:
    """A TABARI entry: a primary pattern, its ``+`` synonyms and its codes."""

    source: str
    line: int
    patterns: list[str] = field(default_factory=list)
    spans: list[Span] = field(default_factory=list)
    plurals: dict[str, list[str]] = field(default_factory=dict)


_CODE = re.compile(r"\[([^\]]*)\]")
_BRACES = re.compile(r"\{([^}]*)\}")


def _parse_date(text: str, where: str) -> dt.date | None:
    """TABARI dates are YYYYMMDD or YYMMDD (the 2014 files: YY <= 14 is 20YY)."""
    try:
        if len(text) == 8:
            return dt.date(int(text[:4]), int(text[4:6]), int(text[6:]))
        if len(text) == 6:
            yy = int(text[:2])
            return dt.date((2000 if yy <= 14 else 1900) + yy, int(text[2:4]), int(text[4:]))
    except ValueError:
        pass
    log.debug("unreadable date %r at %s", text, where)
    return None


def _parse_span(body: str, where: str) -> Span | None:
    parts = body.split()
    if not parts:
        return None
    code = parts[0]
    if len(parts) == 1:
        return Span(code)
    rng = parts[1]
    if rng.startswith(">"):
        return Span(code, _parse_date(rng[1:], where), None)
    if rng.startswith("<"):
        return Span(code, None, _parse_date(rng[1:], where))
    if "-" in rng:
        a, b = rng.split("-", 1)
        return Span(code, _parse_date(a, where), _parse_date(b, where))
    return Span(code)


def _clean_pattern(text: str) -> str:
    """Normalise a TABARI pattern: words joined by ``_``, no trailing whole-word marker."""
    words = [w for w in re.split(r"[\s_]+", text.strip()) if w]
    return "_".join(words)


def read_tabari(path: Path) -> list[Entry]:
    """Parse a TABARI actor or agent file into entries (comments and blank lines skipped)."""
    entries: list[Entry] = []
    current: Entry | None = None
    text = path.read_text(encoding="utf-8", errors="replace")
    for lineno, raw in enumerate(text.splitlines(), 1):
        body = raw.split("#", 1)[0]
        if not body.strip():
            continue
        where = f"{path.name}:{lineno}"
        spans = [s for s in (_parse_span(c, where) for c in _CODE.findall(body)) if s is not None]
        braces = _BRACES.findall(body)
        rest = _BRACES.sub(" ", _CODE.sub(" ", body)).strip()
        if not rest:
            if current is None:
                log.debug("codes without an entry at %s", where)
                continue
            current.spans.extend(spans)
            continue
        synonym = rest.startswith("+")
        pattern = _clean_pattern(rest.lstrip("+"))
        if not pattern:
            continue
        if synonym or (current is not None and not current.spans and not raw[:1].isspace()):
            if current is None:
                current = Entry(path.name, lineno)
                entries.append(current)
        else:
            current = Entry(path.name, lineno)
            entries.append(current)
        current.patterns.append(pattern)
        current.spans.extend(spans)
        if braces:  # {} = no plural; {FORMS} = irregular plurals
            current.plurals[pattern] = [_clean_pattern(f.lstrip("+")) for f in braces[0].split()]
    return entries


# ------------------------------------------------------------------------------ text normalisation

_PARTICLES = frozenset(
    "of the and for de du des la le da do dos das del di von van der den y bin ibn".split()
)


def fold(text: str) -> str:
    """Comparison key: accents, case, dots, hyphens and underscores folded away."""
    text = unicodedata.normalize("NFKD", text.replace("’", "'"))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.upper().replace(".", "").replace("_", " ").replace("-", " ")
    return " ".join(text.split())


def _cap_piece(piece: str, first: bool) -> str:
    if not piece:
        return piece
    if "'" in piece:
        head, tail = piece.split("'", 1)
        if len(head) == 1 and not first:  # d'Ivoire
            return head.lower() + "'" + _cap_piece(tail, True)
        if len(tail) <= 2:  # People's
            return _cap_piece(head, first) + "'" + tail.lower()
        return _cap_piece(head, first) + "'" + _cap_piece(tail, True)
    return piece[:1].upper() + piece[1:].lower()


def natural_case(pattern: str) -> str:
    """Phoenix upper-case pattern to natural case: ``PEOPLE'S_REPUBLIC_OF_CHINA`` -> People's ..."""
    out = []
    for i, word in enumerate(w for w in pattern.split("_") if w):
        lower = word.lower()
        if i and lower in _PARTICLES:
            out.append(lower)
        elif re.fullmatch(r"(?:[A-Z]\.)+[A-Z]?", word):
            out.append(word)
        else:
            out.append("-".join(_cap_piece(p, i == 0) for p in word.split("-")))
    return " ".join(out)


def _split_multi(value: str) -> list[str]:
    return [v.strip() for v in value.split("|") if v.strip()]


def _read_tsv(path: Path) -> list[dict[str, str]]:
    lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if not ln.startswith("#")]
    reader = csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
    rows = []
    for row in reader:
        rows.append({k: (v or "").strip() for k, v in row.items() if k is not None})
    return rows


# ---------------------------------------------------------------------------------------- actors


@dataclass(frozen=True)
class ActorRow:
    pattern: str
    name: str
    country: str
    sector: str
    kind: str
    role: str
    valid_from: str
    valid_to: str
    cameo: str
    source: str

    def cells(self) -> tuple[str, ...]:
        return tuple(getattr(self, c) for c in ACTOR_COLUMNS)


@dataclass(frozen=True)
class CountryReview:
    iso3: str
    cameo: str
    name: str
    capitals: tuple[str, ...]
    demonyms: tuple[str, ...]
    aliases: tuple[str, ...]
    drop: tuple[str, ...]


# Words a Phoenix country variant may add to the reviewed name and still be the country itself
# ("Islamic Republic of Afghanistan"); anything else (cities, provinces, rivers, misspellings,
# foreign-language names, nicknames) is dropped.
_OFFICIAL_WORDS = frozenset(
    fold(w)
    for w in "republic of the democratic people's peoples islamic kingdom state federal federation "
    "union commonwealth united socialist arab principality grand duchy sultanate plurinational "
    "bolivarian federative oriental hellenic independent co-operative cooperative hashemite and "
    "great emirate confederation".split()
)


def load_country_review(path: Path) -> list[CountryReview]:
    out = []
    for row in _read_tsv(path):
        out.append(
            CountryReview(
                iso3=row["iso3"],
                cameo=row["cameo"],
                name=row["name"],
                capitals=tuple(_split_multi(row["capitals"])),
                demonyms=tuple(_split_multi(row["demonyms"])),
                aliases=tuple(_split_multi(row["aliases"])),
                drop=tuple(_split_multi(row["drop"])),
            )
        )
    return out


def _strip_article(text: str) -> str:
    return (
        text[4:] if text.upper().startswith("THE ") and not text.startswith("the Hague") else text
    )


def _is_official_variant(variant: str, review: CountryReview) -> bool:
    """True for the reviewed name wrapped in state-form words ("Kingdom of Cambodia")."""
    words = fold(variant).split()
    name = fold(review.name).split()
    for i in range(len(words) - len(name) + 1):
        if words[i : i + len(name)] == name:
            others = words[:i] + words[i + len(name) :]
            return bool(others) and all(w in _OFFICIAL_WORDS for w in others)
    return False


def build_countries(
    entries: Sequence[Entry], reviews: Sequence[CountryReview], drops: collections.Counter[str]
) -> list[ActorRow]:
    """Country, capital and demonym rows: Phoenix country blocks filtered by the review table."""
    by_code: dict[str, list[Entry]] = collections.defaultdict(list)
    for entry in entries:
        if entry.source != "Phoenix.Countries.actors.txt":
            continue
        for span in entry.spans:
            if re.fullmatch(r"[A-Z]{3}", span.code):
                by_code[span.code].append(entry)
                break
    reviewed_codes = {r.cameo for r in reviews if r.cameo}
    for code, code_entries in sorted(by_code.items()):
        if code not in reviewed_codes:
            n = sum(len(e.patterns) for e in code_entries)
            drops[f"country block {code} not a reviewed country (historical or territory)"] += n

    rows: list[ActorRow] = []
    for review in reviews:
        forms: dict[str, list[tuple[str, str]]] = collections.defaultdict(list)  # fold -> forms
        for kind, values in (
            ("country", (review.name, *review.aliases)),
            ("capital", review.capitals),
            ("demonym", review.demonyms),
        ):
            for value in values:
                if all(value != natural for _, natural in forms[fold(value)]):
                    forms[fold(value)].append((kind, value))
        dropped = {fold(d) for d in review.drop}
        emitted: dict[str, ActorRow] = {}

        def emit(
            natural: str,
            kind: str,
            source: str,
            review: CountryReview = review,
            emitted: dict[str, ActorRow] = emitted,
        ) -> None:
            emitted.setdefault(
                natural,
                ActorRow(
                    natural,
                    review.name,
                    review.iso3,
                    "government",
                    kind,
                    "",
                    "",
                    "",
                    review.cameo,
                    source,
                ),
            )

        for entry in by_code.get(review.cameo, []) if review.cameo else []:
            for raw in entry.patterns:
                variant = _strip_article(natural_case(raw))
                key = fold(variant)
                if not key or "(" in variant:
                    drops["country variant: parenthesised or empty"] += 1
                elif key in dropped:
                    drops["country variant: ambiguous (review drop list)"] += 1
                elif key in forms:
                    for kind, natural in forms[key]:
                        emit(natural, kind, "phoenix")
                elif _is_official_variant(variant, review):
                    emit(variant, "country", "phoenix")
                else:
                    drops["country variant: city, region, misspelling or foreign name"] += 1
        for key, key_forms in forms.items():
            if key not in dropped:
                for kind, natural in key_forms:
                    emit(natural, kind, "review")
        rows.extend(emitted.values())
    return rows


# Words that show a Phoenix person variant carries a title or description rather than a name.
_GIVEN_NAME_OK = re.compile(r"^[A-Z][A-Z'\-]*\.?$")


def _phoenix_person_index(entries: Sequence[Entry]) -> dict[str, list[Entry]]:
    index: dict[str, list[Entry]] = collections.defaultdict(list)
    for entry in entries:
        for pattern in entry.patterns:
            index[fold(pattern)].append(entry)
    return index


def _latest_span(entry: Entry, country: str, igo: str) -> Span | None:
    prefix = country or igo
    spans = [s for s in entry.spans if prefix and s.code.startswith(prefix) and s.start]
    if not spans:
        return None
    return max(spans, key=lambda s: s.start or dt.date.min)


def _person_variants(
    entry: Entry, given: set[str], surname: str, casing: dict[str, str]
) -> Iterator[str]:
    """Phoenix spellings of a reviewed person: given name ... surname, no titles."""
    for raw in entry.patterns:
        words = [w for w in raw.split("_") if w]
        if not 2 <= len(words) <= 4 or "(" in raw or "," in raw:
            continue
        if fold(words[0]) not in given or fold(words[-1]) != surname:
            continue
        if not all(_GIVEN_NAME_OK.match(w) for w in words):
            continue
        out = []
        for w in words:
            out.append(casing.get(fold(w), natural_case(w)))
        yield " ".join(out)


def _coerce_date(value: str, *, end: bool, where: str) -> str:
    if not value or value == "phoenix":
        return value
    if re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", value):
        return value
    raise ValueError(f"bad date {value!r} in {where}")


def build_extra(
    extra: Sequence[dict[str, str]], entries: Sequence[Entry], drops: collections.Counter[str]
) -> list[ActorRow]:
    """Reviewed rows, with Phoenix provenance, dates and spelling variants merged in."""
    index = _phoenix_person_index(entries)
    rows: list[ActorRow] = []
    for n, row in enumerate(extra, 1):
        where = f"actors_extra.tsv row {n}"
        patterns = _split_multi(row["pattern"])
        kind, country, sector = row["kind"], row["country"], row["sector"]
        if kind not in KINDS or sector not in SECTORS:
            raise ValueError(f"bad kind/sector {kind!r}/{sector!r} in {where}")
        valid_from = _coerce_date(row["valid_from"], end=False, where=where)
        valid_to = _coerce_date(row["valid_to"], end=True, where=where)
        cameo = row["cameo"]
        matches: list[Entry] = []
        for pattern in patterns:
            for entry in index.get(fold(pattern), []):
                if entry not in matches:
                    matches.append(entry)
        prefix = country or ("IGO" if kind == "igo" or cameo.startswith("IGO") else "")
        if prefix:
            matches = [m for m in matches if any(s.code.startswith(prefix) for s in m.spans)]
        source = "phoenix+review" if matches else "review"
        if "phoenix" in (valid_from, valid_to):
            span = None
            for entry in matches:
                cand = _latest_span(entry, country, cameo[:3])
                if cand and (
                    span is None or (cand.start or dt.date.min) > (span.start or dt.date.min)
                ):
                    span = cand
            if span is None:
                raise ValueError(f"{where}: 'phoenix' date but no dated Phoenix entry matches")
            if valid_from == "phoenix":
                valid_from = span.start.isoformat() if span.start else ""
            if valid_to == "phoenix":
                valid_to = span.end.isoformat() if span.end else ""
        if not cameo and matches:
            cameo = next((s.code for m in matches for s in m.spans if s.code), "")
        all_patterns = list(patterns)
        if kind == "person" and matches:
            given = {fold(p.split()[0]) for p in patterns}
            surname = fold(row["name"].split()[-1])
            casing = {fold(w): w for p in patterns for w in p.split()}
            for entry in matches:
                for variant in _person_variants(entry, given, surname, casing):
                    if variant not in all_patterns:
                        all_patterns.append(variant)
                        drops["person: Phoenix spelling variant merged (kept)"] += 1
        for pattern in all_patterns:
            rows.append(
                ActorRow(
                    pattern,
                    row["name"],
                    country,
                    sector,
                    kind,
                    row["role"],
                    valid_from,
                    valid_to,
                    cameo,
                    source,
                )
            )
    return rows


def count_phoenix_drops(
    entries: Sequence[Entry], used: set[int], drops: collections.Counter[str]
) -> None:
    """Account for the Phoenix entries the reviewed gazetteer does not carry."""
    for entry in entries:
        if id(entry) in used:
            continue
        codes = [s.code for s in entry.spans]
        if any(re.fullmatch(r"[A-Z]{3}", c) for c in codes):
            continue  # country blocks are accounted for in build_countries
        ends = [s.end for s in entry.spans if s.end]
        open_ended = any(s.end is None for s in entry.spans)
        if ends and not open_ended and max(ends) < dt.date(2015, 1, 1):
            drops[f"{entry.source}: entry expired before 2015"] += 1
        elif entry.source == "Phoenix.Countries.actors.txt":
            drops[f"{entry.source}: person or institution not in the reviewed set"] += 1
        else:
            drops[f"{entry.source}: organisation or group not in the reviewed set"] += 1


def _date_key(value: str, *, end: bool) -> dt.date:
    if not value:
        return dt.date.max if end else dt.date.min
    parts = [int(p) for p in value.split("-")]
    if len(parts) == 3:
        return dt.date(*parts)
    if len(parts) == 2:
        if not end:
            return dt.date(parts[0], parts[1], 1)
        nxt = dt.date(parts[0] + parts[1] // 12, parts[1] % 12 + 1, 1)
        return nxt - dt.timedelta(days=1)
    return dt.date(parts[0], 12, 31) if end else dt.date(parts[0], 1, 1)


def merge_actors(generated: Sequence[ActorRow], extra: Sequence[ActorRow]) -> list[ActorRow]:
    """Extra rows override generated rows with the same pattern; conflicts are errors."""
    extra_patterns = {r.pattern for r in extra}
    merged = [r for r in generated if r.pattern not in extra_patterns]
    overridden = len(generated) - len(merged)
    if overridden:
        log.info("%d generated rows overridden by reviewed rows", overridden)
    merged.extend(extra)
    seen: set[tuple[str, ...]] = set()
    unique = []
    for row in merged:
        if row.cells() not in seen:
            seen.add(row.cells())
            unique.append(row)
    by_pattern: dict[str, list[ActorRow]] = collections.defaultdict(list)
    for row in unique:
        by_pattern[row.pattern].append(row)
    for pattern, rows in by_pattern.items():
        for i, a in enumerate(rows):
            for b in rows[i + 1 :]:
                if (a.name, a.kind) == (b.name, b.kind):
                    continue
                overlap = _date_key(a.valid_from, end=False) <= _date_key(
                    b.valid_to, end=True
                ) and _date_key(b.valid_from, end=False) <= _date_key(a.valid_to, end=True)
                if overlap:
                    raise ValueError(f"conflicting rows for pattern {pattern!r}: {a} / {b}")
    kind_rank = {k: i for i, k in enumerate(KINDS)}
    # Within one actor the most recent office comes first, so readers that keep the first row per
    # pattern get the current role.
    unique.sort(
        key=lambda r: (
            kind_rank[r.kind],
            r.country,
            r.name,
            -_date_key(r.valid_from, end=False).toordinal(),
            r.role,
            r.pattern,
        )
    )
    return unique


# ----------------------------------------------------------------------------------------- roles

_SUBSTITUTIONS = {"!MINIST!": ("MINISTER", "MINISTRY"), "!PERSON!": ("MAN", "WOMAN", "PERSON")}

# Reviewed selection of Phoenix agent phrases (expanded, lower case, singular) -> role label.
# Everything else in Phoenix.agents.txt (professions, religions, criminals, sub-ministries for
# agriculture, transport and the like) is outside Communique's scope and dropped.
PHOENIX_ROLES: dict[str, str] = {
    "ambassador": "ambassador",
    "permanent representative to the United Nations": "ambassador",
    "representative to the UN": "ambassador",
    "envoy": "envoy",
    "special envoy": "envoy",
    "envoy extraordinary": "envoy",
    "diplomat": "diplomat",
    "minister plenipotentiary": "diplomat",
    "consul": "consul",
    "consul general": "consul",
    "embassy": "embassy",
    "consulate": "consulate",
    "foreign minister": "foreign_minister",
    "foreign affairs minister": "foreign_minister",
    "minister of foreign affairs": "foreign_minister",
    "external affairs minister": "foreign_minister",
    "foreign secretary": "foreign_minister",
    "vice foreign minister": "deputy_foreign_minister",
    "foreign ministry": "foreign_ministry",
    "foreign affairs ministry": "foreign_ministry",
    "ministry of foreign affairs": "foreign_ministry",
    "external affairs ministry": "foreign_ministry",
    "foreign office": "foreign_ministry",
    "department of foreign affairs": "foreign_ministry",
    "minister": "minister",
    "cabinet minister": "minister",
    "minister without portfolio": "minister",
    "state minister": "minister",
    "minister of state": "minister",
    "ministry": "ministry",
    "defense minister": "defense_minister",
    "defence minister": "defense_minister",
    "minister of defense": "defense_minister",
    "minister of defence": "defense_minister",
    "minister of national defence": "defense_minister",
    "defense secretary": "defense_minister",
    "defence secretary": "defense_minister",
    "secretary of defense": "defense_minister",
    "defense ministry": "defense_ministry",
    "defence ministry": "defense_ministry",
    "ministry of defense": "defense_ministry",
    "ministry of defence": "defense_ministry",
    "ministry of national defence": "defense_ministry",
    "defense department": "defense_ministry",
    "department of defense": "defense_ministry",
    "president": "president",
    "interim president": "president",
    "prime minister": "head_of_government",
    "premier": "head_of_government",
    "chancellor": "head_of_government",
    "head of government": "head_of_government",
    "deputy prime minister": "deputy_prime_minister",
    "head of state": "head_of_state",
    "chief of state": "head_of_state",
    "king": "head_of_state",
    "monarch": "head_of_state",
    "supreme leader": "head_of_state",
    "crown prince": "crown_prince",
    "secretary of state": "secretary_of_state",
    "state secretary": "state_secretary",
    "undersecretary": "under_secretary",
    "national security adviser": "national_security_adviser",
    "national security advisor": "national_security_adviser",
    "presidential aide": "aide",
    "government": "government",
    "administration": "government",
    "regime": "government",
    "government official": "official",
    "state official": "official",
    "government spokesman": "spokesperson",
    "government spokeswoman": "spokesperson",
    "government spokesperson": "spokesperson",
    "government delegation": "delegation",
    "government representative": "official",
    "lawmaker": "lawmaker",
    "senator": "senator",
    "parliamentarian": "lawmaker",
    "member of parliament": "lawmaker",
    "member of congress": "lawmaker",
    "congressman": "lawmaker",
    "congresswoman": "lawmaker",
    "parliament": "parliament",
    "speaker of parliament": "speaker",
    "military": "military",
    "army": "army",
    "navy": "navy",
    "air force": "air_force",
    "commander": "commander",
    "commanding general": "commander",
    "generals": "general",
    "lieutenant general": "general",
    "major general": "general",
    "brigadier general": "general",
    "admiral": "admiral",
    "chief of defence staff": "military_chief",
    "army chief": "military_chief",
    "army chief of staff": "military_chief",
    "military official": "official",
    "military officer": "officer",
    "army officer": "officer",
    "soldier": "soldier",
    "troop": "troops",
    "military spokesman": "spokesperson",
    "military spokeswoman": "spokesperson",
    "military spokesperson": "spokesperson",
    "military intelligence": "intelligence_service",
    "intelligence chief": "intelligence_chief",
    "chief of intelligence": "intelligence_chief",
    "intelligence service": "intelligence_service",
    "foreign intelligence service": "intelligence_service",
    "intelligence community": "intelligence_service",
    "spy agency": "intelligence_service",
    "intelligence officer": "intelligence_officer",
    "intelligence agent": "intelligence_officer",
    "spy": "spy",
}

ROLE_SECTORS: dict[str, str] = {
    **dict.fromkeys(
        "ambassador envoy diplomat consul embassy consulate foreign_minister "
        "deputy_foreign_minister foreign_ministry secretary_of_state deputy_secretary_of_state "
        "assistant_secretary_of_state under_secretary_of_state negotiator charge_d_affaires "
        "delegation".split(),
        "diplomatic",
    ),
    **dict.fromkeys(
        "minister ministry president vice_president head_of_government deputy_prime_minister "
        "head_of_state crown_prince state_secretary under_secretary national_security_adviser aide "
        "government official spokesperson head chief_of_staff".split(),
        "government",
    ),
    **dict.fromkeys(
        "defense_minister defense_ministry military army navy air_force commander general admiral "
        "military_chief officer soldier troops".split(),
        "military",
    ),
    **dict.fromkeys(
        "intelligence_chief intelligence_service intelligence_officer spy".split(), "intelligence"
    ),
    **dict.fromkeys("lawmaker senator parliament speaker".split(), "legislature"),
    **dict.fromkeys("secretary_general director_general high_representative".split(), "igo"),
}

_PHOENIX_SECTOR = {
    "GOV": "government",
    "MIL": "military",
    "SPY": "intelligence",
    "LEG": "legislature",
}
_PHOENIX_SECTOR.update({"JUD": "judiciary", "MED": "media"})


_IRREGULAR_PLURALS = {
    "consul general": "consuls general",
    "envoy extraordinary": "envoys extraordinary",
    "minister plenipotentiary": "ministers plenipotentiary",
    "monarch": "monarchs",
}
_PREPOSITIONS = frozenset("of to for without at in on".split())


def _plural(phrase: str) -> str:
    """Regular English plural of a role phrase (the head noun is the word before a preposition)."""
    if phrase in _IRREGULAR_PLURALS:
        return _IRREGULAR_PLURALS[phrase]
    words = phrase.split()
    head = next((i - 1 for i, w in enumerate(words) if i and w in _PREPOSITIONS), len(words) - 1)
    w = words[head]
    if w.endswith("man"):
        w = w[:-3] + "men"
    elif w.endswith("person"):
        w = w[:-6] + "people"
    elif w.endswith("y") and w[-2:-1] not in tuple("aeiou"):
        w = w[:-1] + "ies"
    elif w.endswith(("s", "sh", "ch", "x")):
        w += "es"
    else:
        w += "s"
    words[head] = w
    return " ".join(words)


_PROPER_IN_ROLES = {"united nations": "United Nations", "un": "UN"}


def _expand_agent(pattern: str) -> Iterator[str]:
    """Singular natural-case forms of a Phoenix agent pattern (substitution sets expanded)."""
    for token, forms in _SUBSTITUTIONS.items():
        if token in pattern:
            for form in forms:
                yield from _expand_agent(pattern.replace(token, form, 1))
            return
    text = " ".join(pattern.replace("_", " ").split()).lower()
    for lower, proper in _PROPER_IN_ROLES.items():
        text = re.sub(rf"\b{lower}$", proper, text)
    yield text


def build_roles(
    agents: Sequence[Entry], extra: Sequence[dict[str, str]], drops: collections.Counter[str]
) -> list[tuple[str, str, str, str]]:
    rows: dict[str, tuple[str, str, str, str]] = {}
    for entry in agents:
        code = next((s.code for s in entry.spans if s.code.startswith("~")), "")
        for pattern in entry.patterns:
            explicit = entry.plurals.get(pattern)
            for singular in _expand_agent(pattern):
                role = PHOENIX_ROLES.get(singular)
                if role is None:
                    drops["agents: role word outside the reviewed set"] += 1
                    continue
                sector = ROLE_SECTORS.get(role) or _PHOENIX_SECTOR.get(code[1:4], "government")
                if "military" in singular and role in {"official", "spokesperson"}:
                    sector = "military"
                forms = [singular]
                if explicit is not None:  # {} = no plural, {X} = irregular plural
                    forms += [natural_case(p).lower() for p in explicit]
                elif singular != "generals":
                    forms.append(_plural(singular))
                for form in forms:
                    rows.setdefault(form, (form, role, sector, "phoenix"))
    for n, row in enumerate(extra, 1):
        role, sector = row["role"], row["sector"]
        if sector not in SECTORS:
            raise ValueError(f"bad sector {sector!r} in roles_extra.tsv row {n}")
        for form in _split_multi(row["pattern"]):
            old = rows.get(form)
            source = "phoenix+review" if old and old[1] == role else "review"
            rows[form] = (form, role, sector, source)
    return sorted(rows.values(), key=lambda r: (r[1], r[0].lower(), r[0]))


# ---------------------------------------------------------------------------------------- PLOVER

_PLOVER_LINE = re.compile(r"^(\d{2,4})\s*:\s*([^#]*?)\s*(?:#\s*(.*))?$")


def build_plover(path: Path) -> list[tuple[str, str, str, str, str]]:
    rows: list[tuple[str, str, str, str, str]] = []
    seen: set[tuple[str, str, str, str, str]] = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        m = _PLOVER_LINE.match(line.strip())
        if not m:
            continue
        code, body, description = m.group(1), m.group(2), (m.group(3) or "").strip()
        fields = [f.strip() for f in body.split(",")]
        fields += [""] * (3 - len(fields))
        category, mode, context = fields[0], fields[1], ",".join(fields[2:]).strip(", ")
        if len(code) == 2 and not description:
            description = "root heading"
        row = (code, category, mode, context, " ".join(description.split()))
        if row in seen:
            log.warning("PLOVER table: exact duplicate row for %s removed", code)
            continue
        seen.add(row)
        rows.append(row)
    return rows


# ------------------------------------------------------------------------------ taxonomy checks


def check_taxonomy(data: Path, reference: Path, plover: Sequence[tuple[str, ...]]) -> int:
    """Verify taxonomy.toml codes against CAMEO.2.0.txt and the PLOVER table; return errors."""
    taxonomy = tomllib.loads((data / "taxonomy.toml").read_text(encoding="utf-8"))
    table: dict[str, tuple[str, ...]] = {}
    for plover_row in plover:
        table.setdefault(plover_row[0], plover_row)
    cameo_text = (reference / "openeventdata" / "CAMEO.2.0.txt").read_text(
        encoding="utf-8", errors="replace"
    )
    errors = 0
    for name, info in taxonomy.items():
        via = info.get("plover_via", info["cameo"])
        row = table.get(str(via))
        if row is None:
            log.error("%s: PLOVER row for %s missing", name, via)
            errors += 1
            continue
        got = (info["plover"], info["plover_mode"], info["plover_context"])
        if got != tuple(row[1:4]) and not info.get("plover_manual"):
            # plover_manual: a category of the PLOVER manual the 2021 table folds elsewhere
            log.error("%s: PLOVER %s differs from table %s", name, got, row[1:4])
            errors += 1
        for code in (info["cameo"], *info["cameo_alternatives"]):
            if code not in table and f"[{code}" not in cameo_text:
                log.error(
                    "%s: CAMEO code %s in neither CAMEO.2.0.txt nor the PLOVER table", name, code
                )
                errors += 1
    return errors


# ---------------------------------------------------------------------------------------- output


def render_tsv(
    header: Sequence[str], comments: Iterable[str], rows: Iterable[Sequence[str]]
) -> str:
    buf = io.StringIO()
    for comment in comments:
        buf.write(f"# {comment}\n")
    buf.write("\t".join(header) + "\n")
    for row in rows:
        cells = [str(c) for c in row]
        if any("\t" in c or "\n" in c for c in cells):
            raise ValueError(f"tab or newline inside a cell: {cells}")
        buf.write("\t".join(cells) + "\n")
    return buf.getvalue()


def _source_commit(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8").split()[0]
    except (OSError, IndexError):
        return "unknown"


def build(reference: Path, data: Path) -> dict[str, str]:
    """Build every generated file; returns file name -> content."""
    oed = reference / "openeventdata"
    phoenix_commit = _source_commit(oed / "SOURCE_COMMIT")
    plover_commit = _source_commit(reference / "plover" / "SOURCE_COMMIT")
    drops: collections.Counter[str] = collections.Counter()

    entries: list[Entry] = []
    for name in ACTOR_FILES:
        entries.extend(read_tabari(oed / name))
    log.info("read %d Phoenix actor entries", len(entries))

    reviews = load_country_review(data / "countries_review.tsv")
    countries = build_countries(entries, reviews, drops)
    extra_rows = _read_tsv(data / "actors_extra.tsv")
    extra = build_extra(extra_rows, entries, drops)
    index = _phoenix_person_index(entries)
    used = {id(e) for r in extra if r.source != "review" for e in index.get(fold(r.pattern), [])}
    count_phoenix_drops(entries, used, drops)
    actors = merge_actors(countries, extra)

    agents = read_tabari(oed / "Phoenix.agents.txt")
    roles = build_roles(agents, _read_tsv(data / "roles_extra.tsv"), drops)
    plover = build_plover(reference / "plover" / "CAMEO2PLOVER-2021.txt")

    for reason, n in sorted(drops.items()):
        log.info("%6d  %s", n, reason)
    kinds = collections.Counter(r.kind for r in actors)
    persons = len({r.name for r in actors if r.kind == "person"})
    log.info("actors.tsv: %d rows %s, %d distinct persons", len(actors), dict(kinds), persons)
    log.info("roles.tsv: %d rows; cameo_plover.tsv: %d rows", len(roles), len(plover))

    actor_comments = [
        "Communique actor gazetteer. GENERATED by scripts/build_gazetteers.py: do not edit; edit",
        "countries_review.tsv or actors_extra.tsv and rebuild.",
        "Derived from the PETRARCH2 Phoenix dictionaries (Open Event Data Alliance, MIT licence,",
        f"commit {phoenix_commit}); see NOTICE.md. source: phoenix = form found in Phoenix,",
        "review = added in review, phoenix+review = reviewed row confirmed by a Phoenix entry.",
    ]
    role_comments = [
        "Communique role words. GENERATED by scripts/build_gazetteers.py from Phoenix.agents.txt",
        f"(Open Event Data Alliance, MIT licence, commit {phoenix_commit}) and roles_extra.tsv.",
        "Matched case-insensitively on whole words; see NOTICE.md.",
    ]
    plover_comments = [
        "CAMEO to PLOVER conversion table: CAMEO2PLOVER-2021.txt of the PLOVER project",
        "(https://github.com/openeventdata/PLOVER, PLOVER manual draft 0.8, 17 September 2021,",
        f"ed. Philip Schrodt), Open Event Data Alliance, commit {plover_commit}.",
        "Licensed CC BY-SA 4.0 (https://creativecommons.org/licenses/by-sa/4.0/); this adapted",
        "file is also licensed CC BY-SA 4.0. Changes: converted to TSV, whitespace trimmed, root",
        "headings kept with the description 'root heading'; codes listed twice in the source (08,",
        "175) are kept as they are.",
    ]
    return {
        "actors.tsv": render_tsv(ACTOR_COLUMNS, actor_comments, (r.cells() for r in actors)),
        "roles.tsv": render_tsv(ROLE_COLUMNS, role_comments, roles),
        "cameo_plover.tsv": render_tsv(PLOVER_COLUMNS, plover_comments, plover),
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--reference", type=Path, default=DEFAULT_REFERENCE)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--check", action="store_true", help="fail if generated files differ")
    parser.add_argument("--check-taxonomy", action="store_true", help="verify taxonomy.toml codes")
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.INFO, format="%(levelname)s %(message)s"
    )
    if not (args.reference / "openeventdata").is_dir():
        log.error("reference directory not found: %s", args.reference)
        return 2
    outputs = build(args.reference, args.data)
    status = 0
    if args.check_taxonomy:
        plover = [
            tuple(line.split("\t"))
            for line in outputs["cameo_plover.tsv"].splitlines()[1:]
            if not line.startswith("#")
        ]
        if check_taxonomy(args.data, args.reference, plover):
            status = 1
        else:
            log.info("taxonomy.toml: every code verified")
    for name, content in outputs.items():
        path = args.data / name
        if args.check:
            current = path.read_text(encoding="utf-8") if path.exists() else None
            if current != content:
                log.error("%s is out of date", path)
                status = 1
        else:
            path.write_text(content, encoding="utf-8")
            log.info("wrote %s", path)
    return status


if __name__ == "__main__":
    sys.exit(main())
