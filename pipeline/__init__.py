"""Communique: dated diplomatic events from news, as data.

For notebooks: ``pipeline.read_events(...)``, ``pipeline.read_event_reports(...)`` and
``pipeline.query(sql)`` return pandas DataFrames from the published warehouse (see
``pipeline.notebook``); they are imported on first use, so importing the package stays cheap.
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"
__all__ = ["query", "read_event_reports", "read_events"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from pipeline import notebook

        return getattr(notebook, name)
    raise AttributeError(f"module 'pipeline' has no attribute {name!r}")
