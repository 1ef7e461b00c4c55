"""Constructions that carry a diplomatic act in wording the verb lexicon alone misses: a light
verb with an event noun ("issued a stern warning to"), one wire sentence a case.

cases/constructions.jsonl was written for these rules (none of its sentences comes from a
gold-standard corpus): for each construction, positives in several wordings and counter-examples
that use the same words outside diplomacy (weather warnings, business offers, sport), which must
yield no event. Same format and checks as cases/clauses.jsonl.

The rows "wire-*" cover suspensions, calls for policy change, back-channel contacts and their
neighbours in passive, agentless and nominal wordings. First runs, before any change for them:
the first 99 sentences as written 80 right (positives 49 of 67, counter-examples 31 of 32); two
were reworded (a bare "Congo" is ambiguous, an unnamed "rights group" is no actor) and three
added, 83 of 102. The 32 sentences of the second batch, written after the changes and scored
once, were 31 right with them (22 without); the miss ("Pope Francis appealed to Russia": the
Holy See is no actor yet) is left out. A third batch of 34, written after that, was 28 right on
first run (positives 19 of 25, counter-examples 9 of 9); after the fixes it prompted (an
adjective before "intermediaries", "closed-door") 31; its three misses
(an agentless "sanctions were imposed on", "the Commonwealth", "Brussels" as the EU) are left
out, and three counter-examples for the new cues were added. A fourth batch of 20 was 14 right
on first run; one expectation was wrong ("Israel must stop building settlements, the minister
said" is a call for a policy change by the project's rule), the fixes (a dictionary verb as the
light verb of a back-channel cue, a passive's subject as the object a hand suspension needs,
"broker" as a contact, a dictionary verb as the light verb of a hand noun of its PLOVER
category: "issued an appeal to X to") made it 18; "told X to" is left out.

The rows "breadth-*" widen the weaker PLOVER categories with CAMEO.2.0 verb families (seizing
ships and property, closing the press, easing a blockade, freeing or repatriating persons,
acceding to demands, handing over suspects, exercises, stopping energy supplies, relief teams,
commissions of inquiry, "brushed aside", "cautioned X against", "warned of a response"). They
come from a batch of 159 wire sentences written for twelve categories before any change: 111
right on first run (source, target and modality included), 141 after the changes. Its misses
that are left: actor resolution ("Blinken met", "Officials from Sudan and South Sudan"), a
lifted import ban coded as a concession, a handed-over body with no recipient named, "examined
the wreckage", "inspected the plant", deposits and salaries paid as aid, "stepped up
cooperation" coded as support, "would never recognise" as a negated support. A second batch
of 112 such sentences, written after those changes, was 76 right on first run (75 without
them) and 87 after the fixes it prompted ("breadth2-*": "began an investigation", "blasted",
"denied Japan's claims", "requested an extension", "bowed to the protesters", "dispatched",
apps and internet services, "will host a summit", a lifted trade ban, "banned women from").
Its misses that are left: targets (an extradition's receiving state, "accused Washington of
meddling in Hong Kong"), nominal and participial accusations, "arrived in Tehran" without a
purpose, an aid announcement (a firm can be its recipient), "gave Vietnam six vessels".
A third batch of 50 in varied syntax (passives, nominal forms, "said it would", opening
participle clauses, headlines, 1990s copy) was 33 right on first run and 37 after the fixes
it prompted ("breadth3-*": an opening participle clause as the act of the main subject, a
passive curfew and passive aid with their agents, "a threat by Ankara to", "would respond
... with military measures"); nominal subjects before a copula ("Iran's rejection of the
proposal was a setback") and "the arrest of the reporter by Russia" are left. A probe of 74
one-line sentences, one or two per CAMEO.2.0 synonym of the weaker categories, was 36 right
before the fourth round and 57 after it ("breadth4-*": dictionary synonyms coded bare, "probed"
with its noun filtered, backtracking on a bill or a price, balking, snubbing, ignoring calls,
menacing, dissolving a party, sentencing a foreign national, scaling back ties, exchanging
intelligence, a returned seized ship, fuel let in, peacekeepers); left: "looked into",
"examined", "inspected", raids, executions, "trained soldiers", "dined together". A fifth
batch of 56 wire sentences, written after all that, was 41 right on first run (39 on the code
before any of these changes) and 48 after its fixes ("breadth5-*": drones as military aid, "made
a visit to", eased restrictions on remittances, inspectors barred, a mission or troops ordered
out, frozen tax revenues, an extradition's receiving state as its target). A sixth batch of
48, written last, was 39 right on first run (34 on the code before these changes) and 40 after
"breadth6-*" (a past verb after "the" and a name, "shut down the internet").

The rows "wire6*" are six batches of wire copy (AP, Reuters, AFP, Xinhua style, 1979-2024, many
states; openers of time and place, reported speech, quotes, passives, headlines, coordination,
negation) across the diplomatic PLOVER categories, one counter-example per two positives, each
scored once on first run for category, source, target and modality together. Batch 1 (167 positives,
85 counter-examples): 206 of 252 right as first written (positives 122 of 167); 16 expectations
broke the conventions (a territorial act's state, a nationality qualifying the object, an announced
withdrawal as THREATEN) and with them fixed 221; 238 after its fixes ("wire6-*", "wire6b-*",
"wire6fix-*"). Batch 2 (40 and 20), written after those: 49 of 60 (with seven expectations fixed:
56), 58 after ("wire6c-*"). Batch 3 (44 and 22): 54 of 66 (59), 63 after ("wire6d-*"). Batch 4 (30
and 15, harder syntax): 32 of 45 (37), 43 after ("wire6e-*", "wire6fix3-*"). Batch 5 (40 and 20),
written last: 43 of 60 (53; positives 23 of 40, 33 with the expectations fixed), 56 after
("wire6f-*", "wire6fix4-*"). Batch 6 (20 and 10), written after all of these: 26 of 30 (28 with two
expectations fixed), 29 after "arrived in" as a visit ("wire6g-*", "wire6fix6-*"). Left: elided
coordination ("North and South Korean officials"), an unknown surname alone ("Fabius will travel"),
"Lebanon's caretaker prime minister", a bare "Congo", a compound subject of a one-sided act (no
country: "Saudi Arabia and the UAE called on"), "Iraq must ..., X said" without quotes, a pledge to
rebuild a port, "Japan's chief cabinet secretary", a headline's "N. Korea", "will respond to",
"Russian investigators", "praised ... during a visit" (the dictionary's object pattern), executions.

The rows "wire7gap-*" were written for those left-overs before any rule for them: 27 of 39 right
(positives 13 of 24, counter-examples 14 of 15); 35 after the changes (a demand reported without
quotes, "X must ..., the minister said"; no object pattern reaching into a "during" adjunct, and
"during a visit to" as the subject's visit; hosting that needs a meeting, a leader, a delegation or
a name; a participle after a comma restating the act before it adds no event), 36 after a last one
("praised Pakistan's support for Beijing": a noun another party owns is the praise's object, not the
act its light verb names; "wire7fix-*"). Left: compound subjects of a one-sided act ("Saudi Arabia
and the UAE called on Qatar"): one event per state would give PLOVER's two sources, but the hand
gold (four rows) and the seed articles (two) code such a subject as one actor with no country, and
the split lowered both (seeds F1 0.907 to 0.897), so the convention stays. The rows "wire7-*" are a
seventh fresh batch (27 positives, 13 counter-examples) written after those changes and scored once:
35 of 40 right, as on the code before them (36 with one expectation fixed: an offer to mediate is a
proposal); left: "recalled its ambassador to Spain" (the target after "to"), a quoted refusal ("We
will not accept any interference"), "the Congolese government" (either Congo), "France and Germany
urged Russia" (the compound subject above). An eighth batch of 21 (14 positives, 7
counter-examples), written last, was 19 right on first run (20 with an expectation fixed: "demanded
that" is a call for a policy change); its one miss ("sanctions ... to pressure Maduro to step down"
gave a resignation) is fixed ("wire8fix-*": an act after a verb of pressing its object is wanted,
not done; "forced ... to step down" says it was done).
The rows "w8-left-*" were written for the left-overs of the seventh round before any rule for
them: 22 of 39 right on first run (positives 13 of 30, counter-examples 9 of 9); one expectation
broke the conventions ("will join the EU" is a commitment, as every promised type announced for
the future). After the changes (trade curbs and duties imposed "on" a state, a passive sanction
with the state after "on", stopped arms export permits, joining an alliance or organisation,
applying for membership, "encouraged X to", a reaction drawn "from" a party, "will never accept
these terms") 38 of 39, with six more counter-examples for the new cues; left: "summoning its
ambassador" after a demand (whose envoy "its" names is not resolved). The rows "w8-b1-*" are a
fresh batch of 60 (40 positives across the fourteen diplomatic PLOVER categories, 20
counter-examples), written after those changes and scored once: 55 of 60 right on first run
(positives 35 of 40, counter-examples 20 of 20); 60 after its fixes ("asked the United Nations for
food aid" is a demand, not a call; a ban on political gatherings eased; the World Food Programme
as a body, not a programme; aid "to 1.2 million people in Yemen" reaches Yemen; the object of a
second verb inside its trigger, "and ordered the French ambassador to leave"; an inquiry into a
Russian ship targets Russia). "Haiti's government asked the United States for military
assistance" (wire6-045) is now a demand, as the conventions code asking for a thing, and
"airlifted tents ... to earthquake victims in northern Pakistan" (wire6-130) targets Pakistan.
Six of those sentences turned out to repeat stock sentences of other case files nearly word for
word (one, the joint naval exercises, is a hand gold row); all six were right on first run, so the
first-run rates without them are 21 of 38 (left-overs) and 50 of 55 (batch). They were replaced by
six fresh ones, 6 of 6 on first run. The rows "w8-b2-*", a last fresh batch of 30 (20 positives,
10 counter-examples: headlines, passives with a far agent, negation, conditionals, quoted
demands, coordinated acts, participle reactions), were 21 right on first run (positives 12 of 20,
counter-examples 9 of 10); four expectations broke the conventions (a conditional sanction is a
threat, a quoted "must" a demand, a ceasefire's place is no target, aid announced for the future
a commitment), 25 with them fixed; 29 after the fixes ("met Begin ... and signed a framework": a
joint act takes the partner of the joint act before it; ", signing a pact" and ", summoning" are
acts of their own after a container; a reaction "from Seoul and Washington" is a compound; an
orchestra named after its city is no state). Left: "Chinese regulators" as an actor. A further
fresh batch of 30 ("w8-b3-*", 20 and 10), written after all of these, was 21 right on first run
(positives 11 of 20, counter-examples 10 of 10); three expectations were wrong (a compound subject
of a one-sided act was then coded with no country, now with its first state; Hamas is of the
Palestinian territories; an appeal to two states targets the first), 24 with them fixed, 28
after the fixes it prompted ("Moon Jae-in offered": a
hyphenated name's end is no article; "as order returned" is a clause of its own, not a commercial
order; suspects "in the Westgate mall attack" handed over to Somalia; "returned a seized tanker").
Left: "said Armenian forces had shelled the town" (a reported attack: coding it as an accusation
risks false events on PLOVER ASSAULT sentences), "during a visit by President Barack Obama to New
Delhi" after another act. A fourth fresh batch ("w8-b4-*", 20 and 10) aimed at the categories
with the weakest PLOVER recall (ACCUSE, COERCE, REJECT, REQUEST, THREATEN) was 23 right on first
run (positives 14 of 20, counter-examples 9 of 10); two expectations were wrong (Kashmir is a
disputed region and names no state; the Red Cross is an international organisation as PLOVER
codes it, so its appeal is a request), 25 with them fixed, 27 after the fixes ("appealed for
international help" is a request for a thing; "gave Bosnian Serb forces 10 days to ... or face
air strikes" is an ultimatum). Left: "was criticised by 22 countries" (an agent the gazetteer
does not know), a plant "owned by the U.S. company" seized (a firm's asset), "Kurdish militias in
northern Syria" as the threat's target. A last fresh batch of 20 ("w8-b5-*", 14 and 6), written
after everything above, was 18 right on first run (positives 12 of 14, counter-examples 6 of 6);
20 after "accepted an invitation ... to visit" (a commitment to meet), "would not cooperate with a
U.N. inquiry" (a refusal) and ", calling it biased" (a pronoun inside the trigger names no object).
The rows "w8-visitby-*" were written with the rule for a visit named with its visitor after "by"
("during a visit by Turkish President Erdogan to Athens": Turkey's visit to Greece, an act of its
own after a commitment) and for "praised India during a visit to New Delhi" (the visit is the
subject's); with them w8-b3-p15 is right too. A final fresh batch ("w8-b6-*", 14 and 6), written
last, was 17 right on first run (positives 11 of 14, counter-examples 6 of 6) and 19 after
"passed intelligence ... to Russia" (sharing intelligence) and a subordinate clause with a subject
of its own ("eased sanctions on Venezuela ... after the government agreed to hold an election":
the agreement is not the United States'; unnamed, it is left out). Its first six words repeat
wire6-134, yet its miss was new. Left: "sent 400 police officers to Haiti to lead a security
mission" (police as a security mission).

The rows "w9-*" are 143 wire sentences (96 positives, 47 counter-examples) on suspensions, calls
for policy change, back-channel contacts and their neighbours in varied syntax ("put on hold",
"postponed indefinitely", "walked out of", "would not return to the table until", "ready to
resume if", "via Oman", "exchanged messages", "denied reports of"), checked for type, source,
target, modality, subject and date precision, written before any change for them. First run:
124 of 143 right (positives 78 of 96, counter-examples 46 of 47; per field type 85/96, source
85/86, target 79/86, modality 84/86, subject 9/9, precision 27/27); 126 with three expectations
fixed that broke the conventions (a trailing "blaming" is an accusation, a mediator's "between A
and B" names the target, a state in a treaty's name stays its party); two more were aligned with
the gold later (a brokered secret contact is the two parties', a readiness takes no target from
its condition). 140 after the fixes (a talks noun after a long object or a long "between" pair,
"to freeze" as a verb, conditional suspensions, hotlines, "ruled out ... as long as", exchanged
messages, denied reports, a call for calm alone, the venue of talks). Left: "inter-Korean talks"
(no target), "the paramilitaries" and "Arab foreign ministers" (no actor). The rows "w9b-*" are
a fresh batch of 40 (27 positives, 13 counter-examples) written after those fixes and scored
once: 35 right (34 on the code before them; positives 22 of 27, counter-examples 13 of 13), 36
with one expectation fixed (pulling out of the grain deal is a withdrawal), 39 after its fixes
(a place naming the talks, a domestic partner of the act's own object, a warning's trailing
speaker verb); left: "the military agreement with Pyongyang" ("military" read as a party).
The rows "w9fix-*" pin the fixes the seed articles' misses prompted ("might expel ... if" is a
hypothetical expulsion, a headline's next clause and a gloss on the treaty give no target, an
insistence that states a fact, "offered no timetable"). A third fresh batch of 30 ("w9c-*", 20
positives, 10 counter-examples), written after all of these and scored once, was 25 right (23 on
the code before any w9 change) and 27 after "walked out of the summit" and "passed messages
between"; left: "talks with ethnic armed groups" (read as a commercial object), "secretly met
ANC leaders in Switzerland" (the venue of a meeting as the visited state), "withdrew from the G5
Sahel force" (read as a pull-back of troops).

The rows "f10-s*" and "f10-c*" are 90 wire sentences (60 positives, 30 counter-examples) on the
three flagship types in uncommon syntax (nominal calls "a call by Britain for Iran to", "Japan's
appeal to China to", "Egypt's push for Hamas to"; "put out feelers", "sounded out", "Track II",
"emissaries", "through Swiss intermediaries"; "It is time for Moscow to"; denied reports),
written before any change for them and scored once: 65 of 90 right (positives 35 of 60,
counter-examples 30 of 30); 67 with two expectations fixed by the conventions (messages passed
between two parties are theirs, "was prepared to" is the future); 79 after the fixes (nominal
calls with their maker after "by" or as a possessive, "wants X to stop", "it is time for X to",
feelers and soundings, a suspension "by" its maker, an offer to act as a go-between, "called for
X to stop its dangerous ..." no charge, a report dismissed as false). Left out: an overture
through mediators, an elided compound subject of a secret meeting ("Colombian government envoys
and FARC commanders"), "Track II talks between former Indian and Pakistani officials" (no
subject), "freeze defence contracts" (contracts are no diplomatic object), "There is no question
of suspending" and "No secret talks are taking place with Hamas" (a trailing speaker for an act
with no subject), a resumption also told by its back channel ("resumed indirect talks ...
through Omani mediators"), "then resumed them in Baghdad" (the venue as target), "is said to be
exploring", "keep its military channels ... closed until", "sent a secret envoy to Baghdad" (no
target). Two sentences written for the batch repeated stock sentences of this file word for
word (a pull-out of the grain deal, a museum resuming tours; both right on first run) and are
not kept. The rows "f10-fix-*" pin the fixes the f10 articles prompted (cases/
flagship_articles.jsonl, tests/extract/test_flagship_articles.py), with "f10-fixc-*" as their
counter-examples. A second fresh batch of 30 ("f10b-*", 20 positives, 10 counter-examples),
written after those fixes and scored once, was 27 right on first run (26 on the code before any
f10 change; positives 17 of 20, counter-examples 10 of 10) and 28 after "secretly approached";
left: "Oman quietly hosted U.S. and Iranian negotiators" (elided coordination), "Mali's decision
to end the 2015 Algiers peace agreement" (ending an agreement read as no act).
The rows "e11-*" widen the cooperative PLOVER categories (AGREE, CONSULT, SUPPORT, CONCEDE,
COOPERATE, AID, RETREAT, INVESTIGATE), each row with its type, PLOVER category, source, target and
modality (and the mode or the CAMEO family where the text decides them). Batch 1 ("e11-b1-*", 126
positives, 64 counter-examples: business deals, transfers, aid at home, firms' cooperation), written
before any rule for it, was 144 of 190 right on first run (positives 81 of 126, counter-examples 63
of 64); nine expectations broke the conventions (a deported suspect is a coercion, "will cooperate"
and "will deliver" are commitments, a mediator's "between A and B" names the target, Hong Kong is a
target of its own, a police inquiry into a crime is PLOVER INVESTIGATE, a safety board's inquiry
is technical, an inquiry's place is no target, a returned body's mode is open): 151 with them fixed
(as on the code before these changes), 175 after the fixes (an announced ceasefire, "set up an
inquiry into", "let aid convoys into", "recognised the state of", one joint drill, "worked with
their counterparts", doctors sent abroad, loans "for" a state, central bank deposits, aid announced
for a state, returned remains, pardons, "unbanned", a party as a domestic object, "welcomed X's
decision to", investigators as an actor, "examining whether", a conceded election, a people "in" a
state as aid's recipient). Four of its rows repeated stock sentences of other case files nearly
word for word (all right on first run: without them 140 of 186) and were replaced by fresh ones,
4 of 4 on first run ("p021r", "p071r", "p101r", "c008r"). Batch 2 ("e11-b2-*", 60 positives, 30
counter-examples), written after those fixes and scored once, was 71 of 90 right on first run
(positives 42 of 60, counter-examples 29 of 30; 68 on the code before any of these changes; one
row repeated wire6d-027, without it 70 of 89, its fresh replacement "p024r" right) and 83 after
its fixes ("stood by", an arms embargo lifted "on" a state, other states' people returned, a
handed-over militant's recipient, relief to a stricken place at home, "gave Egypt $1.3 billion", a
ban or travel restrictions "for its citizens" on the state's own people, a list recognising "a
Palestinian state"). Batch 3 ("e11-b3-*", 30 positives, 15 counter-examples), written after all
of these and scored once, was 37 of 45 right on first run (positives 22 of 30, counter-examples 15
of 15; 32 on the code before these changes) and 42 after its fixes ("agreed on a border deal" is
the agreement, "freed Australian economist Sean Turnell", a price rise scrapped after protests,
"for the reconstruction of Iraq" names the recipient, "received a telephone call from Macron" is
France's call), with three counter-examples for those cues. Batch 4 ("e11-b4-*", 20 positives, 10
counter-examples in harder syntax: passives, nominal acts as subjects, headlines, reported speech),
written last and scored once, was 21 of 30 right on first run (positives 11 of 20, counter-examples
10 of 10; one counter-example repeated a stock sentence and was replaced, "c004r") and 23 after
vaccine doses sent abroad, export curbs lifted "on" a state and "said on Friday it would send" read
as reported future (a commitment, as "said it would send"). The misses left are marked open with
their reason.
The rows "e10-b1-*" are a batch of 161 wire sentences (121 positives, about twenty each for
ACCUSE, COERCE, REJECT, REQUEST, THREATEN and SANCTION in active, passive, nominal, headline,
quoted and coordinated wording, and 40 counter-examples), written before any change for them and
checked for type, source, target and modality: 131 right on first run (positives 91 of 121,
counter-examples 40 of 40); six expectations broke the conventions (an expelled journalist is
deported, not an envoy; a trailing ", calling it" and a subordinate clause with a named subject are
acts of their own; a curfew "in the capital" has no target) and with them fixed 136; 157 after the
fixes (docs/CONVENTIONS.md, "Conflictual wording"), 158 once martial law "in six townships of
Yangon" was aligned with the other case files' rule that a domestic act with no known place has
no target (a target at home for emergency rule with no place, tried in between, was dropped:
four rows of other case files code none). "e10-b1-d*" are 21 more counter-examples for
the new cues. The rows "e10-b2-*" are a fresh batch of 80 (60 positives, ten a category, and 20
counter-examples) written after those fixes and scored once: 67 right on first run (positives 49
of 60, counter-examples 18 of 20); three expectations broke the conventions (a call for troops to
be expelled is a call for a policy change, a halt to trade an embargo, a vetoed resolution's
subject may be its target), 70 with them fixed; 77 after its fixes ("by Israeli police" as the
agent condemned, "gave Pakistan a stern warning", "stripped ... of their citizenship", "requested
the deployment of", "sought assurances from", a private person's nationality after "by", a
player's position as sport); "e10-b2-d*" are 14 counter-examples for the new cues. A third fresh
batch ("e10-b3-*", 20 and 10, harder syntax: quotes, openers, headlines, compound subjects),
written after all of these, was 26 right on first run (positives 16 of 20, counter-examples 10 of
10); one expectation was wrong (a release with no agent named has no source: no event), 27 with
it fixed, 28 after ", accusing Washington" after a reported clause as the speaker's act. Rows
marked "open" state what is left and are skipped.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.extract.casefiles import check_case, load_cases

CASES = load_cases("constructions.jsonl")


@pytest.mark.parametrize(
    "case",
    [
        pytest.param(
            c, marks=[pytest.mark.xfail(reason=c["open"], strict=True)] if "open" in c else []
        )
        for c in CASES
    ],
    ids=lambda c: c["id"],
)
def test_construction(case: dict[str, Any]) -> None:
    if "open" in case:
        pytest.skip(case["open"])
    check_case(case)


def test_one_counter_example_per_two_positives() -> None:
    cases = CASES
    ids = [c["id"] for c in cases]
    assert len(ids) == len(set(ids)) and all(c.get("rule") for c in cases)
    assert 2 * sum(1 for c in cases if not c["events"]) >= sum(1 for c in cases if c["events"])
