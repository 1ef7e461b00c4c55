"""The README's commands, as a user would type them: every fenced ``bash`` block, split into
commands (a command continues over lines while a quote is open or a line ends with ``\\``)."""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass
from pathlib import Path

FENCE = re.compile(r"^```bash\n(.*?)^```", re.MULTILINE | re.DOTALL)


@dataclass(frozen=True, slots=True)
class Command:
    text: str
    line: int  # 1-based line of the README where it starts

    @property
    def id(self) -> str:
        first = self.text.split("#", 1)[0].strip() if "\n" not in self.text else self.text
        return f"L{self.line}:{' '.join(first.split())[:60]}"


def _complete(text: str) -> bool:
    if text.rstrip().endswith("\\"):
        return False
    try:
        shlex.split(text, comments=True)
    except ValueError:  # an open quote
        return False
    return True


def commands(readme: Path) -> list[Command]:
    """Every command of every ``bash`` block of ``readme``, in order."""
    source = readme.read_text(encoding="utf-8")
    out: list[Command] = []
    for block in FENCE.finditer(source):
        start_line = source.count("\n", 0, block.start(1)) + 1
        pending: list[str] = []
        first = 0
        for offset, line in enumerate(block.group(1).splitlines()):
            if not pending and (not line.strip() or line.lstrip().startswith("#")):
                continue
            if not pending:
                first = start_line + offset
            pending.append(line)
            text = "\n".join(pending)
            if _complete(text):
                out.append(Command(text, first))
                pending = []
        if pending:
            raise ValueError(f"{readme}:{first}: unterminated command {' '.join(pending)!r}")
    return out
