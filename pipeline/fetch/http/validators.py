"""Conditional GET state: ETag / Last-Modified per URL and data interval, kept between runs."""

from __future__ import annotations

import fcntl
import json
import logging
import threading
from pathlib import Path

from pipeline.files import write_text

log = logging.getLogger(__name__)


class ValidatorStore:
    """ETag / Last-Modified per URL and data interval, persisted as JSON between runs.

    A run uses the validators recorded by the latest *earlier* interval, so a rerun of an
    interval sends the same requests (and gets the same answers) as its first run. Saving merges
    with the file as it is now, under an exclusive lock, and replaces it atomically, so fetches of
    several sources running at once do not lose each other's validators.
    """

    KEEP = 14  # intervals remembered per URL

    def __init__(self, path: Path | None = None) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._data = self._read()
        self._changed: dict[str, dict[str, dict[str, str]]] = {}
        self._forgotten: set[tuple[str, str]] = set()

    def _read(self) -> dict[str, dict[str, dict[str, str]]]:
        if self.path is None or not self.path.exists():
            return {}
        try:
            raw = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            log.warning("ignoring unreadable validator state %s: %s", self.path, exc)
            return {}
        urls = raw.get("urls") if isinstance(raw, dict) else None
        return urls if isinstance(urls, dict) else {}

    def lookup(self, url: str, ds: str) -> dict[str, str]:
        """Validators recorded by the latest interval before ``ds`` (none: fetch in full)."""
        with self._lock:
            per_ds = self._data.get(url) or {}
            earlier = sorted(d for d in per_ds if d < ds)
            return dict(per_ds[earlier[-1]]) if earlier else {}

    def record(self, url: str, ds: str, validators: dict[str, str]) -> None:
        if not validators:
            return
        with self._lock:
            self._data.setdefault(url, {})[ds] = dict(validators)
            self._changed.setdefault(url, {})[ds] = dict(validators)
            self._forgotten.discard((url, ds))

    def forget(self, url: str, ds: str) -> None:
        """Drop what ``ds`` recorded for ``url``: the next interval fetches it in full (its
        entries were not all read this time)."""
        with self._lock:
            self._data.get(url, {}).pop(ds, None)
            self._changed.get(url, {}).pop(ds, None)
            self._forgotten.add((url, ds))

    def save(self) -> None:
        if self.path is None:
            return
        with self._lock:
            if not self._changed and not self._forgotten:
                return
            changed, self._changed = self._changed, {}
            forgotten, self._forgotten = self._forgotten, set()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        lock_path = self.path.with_name(self.path.name + ".lock")
        with open(lock_path, "a+") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                current = self._read()
                for url, per_ds in changed.items():
                    merged = {**current.get(url, {}), **per_ds}
                    current[url] = {d: merged[d] for d in sorted(merged)[-self.KEEP :]}
                for url, ds in forgotten:
                    current.get(url, {}).pop(ds, None)
                text = json.dumps({"version": 1, "urls": current}, indent=1, sort_keys=True)
                write_text(self.path, text)
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)
        with self._lock:
            self._data = {**self._read(), **self._data}
