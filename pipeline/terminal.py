"""Data on the terminal, made harmless: titles, URLs, reasons and messages come from hostile
servers and files.

Two faults are closed here. Rich reads ``[...]`` in a string as markup, so a title holding
``[/]`` crashed ``communique events`` with a ``MarkupError`` (and ``[link=...]`` could forge a
link); data therefore reaches Rich only as ``Text``, never as markup. And escape sequences in data
(ANSI CSI colours and cursor moves, OSC window titles and hyperlinks, DCS/APC strings, their 8-bit
C1 forms) would be obeyed by the terminal; they are removed with every other control character
(C0 but tab and newline, DEL, C1) and the Unicode bidirectional overrides that reorder what is
shown (the "Trojan Source" characters).
"""

from __future__ import annotations

import re
from typing import Any

from rich.text import Text

_ESCAPE_SEQUENCES = re.compile(
    r"""
      \x1b\[[0-?]*[ -/]*[@-~]?                  # CSI: colours, cursor moves, erase
    | \x1b\][^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?  # OSC: window title, hyperlink, clipboard
    | \x1b[PX^_][^\x1b\x9c]*(?:\x1b\\|\x9c)?      # DCS, SOS, PM, APC strings
    | \x1b[\x20-\x2f]*[\x30-\x7e]?              # any other escape (charset, keypad, reset)
    | \x9b[0-?]*[ -/]*[@-~]?                    # 8-bit CSI
    | [\x90\x98\x9d\x9e\x9f][^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?  # 8-bit DCS/SOS/OSC/PM/APC
    """,
    re.VERBOSE,
)
# C0 controls but tab and newline, DEL, C1 controls, bidi embeddings/overrides/isolates
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def clean(text: str) -> str:
    """``text`` with every terminal escape sequence and control character removed."""
    if text.isprintable():
        return text
    return _CONTROLS.sub("", _ESCAPE_SEQUENCES.sub("", text))


def cell(value: Any) -> Text:
    """A table cell or message from data: cleaned, and never read as Rich markup."""
    return Text("" if value is None else clean(str(value)))


def one_line(value: Any, limit: int = 500) -> str:
    """A message on one line (for an error that must read as one clear line)."""
    text = " ".join(clean(str(value)).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
