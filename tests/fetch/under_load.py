"""Run a test again and again with every core kept busy, stopping at the first failure.

    python -m tests.fetch.under_load [--runs 20] [--busy-per-core 1] [TEST ...]

The default test is the 200-entry feed run, whose rerun must write byte-identical Parquet: a
fault that only shows when the machine is loaded (a timeout, a race) shows here. One busy-loop
process per core competes with the test for the CPU the whole time; they are stopped on exit.
"""

from __future__ import annotations

import argparse
import logging
import multiprocessing
import os
import subprocess
import sys
import time
from pathlib import Path

log = logging.getLogger("under_load")
ROOT = Path(__file__).resolve().parents[2]
DEFAULT_TEST = "tests/fetch/test_feed_run.py::test_two_hundred_entries_with_hostile_ones"


def _spin() -> None:
    while True:
        pass


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("tests", nargs="*", default=[DEFAULT_TEST])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--busy-per-core", type=int, default=1)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    cores = os.cpu_count() or 1
    busy = [
        multiprocessing.Process(target=_spin, daemon=True)
        for _ in range(cores * args.busy_per_core)
    ]
    for proc in busy:
        proc.start()
    log.info("%d busy-loop processes on %d cores", len(busy), cores)
    try:
        for run in range(1, args.runs + 1):
            started = time.monotonic()
            done = subprocess.run(
                [sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider", *args.tests],
                cwd=ROOT,
                capture_output=True,
                text=True,
            )
            seconds = time.monotonic() - started
            if done.returncode != 0:
                log.error(
                    "run %d of %d FAILED after %.0fs:\n%s", run, args.runs, seconds, done.stdout
                )
                return 1
            log.info("run %d of %d passed in %.0fs", run, args.runs, seconds)
    finally:
        for proc in busy:
            proc.terminate()
        for proc in busy:
            proc.join()
    log.info("all %d runs passed under load", args.runs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
