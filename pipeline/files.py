"""Atomic file replacement: the one way every file of the pipeline is written.

A file is written beside its target under a temporary name (``.<name>.<uuid>.tmp``: a dot prefix
and no ``.parquet`` suffix, so no reader lists it), flushed to disk, renamed over the target and
the folder flushed too. A reader, or a crash at any point, sees the old file or the whole new
one, and once ``atomic_write`` returns the new one survives a power cut. One rule for every file
(partitions, staging files, timings, manifests, published databases, caches), so none is less
durable than another by accident.

Standard library only: the operations hooks (``pipeline.observe``) use it too.
"""

from __future__ import annotations

import contextlib
import logging
import os
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

log = logging.getLogger(__name__)

# a temp file left by a writer that died is swept by the next write beside it once it is this old
STALE_TEMP_SECONDS = 3600.0


def temp_path(target: Path) -> Path:
    """A fresh temporary name beside ``target`` (unique per call, invisible to readers)."""
    return target.with_name(f".{target.name}.{uuid.uuid4().hex}.tmp")


def fsync_file(path: Path) -> None:
    with open(path, "rb") as fh:
        os.fsync(fh.fileno())


def fsync_dir(path: Path) -> None:
    """Flush a folder's entries (a rename is durable once its folder is flushed)."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@contextlib.contextmanager
def atomic_write(target: Path, *, step: Callable[[str], None] | None = None) -> Iterator[Path]:
    """Yield a temporary path beside ``target`` to write; when the block ends without an error,
    flush it, rename it over ``target`` and flush the folder. On an error the temporary file is
    removed and ``target`` is untouched. ``step`` is called with ``"written"``, ``"synced"`` and
    ``"replaced"`` as each point is passed (crash-safety tests stop the process there)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = temp_path(target)
    try:
        yield tmp
        if step is not None:
            step("written")
        fsync_file(tmp)
        if step is not None:
            step("synced")
        os.replace(tmp, target)
        fsync_dir(target.parent)
        if step is not None:
            step("replaced")
    finally:
        tmp.unlink(missing_ok=True)


def move_fresh(src: Path, target: Path) -> Path:
    """Move a file just written by another writer (DuckDB's partitioned COPY) to ``target``, a
    new name no reader knows yet: flushed first, never over an existing file. The caller
    flushes the folder once its files are all in place."""
    if target.exists():
        raise FileExistsError(target)
    fsync_file(src)
    os.replace(src, target)
    return target


def replace_symlink(link: Path, target: Path) -> Path:
    """Point ``link`` at ``target`` in one rename: a reader resolving it finds the old target or
    the new one, never nothing. The folder is flushed, so the new link survives a power cut."""
    tmp = temp_path(link)
    try:
        os.symlink(target, tmp)
        os.replace(tmp, link)
        fsync_dir(link.parent)
    finally:
        if tmp.is_symlink():
            tmp.unlink()
    return link


def write_bytes(target: Path, data: bytes) -> Path:
    """Replace ``target`` with ``data`` atomically."""
    with atomic_write(target) as tmp:
        tmp.write_bytes(data)
    return target


def write_text(target: Path, text: str) -> Path:
    """Replace ``target`` with ``text`` (UTF-8) atomically."""
    return write_bytes(target, text.encode("utf-8"))


def sweep_stale_temps(
    folder: Path, prefix: str, older_than: float = STALE_TEMP_SECONDS
) -> list[Path]:
    """Remove temp files of ``atomic_write`` for targets named ``prefix`` (and their DuckDB WAL
    files) left in ``folder`` by writers killed mid-write. A live writer's temp file is younger
    than ``older_than`` seconds and is left alone."""
    now = time.time()
    removed: list[Path] = []
    for path in sorted(folder.glob(f".{prefix}.*.tmp*")):
        if not (path.name.endswith(".tmp") or path.name.endswith(".tmp.wal")):
            continue
        try:
            if now - path.stat().st_mtime <= older_than:
                continue
            path.unlink()
        except OSError:
            continue
        removed.append(path)
        log.warning("removed stale temp file %s left by an interrupted write", path)
    return removed
