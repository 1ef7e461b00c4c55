"""Data reaches the terminal harmless: Rich markup in titles, outlets and file names is shown as
text, escape and control sequences are removed (issue 13, point 6)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.terminal import clean
from tests.runs.conftest import SEEDED_DAY, run, seeded

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
    events = run(hostile_root, "events", "--all", "--live")
    assert events.returncode == 0, events.stderr[-3000:]
    _assert_harmless(events.stdout + events.stderr)
    assert "[/]" in events.stdout and "[/bold]" in events.stdout  # shown, not interpreted
    published = run(hostile_root, "events", "--all")  # the published copy by default
    assert published.returncode == 0, published.stderr[-3000:]
    assert published.stdout == events.stdout

    errors = run(hostile_root, "errors", "--date", SEEDED_DAY)
    assert errors.returncode == 0, errors.stderr[-3000:]
    _assert_harmless(errors.stdout + errors.stderr)
    assert "x[/]" in errors.stdout and "[bold]" in errors.stdout

    rows = run(hostile_root, "sql", "SELECT title, source, url FROM raw_articles ORDER BY 1")
    assert rows.returncode == 0, rows.stderr[-3000:]
    _assert_harmless(rows.stdout)
    # machine formats keep the data as it is (JSON escapes the control characters itself)
    as_json = run(hostile_root, "sql", "SELECT title FROM raw_articles", "--format", "json")
    titles = [r["title"] for r in json.loads(as_json.stdout)]
    assert any("\x1b]0;pwned-title\x07" in (t or "") for t in titles)


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
