"""The date resolver of a git revision against the working tree's, timed in one run.

    uv run python bench/bench_dates_revision.py [--revision main] [--rounds 3] [--generated 3000]

The revision's ``pipeline/extract/dates.py`` is read with ``git show`` and loaded as a module of
its own, so both versions run in the same process on the same sentences: the MEANTIME articles
(``tests/extract/cases/meantime_dev.jsonl``) whole (``find_article_dates``) and sentence by
sentence (``find_dates``, ``resolve_event_date``), and the generated news sentences of
``bench_dates.py`` (``find_date_expressions``). Each timing is the best of ``--rounds`` rounds,
rounds of the two versions interleaved; the report is the ratio working tree / revision, so a
change is judged by how much slower or faster it made the resolver, not by the machine's speed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import json
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import bench_dates  # noqa: E402

from pipeline.extract import dates as current  # noqa: E402
from pipeline.extract.sentences import split_sentences  # noqa: E402

MEANTIME_PATH = ROOT / "tests" / "extract" / "cases" / "meantime_dev.jsonl"


def load_revision(revision: str, directory: Path) -> ModuleType:
    """``pipeline/extract/dates.py`` as it was at ``revision``, as a module."""
    source = subprocess.run(
        ["git", "show", f"{revision}:pipeline/extract/dates.py"],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    path = directory / "dates_at_revision.py"
    path.write_text(source, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("dates_at_revision", path)
    if spec is None or spec.loader is None:
        raise RuntimeError(f"cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def best_of(rounds: int, work: Callable[[], object]) -> float:
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - start)
    return best


def write(line: str = "") -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--revision", default="main")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--generated", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)

    articles = [json.loads(line) for line in MEANTIME_PATH.open(encoding="utf-8")]
    whole = [(a["text"], dt.date.fromisoformat(a["published"])) for a in articles]
    sentences = [
        (text[start:end], anchor) for text, anchor in whole for start, end in split_sentences(text)
    ]
    generated = [
        (s.text, s.anchor or bench_dates.GENERATED_ANCHOR)
        for s in bench_dates.generate(args.generated, args.seed)
    ]

    def workloads(module: ModuleType) -> dict[str, Callable[[], object]]:
        return {
            f"find_article_dates, {len(whole)} MEANTIME articles": lambda: [
                module.find_article_dates(text, anchor) for text, anchor in whole
            ],
            f"find_dates, {len(sentences)} MEANTIME sentences": lambda: [
                module.find_dates(text, anchor) for text, anchor in sentences
            ],
            f"resolve_event_date, {len(sentences)} MEANTIME sentences": lambda: [
                module.resolve_event_date(text, anchor, anchor, None) for text, anchor in sentences
            ],
            f"find_date_expressions, {len(generated)} generated sentences": lambda: [
                module.find_date_expressions(text, anchor) for text, anchor in generated
            ],
        }

    with tempfile.TemporaryDirectory() as directory:
        before = workloads(load_revision(args.revision, Path(directory)))
        after = workloads(current)
        write(f"working tree against {args.revision} (best of {args.rounds}, seconds)")
        for name in before:
            old = new = float("inf")
            for _ in range(args.rounds):  # interleaved, so load on the machine hits both
                old = min(old, best_of(1, before[name]))
                new = min(new, best_of(1, after[name]))
            write(f"  {name:58s} {old:7.3f} {new:7.3f}  ratio {new / old:5.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
