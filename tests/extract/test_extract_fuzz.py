"""The extractor fuzz: 20,000 seeded hostile inputs (tests/extract/fuzzing.py), no exception and no
mention whose offsets miss its text (issue 13, point 9). ``make fuzz`` runs a million and reports
the worst CPU time per 10,000 characters; speed is measured there, not asserted here."""

from __future__ import annotations

from collections import Counter

import pytest

from tests.extract.fuzzing import KINDS, case, cases, describe, run, warm

SEED = 20261129
CI_CASES = 20_000
CI_MAX_CHARS = 1_000  # three in a hundred up to 10,000; make fuzz goes to 300,000


@pytest.mark.slow
def test_twenty_thousand_generated_inputs_raise_nothing() -> None:
    warm()
    failures = []
    kinds: Counter[str] = Counter()
    for fuzz in cases(SEED, CI_CASES, max_chars=CI_MAX_CHARS):
        kinds[fuzz.kind] += 1
        outcome = run(fuzz)
        if outcome.failure:
            failures.append(describe(outcome, SEED))
    assert kinds == dict.fromkeys(KINDS, CI_CASES // len(KINDS))
    assert failures == [], f"{len(failures)} failures, first: " + "\n".join(failures[:10])


def test_cases_are_reproducible_from_their_number() -> None:
    again = [case(SEED, i) for i in (0, 7, 19_999)]
    assert again == [c for c in cases(SEED, 20_000) if c.index in (0, 7, 19_999)]
    years = {c.published.year for c in cases(SEED, 2_000) if c.published}
    assert min(years) == 1 and max(years) == 9999  # both ends of the calendar are covered
