"""A busy writer for the reader tests: reloads an interval and republishes, over and over.

    python -m tests.runs.loader ROOT DAY SECONDS

Writes one line per finished load and publish to stdout, so the test knows loads happened while
it read.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from pipeline.load import load_interval
from pipeline.publish import publish
from pipeline.settings import PROJECT_ROOT


def main(root: Path, ds: str, seconds: float) -> None:
    warehouse = root / "warehouse" / "communique.duckdb"
    sql = PROJECT_ROOT / "warehouse"
    target = warehouse.parent / "published" / warehouse.name
    stop = time.monotonic() + seconds
    while time.monotonic() < stop:
        load_interval(warehouse, sql, root / "data", ds)
        sys.stdout.write("loaded\n")
        publish(warehouse, sql, target)
        sys.stdout.write("published\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main(Path(sys.argv[1]), sys.argv[2], float(sys.argv[3]))
