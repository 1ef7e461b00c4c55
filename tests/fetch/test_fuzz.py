"""The fetch fuzz test (issue 13): 10,300 seeded cases - mutated feeds, URL lists, robots.txt
files, URLs, pages, headers and local files driven through the parsing paths, and mutated
responses from a real server on 127.0.0.1 - every one ends as an article or a recorded failure,
and no exception escapes. ``make fuzz-fetch`` runs a larger batch."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from tests.fetch.fuzz import KINDS, fuzz

DIRECT = 10_000
SERVED = 300


@pytest.fixture(autouse=True)
def private_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COMMUNIQUE_DATA_DIR", str(tmp_path / "env-data"))


def test_ten_thousand_mutated_inputs_end_as_articles_or_recorded_failures(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.CRITICAL)
    outcome = fuzz(DIRECT, SERVED, seed=13, tmp=tmp_path)
    assert sum(outcome.cases.values()) == DIRECT + SERVED
    assert set(outcome.cases) == {*KINDS, "served"}
    # both endings happen: the generator is neither too tame nor too wild
    assert outcome.ended["article"] > 1000
    assert outcome.ended["recorded failure"] > 1000
    assert len(outcome.error_classes) >= 8
