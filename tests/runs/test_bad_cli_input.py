"""Bad input at the command line gets one clear line and a non-zero exit, never a traceback
(issue 13, point 8). Every case runs the real ``communique`` command in its own process."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.runs.conftest import run, seeded

CASES: list[dict[str, Any]] = json.loads(
    (Path(__file__).parent / "cases" / "bad_cli_inputs.json").read_text()
)


@pytest.fixture(scope="module")
def seeded_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("badinput")
    seeded(root)
    (root / "bad.toml").write_text("[[source]\nname = ")
    return root


@pytest.mark.slow
@pytest.mark.parametrize("case", CASES, ids=[" ".join(c["args"])[:40] for c in CASES])
def test_bad_input_gets_one_clear_line(seeded_root: Path, case: dict[str, Any]) -> None:
    args = [a.replace("{root}", str(seeded_root)) for a in case["args"]]
    done = run(seeded_root, *args, timeout=120)
    assert done.returncode == case["rc"], done.stderr[-2000:]
    assert "Traceback" not in done.stderr and "Traceback" not in done.stdout
    if case["rc"] == 0:
        return
    says = case["says"].replace("{root}", str(seeded_root))
    if case["rc"] == 2 and ("Invalid value" in says or "requires an argument" in says):
        assert says in done.stderr  # click's usage message
    else:
        last = done.stderr.strip().splitlines()[-1]
        assert says in last, done.stderr[-2000:]
    if case.get("lists_event_types"):
        from pipeline.extract.gazetteer import load_taxonomy

        assert all(kind in done.stderr for kind in load_taxonomy())
    if "creates_no" in case:
        assert not (seeded_root / case["creates_no"]).exists()
