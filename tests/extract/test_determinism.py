"""Extraction is a pure function of its input: the same events in any process, whatever the hash
seed that orders Python's sets (a tie broken by set order once made reruns differ)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PROGRAM = """
import datetime as dt, hashlib, json
from pipeline.extract.engine import extract_text
digest = hashlib.sha256()
for name in ("plover_dev.jsonl", "gold.jsonl"):
    for line in open(f"tests/extract/cases/{name}", encoding="utf-8"):
        text = json.loads(line).get("text")
        if text:
            day = dt.date(2023, 3, 1)
            events = extract_text(text, article_id="a", published=day, ingested=day)
            digest.update(repr(events).encode())
print(digest.hexdigest())
"""


def _digest(seed: str) -> str:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    done = subprocess.run(
        [sys.executable, "-c", PROGRAM], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout.strip()


def test_events_do_not_depend_on_the_hash_seed() -> None:
    assert _digest("1") == _digest("2024")
