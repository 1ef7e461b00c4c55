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
# the 20,000 cases in slices that parallel test workers share out (every case still runs)
SLICES = 8
SLICE = CI_CASES // SLICES


@pytest.mark.slow
@pytest.mark.parametrize("start", range(0, CI_CASES, SLICE), ids=lambda s: f"cases{s}")
def test_twenty_thousand_generated_inputs_raise_nothing(start: int) -> None:
    warm()
    failures = []
    kinds: Counter[str] = Counter()
    for fuzz in cases(SEED, SLICE, start=start, max_chars=CI_MAX_CHARS):
        kinds[fuzz.kind] += 1
        outcome = run(fuzz)
        if outcome.failure:
            failures.append(describe(outcome, SEED))
    assert kinds == dict.fromkeys(KINDS, SLICE // len(KINDS))
    assert failures == [], f"{len(failures)} failures, first: " + "\n".join(failures[:10])


def test_the_slices_cover_the_twenty_thousand_cases() -> None:
    assert SLICE * SLICES == CI_CASES and SLICE % len(KINDS) == 0


def test_cases_are_reproducible_from_their_number() -> None:
    again = [case(SEED, i) for i in (0, 7, 19_999)]
    assert again == [c for c in cases(SEED, 20_000) if c.index in (0, 7, 19_999)]
    years = {c.published.year for c in cases(SEED, 2_000) if c.published}
    assert min(years) == 1 and max(years) == 9999  # both ends of the calendar are covered
