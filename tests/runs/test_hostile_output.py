"""Data reaches the terminal harmless: Rich markup in titles, outlets and file names is shown as
text, escape and control sequences are removed (issue 13, point 6)."""

from __future__ import annotations

import json
import os
import pty
import subprocess
from pathlib import Path

import pytest

from pipeline.terminal import clean
from tests.runs.conftest import COMMUNIQUE, SEEDED_DAY, cli_env, run, seeded

CASES = json.loads((Path(__file__).parent / "cases" / "hostile_articles.json").read_text())
FORBIDDEN = ["\x1b", "\x07", "\x9b", "\u202e", "pwned"]  # no escape survives, nor its payload


def _files() -> dict[str, bytes]:
    out: dict[str, bytes] = {}
    for a in CASES["articles"]:
        out[a["file"]] = json.dumps(a["json"]).encode()
    for name in CASES["broken_files"]:
        out[name] = b"{ not json"
    return out


@pytest.fixture(scope="module")
def hostile_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("hostile")
    files = _files()
    for name in CASES["broken_files"]:  # "x[/]…": a folder "x[" holding "]…"
        folder, _, rest = name.partition("/")
        files.pop(name)
        files[f"{folder}/{rest}"] = b"{ not json"
    staged = root / "staged"
    for name, body in files.items():
        (staged / name).parent.mkdir(parents=True, exist_ok=True)
        (staged / name).write_bytes(body)
    seeded(root, {})
    folder = root / "sources" / "seeds"
    for path in staged.rglob("*"):
        if path.is_file():
            target = folder / path.relative_to(staged)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(path.read_bytes())
    again = run(root, "run", "--date", SEEDED_DAY, "--sources", str(folder))
    assert again.returncode == 0, again.stderr[-3000:]
    return root


def _assert_harmless(text: str) -> None:
    for bad in FORBIDDEN:
        assert bad not in text, f"{bad!r} reached the terminal"
    assert "MarkupError" not in text and "Traceback" not in text


@pytest.mark.slow
def test_events_and_errors_print_hostile_data_as_plain_text(hostile_root: Path) -> None:
    reports = run(hostile_root, "events", "--all", "--mentions", "--live")
    assert reports.returncode == 0, reports.stderr[-3000:]
    _assert_harmless(reports.stdout + reports.stderr)
    assert "Hostile [/] Outlet" in reports.stdout  # markup shown, not interpreted
    assert "│ [/] " in reports.stdout
    published = run(hostile_root, "events", "--all", "--mentions")  # the published copy
    assert published.returncode == 0, published.stderr[-3000:]
    assert published.stdout == reports.stdout
    events = run(hostile_root, "events", "--all")
    assert events.returncode == 0, events.stderr[-3000:]
    _assert_harmless(events.stdout + events.stderr)

    errors = run(hostile_root, "errors", "--date", SEEDED_DAY)
    assert errors.returncode == 0, errors.stderr[-3000:]
    _assert_harmless(errors.stdout + errors.stderr)
    assert "x[/]" in errors.stdout and "[bold]" in errors.stdout

    rows = run(hostile_root, "sql", "SELECT title, source, url FROM raw_articles ORDER BY 1")
    assert rows.returncode == 0, rows.stderr[-3000:]
    _assert_harmless(rows.stdout)
    assert "[link=https://evil.test]" in rows.stdout
    # machine formats into a pipe keep the data as it is (JSON escapes C0 controls itself)
    as_json = run(hostile_root, "sql", "SELECT title FROM raw_articles", "--format", "json")
    titles = [r["title"] for r in json.loads(as_json.stdout)]
    assert any("\x1b]0;pwned-title\x07" in (t or "") for t in titles)


def _on_a_terminal(root: Path, *args: str) -> str:
    """What the command writes to stdout when stdout is a (pseudo-)terminal."""
    primary, secondary = pty.openpty()
    env = cli_env(root, TERM="dumb")
    proc = subprocess.Popen(
        [str(COMMUNIQUE), *args],
        env=env,
        cwd=root,
        stdout=secondary,
        stderr=subprocess.DEVNULL,
    )
    os.close(secondary)
    chunks = []
    while True:
        try:
            chunk = os.read(primary, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(primary)
    assert proc.wait(timeout=120) == 0
    return b"".join(chunks).decode("utf-8", "replace")


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["csv", "json", "markdown"])
def test_machine_formats_on_a_terminal_lose_their_escapes(hostile_root: Path, fmt: str) -> None:
    shown = _on_a_terminal(hostile_root, "events", "--all", "--mentions", "--format", fmt)
    _assert_harmless(shown)
    assert "Hostile [/] Outlet" in shown


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("a\x1b[31mred\x1b[0m b", "ared b"),
        ("t\x1b]0;title\x07x", "tx"),
        ("t\x1b]8;;https://e.test/\x1b\\link\x1b]8;;\x1b\\x", "tlinkx"),
        ("\x1bP1$qm\x1b\\ok", "ok"),
        ("c1 \x9b2J csi", "c1  csi"),
        ("rtl \u202eevil\u202c", "rtl evil"),
        ("bell\x07 nul\x00 del\x7f", "bell nul del"),
        ("tab\tand\nnewline", "tab\tand\nnewline"),
        ("[/] [bold]markup stays[/bold]", "[/] [bold]markup stays[/bold]"),
        ("ünïcödé — 東京", "ünïcödé — 東京"),
    ],
)
def test_clean_removes_escapes_and_controls_only(raw: str, shown: str) -> None:
    assert clean(raw) == shown
