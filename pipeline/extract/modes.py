"""PLOVER mode of an event: how the act was done, read from the dictionary code or the words.

PLOVER gives each event a mode within its category (CONSULT: phone, visit, host, multilateral,
third-party; THREATEN: what is threatened; COERCE: the measure). The CAMEO code a dictionary verb
carried names some (041 telephone: phone); the rest are read from the trigger and its clause with
the cue words of pipeline/data/plover_modes.toml.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources

_CONTENT_END = re.compile(
    r"[;:]|,\s|\s(?:unless|if|until|because|while|whereas|when|after|as|since|in\s+response)\b",
    re.I,
)
_PASSIVE_AFTER = re.compile(r"\s+by\b", re.I)


@dataclass(frozen=True, slots=True)
class _Modes:
    where: str
    default: str
    cues: tuple[tuple[str, re.Pattern[str]], ...]  # (mode, its cues) in the file's order


def _cue_pattern(cues: list[str]) -> re.Pattern[str]:
    """Whole words or phrases; "*" at the end: any word starting so."""
    parts = []
    for cue in sorted(cues, key=len, reverse=True):
        stem = cue.rstrip("*")
        body = re.escape(stem.lower()).replace(r"\ ", r"\s+")
        parts.append(body + (r"\w*" if cue.endswith("*") else r"\b"))
    return re.compile(r"\b(?:" + "|".join(parts) + r")", re.I)


@cache
def load_modes() -> dict[str, _Modes]:
    """Read pipeline/data/plover_modes.toml once: one cue pattern per mode of each category."""
    raw = tomllib.loads(
        resources.files("pipeline.data").joinpath("plover_modes.toml").read_text("utf-8")
    )
    return {
        category: _Modes(
            spec["where"],
            spec["default"],
            tuple((mode, _cue_pattern(cues)) for mode, cues in spec["cues"].items()),
        )
        for category, spec in raw.items()
    }


def _first_cue(modes: _Modes, text: str) -> str | None:
    """The mode of the cue found first in ``text`` (a tie goes to the mode listed first); a
    participle cue followed by "by" is another actor's act ("a lunch hosted by the ambassador")."""
    best: tuple[int, int, str] | None = None
    for rank, (mode, pattern) in enumerate(modes.cues):
        for m in pattern.finditer(text):
            if m.group().lower().endswith("ed") and _PASSIVE_AFTER.match(text, m.end()):
                continue
            if best is None or (m.start(), rank) < best[:2]:
                best = (m.start(), rank, mode)
            break
    return best[2] if best else None


def plover_mode(
    category: str,
    sentence: str,
    start: int,
    end: int,
    coded: str | None,
    places: tuple[str | None, str | None, str | None] = (None, None, None),
    *,
    default: bool = True,
) -> str | None:
    """The PLOVER mode of an act of ``category`` whose trigger is sentence[start:end].

    ``coded`` is the mode the dictionary code carried, if any; ``places`` holds the countries of
    the source, the target and the place the event happened (an in-person meeting in the
    target's country is a visit, in the source's a hosting, elsewhere a third-party meeting).
    ``default``: whether the category's default mode may stand in when nothing names one (not
    for a back-channel contact, whose channel is unknown by nature).
    """
    modes = load_modes().get(category)
    if modes is None:
        return coded or None
    found = _first_cue(modes, sentence[start:end])
    if found is None and modes.where == "content":
        rest = sentence[end:]
        cut = _CONTENT_END.search(rest)
        found = _first_cue(modes, rest[: cut.start()] if cut else rest)
    elif found is None and modes.where == "sentence":
        found = _first_cue(modes, sentence)
    if found is not None:
        return found
    if coded:
        return coded
    source, target, place = places
    if category == "CONSULT" and place and source and target and source != target:
        if place == target:
            return "visit"
        if place == source:
            return "host"
        return "third-party"
    return (modes.default or None) if default else None
