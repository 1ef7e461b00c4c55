"""The README cannot rot: each of its fenced ``bash`` commands runs, verbatim, against the demo
data that ``make demo`` (its first command) builds once per session, in a shell where the
README's ``source .venv/bin/activate`` has run. Commands that cannot run inside the suite are
listed with their reason in ``cases/readme.toml``, beside the text some outputs must contain."""

from __future__ import annotations

import os
import re
import subprocess
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.docs.readme import Command, commands

README = ROOT / "README.md"
CASES = tomllib.loads((Path(__file__).parent / "cases" / "readme.toml").read_text())
COMMANDS = commands(README)
TIMEOUT = 600


@dataclass(frozen=True, slots=True)
class Ran:
    returncode: int
    output: str


def _bare(command: Command) -> str:
    """The command's first line without its trailing comment (the key the cases file uses)."""
    return re.split(r"\s+#\s", command.text.splitlines()[0])[0].strip()


def _matches(command: Command, table: dict[str, object]) -> str | None:
    bare = _bare(command)
    return next((prefix for prefix in table if bare.startswith(prefix)), None)


@pytest.fixture(scope="session")
def demo_env(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """Environment of a user who ran `make demo` (its data in a temporary folder)."""
    root = tmp_path_factory.mktemp("readme-demo")
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("COMMUNIQUE_") and k not in ("VIRTUAL_ENV", "PYTEST_CURRENT_TEST")
    }
    env.update(
        {
            "COMMUNIQUE_DATA_DIR": str(root / "data"),
            "COMMUNIQUE_WAREHOUSE": str(root / "warehouse" / "communique.duckdb"),
            "COLUMNS": "160",
        }
    )
    yield env


def run(command: str, env: dict[str, str]) -> Ran:
    script = f"set -euo pipefail\nsource .venv/bin/activate\n{command}\n"
    proc = subprocess.run(
        ["bash", "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )
    return Ran(proc.returncode, proc.stdout + proc.stderr)


@pytest.fixture(scope="session")
def demo(demo_env: dict[str, str]) -> Ran:
    """`make demo`, once per session: every other command runs against what it built."""
    return run("make demo", demo_env)


def test_readme_has_commands() -> None:
    texts = [c.text for c in COMMANDS]
    assert "make demo" in " ".join(texts)
    assert not [t for t in texts if t.startswith("uv run")], "uv is not on a new user's PATH"


@pytest.mark.parametrize("command", COMMANDS, ids=[c.id for c in COMMANDS])
def test_readme_command(command: Command, demo: Ran, demo_env: dict[str, str]) -> None:
    skip = _matches(command, CASES["skip"])
    if skip is not None:
        pytest.skip(str(CASES["skip"][skip]))
    if _bare(command).startswith("make demo"):
        ran = demo
    else:
        assert demo.returncode == 0, demo.output[-3000:]
        ran = run(command.text, demo_env)
    assert ran.returncode == 0, f"README line {command.line}: {command.text}\n{ran.output[-3000:]}"
    expected = _matches(command, CASES["expect"])
    if expected is not None:
        for text in CASES["expect"][expected]:  # type: ignore[union-attr]
            assert text in ran.output, f"README line {command.line}: {text!r} not in output"
    assert "Traceback" not in ran.output
