#!/usr/bin/env python3
"""Convert the PLOVER gold-standard dev records into an extractor dev set.

Reads  <shared>/data/plover-dev/plover_gsr_dev.jsonl  (Open Event Data Alliance, CC BY-SA 4.0)
Writes tests/extract/cases/plover_dev.jsonl and tests/extract/cases/PLOVER_NOTICE.md

Each output line keeps the record's text, PLOVER category, mode and context, and adds the source and
target actors as ISO 3166-1 alpha-3 countries (CAMEO actor codes: first three letters, old codes
mapped: JAP = JPN, ITL = ITA, VTN = VNM; IGO and NGO stay as they are, meaning "no country").

Usage:
    uv run python scripts/convert_plover_dev.py [--shared DIR] [--check]

--check exits 1 when the committed file differs from a fresh conversion. The shared directory
defaults to $COMMUNIQUE_SHARED_DIR, else ../shared next to the repository.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "tests" / "extract" / "cases" / "plover_dev.jsonl"
NOTICE = ROOT / "tests" / "extract" / "cases" / "PLOVER_NOTICE.md"
OLD_CODES = {"JAP": "JPN", "ITL": "ITA", "VTN": "VNM"}
NON_STATE = {"IGO", "NGO"}

log = logging.getLogger("convert_plover_dev")


def country(code: str) -> str:
    """A CAMEO actor code as an ISO alpha-3 country, or IGO/NGO for actors without one."""
    root = code[:3].upper()
    return OLD_CODES.get(root, root)


def convert(src: Path) -> str:
    lines = []
    for raw in src.read_text(encoding="utf-8").splitlines():
        if not raw.strip():
            continue
        rec = json.loads(raw)
        lines.append(
            json.dumps(
                {
                    "id": rec["id"],
                    "text": rec["text"].strip(),
                    "event": rec["event"],
                    "mode": rec.get("mode") or "",
                    "context": rec.get("context") or "",
                    "source": [country(c) for c in rec.get("source", [])],
                    "target": [country(c) for c in rec.get("target", [])],
                },
                ensure_ascii=False,
            )
        )
    return "\n".join(lines) + "\n"


def notice(shared: Path) -> str:
    commit = (shared / "data" / "plover-dev" / "SOURCE_COMMIT").read_text().strip()
    licence = (shared / "data" / "plover-dev" / "LICENSE").read_text().strip()
    return (
        "# PLOVER dev set (plover_dev.jsonl)\n\n"
        f"{licence}\n\n"
        f"Source: openeventdata/PLOVER, commit {commit}. "
        "Converted by scripts/convert_plover_dev.py: "
        "the text is unchanged (surrounding whitespace trimmed); CAMEO actor codes are reduced to "
        "ISO 3166-1 alpha-3 countries (JAP = JPN, ITL = ITA, VTN = VNM; IGO and NGO kept). "
        "This derived file is licensed CC BY-SA 4.0 "
        "(https://creativecommons.org/licenses/by-sa/4.0/).\n\n"
        "It is a development set: half of the public records. The other half is scored apart, "
        "so rules are written for the general pattern, never for one sentence here.\n"
    )


def main() -> int:
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default = os.environ.get("COMMUNIQUE_SHARED_DIR") or str(ROOT.parent / "shared")
    if not Path(default).exists():
        default = "/work/shared"
    parser.add_argument("--shared", type=Path, default=Path(default))
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()
    src = args.shared / "data" / "plover-dev" / "plover_gsr_dev.jsonl"
    if not src.exists():
        log.error("missing input %s", src)
        return 2
    outputs = {OUT: convert(src), NOTICE: notice(args.shared)}
    if args.check:
        stale = [p for p, text in outputs.items() if not p.exists() or p.read_text() != text]
        for p in stale:
            log.error("stale: %s", p)
        return 1 if stale else 0
    for path, text in outputs.items():
        path.write_text(text, encoding="utf-8")
        log.info("wrote %s", path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
