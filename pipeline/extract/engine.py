"""Rule-based event extraction: article text in, typed, dated, evidenced events out. Pure.

Only sentences holding a trigger are analysed (one regex pass finds them); for those, actors,
subject, modality and date are resolved, and mentions of the same fact are merged per article.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import cache
from itertools import pairwise

from pipeline.extract.actors import (
    ActorMention,
    ArticleMemory,
    find_actors,
    name_ends,
    remember_names,
)
from pipeline.extract.dates import (
    DateMention,
    ResolvedDate,
    Tense,
    find_article_dates,
    resolve_event_date,
)
from pipeline.extract.gazetteer import (
    load_actors,
    load_cameo_plover,
    load_domestic_parties,
    load_roles,
    load_taxonomy,
    subject_matcher,
    types_with,
)
from pipeline.extract.geo import locate_event
from pipeline.extract.lexicon import (
    Lexicon,
    Rule,
    confirmed,
    load_cameo_lexicon,
    load_lexicon,
    rules_at,
    word_starts,
)
from pipeline.extract.modes import plover_mode
from pipeline.extract.scope import load_scope_words, reject_reason
from pipeline.extract.sentences import sentence_at
from pipeline.models import Actor, Article, Event, Location, Mention, stable_id

EXTRACTOR_VERSION = "communique-rules/0.3.0"

CONTAINERS = types_with("container")  # taxonomy.toml: content is no event of its own
_NEVER = re.compile(r"(?!)")
_BACKGROUND = re.compile(
    r"\b(?:after|since|following|amid|despite|before|during|over)\s+"
    r"(?:(?:a|an|the|its|their|his|her|this|that)\s+)?(?:[\w'’-]+\s+){0,3}$",
    re.I,
)
_NEW_ACT = re.compile(
    r";|,\s*(?:calling|accusing|saying|warning|adding|describing|vowing|threatening|signing|"
    r"summoning)\b|"
    r"\b(?:and|but)\s+(?:also\s+)?(?:(?:did|does|has|have|will)\s+(?:not\s+|never\s+)?\w+|"
    r"[a-z]+ed|said|vowed|warned|took|made|held|met|spoke|"
    r"left|went|told|threatened|announced)\b",
    re.I,
)
_PREP_OBJECT = re.compile(
    r"\b(?:of|for|against|to|by|with|from)\s+(?:(?:a|an|the|its|their|his|her|this|that|new|"
    r"more|further|Western|U\.S\.|UN|EU|United\s+Nations|international)\s+){0,3}$",
    re.I,
)
# "in protest of the Russian government's refusal", "over China's suspension of": a nominal act
# owned by a state inside a prepositional phrase is the background of another clause
_PREP_POSSESSOR = re.compile(
    r"\b(?:of|for|against|to|with|from|over|at)\s+(?:the\s+)?(?:[\w.-]+\s+){0,2}[\w.-]+['’]s?\s+"
    r"(?:[a-z-]+\s+)?$",
    re.I,
)
_NOUN_PREPS = frozenset({"of", "from", "to", "with", "on", "against", "for"})
_NOUN_TRIGGER = re.compile(
    r"(?i:[a-z-]+(?:tion|sion|ment|al|als|ions|ance|ure|ures)|pause|visits?|summit|meetings?|talks|"
    r"sanctions|embargo|freeze|halt|ultimatum|offer|deal|bans?|retaliation)"
)
_REPORTED_WOULD = re.compile(
    r"\b(?:said|announced|told|confirmed|stated|declared|promised|pledged|added)\s+"
    # "said on Friday it would send", "announced on Wednesday that Washington would": the day of
    # the saying between the verb and its clause
    r"(?:(?:late\s+|early\s+)?(?:on|last|this)\s+[A-Z]\w+\s+(?:\d{1,2}\s+)?|yesterday\s+|today\s+"
    r"|earlier\s+)?"
    r"(?:that\s+)?(?:it|he|she|they|[A-Z][\w.]*(?:\s+[A-Z][\w.]*)*)\s+would\s+(?:\w+ly\s+)?$"
)
# '"There have been no negotiations with the Americans, direct or indirect"': none took place
_THERE_NO = re.compile(
    r"\bthere\s+(?:have\s+been|has\s+been|had\s+been|were|was|are|is)\s+no\s+(?:[\w-]+\s+){0,2}?"
    r"(?:talks|negotiations|contacts?|meetings?|channels?|dialogue)\b",
    re.I,
)
# "dismissed as false a report that negotiators had met secretly": the contact, denied
_REPORT_THAT_WORDS = (
    r"\s+(?:as\s+(?:false|untrue|baseless|groundless|fabricated|unfounded)\s+)?"
    r"(?:an?\s+|the\s+|any\s+)?(?:media\s+|press\s+|news\s+)?"
    r"(?:reports?|claims?|allegations?|rumou?rs?)\s+that\s+(?:[\w'’.-]+\s+){0,8}?$"
)
_DENIED_THAT = re.compile(
    r"\b(?:den(?:y|ies|ied|ying)|dismiss(?:es|ed|ing)?)" + _REPORT_THAT_WORDS, re.I
)
_ADOPTED = re.compile(  # "adopted a 14th package of sanctions": the package is the act
    r"\b(?:package|round|set|wave|raft|slew|batch)\s+of\s+(?:\w+\s+){0,2}$", re.I
)
_GERUND_TOPIC = re.compile(r"\b(?:on|about|at)\s+$", re.I)
_COORDINATION = re.compile(r"\b(?:and|but|while|after|before|then|as)\b|[,;]", re.I)
_VERB_COORDINATION = re.compile(r"(?:,\s*|\s)(?:and|but)\s+(?:[a-z]+\s+){0,3}$")
_CONTACT_VERB = re.compile(
    r"\b(?:met|meets|meeting\s+with|held|holds|holding|hosted|talks\s+with|contacts\s+with|"
    r"carrying|passing|exchanged|flew|travel(?:l)?ed|visited)\b",
    re.I,
)
_CLAUSE_CUT = re.compile(
    r";\s+|,\s+(?:and|but|while|whereas)\s+(?=[A-Z]|the\b|its\b|his\b|her\b)|"
    r",\s+(?:(?:a|an|two|three|several|some|hours|days|weeks|months|years)\s+\w*\s*)?"
    r"(?:after|before|since|when|as|until)\s+"
)
_HAD = re.compile(r"\b(?:had|'d)\s+(?:\w+ly\s+)?(?:been\s+)?$")
_PARTICIPLE = re.compile(r",\s*$")  # ", calling the move a mistake": same subject
_BETWEEN = re.compile(r"\bbetween\s+(?:the\s+)?$", re.I)
_TARGET_PREP = re.compile(  # "against 28 Chilean officials", "with some of the rebels"
    r"\b(?:with|against|on|upon|toward|towards|to|at|from|into|between|and)\s+"
    r"(?:the\s+|a\s+|an\s+)?"
    r"(?:(?:(?!(?:in|of|on|at|for|by|to|from|with|over|about|into|under|after|before|and)\b)"
    r"[a-z][\w-]*|\d[\d,]*)\s+){0,2}$",
    re.I,
)
# a coordinated clause between a trigger and an actor: "suspending New START, and Lavrov urged
# Washington to stop arming Kyiv" (Kyiv is not what was suspended)
_NEXT_CLAUSE = re.compile(r"[;:]|,\s+(?:and|but|while|whereas|as)\b")
_LOCATIVE = re.compile(r"\b(?:in|at|near|outside|across|from|into|to)\s+(?:the\s+)?$", re.I)
_ANAPHORIC = re.compile(
    r"\b(?:such|these|those|the|that|this|(?<=denied\sthat\s)any)\s+(?:[\w-]+\s+)?$", re.I
)
SYMMETRIC = types_with("symmetric")  # taxonomy.toml: "A and B agreed"
_VISIT_TYPES = types_with("visit")  # taxonomy.toml: a meeting in person
BETWEEN_IS_OBJECT = types_with("between_is_object")
MUTUAL_IN_PASSIVE = types_with("mutual_in_passive")  # "talks between A and B were suspended"
_AND_GAP = re.compile(r"\s+(?:and|&)\s+(?:the\s+)?")
_EACH_OTHER = re.compile(r"\s+(?:each\s+other|one\s+another)\b")
_LIST_GAP = re.compile(r",\s+(?:the\s+)?")  # "Britain, France and Germany"
_COMPOUND_GAP = re.compile(
    r"\s+(?:and|&)\s+(?:the\s+)?(?:(?:two|three|four|five|six|seven|eight|nine|ten|\d+)\s+)?"
)
# a list member after a preposition is not the subject's ("the two neighbours of Israel, Egypt
# and Jordan urged"; "in Moscow, Paris and Berlin")
_LIST_OPEN = re.compile(
    r"\b(?:of|in|at|near|outside|from|to|into|across|inside|around|with|by|for|between|against|"
    r"on|over|toward|towards)\s+(?:the\s+)?$",
    re.I,
)
SPEECH_ACTS = types_with("speech_act")  # taxonomy.toml: said, not done
_ADJECTIVAL = re.compile(  # "Moon Jae-in offered": a hyphenated name's end is no article
    r"(?<!-)\b(?:a|an|the|its|their|his|her|this|that|these|those|any|no|newly|of|for|with|from|in|into)"
    r"\s+$",
    re.I,
)
_CONDITIONAL_REFUSAL = re.compile(
    r"\b(?:there\s+(?:will|would|can)\s+be\s+no|will\s+not|won['’]t|would\s+not|wouldn['’]t|will\s+never|would\s+never|"
    r"refus(?:e|es|ed|ing)\s+to|(?:is|are|was|were)\s+not\s+(?:prepared|ready|willing)\s+to|"
    r"cannot|can['’]t|could\s+not|do(?:es)?\s+not\s+(?:intend|plan)\s+to|has\s+no\s+plans?\s+to|"
    r"rul(?:e|es|ed|ing)\s+out|"
    # "would reject any contact with Tokyo unless Japan dropped the issue" (flag10)
    r"(?:will|would)\s+(?:reject|refuse))"
    r"\s+(?:\w+\s+){0,1}\w+",
    re.I,
)
_CONDITION_WORD = re.compile(
    r"\b(?:unless|until|as\s+long\s+as|so\s+long\s+as|without|before)\b", re.I
)
# a refusal verb that needs a plain condition: "ruled out talks as long as troops remain"
_STRICT_CONDITION = re.compile(r"\b(?:unless|until|as\s+long\s+as|so\s+long\s+as)\b", re.I)
_MEANS_GERUND = re.compile(r"\bby\s+$")
# the main verb's object right before the means: after a preposition or a past-tense verb
_MAIN_OBJECT = re.compile(r"\b(?:against|on|with|to|toward|towards|at|[a-z]{3,}ed)\s+(?:the\s+)?$")
# a participle trigger ("urging", "offering") after a finite main verb and its object
_ING_TRIGGER = re.compile(
    r"(?:urging|calling|offering|proposing|accusing|blaming|threatening|warning|demanding|"
    r"rejecting|asking|inviting|pressing|condemning|appealing)\b"
)
_MAIN_VERB = re.compile(
    r"\b(?:[a-z]{3,}ed|sent|met|told|wrote|held|gave|spoke|sought|struck)\s+(?![a-z]+ing\b)"
)
_PROGRESSIVE = re.compile(r"\b(?:is|are|was|were|be|been|who|which|that)\b")
# the author of the plan, offer or proposal the act is about
_AUTHOR_BY = re.compile(
    r"\b(?:plan|proposal|offer|initiative|draft|resolution|roadmap|ultimatum|demand)s?\s+"
    r"(?:drafted|proposed|put\s+forward|offered|presented|submitted|tabled|made|issued|"
    r"sponsored)\s+by\s+(?:the\s+)?$",
    re.I,
)
_POSSESSED_AFTER = re.compile(r"['’]s?\b")  # "accused Russia's army": the object is the army

# a threat's condition names who must act: "threatened to stop negotiations if the United States
# goes ahead", "... unless the EU unfroze its funds"
CONDITION_TARGET = types_with("condition_target")  # taxonomy.toml
_READY_CONDITION = re.compile(r"\b(?:if|provided\s+that|on\s+condition\s+that)\b", re.I)
_THREAT_CONDITION = re.compile(
    r"\b(?:unless|until|as\s+long\s+as|so\s+long\s+as|without|before|if|should)\b", re.I
)
_CONTENT_BEFORE = re.compile(
    r"(?:\b(?:efforts?|attempts?|bids?|push|steps?|ways?|path|road|conditions|prospects?|hopes?|"
    r"chances?|need|necessary|in\s+order|so\s+as|aimed|aim|aims|seek|seeks|seeking|sought|"
    r"prerequisite|forward|intention|readiness|ready|willing|willingness|call|calls|try|tries|"
    r"tried|trying|"
    r"demand|demands|urging|pressure|pleas?|appeals?|requests?)\s+(?:to|for|toward|towards|of|at)\s+"
    r"(?:\w+[\s,]+){0,4}|"
    r"\bto\s+(?:\w+\s+){0,1}(?:create|pave|allow|enable|move|clear)\s+(?:\w+\s+){0,6})$",
    re.I,
)
_TAKEN_STEPS = re.compile(
    r"\b(?:take|takes|took|taken|taking)\s+(?:[\w-]+\s+){0,3}steps?\s+(?:to|toward|towards)\s+"
    r"(?:\w+[\s,]+){0,4}$",
    re.I,
)
_REPORTING = re.compile(
    r"\b(?:said|says|say|told|tells|indicated|indicates|signal(?:l)?ed|signals|stated|states|"
    r"noted|notes|announced|announces|confirmed|confirms|claimed|claims|added|adds|argued|"
    r"argues|insisted|insists|declared|declares|wrote|writes|explained|explains|suggested|"
    r"suggests|reported|reports|revealed|reveals|disclosed|discloses)\b",
    re.I,
)
_ACCORDING = re.compile(r"\b(?:according\s+to|citing|as\s+reported\s+by)\s+", re.I)
_GENERIC_SUBJECT = re.compile(
    r"\b(?:the\s+(?:(?:19|20)\d\d\s+)?(?:treaty|accord|agreement|deal|pact|convention)|talks|"
    r"negotiations|dialogue|"
    r"participation|the\s+arms\s+control)\b",
    re.I,
)
_SPECULATION = re.compile(
    r"\b(?:speculat\w*|predict\w*|expect\w*|believe\w*|think\w*|fear\w*|suspect\w*|guess\w*)\b",
    re.I,
)
_PRECISION_RANK = {"day": 0, "week": 1, "month": 2, "year": 3, "unknown": 4}
_BASIS_RANK = {
    "explicit": 0,
    "relative": 1,
    "before-publication": 2,
    "publication": 3,
    "ingested": 4,
}
_KIND_RANK = {
    "person": 0,
    "official": 1,
    "institution": 2,
    "igo": 2,
    "role": 3,
    "country": 4,
    "capital": 4,
    "demonym": 5,
    "group": 5,
    "pronoun": 6,
}


@dataclass(frozen=True, slots=True)
class _Candidate:
    rule: Rule
    event_type: str
    start: int  # offsets relative to the sentence
    end: int


@dataclass
class _Draft:
    event_type: str
    rule: Rule
    source: ActorMention | None
    target: ActorMention | None
    reported_by: str | None
    subject: str | None
    modality: str
    date: ResolvedDate
    confidence: float
    mentions: list[Mention]
    joint: bool = False


def find_subjects(sentence: str) -> list[tuple[int, int, str]]:
    """Treaty and agreement mentions normalised to their canonical names."""
    return [(s, e, x.subject) for s, e, x in subject_matcher().finditer(sentence)]


_REFUSAL_RULE = Rule(
    "refusal.unless", "conditional_refusal", _CONDITIONAL_REFUSAL, 0.9, None, False, "condition"
)


@cache
def _cameo_rule(event_type: str, code: str, lemma: str) -> Rule:
    return Rule(f"cameo.{code}.{lemma}", event_type, _NEVER, 0.7, None, False, "after")


_NOMINAL_BEFORE = re.compile(
    r"(?:\b(?:a|an|the|its|their|his|her|our|this|that|these|those|any|no|every|each|such)|['’]s|s['’])"
    r"\s+(?:[\w-]+\s+)?$|\b(?:in|of|for|with|on|at|from|into|about|over|under|without)\s+$",
    re.I,
)
# "the EU ", "The Kremlin ": a determiner and a capitalised name right before a trigger
# "the Kurdistan Workers' Party ", "the People's Party ": a name ending in a possessive's head
_NAMED_SUBJECT = re.compile(r"\b[Tt]he\s+[A-Z][\w.]*\s+$|[A-Z]\w*(?:['’]s|s['’])\s+[A-Z][\w.]*\s+$")
_ROLE_BEFORE = re.compile(r"(?:\bthe|['’]s)\s+([\w-]+)\s+$", re.I)


def _role_subject(left: str) -> bool:
    """ "Myanmar's military freed", "the government praised": a title or body of state right
    before the verb is its subject, so the verb is no noun ("Moscow's demand")."""
    m = _ROLE_BEFORE.search(left)
    return m is not None and m.group(1).lower() in _subject_nouns()


@cache
def _subject_nouns() -> frozenset[str]:
    words = {r.pattern.lower() for r in load_roles() if " " not in r.pattern}
    return frozenset(words | {"junta", "regime", "authorities", "leadership"})


_REDUCED_RELATIVE = re.compile(r"^\s+(?:[\w'’-]+\s+){0,2}by\b", re.I)
_INFINITIVE_BEFORE = re.compile(
    r"(?<!\bcontinued\s)(?<!\bcontinue\s)(?<!continues\s)(?<!\bbegan\s)(?<!\bbegun\s)"
    r"(?<!started\s)(?<!resumed\s)"  # "continued to send arms": the act itself
    r"(?<!prepared\s)(?<!\bready\s)(?<!poised\s)"  # "prepared to impose": an announced act
    r"\b(?:to|must|should|shall|ought\s+to|need\s+to|needs\s+to|have\s+to|has\s+to|cannot|"
    r"can|could|may|might)\s+(?:\w+ly\s+)?(?:not\s+)?$",
    re.I,
)
_PASSIVE_BEFORE = re.compile(
    r"\b(?:is|are|was|were|be|been|being|get|got|gets)\s+(?:\w+ly\s+)?$", re.I
)
_BY_AGENT = re.compile(r"^\s+(?:\w+\s+){0,6}?by\b", re.I)
_PROTEST_ACT = re.compile(
    r"\b(?:demonstrat\w*|rall(?:y|ies|ied|ying)|protest(?:s|ed|ers|ing)?|march(?:ed|es|ing)|"
    r"strikes?|sit-ins?|riot\w*|picket\w*|blocked\s+(?:\w+\s+)?(?:roads?|streets?|traffic|motorways?|highways?|railways?)|"
    r"stones|petition\w*)\b",
    re.I,
)


def _generated_ok(sentence: str, start: int, end: int) -> bool:
    """A generated verb codes an act only where it is a finite verb of its own clause: not a
    noun ("Moscow's demand for"), not the content of another act or of a modal ("to amend",
    "he must resign"), not part of a compound ("long-threatened"), not a passive without an
    agent ("24 people were killed"), not the purpose of a street protest ("rallied to demand")."""
    left = sentence[max(0, start - 60) : start]
    if left.endswith("-") or _INFINITIVE_BEFORE.search(left):
        return False
    named_subject = bool(_NAMED_SUBJECT.search(left)) and sentence[start:end].split()[0].endswith(
        "ed"
    )
    if _NOMINAL_BEFORE.search(left) and not _role_subject(left) and not named_subject:
        return False  # "the EU lifted", "the Kremlin denied": a past verb after a name
    participle = not sentence[start:end].split()[0].lower().endswith("ing")
    passive = participle and bool(_PASSIVE_BEFORE.search(left))
    if (
        passive
        and not _BY_AGENT.match(sentence[end : end + 60])
        and not _held_abroad(sentence, start, end)
    ):
        return False
    if participle and not passive and _REDUCED_RELATIVE.match(sentence[end : end + 10]):
        return False  # "a tanker flown by American airmen": a participle describing a noun
    return not _PROTEST_ACT.search(sentence[max(0, start - 120) : start])


# "Two Canadian citizens were detained in China", "a French tourist was arrested in Iran": an
# agentless passive arrest (CAMEO 173, PLOVER COERCE) of a foreign national or a political
# person in a named state is that state's act; "three men were arrested in Marseille" stays out
_HELD_PERSON = re.compile(
    r"\b(?:[A-Z]\w+(?:an|ian|ese|i|ish|ch|ic)\s+(?:[\w-]+\s+){0,2}?(?:citizens?|nationals?|"
    r"journalists?|reporters?|tourists?|diplomats?|businessm[ae]n|students?|activists?|"
    r"missionar(?:y|ies)|aid\s+workers?|soldiers?|academics?|researchers?|sailors|fishermen|"
    r"lawmakers?|officials?|citizens?)|opposition\s+(?:leaders?|figures?|politicians?|members?))"
    r"\s+(?:(?:was|were|had\s+been|has\s+been|have\s+been)\s+)$"
)
_HELD_IN = re.compile(r"^\s+(?:[\w'’-]+\s+){0,3}?in\s+(?:the\s+)?[A-Z]")
_HELD_VERBS = frozenset({"arrested", "detained", "jailed", "imprisoned"})


def _held_abroad(sentence: str, start: int, end: int) -> bool:
    """An agentless passive arrest of a named kind of person in a named place (see above)."""
    return (
        sentence[start:end].split()[0].lower() in _HELD_VERBS
        and _HELD_PERSON.search(sentence[max(0, start - 80) : start]) is not None
        and _HELD_IN.match(sentence[end : end + 60]) is not None
    )


_PROGRESSIVE_BEFORE = re.compile(
    r"\b(?:is|are|was|were|be|been|am|'s|’s|'re|’re)\s+(?:\w+ly\s+|also\s+|still\s+|now\s+)?$",
    re.I,
)
_SUBJECT_BEFORE = re.compile(
    r"\b(?:they|we|i|you|who|which|will|would|shall|can|could|may|might|did|does|do|'ll|’ll)"
    r"\s+(?:\w+ly\s+|also\s+|not\s+|never\s+)?$",
    re.I,
)


def _finite(sentence: str, pos: int, form: str, lemma: str, actors_end: set[int]) -> bool:
    """A dictionary verb form that can only be a finite verb here: "-ing" after a form of "be"
    ("is investigating", not ", leading to"), a bare form identical to a noun right after its
    subject ("they demand", "Nigeria and Ghana demand", not "cools demand" or "full support")."""
    first = form.split()[0]
    left = sentence[max(0, pos - 40) : pos]
    if first.endswith("ing"):
        return bool(_PROGRESSIVE_BEFORE.search(left))
    base = lemma.split()[0]
    if first in (base, base + "s", base + "es"):  # "street battles": a plural noun
        stripped = left.rstrip()
        return bool(_SUBJECT_BEFORE.search(left)) or len(stripped) + max(0, pos - 40) in actors_end
    return True


def _cameo_candidates(sentence: str, verbs: dict[int, str]) -> list[_Candidate]:
    """Verbs of the generated CAMEO lexicon, coded by the object words that follow them."""
    cameo = load_cameo_lexicon()
    out: list[_Candidate] = []
    actors_end: set[int] | None = None
    for pos, form in verbs.items():
        end = pos + len(form)
        if not _generated_ok(sentence, pos, end):
            continue
        coded = cameo.code_at(form, sentence[end : end + 160])
        if coded is None:
            continue
        entry, code, event_type = coded
        if actors_end is None:
            actors_end = name_ends(sentence)
        if not _finite(sentence, pos, form, entry.lemma, actors_end):
            continue
        out.append(_Candidate(_cameo_rule(event_type, code, entry.lemma), event_type, pos, end))
    return out


def _candidates(
    sentence: str, lex: Lexicon, starts: list[int], verbs: dict[int, str] | None = None
) -> list[_Candidate]:
    """Rule matches anchored at the prefilter's word starts (every rule match begins at one),
    then the generated CAMEO verbs; on overlap a hand rule wins."""
    out: list[_Candidate] = []
    for pos in starts:
        m = _CONDITIONAL_REFUSAL.match(sentence, pos)
        if m is not None:
            rest = sentence[m.end() :]
            clause_end = len(rest) if ";" not in rest else rest.index(";")
            strict = m.group().lower().startswith("rul")  # "ruled out talks as long as ..."
            if (_STRICT_CONDITION if strict else _CONDITION_WORD).search(rest[:clause_end]):
                out.append(_Candidate(_REFUSAL_RULE, "conditional_refusal", m.start(), m.end()))
        for rule in rules_at(lex, sentence, pos):
            m = rule.pattern.match(sentence, pos)
            if m is None:
                continue
            if rule.object is not None:
                clause = _clause(sentence, m.start(), m.end())
                if not rule.object.search(clause.lower()):
                    continue
            out.append(_Candidate(rule, rule.event_type, m.start(), m.end()))
    if verbs:
        out.extend(_cameo_candidates(sentence, verbs))
    out = [c for c in out if _in_scope(sentence, c)]
    out.sort(key=lambda c: (c.start, -(c.end - c.start)))
    # overlapping triggers: keep the most specific (conditional refusal, back channel, then longest)
    kept: list[_Candidate] = []
    for c in out:
        clash = next((k for k in kept if c.start < k.end and k.start < c.end), None)
        if clash is None:
            kept.append(c)
        elif (
            _priority(c) < _priority(clash) or _more_specific(sentence, c, clash)
        ) and not _object_inside(sentence, clash, c):
            kept[kept.index(clash)] = c
    return _prune(sentence, kept)


def _object_inside(sentence: str, outer: _Candidate, c: _Candidate) -> bool:
    """A bare noun trigger inside a longer hand trigger that starts before it is that trigger's
    object: "branded the sanctions an act of aggression" accuses, it imposes nothing."""
    return (
        not outer.rule.id.startswith("cameo.")
        and outer.start < c.start
        and c.end <= outer.end
        and bool(_NOUN_TRIGGER.fullmatch(sentence[c.start : c.end]))
    )


def _more_specific(sentence: str, c: _Candidate, other: _Candidate) -> bool:
    """A dictionary verb coded by its object beats a hand suspension or withdrawal rule that
    matched the bare verb only: "called off a strike" is a concession, "withdrew its troops" a
    retreat, "halted attacks" a ceasefire, not a break with a treaty."""
    return (
        other.event_type in types_with("yields_to_object")  # taxonomy.toml
        and c.rule.id.startswith("cameo.")
        and c.rule.id.split(".")[1].endswith("+")
        and not other.rule.id.startswith("cameo.")
        and other.event_type != c.event_type
        and other.end - other.start <= c.end - c.start + 1
        and not (
            other.rule.object is not None
            and other.rule.object.search(" ".join(sentence[c.end :].split()[:6]).lower())
        )  # "suspending the operation of the CFE Treaty": the treaty is the object after all
        and not (
            other.rule.object is not None
            and _PASSIVE_AUX.search(sentence[max(0, c.start - 40) : c.start])
            and other.rule.object.search(" ".join(sentence[: c.start].split()[-6:]).lower())
        )  # "the talks were suspended by Pakistan": the passive's subject is the object
    )


_MODAL_BEFORE = re.compile(r"\b(?:must|should|ought\s+to)\s+(?:\w+ly\s+)?$", re.I)
_CONDITION_CLAUSE = re.compile(r"\b(?:unless|if|until|provided\s+that)\b[^;,]*$", re.I)


_TRAILING_SPEAKER = re.compile(r",\s+(?:[\w'’.-]+\s+){1,6}$")
_FOR_COMMENT = re.compile(r"(?:\s+for)?\s+(?:a\s+|further\s+)?comments?\b", re.I)
_FIRED_INTO = re.compile(
    r"(?:\s+[\w'’.,$-]+){0,5}?\s+(?:missiles?|rockets?|drones?|shells|bombs?|troops|tanks|forces|"
    r"soldiers)\s+(?:into|against|at)\s+(?:the\s+)?[A-Z]"
)


# a verb of pressing an object to act: the act after it is the object's, wanted, not done (not
# "forced Maduro to step down", which says he did)
_OBJECT_CONTROL = re.compile(
    r"\b(?:pressur(?:e|es|ed|ing)|press(?:es|ed|ing)?|push(?:es|ed|ing)?|encourag(?:e|es|ed|ing))"
    r"\s+(?:[\w'’.-]+\s+){1,4}?to\s+$"
)


# what an insistence states rather than asks: a finite verb of fact or intent in its content
_STATED_CONTENT = re.compile(
    r"\s+(?:[\w'’.-]+\s+){1,5}?(?:will|would|is|was|are|were|has|had|have|could|can)\b", re.I
)


def _in_scope(sentence: str, c: _Candidate) -> bool:
    """Triggers that are not acts of their own: part of a compound ("long-threatened
    invasion"), the purpose of a street protest ("blocked roads demanding that ..."), or the
    condition of another act ("... unless the president agrees to step down")."""
    if c.start and sentence[c.start - 1] == "-":
        return False
    if c.event_type == "aid" and _FIRED_INTO.match(sentence, c.end):
        return False  # "sent missiles into Kyiv": an attack, not military aid
    word = sentence[c.start : c.end].split()[0].lower()
    left = sentence[max(0, c.start - 120) : c.start]
    if (word.endswith("ing") or left.rstrip().lower().endswith(" to")) and _PROTEST_ACT.search(
        left
    ):
        return False
    if _OBJECT_CONTROL.search(left):
        return False  # "to pressure Maduro to step down": what the object is pushed to do
    if _NO_OBJECT_AFTER.match(sentence, c.end):
        return False  # "have offered no timetable": no act was done, none is denied either
    if word.startswith("insist") and _STATED_CONTENT.match(sentence, c.end):
        return False  # "insisted that the country will stay within the limits": a claim
    if _FOR_COMMENT.match(sentence, c.end) and word.startswith("call"):
        return False  # "did not respond when called for comment": a reporter's call
    if c.rule.target == "content" and not _TRAILING_SPEAKER.search(left):
        return False  # "..., a rights group protested": only the speaker after the content
    if c.rule.target == "before" and _SAYING_UNNAMED.search(left):
        return False  # "rejected the offer, saying terrorism must end first": a reason
    if c.rule.target != "before" and _MODAL_BEFORE.search(left):
        return False  # "Serbia must recognise Kosovo": demanded content, not an act
    if c.event_type != "conditional_refusal" and _CONDITION_CLAUSE.search(left):
        cond = _CONDITION_CLAUSE.search(left)
        assert cond is not None
        if not re.search(r"\b(?:would|could|might|will)\b", cond.group(), re.I):
            return False
    return True


def _priority(c: _Candidate) -> tuple[int, int, int]:
    generated = c.rule.id.startswith("cameo.")
    return int(generated), load_taxonomy()[c.event_type].priority, -(c.end - c.start)


def _clause(sentence: str, start: int, end: int) -> str:
    left = max(sentence.rfind(";", 0, start), sentence.rfind(" but ", 0, start))
    right_candidates = [i for i in (sentence.find(";", end), sentence.find(" but ", end)) if i >= 0]
    right = min(right_candidates) if right_candidates else len(sentence)
    return sentence[left + 1 if left >= 0 else 0 : right]


_SENTENCE_END = re.compile(r"\s*[.!?\"”’']*\s*")
# ", formally ending": a participle after a comma that restates the act before it
_RESTATING = re.compile(r",\s+(?:\w+ly\s+)?$")


def _same_plover(a: _Candidate, b: _Candidate) -> bool:
    """Two triggers of one PLOVER category: with a restating participle, one act said twice."""
    tax = load_taxonomy()
    return tax[a.event_type].plover == tax[b.event_type].plover


def _prune(sentence: str, cands: list[_Candidate]) -> list[_Candidate]:
    """Drop triggers that are the content of another act or of a purpose phrase."""
    result: list[_Candidate] = []
    silent: list[_Candidate] = []  # kept as containers of their content, never emitted
    has_backchannel = any(c.event_type == "backchannel_contact" for c in cands)
    refusal = next((c for c in cands if c.event_type == "conditional_refusal"), None)
    container_end: int | None = None
    lead = _LEAD_PARTICIPLE.match(sentence)
    for c in cands:
        if lead is not None and container_end is not None and container_end < lead.end() <= c.start:
            container_end = None  # "Urging restraint, the UN called on ...": the clause ends
        if c.event_type in SPEECH_ACTS and _said_by_document(sentence, c, result):
            # "the plan, which calls for a ceasefire": the text's content, no act; it still
            # holds what it calls for, so that is no act either
            silent.append(c)
            result.append(c)
            container_end = c.end
            continue
        if result and _DECREE_OF.fullmatch(sentence, result[-1].end, c.start):
            result[-1] = c  # "signed a decree starting Russia's withdrawal": the act decreed
            container_end = None
            continue
        if result and _denied_report(sentence, result[-1], c):
            if c.event_type == "consultation" and has_backchannel:
                # "dismissed a report that negotiators had met secretly": the secret meeting
                c = next(
                    (
                        b
                        for b in cands
                        if b.event_type == "backchannel_contact" and b.start > c.start
                    ),
                    c,
                )
            result[-1] = c  # "denied reports of back-channel talks": the talks, negated
            container_end = None
            continue
        word = sentence[c.start : c.end]
        head_noun = word.split()[0]
        if (
            " " in word
            and _NOUN_TRIGGER.fullmatch(head_noun)
            and any(
                k.start >= c.end
                and len(sentence[c.end : k.start].split())
                <= (10 if _BETWEEN_END.search(word) else 5)
                and not re.search(r"[,;]", sentence[c.end : k.start])
                and _PREDICATE_GAP.search(sentence[c.end : k.start])
                for k in cands
            )
        ):
            continue  # "talks between Serbia and Kosovo were resumed": the passive's subject
        if _NOUN_TRIGGER.fullmatch(word) and any(
            k.start >= c.end
            and len(sentence[c.end : k.start].split()) <= 3
            and _PREDICATE_GAP.search(sentence[c.end : k.start])
            for k in cands
        ):
            continue  # "the ceasefire proposal was rejected": the subject noun of a passive act
        if (
            result
            and c.event_type == "threat"
            and _SENTENCE_END.fullmatch(sentence, c.end)
            and _TRAILING_SPEAKER.search(sentence, 0, c.start)
        ):
            continue  # "Iran would halt ... if ..., a senior official warned": the warning's
            # content is the act said
        if has_backchannel and c.event_type == "consultation":
            continue  # the meeting is the back-channel contact itself
        if refusal is not None and c is not refusal and _same_clause(sentence, refusal, c):
            continue  # a conditional refusal owns its clause ("will not advance ... unless")
        if container_end is not None and c.start >= container_end:
            gap = sentence[container_end : c.start]
            if (
                _NEW_ACT.search(sentence[container_end : c.end])
                or _PREDICATE_GAP.search(gap)
                or _CLAUSE_CUT.search(gap)  # ", and the ministry said ...": a clause of its own
                or _VISIT_BY.match(sentence, c.start)  # "during a visit by Erdogan to Athens"
            ):
                container_end = None  # "..., and announced sanctions", ", calling it a mistake",
                # "the offer was turned down": a noun container and the predicate after it
            else:
                if (
                    result
                    and _light_verb(sentence, result[-1], c)
                    and _is_object_of(sentence, result[-1], c)
                ):
                    result[-1] = c
                    container_end = c.end if c.event_type in CONTAINERS else None
                continue
        before80 = sentence[max(0, c.start - 80) : c.start]
        # acts done by taking steps toward them ("has taken steps to ease curfews"), not talks
        taken_steps = c.event_type in PROMISED | THREATENED and _TAKEN_STEPS.search(before80)
        if _CONTENT_BEFORE.search(before80) and not taken_steps:
            continue  # "efforts to resume talks"; but "has taken steps to ease" is the act
        word = sentence[c.start : c.end]
        if (
            " " not in word
            and word.lower().endswith(("ed", "en"))
            and c.event_type != "backchannel_contact"  # "an unannounced visit": the cue itself
            and _ADJECTIVAL.search(sentence[max(0, c.start - 12) : c.start])
        ):
            continue  # "renewed dialogue", "the suspended talks": an adjective, not an act
        if _reduced_relative(sentence, c):
            continue  # "the analysis called for in the bill": a participle describing a noun
        left = sentence[max(0, c.start - 60) : c.start]
        parts = word.split()
        # "withdrawal from", "refusal to": a noun and its preposition
        head = parts[0] if len(parts) == 2 and parts[1].lower() in _NOUN_PREPS else word
        nominal = (
            c.event_type != "backchannel_contact"
            and bool(_NOUN_TRIGGER.fullmatch(head))
            and not (_BARE_INFINITIVE.fullmatch(head) and _TO_BEFORE_VERB.search(left))
        )  # "is expected to freeze talks": a verb after "to", no noun
        if (
            nominal
            and (
                _BACKGROUND.search(left)
                or _PREP_OBJECT.search(left)
                or _PREP_POSSESSOR.search(left)
            )
            and not (_ADOPTED.search(left))
        ):
            continue  # "after a five-month pause", "despite Western sanctions": background
        if word.lower().endswith("ing") and _GERUND_TOPIC.search(left):
            continue  # "talks on reviving the deal": the topic, not an act
        if (
            result
            and head_noun.lower().endswith("ing")
            and _RESTATING.search(sentence, 0, c.start)
            and _same_plover(result[-1], c)
        ):
            continue  # "withdrew from the accord, formally ending its participation": one fact
        if (
            result
            and result[-1].event_type == "support"
            and _PRAISED_DECISION.fullmatch(sentence, result[-1].end, c.start)
        ):
            continue  # "welcomed Hungary's decision to block the sanctions": what is welcomed
        if result and _is_object_of(sentence, result[-1], c):
            if _light_verb(sentence, result[-1], c):
                result[-1] = c
            continue  # "suspended climate talks", "freeze ratification": the object of an act
        result.append(c)
        if c.event_type in CONTAINERS and container_end is None:
            container_end = c.end
    return [c for c in result if not any(c is x for x in silent)]


_WHICH_BEFORE = re.compile(r"([\w'’-]+(?:\s+[\w'’-]+)?)\s*,?\s+(?:which|that)\s+$", re.I)
_PARTICIPLE_AFTER_COMMA = re.compile(r",\s+$")


def _said_by_document(sentence: str, c: _Candidate, result: list[_Candidate]) -> bool:
    """ "its first point, which calls for respect for sovereignty", "put forward a 12-point
    proposal ..., calling for a ceasefire": a text's content, not an appeal by anyone."""
    document = load_lexicon().document
    m = _WHICH_BEFORE.search(sentence, 0, c.start)
    if m is not None and document.search(m.group(1)):
        return True
    word = sentence[c.start : c.end].split()[0].lower()
    return (
        word.endswith("ing")
        and bool(result)
        and result[-1].event_type == "proposal"
        and bool(_PARTICIPLE_AFTER_COMMA.search(sentence, 0, c.start))
        and bool(document.search(sentence[result[-1].start : c.start]))
    )


# a decree or law that sets an act going is that act, done ("decision verbs pass through")
_DECREE_OF = re.compile(
    r"\s+(?:an?|the)\s+(?:[\w-]+\s+)?(?:decree|law|bill|order)\s+"
    r"(?:(?:on|last|this)\s+(?-i:[A-Z])\w+\s+)?(?:that\s+)?"
    r"(?:start(?:s|ed|ing)?|begin(?:s|ning)?|began|launch(?:es|ed|ing)?|formali[sz](?:es|ed|ing)?|"
    r"initiat(?:es|ed|ing)?|on|ordering)\s+(?:[\w-]+['’]s\s+|the\s+|its\s+)?",
    re.I,
)
_DENIED_REPORT = re.compile(
    r"den(?:y|ies|ied|ying)\s+(?:[\w'’]+\s+){0,2}?(?:reports?|claims?|allegations?|rumou?rs?)$",
    re.I,
)
_REPORT_OF = re.compile(r"\s+of\s+(?:an?\s+|any\s+)?(?:[\w-]+\s+){0,2}?$", re.I)
# "dismissed as false a report that Russian and Ukrainian negotiators had met secretly": what
# the report told of, denied
_DENIER = re.compile(r"(?:den(?:y|ies|ied|ying)|dismiss(?:es|ed|ing)?|reject(?:s|ed|ing)?)$", re.I)
_REPORT_THAT = re.compile(_REPORT_THAT_WORDS, re.I)


def _denied_report(sentence: str, head: _Candidate, c: _Candidate) -> bool:
    """ "Pakistan denied reports of back-channel talks with India": what the reports said is
    denied, the named act with modality negated, no rejection of its own."""
    return (
        head.event_type == "rejection"
        and c.event_type != "rejection"
        and (
            (
                bool(_DENIED_REPORT.fullmatch(sentence[head.start : head.end]))
                and bool(_REPORT_OF.fullmatch(sentence, head.end, c.start))
            )
            or (
                bool(_DENIER.search(sentence[head.start : head.end]))
                and bool(_REPORT_THAT.fullmatch(sentence, head.end, c.start))
            )
        )
    )


_NAMED_POSSESSOR = re.compile(r"\b(?-i:[A-Z])[\w.-]*['’]s?\s+(?:[a-z-]+\s+)?$")
# a named party's decision or move "to" act, the object of a praise: what it praises is the
# party's decision (CAMEO 051), not an act of the praising state
_POSSESSED_DECISION = re.compile(
    r"\s+(?:the\s+)?(?-i:[A-Z])[\w.-]*(?:\s+(?-i:[A-Z])[\w.-]*){0,2}['’]s?\s+(?:[a-z-]+\s+)?"
    r"(?:decision|move|plan|readiness|willingness|offer|pledge|commitment|announcement)\s+to\s+$"
)


# ... and the act that decision names, a few words on: its content, not an act of its own
_PRAISED_DECISION = re.compile(
    r"\s+(?:the\s+)?(?-i:[A-Z])[\w.-]*(?:\s+(?-i:[A-Z])[\w.-]*){0,2}['’]s?\s+(?:[a-z-]+\s+)?"
    r"(?:decision|move|plan|readiness|willingness|offer|pledge|commitment|announcement)\s+to\s+"
    r"(?:[\w'’-]+\s+){0,4}"
)
# aid sent to a stricken place that names no other state is relief at home ("sent relief to
# cyclone-hit Odisha"); "to quake-hit Turkey" names its recipient state
_CALL_FROM = re.compile(
    r"receiv(?:e|es|ed|ing)\s+an?\s+(?:[\w-]+\s+)?(?:tele)?phone\s+call\s+from\s", re.I
)
# "patrols near the border with Niger": the state after "border with" is a place, no partner
_BORDER_WITH = re.compile(r"\b(?:border|frontier|boundary)\s+with\s+(?:the\s+)?$", re.I)
_WITH_BEFORE = re.compile(r"\bwith\s+(?:the\s+)?(?:[\w'’-]+\s+){0,2}$", re.I)
_TO_BEFORE = re.compile(r"\bto\s+(?:the\s+)?(?:[\w'’-]+\s+)?$", re.I)
# an international or private agency's relief is aid abroad wherever it goes ("UNICEF flew
# supplies to flood-hit areas")
_RELIEF_BODIES = frozenset({"igo", "ngo"})
_STRICKEN_PLACE = re.compile(
    r"\s+(?:[\w'’-]+\s+){0,4}?to\s+(?:the\s+)?[\w]+-(?:hit|stricken|ravaged|affected|struck|battered)\s",
    re.I,
)


def _light_verb(sentence: str, head: _Candidate, c: _Candidate) -> bool:
    """ "engaged in quiet diplomacy", "issued an appeal to Myanmar to stop": a dictionary verb
    is the light verb of the hand rule's noun after it, which names the act (a private contact,
    or the same PLOVER category made specific). Not when another party owns the noun: "praised
    Pakistan's support for Beijing" is the praise of Pakistan."""
    if not head.rule.id.startswith("cameo.") or c.rule.id.startswith("cameo."):
        return False
    if _NAMED_POSSESSOR.search(sentence, head.end, c.start):
        return False
    if _POSSESSED_DECISION.match(sentence, head.end, c.start):
        return False  # "welcomed Saudi Arabia's decision to restore ties": the welcome of it
    taxonomy = load_taxonomy()
    same = taxonomy[c.event_type].plover == taxonomy[head.event_type].plover
    return c.event_type == "backchannel_contact" or same


_PARTICLE_END = re.compile(r"\s(?:for|on|upon|to|against|with)$", re.I)
_NO_OBJECT = re.compile(
    r"^(?:\s*[,;:)]|\s*$|\s+(?:in|by|at|under|during|since|last|earlier|so|as|more|than|"
    r"two|three|several|many|years?|months?|weeks?)\b)",
    re.I,
)
_DEGREE_ADVERB = re.compile(
    r"(?:\b[a-z]+ly|\bbetter|\bbest|\bwell|\blong|\boften|\bonce|\bmuch)\s+$"
)
_COMMON_NOUN_BEFORE = re.compile(r"(?:^|\s)([a-z][a-z-]+)\s+$")


def _same_clause(sentence: str, a: _Candidate, b: _Candidate) -> bool:
    """No clause boundary (";", ", and the ...", ", after ...") between two triggers."""
    lo, hi = min(a.start, b.start), max(a.start, b.start)
    return _CLAUSE_CUT.search(sentence, lo, hi) is None


def _reduced_relative(sentence: str, c: _Candidate) -> bool:
    """A past participle after a noun and without an object of its own is a reduced relative
    clause describing that noun, not the clause's act: "an analysis called for in last year's
    bill", "the curfew imposed in Sudan", "a question better addressed to the Treasury". A
    trigger ending in a preposition ("called for") must have its object right after it."""
    words = sentence[c.start : c.end].split()
    first = words[0].lower()
    if not first.endswith(("ed", "en", "wn")) or first.endswith("een"):
        return False
    left = sentence[max(0, c.start - 60) : c.start]
    if _PASSIVE_AUX.search(left) or _HAD.search(left) or re.search(r"\b(?:has|have)\s+$", left):
        return False
    adverb = _DEGREE_ADVERB.search(left)
    noun_left = (left[: adverb.start()] if adverb else left).rstrip(" `'\"“”‘’") + " "
    noun = _COMMON_NOUN_BEFORE.search(noun_left)
    if noun is None:
        return False
    head = noun.group(1).lower()
    w = load_scope_words()
    if (
        head in w.political
        or head in w.auxiliaries
        or head in w.prepositions
        or head in _FUNCTION_WORDS
        or head.endswith(("ed", "ing", "ly"))
    ):
        return False
    after = sentence[c.end : c.end + 40]
    if _PARTICLE_END.search(sentence[c.start : c.end]):
        return bool(_NO_OBJECT.match(after))
    if len(words) > 1:
        return False
    return adverb is not None or bool(re.match(r"\s+by\b", after))


_FUNCTION_WORDS = frozenset(
    "and or but that which who whom whose it he she they we i you this these those there "
    "what when where while as if than then so not no".split()
)


_PREDICATE_GAP = re.compile(
    r"\b(?:was|were|is|are|has\s+been|have\s+been|had\s+been|will\s+be)\s+(?:\w+ly\s+)?$", re.I
)


_ADJUNCT_TRIGGER = re.compile(r"during\s", re.I)
_CLAUSE_SUBJECT = re.compile(  # "after the government agreed": a subordinate clause's own subject
    r"\b(?:after|when|because|since|before|until|while|once)\s+(?:the\s+|its\s+|their\s+)?"
    r"(?:[\w-]+\s+){0,2}?(?:government|authorities|officials|ministry|president|leaders?|regime|"
    r"junta|parliament|opposition|rebels)\s+(?:had\s+|has\s+|have\s+)?(?:\w+ly\s+)?$",
    re.I,
)
_VISIT_BY = re.compile(r"during\s+(?:[\w-]+\s+){0,3}?visit\s+by\s", re.I)  # names its visitor
_LY_ADVERB = re.compile(r"[a-z]{3,}ly", re.I)
# "talks between Sudan's army and the Rapid Support Forces were suspended": the pair may be long
_BETWEEN_END = re.compile(r"\sbetween$", re.I)
# nouns that are also bare verbs: after a bare "to" they are the infinitive ("expected to freeze")
_BARE_INFINITIVE = re.compile(r"(?i:pause|freeze|halt|offer|ban)")
_TO_BEFORE_VERB = re.compile(r"\bto\s+$", re.I)


def _is_object_of(sentence: str, head: _Candidate, c: _Candidate) -> bool:
    """ "suspended climate talks": the second trigger is the first one's object; but "the
    proposal was rejected by Israel": a noun trigger and the passive predicate after it."""
    gap = sentence[head.end : c.start]
    if _PREDICATE_GAP.search(gap) or _ADJUNCT_TRIGGER.match(sentence, c.start):
        return False  # "praised Japan during a visit to Tokyo": the visit is an act of its own
    # "postponed indefinitely the next round of talks": an adverb does not lengthen the object
    words = [w for w in gap.split() if not _LY_ADVERB.fullmatch(w)]
    return len(words) <= 5 and not _COORDINATION.search(gap)


# "have offered no timetable": the verb's object is none
_NO_OBJECT_AFTER = re.compile(r"\s+no\s+(?!(?:later|sooner|longer|more|less)\b)", re.I)
_SPECULATIVE = re.compile(r"\b(?:could|might|(?-i:may))\s+(?:\w+ly\s+)?$", re.I)
# a readiness bound to a condition in its own clause
_READY_IF = re.compile(r"[^,;]*?\b(?:if|provided\s+that|on\s+condition\s+that)\b", re.I)


def _modality(sentence: str, c: _Candidate, lex: Lexicon, actors: list[ActorMention]) -> str:
    if c.event_type == "conditional_refusal":
        return "conditional"
    clause = _clause(sentence, c.start, c.end)
    cstart = sentence.find(clause)
    left = sentence[max(cstart, 0) : c.start]
    words = left.split()
    near = " ".join(words[-5:])
    wide = " ".join(words[-10:])
    if (
        lex.denial.search(wide)
        or lex.negation.search(near)
        or re.search(r"\bno\s+(?:\w+\s+){0,2}$", left, re.I)
        or _DENIED_THAT.search(left)
        or _THERE_NO.search(left)
    ):
        return "negated"
    # a threat or an appeal is made whatever its content says: only what precedes it counts
    scope = left if c.event_type in SPEECH_ACTS else clause
    if re.search(r"\b(?:if|unless|provided\s+that)\b", scope, re.I) and re.search(
        r"\b(?:would|could|might|will)\b", scope, re.I
    ):
        if not re.search(r"\b(?:would|will)\b", scope, re.I) and _SPECULATIVE.search(left):
            # "analysts said Berlin might expel more staff if ...": a guess, not a condition set
            return "hypothetical"
        return "conditional"
    if c.event_type == "commitment" and _READY_IF.match(sentence, c.end):
        return "conditional"  # "said it was ready to resume talks if Washington lifted sanctions"
    if _REPORTED_WOULD.search(" ".join(words[-7:]) + " "):
        return "future"  # "Washington said it would resume": future in reported speech
    if lex.hypothetical.search(near):
        return "hypothetical"
    if lex.future.search(near):
        return "future"
    ahead = re.search(r"\bnext\s+(?:week|month|year)\b", clause, re.I)
    done = sentence[c.start : c.end].split()[0].lower().endswith("ed")
    if ahead is not None and not (done and cstart + ahead.start() >= c.end):
        # "agreed on Friday to hold talks next week": the agreement is done, its content ahead
        return "future"
    commentator = [a for a in actors if not a.political and a.end <= c.start]
    if commentator and _SPECULATION.search(left):
        return "hypothetical"
    return "asserted"


def _political(actors: list[ActorMention]) -> list[ActorMention]:
    return [a for a in actors if a.political and (a.country or a.name or a.kind == "group")]


_TO_BEFORE = re.compile(r"\bto\s+(?:the\s+)?$")
# an opening participle clause up to its comma ("Condemning the attack, ")
_LEAD_PARTICIPLE = re.compile(r"\s*[A-Z][a-z]+ing\b[^,;:\"“”]{0,120},\s+")


def _pick_actors(
    sentence: str, c: _Candidate, actors: list[ActorMention], memory: ArticleMemory
) -> tuple[ActorMention | None, ActorMention | None, str | None]:
    if c.event_type == "backchannel_contact":
        # "X met Y ..., away from the cameras": actors sit around the contact, not the cue
        verb = _CONTACT_VERB.search(sentence, 0, c.start)
        if verb is None:
            # "secretly met ANC leaders in Switzerland": the cue right before its verb
            verb = (
                _CONTACT_VERB.match(sentence, c.end + 1)
                if sentence[c.end : c.end + 1] == " "
                else None
            )
        if verb is not None:
            c = _Candidate(c.rule, c.event_type, verb.start(), verb.end())
    clause = _clause(sentence, c.start, c.end)
    cs = sentence.find(clause)
    ce = cs + len(clause)
    pol = _political(actors)
    before = [
        a
        for a in pol
        if cs <= a.start
        and a.end <= c.start
        and not a.modifier
        and not (a.kind in ("country", "capital") and _LOCATIVE.search(sentence[cs : a.start]))
    ]
    after = [a for a in pol if c.start < a.start and a.end <= ce]  # inside the trigger too
    reported_by: str | None = None
    m = _ACCORDING.search(sentence)
    if m:
        # "according to the report, X held talks": the one cited stands in the phrase itself
        rep = next(
            (
                a
                for a in pol
                if a.start >= m.end() and not re.search(r"[,;]", sentence[m.end() : a.start])
            ),
            None,
        )
        if rep is not None:
            reported_by = rep.name
            after = [a for a in after if a is not rep]
            before = [a for a in before if a is not rep]
    source: ActorMention | None = None
    target: ActorMention | None = None
    speaker: ActorMention | None = None
    if c.rule.target == "content":
        # "The arrests were politically motivated, a rights group protested": the speaker after
        # the comma complains; a state named in what it complains of is the target
        comma = sentence.rfind(",", 0, c.start)
        speakers = [a for a in pol if comma < a.start and a.end <= c.start]
        source = speakers[-1] if speakers else None
        about = [a for a in pol if a.end <= comma and (source is None or _distinct(a, source))]
        return source, (about[0] if about else None), reported_by
    if c.rule.target == "reaction":
        # "North Korea fired two missiles, drawing a rebuke from Japan": the one the reaction is
        # drawn from acts; the main clause's subject receives it
        at = sentence.find(" from ", c.end - 1)
        source = next(
            (a for a in pol if at >= 0 and _FROM_PARTY.fullmatch(sentence, at + 6, a.start)),
            None,
        )  # "from fans in London": a place of those it is drawn from is no party
        subject = next((a for a in pol if a.end <= c.start and not a.modifier), None)
        if source is None:
            return None, None, reported_by
        also = next((a for a in pol if a.start > source.end), None)
        if also is not None and _AND_GAP.fullmatch(sentence[source.end : also.start]):
            source = _compound(sentence, source, also)  # "from Seoul and Washington"
        return source, (subject if subject and _distinct(subject, source) else None), reported_by
    if c.rule.target == "recalled":
        # "The Dutch ambassador was recalled from Ankara": the envoy's own state recalls it from
        # the state it leaves (CAMEO 161 reduce or break diplomatic relations)
        source = next(
            (a for a in reversed(pol) if cs <= a.start and a.end <= c.start and a.country),
            None,
        )
        target = next(
            (
                a
                for a in after
                if a.kind in ("country", "capital")
                and (source is None or _distinct(a, source))
                and _LEFT_STATE.search(sentence[max(c.end, a.start - 12) : a.start])
            ),
            None,
        )
        return source, target, reported_by
    if c.rule.target == "before":
        # "X argues that Washington should rethink": the one who should change is the target
        upto = [a for a in pol if cs <= a.start and a.end <= c.end]
        speakers = [a for a in upto if _REPORTING.search(sentence[a.end : c.start])]
        spoken = [a for a in upto if a not in speakers]
        quoted = None if speakers else _quote_speaker(sentence, c, actors)
        if quoted is None and not speakers:
            quoted = _trailing_speaker(sentence, c, pol)
        if quoted is not None:
            speakers = [quoted]  # '"Russia must withdraw," the chancellor said'

        target = spoken[-1] if spoken else None
        if len(spoken) > 1 and _AND_GAP.fullmatch(sentence[spoken[-2].end : spoken[-1].start]):
            target = spoken[-2]  # "the Israeli government and the militants in Gaza must"
        source = speakers[0] if speakers else (memory.last_person or memory.last_actor)
        if c.rule.id == "demand.must" and (
            not speakers
            or target is None
            or (
                len(sentence[target.end : c.start].split()) > 3
                and not _COORDINATED_SUBJECT.fullmatch(sentence[target.end : c.start])
            )
        ):
            # a bare "must" is an opinion, not a demand; the one who must act is its subject
            return None, None, reported_by
        if source is not None and target is not None and not _distinct(source, target):
            target = None
        return source, target, reported_by
    lead = _LEAD_PARTICIPLE.match(sentence)
    if (
        lead is not None
        and c.start < lead.end()
        and not before
        and c.event_type not in _VISIT_TYPES
    ):
        # "Condemning the attack, Egypt said ...": an opening participle clause is the act of
        # the main clause's subject; a party named inside the clause is its target (a meeting
        # word there, "Speaking to reporters, ...", sets a statement: no talks)
        subject = next((a for a in pol if a.start >= lead.end()), None)
        if subject is not None and len(sentence[lead.end() : subject.start].split()) <= 1:
            inside = [a for a in after if a.end < lead.end() and _distinct(a, subject)]
            return subject, (inside[0] if inside else None), reported_by
    partner: ActorMention | None = None
    visitor = next((a for a in after if a.end <= c.end), None)
    if visitor is not None and _VISIT_BY.match(sentence, c.start):
        # "during a visit by Turkish President Erdogan to Athens": the one named after "by"
        before, after = [visitor], [a for a in after if a is not visitor]
    elif before and _ADJUNCT_TRIGGER.match(sentence, c.start):
        # "Japan praised India during a visit to New Delhi": the visit is the subject's, not
        # the praised party's
        before = before[:1]
    if before and _CLAUSE_SUBJECT.search(sentence, before[-1].end, c.start):
        # "eased sanctions on Venezuela after the government agreed to hold an election": the
        # subordinate clause has a subject of its own the gazetteer does not name
        before = []
    rel = _OBJECT_RELATIVE.search(sentence, before[-1].end if before else cs)
    if rel is not None and rel.end() < c.start:
        # "refugees, whom authorities blame for ...": the relative clause's own subject acts
        before = [a for a in before if a.start >= rel.end()]
    passive = _passive_agent(sentence, c, after)
    if passive is None and _is_passive_by(sentence, c):
        return None, None, reported_by  # "was managed by a former banker": nobody political
    if passive is None and _is_passive(sentence, c):
        # "Aristide has been accused of misusing funds ... by Haitian officials": the agent may
        # stand far after the participle; without one the subject only receives the act
        passive = next(
            (a for a in after if _FAR_BY.search(sentence[c.end : a.start])),
            None,
        )
        if passive is None and c.event_type in TERRITORIAL:
            # "was arrested in Lebanon", "were demobilised in Macedonia": with no agent named,
            # a measure only a state takes is that of the state where it was taken
            passive = next(
                (
                    a
                    for a in pol
                    if cs <= a.start < ce
                    and a.kind in ("country", "capital")
                    and re.search(r"\bin\s+(?:the\s+)?$", sentence[max(cs, a.start - 8) : a.start])
                ),
                None,
            )
        if passive is None and c.event_type == "expulsion":
            # "the ambassador was expelled from Panama", "were ordered to leave Norway": with no
            # agent named, the state the envoys must leave expels them
            passive = next(
                (
                    a
                    for a in after
                    if a.kind in ("country", "capital")
                    and _LEFT_STATE.search(sentence[max(c.start, a.start - 12) : a.start])
                    and len(sentence[c.end : a.start].split()) <= 4
                ),
                None,
            )
        mutual = c.event_type in SYMMETRIC | MUTUAL_IN_PASSIVE
        pair = _between_pair(sentence, cs, pol) if mutual else None
        if passive is None and pair is not None:
            return pair[0], pair[1], reported_by  # "talks were held between Russia and Ukraine"
        if passive is None:
            return None, before[-1] if before else None, reported_by
    if passive is not None:
        # "Hungary was urged by the EU to ...": the agent acts, the grammatical subject receives;
        # "the Japanese proposal was rejected by China": a nationality qualifying the subject
        owned = (
            before
            or [
                a
                for a in pol
                if cs <= a.start
                and a.end <= c.start
                and a.modifier
                and (
                    (a.kind == "demonym" and len(sentence[a.end : c.start].split()) <= 3)
                    # "North Korea's missile test was condemned by the Security Council"
                    or (
                        sentence[a.end : a.end + 2] in ("'s", "’s")
                        and len(sentence[a.end : c.start].split()) <= 5
                    )
                )
                and _PASSIVE_AUX.search(sentence[a.end : c.start])
            ]
        )
        head = next((a for a in pol if cs <= a.start and a.end <= c.start), None)
        if head is not None and _SUBJECT_ARTICLE.fullmatch(sentence[cs : head.start]):
            # "Israel's decision to expand settlements in the West Bank was criticised", "the
            # American strike on a Khartoum factory was condemned": the subject's own state
            owned = [head]
        # "Aristide was accused of embezzlement by Haitian officials": a domestic party too
        target = owned[-1] if owned and _counterpart(owned[-1], passive) else None
        return passive, target, reported_by
    if before:
        source = before[-1]
        if (
            len(before) > 1
            and _MEANS_GERUND.search(sentence, 0, c.start)
            and _MAIN_OBJECT.search(sentence, before[0].end, source.start)
        ):
            # "Moscow retaliated against Washington by expelling 60 diplomats": the means is
            # the act of the clause's subject, on the party the main verb named
            source, target = before[0], (source if _distinct(source, before[0]) else None)
        elif (
            len(before) > 1
            and _ING_TRIGGER.match(sentence, c.start)
            and _MAIN_VERB.search(sentence, before[0].end, source.start)
            and not _PROGRESSIVE.search(sentence, source.end, c.start)
            and len(sentence[source.end : c.start].split()) <= 3
        ):
            # "Putin sent a letter to Obama urging restraint": a participle right after the
            # main verb's object is the act of the clause's subject, aimed at that object; after
            # a comma ("established relations with China in 2018, cutting ties with Taiwan") it
            # names its own object
            tight = "," not in sentence[source.end : c.start] and _distinct(source, before[0])
            source, target = before[0], (source if tight else None)
        elif len(before) > 1 and (
            _COMPOUND_GAP.fullmatch(sentence[before[-2].end : source.start])
            or _headline_pair(sentence, before, cs)
        ):
            # "Washington and Moscow extended ...", "Iran and six world powers": a compound
            # subject; "Britain, France and Germany urged": a list, opened by its first member
            partner, source = source, before[-2]
            opener = len(before) - 2
            while (
                opener > 0
                and _LIST_GAP.fullmatch(sentence[before[opener - 1].end : before[opener].start])
                and not _LIST_OPEN.search(sentence, 0, before[opener - 1].start)
            ):
                opener -= 1
            source = before[opener]
        # "X said Y did ...": X reported it, Y did it
        for a in before[:-1]:
            if a is source or (a.country == source.country and a.name == source.name):
                continue
            if _REPORTING.search(sentence[a.end : source.start]):
                speaker = speaker or a
                reported_by = reported_by or a.name
    else:
        by = re.search(r"\bby\s+", sentence[c.end : ce])
        if by:
            at = c.end + by.end()  # the agent follows "by" closely: "caused by an attack
            # in August, his American lawyer said" names no agent of the trigger
            cand = [
                a
                for a in after
                if a.start >= at
                and len(sentence[at : a.start].split()) <= 3
                # "the donation of a painting by a Dutch collector": a nationality of a person
                # of no office is no agent
                and not (a.kind == "demonym" and a.modifier)
            ]
            if cand:
                source = cand[0]
                after = [a for a in after if a is not source]
    if c.rule.target == "condition":
        cond = _CONDITION_WORD.search(sentence, c.end)
        pool = [a for a in after if cond is None or a.start >= cond.start()]
        byx = re.search(r"\bby\s+", sentence[c.end : ce])
        if byx:
            pool = [a for a in pool if a.start >= c.end + byx.end()] or pool
        target = next((a for a in pool if source is None or _distinct(a, source)), None)
        if target is None and cond is not None:
            # "will not resume talks with Israel unless settlement building stops": no party in
            # the condition, so the refused act's own partner
            target = next(
                (
                    a
                    for a in after
                    if a.end <= cond.start()
                    and (source is None or _distinct(a, source))
                    and _WITH_PARTNER.search(sentence, max(c.end, a.start - 40), a.start)
                ),
                None,
            )
        after = []
    trigger = sentence[c.start : c.end].lower()
    mediator = source is not None and (
        any(w in trigger for w in ("mediat", "broker", "shuttl"))
        or (c.event_type == "consultation" and trigger.startswith("host"))  # PLOVER mode host
    )
    if c.event_type in SYMMETRIC and not mediator:  # a mediator between A and B is the source
        pair = _between_pair(sentence, cs, pol)
        object_pair = c.event_type in BETWEEN_IS_OBJECT and source is not None
        if pair is not None and object_pair and pair[0].start > c.end:
            pair = None  # "welcomed the agreement between Serbia and Kosovo": what is praised
        if (
            pair is not None
            and source is not None
            and pair[0].start > c.end
            and _HOSTED_PAIR.search(sentence, c.end, pair[0].start)
        ):
            pair = None  # "ready to host talks between Russia and Ukraine": whom it would host
        if pair is not None:
            return pair[0], pair[1], reported_by  # "messages between Washington and Tehran"
    if partner is None and source is not None and source.partner is not None:
        # "the two sides agreed", "both countries accused each other": the pair named before
        if c.event_type in SYMMETRIC and not mediator:
            return source, source.partner, reported_by
        if _EACH_OTHER.match(sentence, c.end):
            return source, source.partner, reported_by
    if partner is not None and source is not None:
        with_partner = next(
            (
                a
                for a in after
                if _distinct(a, source)
                and _distinct(a, partner)
                and _WITH_PARTNER.search(sentence, max(c.end, a.start - 40), a.start)
                and "," not in sentence[c.end : a.start]  # ", with the U.S. as mediator"
                and not _BORDER_WITH.search(sentence, max(c.end, a.start - 40), a.start)
            ),
            None,
        )
        if c.event_type in SYMMETRIC and with_partner is not None:
            # "the Bahraini and Emirati foreign ministers signed the accords with Israel": the
            # pair acts together on the partner after "with"
            return _compound(sentence, source, partner), with_partner, reported_by
        if c.event_type in SYMMETRIC and not _direct_object(sentence, c, actors):
            return source, partner, reported_by  # one side as source, the other as target
        if c.event_type == "retreat" and _truce(sentence, c):
            return source, partner, reported_by  # "Hamas and Israel announced a ceasefire"
        if _EACH_OTHER.match(sentence, c.end):
            return source, partner, reported_by  # "Armenia and Azerbaijan accused each other"
        source = _compound(sentence, source, partner)
    if c.event_type in CONDITION_TARGET and target is None:
        # "threatened to veto the budget unless the EU unfroze its funds": the one who must act
        cond = (_THREAT_CONDITION if c.event_type == "threat" else _READY_CONDITION).search(
            sentence, c.end, ce
        )
        if cond is not None:
            # a foreign party first, else one of the source's own state ("threatened a strike
            # unless the government raised the wage": the union's government)
            must = [a for a in after if a.start >= cond.end()]
            target = next(
                (a for a in must if source is None or _distinct(a, source)),
                next((a for a in must if source is not None and _counterpart(a, source)), None),
            )
    if target is None and source is not None and c.event_type in _VISIT_TYPES:
        # "discussed the war in Syria with Russian President Vladimir Putin": the partner after
        # "with" met; a state named in what was discussed is its topic
        target = next(
            (
                a
                for a in after
                if _distinct(a, source)
                and _WITH_PARTNER.search(sentence, max(c.end, a.start - 40), a.start)
                and not _NEXT_CLAUSE.search(sentence, c.end, a.start)
                and not _NOT_OWN_WITH.search(sentence, c.end, a.start)
                and len(sentence[c.end : a.start].split()) <= 10
            ),
            None,
        )
    first = after[0] if after and target is None else None
    if (
        first is not None
        and source is not None
        and first.kind in ("group", "official", "person")
        and (
            sentence[c.end : first.start].strip() in ("", "the")
            # "froze its dialogue with the opposition": the partner of the act's own object
            or _OWN_OBJECT_PARTNER.fullmatch(sentence, c.end, first.start)
        )
        and _counterpart(first, source)
    ):
        # "accused Darfur rebels of violating the truce, a member of the Chadian team said": a
        # domestic party as the verb's own object beats a foreign one further on
        target = first
    direct = (
        after[0]
        if after
        and re.fullmatch(r"\s*(?:the\s+)?", sentence[c.end : after[0].start])
        and not _POSSESSED_AFTER.match(sentence, after[0].end)
        and (source is None or _distinct(after[0], source))
        else None
    )
    if c.event_type in types_with("target_in_content") and target is None and direct is None:
        # "threatened to destroy Turkey's economy", "the smallest Israeli attack": the state
        # the threat or charge is about, named as a possessive or demonym in its content; the
        # verb's own object comes first ("accused Washington of meddling in Ukraine's affairs")
        about = [
            a
            for a in pol
            if c.start <= a.start < ce
            and (a.kind == "demonym" or sentence[a.end : a.end + 2] in ("'s", "’s"))
            and (source is None or _distinct(a, source))
        ]
        # "threatened to impose sanctions on Turkey over its purchase of Russian missiles": the
        # state the measure falls on comes before the states named in its reason
        on_party = next(
            (
                a
                for a in after
                if a.kind in ("country", "capital")
                and (source is None or _distinct(a, source))
                and _ON_PARTY.search(sentence, max(c.end, a.start - 12), a.start)
                and not _NEXT_CLAUSE.search(sentence, c.end, a.start)
            ),
            None,
        )
        # "condemned the storming of the mosque by Israeli police": the agent of the act
        # condemned, named after "by" inside its object
        by_party = next(
            (
                a
                for a in after
                if (source is None or _distinct(a, source))
                and _BY_PARTY.search(sentence, max(c.end, a.start - 8), a.start)
                and not _NEXT_CLAUSE.search(sentence, c.end, a.start)
                and len(sentence[c.end : a.start].split()) <= 12
            ),
            None,
        )
        if on_party is not None and (not about or on_party.start < about[0].start):
            target = on_party
        elif by_party is not None and c.event_type == "accusation":
            target = by_party
        elif about:
            target = about[0]
    if c.event_type == "expulsion":
        # "Germany declared two Russian diplomats persona non grata": the diplomats' state
        envoys = [a for a in pol if cs <= a.start < ce and a.role and a is not source]
        envoys = [a for a in envoys if source is None or _distinct(a, source)]
        if envoys:
            return source, envoys[0], reported_by
    if target is None and load_lexicon().recipient.match(trigger):
        # "extradited a Russian hacker to the United States": the state it goes to receives
        target = next(
            (
                a
                for a in after
                if (source is None or _distinct(a, source))
                and _TO_BEFORE.search(sentence[max(c.end, a.start - 12) : a.start])
            ),
            None,
        )
    # "Iran and six world powers ...": two parties named as the subject meet each other, not the
    # state they meet in (the coders code a venue as the target of one party's act)
    lead_text = sentence[before[0].start : c.start] if before else ""
    two_parties = bool(_PAIR_SUBJECT.search(lead_text)) and not re.search(r"[,;]", lead_text)
    for other in (_distinct, _counterpart):  # a foreign party first, else a domestic one
        if target is not None:
            break
        for a in after:
            if other is _counterpart and re.search(r"[,;:]", sentence[c.end : a.start]):
                continue  # "suspending New START, and Lavrov urged": not its object
            if (
                other is _counterpart
                and a.kind in ("country", "capital")
                and _PLACE_BEFORE.search(sentence, 0, a.start)
            ):
                continue  # "the Duma met in Moscow": its own state as a place is no party
            if (
                a.kind == "capital"
                and two_parties
                and all(b.country != a.country for b in before)
                and _VENUE_BEFORE.search(sentence, 0, a.start)
            ):
                continue  # "Iran and six world powers met in Vienna": a third state's city
            if (
                a.kind in ("country", "capital")
                and c.event_type not in _VISIT_TYPES
                and _TALKS_VENUE.search(sentence, c.start, a.start)
            ):
                continue  # "pulled out of the negotiations in Vienna": where they were held
            if c.event_type not in CONDITION_TARGET and _CONDITION_IN_GAP.search(
                sentence, c.end, a.start
            ):
                break  # "would return to the treaty if Washington abandoned ...": a condition
            if _PLACE_NAMED_TALKS.match(sentence, a.end) and _THE_BEFORE.search(
                sentence, 0, a.start
            ):
                continue  # "the Brussels talks with Kosovo": the place that names the talks
            if _COMMA_SUBJECT.search(sentence, c.end, a.start):
                continue  # "Russia halts grain deal, Turkey presses Moscow": the next clause's
            if _APPOSITIVE.search(sentence, c.end, a.start):
                continue  # "New START, its last arms treaty with the United States": a gloss
            if source is None or other(a, source):
                near = len(sentence[c.end : a.start].split()) <= 4
                gap = sentence[c.end : a.start]
                # "rejected a peace plan drafted by Costa Rica's president": its author
                authored = _AUTHOR_BY.search(gap) is not None and len(gap.split()) <= 8
                linked = authored or _TARGET_PREP.search(gap)
                if near or (linked and not _NEXT_CLAUSE.search(gap)):
                    target = a
                    break
        if target is not None:
            break
    if (
        c.event_type in types_with("target_in_content")
        and target is not None
        and target.kind == "igo"
        and re.search(r"\b(?:to|with|at|before)\s+(?:the\s+)?$", sentence[c.end : target.start])
    ):
        # "complained to the United Nations over two Israeli air raids", "lodged a complaint with
        # the Security Council against Israel": the body addressed hears the charge; the state the
        # charge is about is its target
        charged = next(
            (
                a
                for a in pol
                if target.end <= a.start < ce
                and a.country is not None
                and (
                    a.kind == "demonym"
                    or sentence[a.end : a.end + 2] in ("'s", "’s")
                    or re.search(r"\bagainst\s+(?:the\s+)?$", sentence[target.end : a.start])
                )
                and (source is None or _distinct(a, source))
                and re.search(r"\b(?:over|about|against|of)\b", sentence[target.end : a.start])
            ),
            None,
        )
        target = charged or target
    if target is None and source is not None:
        # "delivered food aid to 1.2 million people in Yemen": the state the people it reaches
        # live in receives it
        target = next(
            (
                a
                for a in after
                if a.kind in ("country", "capital")
                and _distinct(a, source)
                and _RECIPIENTS_IN.search(sentence, c.end, a.start)
                and not _NEXT_CLAUSE.search(sentence, c.end, a.start)
            ),
            None,
        )
    # "recalled its ambassador to Spain": the envoy named in the act itself is the source's own;
    # the state it is posted to is the act's target, before any state named further on ("to
    # Israel in protest at the Gaza offensive", "to the United States and Australia")
    envoy = next((a for a in actors if c.start < a.start < c.end and a.host is not None), None)
    host = envoy.host if envoy is not None and envoy.country is None else None
    if host is not None and (source is None or _distinct(host, source)):
        target = host
    if (
        speaker is not None
        and c.event_type in SPEECH_ACTS
        and _COMMA_BEFORE.search(sentence, 0, c.start)
        and sentence[c.start : c.end].split()[0].lower().endswith("ing")
    ):
        # "Cuba's foreign minister said of the U.S. blockade, accusing Washington of ...": a
        # participle after the reported clause is the speaker's act, on the party after it
        source, reported_by = speaker, None
        target = next((a for a in after if _distinct(a, speaker)), None)
    if speaker is not None and c.event_type in SPEECH_ACTS and speaker.kind == "person":
        # a refusal, threat or appeal is the speaker's act: "Peskov indicated Russia will not..."
        source, reported_by = speaker, None
    return source, target, reported_by


# ", saying terrorism must end first": a reason given after another act, whose modal's subject
# is no named party ("saying Israel must withdraw" stays a call on Israel)
_SAYING_UNNAMED = re.compile(
    r",\s+(?:saying|adding|arguing|insisting)\s+(?:that\s+)?(?!(?:the\s+)?[A-Z])[^,;]*$"
)
_RECIPIENTS_IN = re.compile(  # "to 1.2 million people in Yemen", "to refugees in Lebanon"
    r"\bto\s+(?:the\s+|some\s+|about\s+|nearly\s+|more\s+than\s+|over\s+)?(?:[\d.,]+\s+)?"
    r"(?:million\s+|thousand\s+|hundreds\s+of\s+|thousands\s+of\s+)?(?:[a-z-]+\s+)?"
    r"(?:people|civilians|refugees|families|residents|victims|survivors|children|displaced"
    r"|(?-i:[A-Z])[a-z]+(?:s|ese|ya))"  # a people named: "to the Kurds in northern Iraq"
    r"\s+in\s+(?:the\s+)?(?:[a-z-]+\s+)?$"
    # "pledged $500 million for the reconstruction of Iraq": the state rebuilt receives it
    r"|\b(?:for|to|towards)\s+(?:the\s+)?(?:reconstruction|rebuilding|recovery)\s+of\s+(?:the\s+)?$",
    re.I,
)
_FROM_PARTY = re.compile(r"(?:the\s+)?(?:(?!(?:in|at|of|across)\b)[\w'’-]+\s+){0,2}", re.I)
_COORDINATED_SUBJECT = re.compile(  # "the government and the rebels in Darfur must"
    r"\s+(?:and|or)\s+(?:the\s+)?(?:[\w'’-]+\s+){1,4}", re.I
)
_UNLESS = re.compile(r"\bunless\b", re.I)
PROMISED = types_with("promised")  # taxonomy.toml
THREATENED = types_with("threatened")
# "would suspend ... if" is still a suspension; "will suspend ... unless" an ultimatum, a threat
CONDITIONAL_KEPT = types_with("conditional_kept")


def _recode(c: _Candidate, modality: str, sentence: str = "") -> tuple[_Candidate, str]:
    """An act announced for the future is coded by what it is now: cooperation promised ("will
    give Tanzania a grant", "will support Turkey's bid") is a commitment; a coercive measure
    made conditional ("will withdraw its force unless ...") or a coercion announced ("will
    extend the curfew") is a threat. The named types keep their modality instead."""
    if c.event_type in PROMISED and modality == "conditional" and _UNLESS.search(sentence, c.end):
        return replace(c, event_type="threat"), "asserted"  # "will withdraw its force unless"
    if c.rule.id == "threat.intent" and modality in ("future", "conditional", "hypothetical"):
        return c, "asserted"  # "said they would boycott": the threat is made now
    if c.event_type in PROMISED and modality == "future":
        return replace(c, event_type="commitment"), "asserted"
    if c.event_type in THREATENED and (
        (
            modality == "conditional"
            and (c.event_type not in CONDITIONAL_KEPT or _UNLESS.search(sentence, c.end))
        )
        or (modality == "future" and c.event_type == "coercion")
    ):
        return replace(c, event_type="threat"), "asserted"
    return c, modality


_OPEN_QUOTE = re.compile(r"\s*[\"“]")
_CLOSE_QUOTE = re.compile(r"[,.!?]\s*[\"”]")


def _quote_speaker(sentence: str, c: _Candidate, actors: list[ActorMention]) -> ActorMention | None:
    """ "We strongly condemn this attack," the Turkish foreign ministry said: an act said in a
    quotation that opens the sentence is the act of the speaker named after it."""
    if not _OPEN_QUOTE.match(sentence):
        return None
    close = _CLOSE_QUOTE.search(sentence, c.end)
    if close is None or _CLOSE_QUOTE.search(sentence, 0, c.start):
        return None
    for a in _political(actors):
        if a.start < close.end() or a.start - close.end() > 60:
            continue
        between = sentence[close.end() : a.start]
        if _REPORTING.search(between) or _REPORTING.match(sentence, a.end + 1):
            return a
        break
    return None


_SAID_TAIL = re.compile(
    r"\s+(?:said|says|told\s+reporters|added|insisted|declared|stated)"
    r"(?:\s+(?:on|in|at|late|earlier|after|during|before)\b[^,;]*)?\s*[.!]?\s*$"
)


def _trailing_speaker(sentence: str, c: _Candidate, pol: list[ActorMention]) -> ActorMention | None:
    """ "Iraq must allow the inspectors back, Cook said": reported speech without quotes is
    the act of the speaker named after the last comma, when the sentence ends with the verb of
    saying and no more than a time or place."""
    comma = sentence.rfind(",")
    if comma < c.end:
        return None
    for a in pol:
        if (
            a.start > comma
            and _SAID_TAIL.match(sentence[a.end :])
            and len(sentence[comma + 1 : a.start].split()) <= 6
        ):
            return a
    return None


_IN_BEFORE = re.compile(r"\bin\s+(?:the\s+)?$", re.I)


def _local_body(sentence: str, c: _Candidate, actors: list[ActorMention]) -> ActorMention | None:
    """ "Police arrested 12 activists in Minsk": a body of state named only by its title, whose
    act only the state where it happens takes (an arrest, a curfew), is of the state whose place
    the clause names after "in"."""
    clause = _clause(sentence, c.start, c.end)
    cs = sentence.find(clause)
    body = next(
        (
            a
            for a in reversed(actors)
            if cs <= a.start
            and a.end <= c.start
            and a.kind == "role"
            and a.country is None
            and a.political
            and len(sentence[a.end : c.start].split()) <= 2
        ),
        None,
    )
    place = next(
        (
            a
            for a in actors
            if c.end <= a.start < cs + len(clause)
            and a.kind in ("country", "capital")
            and _IN_BEFORE.search(sentence[max(0, a.start - 8) : a.start])
        ),
        None,
    )
    if body is None or place is None:
        return None
    return replace(body, country=place.country, name=body.text)


def _object_after(
    sentence: str, c: _Candidate, actors: list[ActorMention], source: ActorMention
) -> ActorMention | None:
    """The political actor right after the trigger (at most four words on, in its clause) that
    can be the target of ``source``'s act."""
    clause = _clause(sentence, c.start, c.end)
    ce = sentence.find(clause) + len(clause)
    for a in _political(actors):
        # "and ordered the French ambassador to leave": an object inside the trigger too
        inside = a.start < c.end
        if inside and a.kind == "pronoun":
            continue  # "calling it biased": what "it" stands for is no object of the verb
        if c.start < a.start < ce and len(sentence[c.end : a.start].split()) <= 4:
            return a if _counterpart(a, source) else None
    return None


_ADDRESSED_ABROAD = types_with("aimed_abroad")  # taxonomy.toml: the state named is the other party


def _home_country(
    a: ActorMention | None,
    actors: list[ActorMention],
    target: ActorMention | None = None,
    event_type: str = "",
) -> ActorMention | None:
    """An official known only by title and name ("Vice-President Moody Awori") is taken to be of
    the first country the sentence names: wire copy names the home country of a domestic
    official and spells out the nationality of a foreign one ("Iraqi President ..."); an IGO
    official has none. A state named as the target of a charge, threat, sanction or call is the
    other party, not the home ("Foreign Minister Ahmed Attaf criticised France": none known)."""
    if a is None or a.country or a.kind not in ("person", "pronoun") or a.role is None:
        return a
    if a.sector == "igo":
        return a
    home = next(
        (
            b
            for b in actors
            if b.country
            and b.kind in ("country", "demonym", "capital", "official")
            and not (
                target is not None
                and b.start == target.start
                and b.kind in ("country", "capital")
                and event_type in _ADDRESSED_ABROAD
            )
        ),
        None,
    )
    return replace(a, country=home.country) if home is not None else a


_OBJECT_RELATIVE = re.compile(r"\b(?:whom|which)\s+(?=\S+\s+\S)", re.I)
_PASSIVE_AUX = re.compile(
    r"\b(?:is|are|was|were|be|been|being|has\s+been|have\s+been|had\s+been)\s+(?:\w+ly\s+)?$",
    re.I,
)


_ADJECTIVE_COMPLEMENT = re.compile(r"\s(?:to|with|on|about)$", re.I)


# acts only the state where they happen takes: arrests, bans, curfews, inquiries, demobilisation
_IRREGULAR = frozenset({"put", "set", "cut", "held", "kept", "sent", "made", "left", "shut"})
TERRITORIAL = types_with("territorial")  # taxonomy.toml
_FAR_BY = re.compile(r"\bby\s+(?:the\s+)?(?:[\w'’-]+\s+){0,3}$", re.I)


def _is_passive(sentence: str, c: _Candidate) -> bool:
    """A form of "be" right before a participle trigger: the subject receives the act."""
    words = sentence[c.start : c.end].split()
    return (
        (
            words[0].lower().endswith(("ed", "en", "wn", "ght", "id"))
            or words[0].lower() in _IRREGULAR
        )
        and not _ADJECTIVE_COMPLEMENT.search(sentence[c.start : c.end])
        and bool(_PASSIVE_AUX.search(sentence[max(0, c.start - 40) : c.start]))
    )


_SUBJECT_ARTICLE = re.compile(r"\s*(?:[Tt]he\s+|An?\s+)?")  # "A British proposal ... was"
_COMMA_BEFORE = re.compile(r",\s+$")
_BY_PARTY = re.compile(r"\bby\s+(?:the\s+)?$", re.I)
_ON_PARTY = re.compile(r"\b(?:on|against)\s+(?:the\s+)?$", re.I)
_LEFT_STATE = re.compile(r"\b(?:from|leave)\s+(?:the\s+)?$", re.I)
_RETALIATE = re.compile(r"retaliat|revenge|respond|response", re.I)


def _provoker(
    trigger: str, source: ActorMention, drafts: list[_Draft], sentence_start: int
) -> ActorMention | None:
    """Whom a vow to retaliate is aimed at: the actor whose recent act fell on the one vowing
    ("Germany expelled two Russian diplomats. Moscow vowed to retaliate": Germany), or the one
    the vower has just accused in the same sentence ("blamed Israel ... and vowed revenge")."""
    if not _RETALIATE.search(trigger):
        return None
    key = _actor_key(source)
    for d in reversed(drafts[-5:]):
        if d.source is None or d.target is None:
            continue
        if _actor_key(d.target) == key and _actor_key(d.source) != key:
            return d.source
        same_sentence = d.mentions[0].sentence_start == sentence_start
        if same_sentence and _actor_key(d.source) == key and _actor_key(d.target) != key:
            return d.target
    return None


# "rejected the call", "rejected what he called groundless accusations": an act told before
_ANAPHORIC_ACT = re.compile(
    r"\s+(?:(?:the|this|that|these|those|such)\s+|what\s+\w+\s+(?:called|described\s+as)\s+)"
    r"(?:[\w-]+\s+){0,2}?(?:call|calls|appeal|appeals|demand|demands|decision|move|step|"
    r"proposal|offer|plan|request|ultimatum|accusations?|allegations?|charges?|claims?|"
    r"criticism|warning|threat)\b",
    re.I,
)
# "would not return to the table", "severed the lines", "resumed them": the talks told before
_ANAPHORIC_TALKS = re.compile(
    r"\b(?:the\s+(?:table|negotiating\s+table|talks|negotiations|dialogue|process|lines|"
    r"hotlines?|channels?|contacts)|them)\b",
    re.I,
)
_TALK_TYPES = types_with("talks_partner")  # taxonomy.toml: acts on talks with a partner


_TALKS_AFTER = re.compile(
    r"\s+(?:talks|contacts|meetings?|negotiations|dialogue|channels?)\b", re.I
)


def _hyphen_pair(
    sentence: str, c: _Candidate, actors: list[ActorMention]
) -> tuple[ActorMention, ActorMention] | None:
    """The two states of "secret India-Pakistan talks" right after a back-channel cue."""
    near = [a for a in actors if c.end <= a.start <= c.end + 40 and a.country]
    for a in near:
        if (
            a.partner is not None
            and a.partner.country
            and ("-" in a.text or "–" in a.text)
            and _TALKS_AFTER.match(sentence, a.end)
        ):
            return a, a.partner  # "India-Pakistan" read as one pair of states
    for a, b in pairwise(near):
        gap = sentence[a.end : b.start]
        if (
            gap.strip() in ("-", "–")
            and _TALKS_AFTER.match(sentence, b.end)
            and a.country != b.country
        ):
            return a, b
    return None


def _headline_pair(sentence: str, before: list[ActorMention], cs: int) -> bool:
    """ "Philippines, China hold secret talks on shoal standoff": a headline (no full stop)
    opening with two states and a comma names them as one compound subject."""
    a, b = before[-2], before[-1]
    return (
        len(before) == 2
        and not sentence.rstrip().endswith(".")
        and not sentence[cs : a.start].strip()
        and sentence[a.end : b.start] == ", "
        and a.kind in ("country", "capital")
        and b.kind in ("country", "capital")
    )


def _anaphoric_partner(
    sentence: str, c: _Candidate, source: ActorMention, drafts: list[_Draft]
) -> ActorMention | None:
    """The party an act names only by a definite noun for something told before: a rejection
    of "the call" is aimed at whoever made the call on the one rejecting it; a refusal to
    "return to the table" or a halt of "the talks" faces the partner of those talks."""
    key = _actor_key(source)
    if c.event_type == "rejection":
        if not _ANAPHORIC_ACT.match(sentence, c.end):
            return None
        for d in reversed(drafts[-5:]):
            if d.source is None or d.target is None:
                continue
            if _actor_key(d.target) == key and _actor_key(d.source) != key:
                return d.source
        return None
    if c.event_type not in _TALK_TYPES or not _ANAPHORIC_TALKS.search(
        sentence, c.start, min(len(sentence), c.end + 30)
    ):
        return None
    for d in reversed(drafts[-5:]):
        if d.event_type in _TALK_TYPES and d.target is not None and d.source is not None:
            if _actor_key(d.source) == key:
                return d.target  # "suspended talks with the ELN ... would not return to the table"
            if _actor_key(d.target) == key and d.event_type in SYMMETRIC:
                return d.source
    for d in reversed(drafts[-3:]):
        if (
            d.mentions[0].sentence == sentence
            and d.target is not None
            and d.source is not None
            and _actor_key(d.source) == key
        ):
            # "accused Chisinau of sabotaging the talks and announced it was freezing them"
            return d.target
    return None


_WITH = re.compile(r"\b(?:with|together\s+with|alongside)\b", re.I)
_WITH_PARTNER = re.compile(
    r"\bwith\s+(?:the\s+|his\s+|her\s+|its\s+|their\s+)?(?:[\w-]+\s+){0,2}$", re.I
)
_FIRM_SUBJECT = re.compile(r"\s+(?:(?:has|had|also|again|abruptly|reportedly)\s+){0,2}", re.I)
# a "with" past these belongs to another phrase ("between A and B whose ties ... with Tehran")
_NOT_OWN_WITH = re.compile(
    r"\b(?:between|whose|which|who|that|where|friendship|ties|relations)\b", re.I
)
_BILATERAL = re.compile(r"\bbilateral\b", re.I)
_HOSTED_PAIR = re.compile(r"\b(?:host|hosting|mediate|mediating|broker|brokering)\b", re.I)


def _joint(
    sentence: str, c: _Candidate, source: ActorMention | None, target: ActorMention | None
) -> bool:
    """Did source and target do a symmetric act together? PLOVER codes such an act with both
    parties as sources and no target; the dyad keeps them as source and target, marked joint."""
    if c.event_type not in SYMMETRIC or source is None or target is None:
        return False
    if source.partner is not None and target is source.partner:
        return True  # "the two sides agreed": the pair named before, together
    trigger = sentence[c.start : c.end].lower()
    if any(w in trigger for w in ("mediat", "broker")) or trigger.startswith(("host", "visit")):
        return False  # the host or mediator acts on both parties; a visit has a direction
    first, second = sorted((source, target), key=lambda a: a.start)
    paired = first.end <= second.start and _AND_GAP.fullmatch(sentence[first.end : second.start])
    if paired and (second.end <= c.start or _BETWEEN.search(sentence[: first.start])):
        return True  # "Czechia and Albania upgraded their ties", "talks between A and B"
    if target.start < c.start:
        return False
    gap = sentence[c.start : target.start]
    if _NEXT_CLAUSE.search(gap) or len(gap.split()) > 12:
        return False
    # "held talks with Romania's leaders", "has been sharing expertise with the Tigers"
    return bool(_WITH.search(gap)) or load_lexicon().reciprocal.match(trigger) is not None


_VISIT_WORD = re.compile(
    r"\b(?:visit(?:s|ed|ing)?|arriv(?:e|es|ed|ing|al)|trip|tour|travel(?:l?ed|l?ing|s)?|flew|landed)\b",
    re.I,
)


@cache
def _country_names() -> dict[str, str]:
    """ISO3 -> the country's common name: the name most of its surface forms resolve to."""
    counts: dict[str, dict[str, int]] = {}
    for a in load_actors():
        if a.kind == "country" and a.country:
            names = counts.setdefault(a.country, {})
            names[a.name] = names.get(a.name, 0) + 1
    return {iso: max(names, key=lambda n: (names[n], n)) for iso, names in counts.items()}


_TRUCE = re.compile(r"\b(?:cease-?fire|truce|armistice|halt\s+to\s+(?:the\s+)?fighting)\b", re.I)


# a truce's place or broker after it is no party to it
_TRUCE_ADJUNCT = re.compile(
    r"\b(?:in|by|near|across|along|over|on)\s+(?:the\s+)?(?:[\w'’-]+\s+){0,2}$", re.I
)


def _truce(sentence: str, c: _Candidate) -> bool:
    """A ceasefire is declared towards the other side of the fighting, not the place: PLOVER
    codes "declared a unilateral ceasefire in south Lebanon" with no target."""
    return _TRUCE.search(sentence, c.start, min(len(sentence), c.end + 40)) is not None


def _visited_state(d: _Draft, location: Location | None) -> Actor | None:
    """The state where the act took place, as its target when no party is named: a visit
    ("Saddam Hussein arrived in Amman on a visit": Jordan) in another state than the visitor's,
    when the sentence says someone travelled there, and a territorial act with no other party
    ("imposed a curfew in the town of Cizre": Turkey), as PLOVER codes both."""
    if d.target is not None or d.source is None:
        return None
    if location is None or location.basis != "stated" or not location.country:
        return None
    if d.event_type in _VISIT_TYPES:
        if d.source.country is None or location.country == d.source.country:
            return None
        if not any(_VISIT_WORD.search(m.sentence) for m in d.mentions):
            return None
    elif d.event_type not in TERRITORIAL or any(_TRUCE.search(m.sentence) for m in d.mentions):
        return None
    name = _country_names().get(location.country)
    return Actor(
        location.phrase or name or location.country, name, None, location.country, "government"
    )


def _between_pair(
    sentence: str, cs: int, pol: list[ActorMention]
) -> tuple[ActorMention, ActorMention] | None:
    """The two parties of "between A and B" in the clause starting at cs, if any."""
    for i, a in enumerate(pol[:-1]):
        b = pol[i + 1]
        if (
            a.start >= cs
            and _BETWEEN.search(sentence[cs : a.start])
            and _AND_GAP.fullmatch(sentence[a.end : b.start])
        ):
            return a, b
        if a.start >= cs and _OWN_TALKS_WITH.fullmatch(sentence, a.end, b.start):
            return a, b  # "Russia's talks with Japan", "Reagan's meeting with Gorbachev"
    return None


_OWN_TALKS_WITH = re.compile(
    r"['’]s\s+(?:[a-z-]+\s+){0,2}(?:talks|meeting|negotiations|summit|dialogue|contacts)"
    r"\s+with\s+(?:the\s+)?"
)


def _is_passive_by(sentence: str, c: _Candidate) -> bool:
    first = sentence[c.start : c.end].split()[0].lower()
    return (
        first.endswith(("ed", "en", "wn", "ght", "id"))
        and not _ADJECTIVE_COMPLEMENT.search(sentence[c.start : c.end])  # "is opposed to"
        and bool(_PASSIVE_AUX.search(sentence[max(0, c.start - 40) : c.start]))
        and re.match(r"(?:\s+[\w'’-]+){0,3}?\s+by\s", sentence[c.end : c.end + 60]) is not None
    )


def _passive_agent(sentence: str, c: _Candidate, after: list[ActorMention]) -> ActorMention | None:
    """The agent of a passive trigger ("was accused by Iran", "were expelled by Germany"):
    an auxiliary before a participle and "by" plus an actor within a few words after it."""
    first = sentence[c.start : c.end].split()[0].lower()
    if not first.endswith(("ed", "en", "wn", "ght", "id")):
        return None
    if _ADJECTIVE_COMPLEMENT.search(sentence[c.start : c.end]):
        return None  # "is opposed to any mediation by a third country": an adjective
    if not _PASSIVE_AUX.search(sentence[max(0, c.start - 40) : c.start]):
        return None
    by = re.match(r"(?:\s+[\w'’-]+){0,3}?\s+by\s+", sentence[c.end : c.end + 60])
    if by is None:
        return None
    agent = next((a for a in after if c.end + by.end() <= a.start <= c.end + by.end() + 30), None)
    if agent is not None and _LOCATIVE.search(sentence, c.end + by.end(), agent.start):
        return None  # "was criticised by reviewers in London": the agent's place, no agent
    return agent


# what an appeal to every side asks for (CAMEO 0243 appeal for de-escalation, 0244 for a ceasefire)
_APPEAL_CONTENT = re.compile(
    r"\s+(?:(?:maximum|utmost|mutual|greater|the\s+utmost)\s+)?(?:restraint|calm|de-?escalation|"
    r"an\s+(?:immediate\s+)?end\s+to\s+(?:the\s+)?(?:fighting|violence|hostilities|war)|"
    r"an?\s+(?:immediate\s+)?(?:ceasefire|cease-fire|truce))\b",
    re.I,
)


_IN_PLACE = re.compile(  # "in Sudan", "in southeastern Turkey", "throughout the north of Iraq"
    r"\b(?:in|inside|across|throughout|near|outside|of)\s+(?:the\s+)?(?:[a-z][\w-]*\s+){0,2}$"
)


def _place_state(sentence: str, c: _Candidate, actors: list[ActorMention]) -> ActorMention | None:
    """The state where a territorial act with no other party is done is its target, as PLOVER
    codes it: "imposed a curfew in the town of Cizre in southeastern Turkey" (Turkey),
    "evacuated the wounded from the besieged Bosnian town" (Bosnia). The place is named after
    the trigger, inside its clause: a state before it is the actor, not the place."""
    clause = _clause(sentence, c.start, c.end)
    ce = sentence.find(clause) + len(clause)
    for a in _political(actors):
        if not c.end <= a.start < ce:
            continue
        if a.kind in ("country", "capital") and _IN_PLACE.search(
            sentence[max(c.end, a.start - 40) : a.start]
        ):
            return a
        if a.kind == "demonym" and a.modifier and _PLACE_NOUN.match(sentence, a.end):
            return a
    return None


_PLACE_NOUN = re.compile(
    r"\s+(?:[a-z][\w-]*\s+)?(?:town|city|village|capital|province|region|territory|port|border|"
    r"areas?|districts?|camps?|streets?)\b"
)


def _domestic_party(
    sentence: str, c: _Candidate, source: ActorMention | None, actors: list[ActorMention]
) -> ActorMention | None:
    """The source's own people as the object of its act at home ("Turkish police detained
    dozens of protesters", "freed 120 political prisoners", "lifted a ban on independent
    newspapers"): CAMEO and PLOVER code the state itself as the target, in the party's sector.
    Only a state's organ acts so, only with no party of another state in its object nor another
    state named as a place, and only on people (domestic_parties.tsv), never on "prices"."""
    if source is None or source.country is None or source.sector in _NOT_GOVERNMENT:
        return None
    verb = re.match(r"[\w'’-]+", sentence[c.start : c.end])
    if verb is None or _ABROAD_VERB.match(verb.group(0)):
        return None  # "expelled three Wall Street Journal reporters": foreigners are expelled
    at = c.start + verb.end()
    m = _domestic_pattern().match(sentence, at)
    if m is None or _NOT_DOMESTIC.search(m.group(0)):
        return None
    foreign = [a for a in actors if a.country is not None and a.country != source.country]
    if any(
        m.start() <= a.start < m.end()  # "detained two Canadian citizens": their state's
        or (a.kind in ("country", "capital") and _PLACE_BEFORE.search(sentence, 0, a.start))
        for a in foreign
    ):
        return None  # "U.S. troops detained protesters in Baghdad": the people of that place
    head = m.group("party")
    start = m.start("party")
    sector = load_domestic_parties()[head.lower()]
    if sector == "media" and _OUTLET_BEFORE.search(sentence, 0, start):
        return None  # "a Wall Street Journal reporter", "BBC journalists": the outlet's own
    return ActorMention(
        start,
        start + len(head),
        head,
        head.lower(),
        source.country,
        sector,
        None,
        "group",
    )


@cache
def _domestic_pattern() -> re.Pattern[str]:
    """The verb's object up to a party word: a measure's noun ("a ban on", "its ban on",
    "travel restrictions for its"), a count ("dozens of", "120") and a few qualifiers may stand
    before it; no other preposition or clause."""
    forms = sorted(load_domestic_parties(), key=len, reverse=True)
    return re.compile(
        r"\s+(?:(?:a|the|its|their)\s+)?"
        r"(?:(?:[\w-]+\s+)?(?:ban|bans|restrictions|curbs|limits)\s+(?:on|for)\s+(?:its\s+|their\s+)?)?"
        r"(?:(?:dozens|hundreds|thousands|scores|tens|some|many|most|all|several|more"
        r"|a\s+group|a\s+number)\s+of\s+)?"
        r"(?:(?!(?:of|in|into|on|at|for|from|with|to|by|and|or|after|before|over|under|during"
        r"|who|which|that|as|near|outside|against)\b)[\w'’,.-]+\s+){0,4}?"
        rf"(?P<party>{'|'.join(re.escape(f) for f in forms)})\b(?![-'’])",
        re.I,
    )


# acts done only to another state's people: those sent out of the state
_ABROAD_VERB = re.compile(r"(?:expel|deport|extradit|repatriat)", re.I)
_OUTLET_BEFORE = re.compile(r"\b[A-Z][\w'’.-]*\s+$")  # a named outlet before its reporters
# qualifiers that make the people of no state or of another one
_NOT_DOMESTIC = re.compile(
    r"\b(?:foreign|overseas|expatriate|visiting|western|international)\b", re.I
)


def _state_firm(
    sentence: str, c: _Candidate, actors: list[ActorMention]
) -> tuple[ActorMention, ActorMention] | None:
    """A state-controlled firm named as the subject right before the act, and the other state it
    reaches named as a state after it ("Gazprom halted gas deliveries to Poland"); a firm or a
    utility as the one reached ("to the German utility Uniper") is business, no pair."""
    firm = next(
        (
            a
            for a in reversed(actors)
            if a.end <= c.start
            and a.sector == "business"
            and a.country is not None
            and a.kind == "institution"
        ),
        None,
    )
    if firm is None or not _FIRM_SUBJECT.fullmatch(sentence[firm.end : c.start]):
        return None
    state = next((a for a in actors if a.start >= c.end), None)
    if (
        state is None
        or state.kind not in ("country", "capital")
        or state.modifier
        or state.country == firm.country
        or not re.fullmatch(r"\s+(?:\w+\s+){0,2}?to\s+(?:the\s+)?", sentence[c.end : state.start])
    ):
        return None
    return firm, state


# a call for calm alone asks no government to change anything: with no addressee, no event
_CALM_ONLY = re.compile(
    r"\s+(?:calm|prayers?|patience|unity)(?:\s+and\s+(?:calm|prayers?|patience|unity))?\b"
    r"(?!\s+(?:in|on|along|across|over|between|from|by)\b)",
    re.I,
)


def _may_lack_target(c: _Candidate, sentence: str, source: ActorMention | None) -> bool:
    """Meetings need a counterpart unless several met; appeals need an addressee unless 'for'."""
    if c.event_type == "consultation":
        return source is not None and (
            source.kind == "group" or (source.text or "").endswith("s") or source.kind == "pronoun"
        )
    if c.event_type == "cooperation":
        return False  # cooperation has a partner: "continued their effort to overthrow" has none
    if c.event_type == "policy_change_call":
        trigger = sentence[c.start : c.end].lower()
        if _CALM_ONLY.match(sentence, c.end):
            return False  # "called for calm and prayer after the earthquake": no policy asked
        return (
            c.rule.id in ("call.call_for", "call.should_change", "call.recalibration")
            or trigger.endswith(("for", "that"))
            or bool(_APPEAL_CONTENT.match(sentence, c.end))  # "urged restraint": addressed to all
        )
    return True


def _direct_object(sentence: str, c: _Candidate, actors: list[ActorMention]) -> bool:
    """Does a party follow the trigger as its object ("Spain and France recognised Juan
    Guaido", "praised Haiti")? Then the act of a symmetric type is one-sided, not joint."""
    return (
        any(
            a.start >= c.end
            and not a.modifier
            and a.kind != "demonym"  # "used a discreet Swiss channel": an adjective, no party
            and _OBJECT_GAP.fullmatch(sentence[c.end : a.start])
            for a in actors
        )
        or any(
            a.start >= c.end
            and a.kind == "demonym"  # "Spain, Ireland and Norway recognised a Palestinian state"
            and _STATE_OBJECT_GAP.fullmatch(sentence[c.end : a.start])
            and _STATE_NOUN.match(sentence, a.end)
            for a in actors
        )
    )


_STATE_OBJECT_GAP = re.compile(r"\s*an?\s+(?:independent\s+|sovereign\s+)?", re.I)
_STATE_NOUN = re.compile(r"\s+state\b", re.I)


_OBJECT_GAP = re.compile(r"\s*(?:the\s+)?")


def _compound(sentence: str, a: ActorMention, b: ActorMention) -> ActorMention:
    """ "Russia and China" as one actor of the first one's country: CAMEO codes a compound
    subject by its first actor, and PLOVER lists each state as a source."""
    if _AND_GAP.fullmatch(sentence[a.end : b.start]):
        name = f"{a.name or a.text} and {b.name or b.text}"
    else:
        name = sentence[a.start : b.end]  # a list: "Mali, Burkina Faso and Niger"
    country = a.country
    return ActorMention(
        a.start, b.end, sentence[a.start : b.end], name, country, a.sector, None, "group"
    )


def _distinct(a: ActorMention, b: ActorMention) -> bool:
    if a.country and b.country:
        return a.country != b.country
    return (a.name or a.text) != (b.name or b.text)


# the kinds of actor that can be the other party of a state's own people or officials
_DOMESTIC_PARTY = frozenset({"demonym", "group", "official", "institution", "person"})


_VENUE_BEFORE = re.compile(r"\bin\s+$")
_OWN_OBJECT_PARTNER = re.compile(
    r"\s+(?:its|their|the)\s+(?:[\w-]+\s+)?(?:talks|dialogue|negotiations|contacts|relations|ties)"
    r"\s+with\s+(?:the\s+)?",
    re.I,
)
_COMMA_SUBJECT = re.compile(r"\w[^,;]*,\s+(?:the\s+)?$")
_PLACE_NAMED_TALKS = re.compile(
    r"\s+(?:peace\s+)?(?:talks|negotiations|meeting|summit|conference|process|format)\b", re.I
)
_THE_BEFORE = re.compile(r"\bthe\s+$", re.I)
_CONDITION_IN_GAP = re.compile(r"\b(?:if|unless|provided\s+that)\b", re.I)
# a gloss on the act's object after a comma: "New START, the 2010 accord that caps the forces of
# Russia and the United States" names parties of the treaty, not of the act
_APPOSITIVE = re.compile(
    r",\s+(?:the|its|their|an?)\s+(?:[\w'’-]+\s+){0,5}?"
    r"(?:accord|treaty|pact|agreement|deal|convention|initiative|arrangement)\b",
    re.I,
)
# talks named with their place: the venue of talks left, resumed or refused is no party to them
_TALKS_VENUE = re.compile(
    r"\b(?:talks|negotiations|dialogue|consultations|meetings?|summit|conference|round)\s+"
    r"(?:(?:in|at)\s+(?:the\s+)?)$",
    re.I,
)
_PAIR_SUBJECT = re.compile(r"\s(?:and|&)\s")  # "Iran and six world powers resumed talks"
_PLACE_BEFORE = re.compile(
    r"\b(?:in|at|near|outside|from|to|into|across|inside|around)\s+(?:the\s+)?$", re.I
)
_NOT_GOVERNMENT = frozenset({"opposition", "legislature", "civil_society", "media"})


def _counterpart(a: ActorMention, source: ActorMention) -> bool:
    """``a`` can be the target of ``source``'s act: another state's actor, or another actor of
    the same state (PLOVER and CAMEO code a government's acts on its own opposition, police on
    protesters, a president on a party as events within that state: "Museveni threatened to ban
    Ugandan opposition candidates"). The state itself is not: "Condé agreed to leave Guinea"."""
    if _distinct(a, source):
        return True
    if source.sector in _NOT_GOVERNMENT and a.kind in ("country", "capital") and a.country:
        # "the Tamil Tigers rejected Colombo's offer", "the Duma urged Moscow": to its
        # opposition, parliament or press the state is the government
        return a.country == source.country
    if (
        source.sector in _NOT_GOVERNMENT
        and a.kind == "person"
        and a.sector == "government"
        and a.country == source.country
    ):
        return True  # "Senate Majority Leader Harry Reid urged President Bush": the government
    return (
        a.kind in _DOMESTIC_PARTY
        and a.country is not None
        and (a.name or a.text) != (source.name or source.text)
        and a.text.lower() != source.text.lower()
    )


def _to_actor(a: ActorMention | None) -> Actor | None:
    if a is None:
        return None
    name = a.name
    if name is None and a.country:
        name = a.country
    return Actor(text=a.text, name=name, role=a.role, country=a.country, sector=a.sector)


_STATED = frozenset({"explicit", "relative"})


def _other_time(a: ResolvedDate, b: ResolvedDate) -> bool:
    """Two mentions dated by the text in different years, months or days are two facts
    however alike: "suspended its participation in 2007, and in 2015 it stopped attending
    meetings", "met Xi on Monday" and "held a long meeting with Qin on Sunday"."""
    if a.basis not in _STATED or b.basis not in _STATED or a.date is None or b.date is None:
        return False
    if a.basis == "explicit" and b.basis == "explicit" and a.date.year != b.date.year:
        return True
    if a.precision == "month" and b.precision == "month" and a.date != b.date:
        return True  # "met them last month and will visit Moscow next month"
    if a.precision == "day" and b.precision == "day" and a.date != b.date:
        return True
    # spans that cannot overlap: "suspended the talks on Tuesday" and "also halted the talks
    # in 2024"; "called on China on Thursday" and "made a similar appeal in April"
    sa, sb = _date_span(a), _date_span(b)
    return sa is not None and sb is not None and (sa[1] < sb[0] or sb[1] < sa[0])


def _date_span(d: ResolvedDate) -> tuple[dt.date, dt.date] | None:
    """The first and last day a stated date covers, by its precision."""
    day = d.date
    if day is None:
        return None
    if d.precision == "day":
        return day, day
    if d.precision == "week":  # (the calendar's last week ends on its last day)
        return day, day + dt.timedelta(days=min(6, (dt.date.max - day).days))
    if d.precision == "month":
        return day, day.replace(day=calendar.monthrange(day.year, day.month)[1])
    if d.precision == "year":
        return dt.date(day.year, 1, 1), dt.date(day.year, 12, 31)
    return None


def _better_date(a: ResolvedDate, b: ResolvedDate) -> ResolvedDate:
    ka = (_BASIS_RANK[a.basis], _PRECISION_RANK[a.precision])
    kb = (_BASIS_RANK[b.basis], _PRECISION_RANK[b.precision])
    return b if kb < ka else a


def _actor_key(a: ActorMention | None) -> str:
    if a is None:
        return ""
    return a.country or a.name or a.text


def extract_article(article: Article, ingested: dt.date) -> list[Event]:
    """All events of one article, mentions of the same fact merged, in text order."""
    return extract_text(
        article.text,
        article_id=article.article_id,
        published=article.published_at.date() if article.published_at else None,
        ingested=ingested,
    )


WARM_UP_TEXT = (
    "Russian Foreign Minister Sergei Lavrov said in Geneva on Monday that Moscow had suspended its "
    "participation in the New START treaty, and urged Washington to resume talks."
)


def load_models() -> None:
    """Build now every model the extractor loads lazily on first use (lexicons, gazetteers, the
    place index: up to seconds when its disk cache is cold), so that cost is not charged to the
    first article's CPU budget (`pipeline.boundary`)."""
    extract_text(WARM_UP_TEXT, article_id="warm-up", published=None, ingested=dt.date(2023, 3, 1))


def extract_text(
    text: str, *, article_id: str, published: dt.date | None, ingested: dt.date
) -> list[Event]:
    """Pure core of the extractor: text and dates in, events out."""
    lex = load_lexicon()
    taxonomy = load_taxonomy()
    memory = ArticleMemory(on=published or ingested)
    drafts: list[_Draft] = []
    # one pass over the whole text finds the few sentences worth analysing
    # a cheap trie pass finds candidate word starts; a rule must then match right there
    hand = [
        pos
        for pos in word_starts(lex, text)
        if confirmed(lex, text, pos) or _CONDITIONAL_REFUSAL.match(text, pos)
    ]
    low = text.lower()
    cameo = load_cameo_lexicon()
    verbs = cameo.starts(low) if len(low) == len(text) else {}
    # only verbs that code an event here, judged on the words after them, cost a sentence
    verbs = {p: f for p, f in verbs.items() if cameo.code_at(f, low[p + len(f) : p + len(f) + 160])}
    hits = sorted(set(hand) | set(verbs))
    if not hits:
        return []
    article_dates = _ArticleDates(text, published if published is not None else ingested)
    read_upto = 0  # text before this offset has been read for names (coreference)
    subjects_upto = 0  # text before this offset has been searched for subjects
    spans: list[tuple[int, int, list[int], dict[int, str]]] = []
    hand_set = set(hand)
    sentence_span = (0, 0)
    for pos in hits:
        if not spans or pos >= spans[-1][1]:
            if not sentence_span[0] <= pos < sentence_span[1]:
                sentence_span = sentence_at(text, pos)
            a, b = _bounded(text, sentence_span, pos)
            spans.append((a, b, [], {}))
        if pos in hand_set:
            spans[-1][2].append(pos - spans[-1][0])
        if pos in verbs:
            spans[-1][3][pos - spans[-1][0]] = verbs[pos]
    for s, e, starts, sent_verbs in spans:
        sentence = text[s:e]
        cands = _candidates(sentence, lex, starts, sent_verbs)
        if not cands:
            continue
        remember_names(text[read_upto:s], memory, read_upto)
        read_upto = e
        memory.clock = s
        subjects = find_subjects(sentence)
        if not subjects and memory.last_subject is None:
            # "the treaty", "talks": only then is the article's earlier subject worth a look
            # (each stretch of text is searched once: work stays linear in the article)
            earlier = find_subjects(text[subjects_upto:s])
            subjects_upto = s
            memory.last_subject = earlier[-1][2] if earlier else None
        actors = find_actors(sentence, memory)
        if subjects:  # "the Minsk agreements", "the Rome Statute": a city naming a treaty
            kept = [  # a state in one stays its party ("the Iran nuclear deal")
                a
                for a in actors
                if a.kind in ("country", "demonym")
                or not any(a0 <= a.start < a1 for a0, a1, _ in subjects)
            ]
            if any(a is memory.last_actor for a in actors if a not in kept):
                # "the Treaty on Conventional Armed Forces in Europe": its words are no party
                # a later "It also pulled out" could point back to
                _forget_last_actor(memory, kept, s)
            actors = kept
        in_sentence: dict[str, _Draft] = {}
        previous_source: ActorMention | None = None
        previous_target: ActorMention | None = None
        previous_joint = False
        for c in cands:
            source, target, reported_by = _pick_actors(sentence, c, actors, memory)
            if source is None and c.event_type in TERRITORIAL:
                source = _local_body(sentence, c, actors)
            if source is None:
                source = _quote_speaker(sentence, c, actors)
                if source is not None and target is not None and target.start == source.start:
                    target = None  # the speaker, not the one the quoted act is aimed at
            participle = _PARTICIPLE.search(sentence[: c.start]) and sentence[
                c.start : c.end
            ].split()[0].endswith("ing")
            if participle and previous_source is not None and source is not previous_source:
                # "broke off relations with Iran in 2018, accusing Tehran": the first verb's
                # subject, not the last name before the comma
                source, target = previous_source, None
            firm = _state_firm(sentence, c, actors) if c.rule.state_firm else None
            if firm is not None:
                source, target = firm  # "Gazprom cut gas supplies to Ukraine": Russia's firm
            elif reject_reason(sentence, c.start, c.end, c.event_type, source, target, actors):
                continue  # no political actor's act: business, a noun, a firm's subject
            if (
                target is not None
                and c.rule.id.startswith("cooperate.hand_over")
                and c.start <= target.start
                and target.end <= c.end
            ):
                # "handed over the suspected Islamic State militant to France": the one handed
                # over is no party; the state it goes to is
                target = next(
                    (
                        a
                        for a in actors
                        if a.start >= c.end
                        and a.country is not None
                        and _TO_BEFORE.search(sentence, c.end, a.start)
                    ),
                    None,
                )
            if (
                target is not None
                and source is not None
                and c.event_type == "consultation"
                and (call := _CALL_FROM.match(sentence, c.start)) is not None
                and target.start >= call.end()
            ):
                # "received a telephone call from Macron": the caller made the call, by phone
                source, target = target, source
                c = replace(c, end=call.end())
            if (
                target is not None
                and c.event_type == "investigation"
                and _WITH_BEFORE.search(sentence, max(0, target.start - 40), target.start)
            ):
                target = None  # "will investigate the sinking with American experts": partners
            if (
                c.event_type == "aid"
                and target is None
                and _STRICKEN_PLACE.match(sentence, c.end)
                and (source is None or source.sector not in _RELIEF_BODIES)
            ):
                continue  # "sent relief to cyclone-hit Odisha": aid at home (an agency's is not)
            if c.rule.id == "demand.must" and source is None:
                continue  # no speaker, or no subject right before "must": no demand
            source = _home_country(source, actors, target, c.event_type)
            if (
                source is not None
                and source.country
                and source.sector in _NOT_GOVERNMENT
                and target is not None
                and target.country is None
                and target.sector == "government"
            ):
                # "Rebels in Sierra Leone dismissed an appeal from President Kabbah": a
                # titled official a state's own opposition or parliament acts on is of that state
                target = _home_country(target, [source])
            if source is not None and target is not None and not _counterpart(target, source):
                target = None  # "President Alpha Condé agreed to leave Guinea": his own state
            if target is None and c.event_type in TERRITORIAL:
                # "Turkish police detained protesters": the state's own people, before its place
                target = _domestic_party(sentence, c, source, actors)
            if (
                target is not None
                and c.event_type == "retreat"
                and target.start >= c.end
                and _truce(sentence, c)
                and _TRUCE_ADJUNCT.search(sentence, c.end, target.start)
            ):
                target = None  # "announced a ceasefire in Yemen", "a truce brokered by Egypt"
            if target is None and c.event_type in TERRITORIAL and not _truce(sentence, c):
                target = _place_state(sentence, c, actors)
            passive_by = source is None and _PASSIVE_BEFORE.search(sentence[: c.start])
            if passive_by and _BY_AGENT.match(sentence[c.end : c.end + 60]):
                continue  # "... was condemned by rights groups": an agent named, no actor
            own_subject = source is None and _CLAUSE_SUBJECT.search(sentence, 0, c.start)
            if (
                previous_source is not None
                and not own_subject
                and (source is None or participle or _VERB_COORDINATION.search(sentence[: c.start]))
            ):
                if target is None or not _counterpart(target, previous_source):
                    # "expelled the French ambassador and accused Paris": the object of the
                    # second verb was judged against the first verb's object, not its subject
                    target = _object_after(sentence, c, actors, previous_source)
                    if target is None and _BILATERAL.search(sentence, c.start, c.end + 12):
                        # "downgraded ties with India and suspended bilateral trade": the same
                        # partner as the first verb's
                        target = previous_target
                    if target is None and c.event_type in SYMMETRIC and previous_joint:
                        # "met Begin at Camp David and signed a framework": a joint act with
                        # the partner of the joint act before it
                        target = previous_target
                source = previous_source  # "Modi visited Kyiv ... and held talks": same subject
            previous_source = source or previous_source
            previous_target = target if source is not None else previous_target
            previous_joint = c.event_type in SYMMETRIC and target is not None
            if (
                c.event_type == "threat"
                and source is not None
                and (target is None or not _counterpart(target, source))
            ):
                target = _provoker(sentence[c.start : c.end], source, drafts, s)
            if (
                target is not None
                and c.event_type in _TALK_TYPES
                and target.kind in ("country", "capital")
                and _TALKS_AFTER.match(sentence, target.end)
                and sentence[max(0, target.start - 1) : target.start] not in ("-", "–")
            ):
                target = None  # "pulls out of Mexico talks": where the talks sit, no partner
            if target is None and source is not None:
                target = _anaphoric_partner(sentence, c, source, drafts)
            if (
                target is None
                and source is not None
                and source.partner is not None
                and c.event_type in _TALK_TYPES
            ):
                # "The two countries suspended their consultation mechanism": each other's
                target = source.partner
            if (
                c.event_type == "consultation"
                and _ANAPHORIC.search(sentence[: c.start])
                and any(d.event_type == "backchannel_contact" for d in drafts)
            ):
                # "denied that any such meeting took place": the secret meeting again
                back = next(d for d in reversed(drafts) if d.event_type == "backchannel_contact")
                c = _Candidate(back.rule, "backchannel_contact", c.start, c.end)
                source, target = source or back.source, back.target
                if source is not None and target is not None and not _distinct(source, target):
                    target = back.source  # "North Korea denied that any meeting ...": the other
            if c.rule.private:
                pair = _hyphen_pair(sentence, c, actors)
                if pair is not None and (
                    source is None or source.country not in {a.country for a in pair}
                ):
                    # "UAE brokered secret India-Pakistan talks": the two parties, not the broker
                    source, target = pair
            subject = _subject_for(sentence, c, subjects, memory)
            modality = _modality(sentence, c, lex, actors)
            c, modality = _recode(c, modality, sentence)
            ds, de = _date_scope(sentence, c)
            tense_hint: Tense | None = "future" if modality == "future" else None
            date = None
            own_date: ResolvedDate | None = None
            if " and " in sentence[ds:de]:
                os_, oe = _own_predicate(sentence, c, ds, de)
                if (os_, oe) != (ds, de):
                    own = resolve_event_date(
                        sentence[os_:oe],
                        published,
                        ingested,
                        c.start - os_,
                        tense_hint,
                        article_dates.around(s + os_, s + oe),
                    )
                    date = own if own.phrase is not None else None
                    own_date = own
            if date is None:
                date = resolve_event_date(
                    sentence[ds:de],
                    published,
                    ingested,
                    c.start - ds,
                    tense_hint,
                    article_dates.around(s + ds, s + de),
                )
                if (
                    own_date is not None
                    and date.phrase is None
                    and date.basis == "before-publication"
                    and own_date.basis != "before-publication"
                ):
                    # "rejected the accusations and said Beijing had never supplied weapons":
                    # the other verb's past perfect is not this act's tense
                    date = own_date
            if date.basis == "publication" and _HAD.search(sentence[: c.start]):
                # "Russia had formally left the pact": before publication, date unknown
                date = ResolvedDate(None, "unknown", "before-publication", None, None, None)
            mention = Mention(
                sentence=sentence,
                sentence_start=s,
                sentence_end=e,
                trigger=sentence[c.start : c.end],
                trigger_start=s + c.start,
                trigger_end=s + c.end,
                rule_id=c.rule.id,
            )
            confidence = c.rule.confidence * (1.0 if source and source.kind != "pronoun" else 0.9)
            joint = _joint(sentence, c, source, target)
            draft = _Draft(
                c.event_type,
                c.rule,
                source,
                target,
                reported_by,
                subject,
                modality,
                date,
                confidence,
                [mention],
                joint,
            )
            same = in_sentence.get(c.event_type)
            if same is not None and not _other_time(same.date, date):
                same.mentions.append(mention)  # one fact per sentence and type
                same.source = same.source or source
                if same.target is None and target is not None:
                    same.target, same.joint = target, joint
                continue
            if target is None and not _may_lack_target(c, sentence, source):
                continue  # "visited a tank factory", "urging workers": nobody to code as target
            in_sentence[c.event_type] = draft
            _merge(drafts, draft)
        if subjects:
            memory.last_subject = subjects[-1][2]
    anchor = published or ingested
    events: list[Event] = []
    used: set[str] = set()
    for d in drafts:
        if d.source is None:
            continue  # nobody did it: not an event we can stand behind
        info = taxonomy[d.event_type]
        key = (article_id, d.event_type, _actor_key(d.source), _actor_key(d.target), d.subject)
        event_id = stable_id(*key, d.modality)
        extra = 0
        while event_id in used:
            # the same act of the same parties on another date ("met Xi on Monday ... met him
            # again on Sunday"): its date tells the two apart, the first keeps the plain id
            extra += 1
            event_id = stable_id(*key, d.modality, d.date.date, d.date.precision, extra)
        used.add(event_id)
        where = locate_event(d.mentions, d.event_type, d.source, d.target)
        # PLOVER codes an announced coercive act ("will withdraw its inspectors", "will suspend
        # talks") as the threat it is when announced; the type keeps the act and its modality
        plover = (
            "THREATEN"
            if d.modality in ("future", "conditional") and d.event_type in THREATENED
            else info.plover
        )
        events.append(
            Event(
                event_id=event_id,
                article_id=article_id,
                event_type=d.event_type,
                cameo_code=_draft_code(d) or info.cameo,
                plover_category=plover,
                plover_mode=_plover_mode(
                    d, plover, info.plover_mode if plover == info.plover else "", where.location
                ),
                goldstein=info.goldstein,
                quad_class=info.quad_class,
                source=_to_actor(d.source),
                target=_to_actor(d.target) or _visited_state(d, where.location),
                subject=d.subject,
                modality=d.modality,
                reported_by=d.reported_by,
                private=d.rule.private,
                event_date=d.date.date,
                date_precision=d.date.precision,
                date_basis=d.date.basis,
                date_phrase=d.date.phrase,
                date_anchor=anchor,
                rule_id=d.rule.id,
                confidence=round(min(d.confidence * (1 + 0.02 * (len(d.mentions) - 1)), 0.99), 3),
                extractor_version=EXTRACTOR_VERSION,
                mentions=where.mentions,
                location=where.location,
                joint=d.joint,
            )
        )
    return events


MAX_SPAN = 1200  # a "sentence" longer than this (run-on text, lists) is read in windows
_WINDOW = 600
MERGE_LOOKBACK = 64  # earlier events a mention may fold into: bounded, so work stays linear


def _bounded(text: str, span: tuple[int, int], pos: int) -> tuple[int, int]:
    """The sentence span, or for a run-on sentence the fixed window of it holding ``pos``
    (windows of about 600 characters cut at whitespace), so per-sentence work is bounded."""
    a, b = span
    if b - a <= MAX_SPAN:
        return a, b
    k = (pos - a) // _WINDOW
    while True:
        start = a if k == 0 else _space_after(text, a + k * _WINDOW, b)
        if start <= pos or k == 0:
            break
        k -= 1
    end = _space_after(text, a + (k + 1) * _WINDOW, b)
    return start, max(end, pos + 1)


def _space_after(text: str, i: int, limit: int) -> int:
    j = text.find(" ", i, min(limit, i + 80))
    return min(limit, j if j >= 0 else i)


def _code_of(rule: Rule) -> str | None:
    """The CAMEO code a generated dictionary verb coded (rule id "cameo.<code>.<lemma>")."""
    if not rule.id.startswith("cameo."):
        return None
    return rule.id.split(".")[1].rstrip("+")


def _draft_code(d: _Draft) -> str | None:
    """The code the trigger coded: a dictionary verb's, or the narrower code a hand rule names
    while its act keeps the rule's type ("will recognise" is a commitment, no 054)."""
    if d.rule.cameo is not None and d.event_type == d.rule.event_type:
        return d.rule.cameo
    return _code_of(d.rule)


def _plover_mode(d: _Draft, category: str, default: str, location: Location | None) -> str | None:
    """The PLOVER mode the text gives (pipeline/extract/modes.py): the cue words of the act
    ("imposed a curfew": curfew, "threatened to stop negotiations": relations, "phoned": phone),
    else that of the dictionary code the trigger carried, else the type's own mode."""
    code = _draft_code(d)
    row = load_cameo_plover().get(code) if code else None
    coded = row.mode.strip() if row is not None and row.mode else None
    m = d.mentions[0]
    start = m.trigger_start - m.sentence_start
    places = (
        d.source.country if d.source else None,
        d.target.country if d.target else None,
        location.country if location is not None and location.basis == "stated" else None,
    )  # a place only inferred from the actor ("actor_country") says nothing of who travelled
    found = plover_mode(
        category,
        m.sentence,
        start,
        start + len(m.trigger),
        coded,
        places,
        default=not d.rule.private,  # a back channel's means are unknown: no default visit
    )
    return found or default or None


# A second predicate of the same subject with its own time: "met Yang on Saturday and said on
# Monday that ...", "met them last month and will visit Moscow next month".
_DATE_CUT = re.compile(
    r"\s+and\s+(?:(?:later|then|also)\s+)?"
    r"(?=(?:said|says|told|announced|added|will|would|shall|plans?\s+to)\b)"
)


class _ArticleDates:
    """The article's date mentions, found once and only when a clause needs them (an anaphoric
    phrase such as "a month later" or "the day before" counts from the span last named in any
    sentence)."""

    def __init__(self, text: str, anchor: dt.date) -> None:
        self._text = text
        self._anchor = anchor
        self._mentions: list[DateMention] | None = None

    def around(self, offset: int, end: int) -> Callable[[], list[DateMention]]:
        """The mentions of the clause at ``offset:end``, in its offsets."""

        def shifted() -> list[DateMention]:
            if self._mentions is None:
                self._mentions = find_article_dates(self._text, self._anchor)
            return [
                replace(m, start=m.start - offset, end=m.end - offset)
                for m in self._mentions
                if offset <= m.start and m.end <= end
            ]

        return shifted


def _date_scope(sentence: str, c: _Candidate) -> tuple[int, int]:
    """The part of the sentence whose date phrases can date this event: its own clause, cut at
    coordinated clauses (", and Lavrov urged ... on Thursday") and at subordinate ones
    (", a year after Trump pulled out ... in May 2018")."""
    start, end = 0, len(sentence)
    for m in _CLAUSE_CUT.finditer(sentence):
        if m.end() <= c.start:
            start = m.end()
        elif m.start() >= c.end:
            end = m.start()
            break
    return start, end


def _own_predicate(sentence: str, c: _Candidate, start: int, end: int) -> tuple[int, int]:
    """The part of the clause that is the trigger's own predicate, cut at a second predicate of
    the same subject; a predicate without a date of its own shares the other's ("demanded on
    Monday ... and announced sanctions"), so the caller falls back to the whole clause."""
    for m in _DATE_CUT.finditer(sentence, start, end):
        if m.end() <= c.start:
            start = m.end()
        elif m.start() >= c.end:
            end = m.start()
            break
    return start, end


def _forget_last_actor(memory: ArticleMemory, kept: list[ActorMention], offset: int) -> None:
    """The last party named is the last one outside the treaty's name, if any."""
    parties = [a for a in kept if a.kind != "pronoun" and a.political and not a.modifier]
    memory.last_actor = parties[-1] if parties else None
    if parties:
        memory.last_actor_at = offset + parties[-1].start


def _subject_for(
    sentence: str, c: _Candidate, subjects: list[tuple[int, int, str]], memory: ArticleMemory
) -> str | None:
    if subjects:
        after = [s for s in subjects if s[0] >= c.end]
        if after and after[0][0] - c.end < 120:
            return after[0][2]
        return min(subjects, key=lambda s: abs(s[0] - c.start))[2]
    clause = _clause(sentence, c.start, c.end)
    if memory.last_subject and _GENERIC_SUBJECT.search(clause):
        return memory.last_subject
    return None


def _swapped(d: _Draft, new: _Draft) -> bool:
    """A joint act told once as "Israel and Syria resumed" and again as "the two countries
    resumed" names the same two parties the other way round (only a pair phrase, or a denial
    repeated in a quote: "Pakistan had sent out feelers to New Delhi" after "India-Pakistan
    talks" is an act of its own)."""
    return (
        new.event_type in SYMMETRIC
        and new.source is not None
        and (new.source.partner is not None or new.modality == "negated")
        and d.target is not None
        and new.target is not None
        and _actor_key(d.source) == _actor_key(new.target)
        and _actor_key(d.target) == _actor_key(new.source)
    )


def _merge(drafts: list[_Draft], new: _Draft) -> None:
    """Fold a mention into an earlier event of the same fact, or start a new event."""
    for d in reversed(drafts[-MERGE_LOOKBACK:]):
        if d.event_type != new.event_type:
            continue
        same = (
            new.source is None
            or d.source is None
            or (
                (
                    (
                        _actor_key(d.source) == _actor_key(new.source)
                        and (
                            not d.target
                            or not new.target
                            or _actor_key(d.target) == _actor_key(new.target)
                        )
                    )
                    or _swapped(d, new)
                )
                and d.modality == new.modality
                and (d.subject is None or new.subject is None or d.subject == new.subject)
            )
        )
        if not same or _other_time(d.date, new.date):
            continue
        d.mentions.append(new.mentions[0])
        if new.source is not None and (
            d.source is None
            or _KIND_RANK.get(new.source.kind, 9) < _KIND_RANK.get(d.source.kind, 9)
        ):
            d.source = replace(new.source)
        if d.target is None and new.target is not None:
            d.target, d.joint = new.target, new.joint
        d.subject = d.subject or new.subject
        d.reported_by = d.reported_by or new.reported_by
        d.date = _better_date(d.date, new.date)
        d.confidence = max(d.confidence, new.confidence)
        return
    if new.source is None:
        return  # an orphan mention with no earlier event to support
    drafts.append(new)
