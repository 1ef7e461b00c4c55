"""The data dictionary: every table, view and column of a warehouse file with its comment.

The comments live in the database (``warehouse/models/900_comments.sql``), so the dictionary is
read back from DuckDB's catalog (``duckdb_tables()``, ``duckdb_views()``, ``duckdb_columns()``)
and is the same one BI tools show; nothing here restates it.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

# Layers in reading order, recognised by name.
LAYERS = ("mart", "core", "analyst view", "intermediate", "staging", "raw")
CORE_TABLES = frozenset({"articles", "sources", "event_mentions", "events"})


@dataclass(frozen=True, slots=True)
class ColumnDoc:
    name: str
    data_type: str
    comment: str | None


@dataclass(frozen=True, slots=True)
class ObjectDoc:
    name: str
    kind: str  # "table" or "view"
    layer: str
    comment: str | None
    columns: tuple[ColumnDoc, ...]


def layer_of(name: str) -> str:
    """The warehouse layer an object belongs to, from its name."""
    if name.startswith("mart_"):
        return "mart"
    if name in CORE_TABLES:
        return "core"
    if name.startswith("int_"):
        return "intermediate"
    if name.startswith("stg_"):
        return "staging"
    if name.startswith("raw_") or name in ("load_log", "model_state"):
        return "raw"
    return "analyst view"


def data_dictionary(
    con: duckdb.DuckDBPyConnection, names: list[str] | None = None
) -> list[ObjectDoc]:
    """Every table and view of the connection's current database (or only ``names``), marts
    first, each with its columns in order."""
    objects = con.execute(
        """
        SELECT table_name, 'table', comment FROM duckdb_tables()
        WHERE database_name = current_database() AND schema_name = 'main' AND NOT internal
        UNION ALL
        SELECT view_name, 'view', comment FROM duckdb_views()
        WHERE database_name = current_database() AND schema_name = 'main' AND NOT internal
        """
    ).fetchall()
    columns: dict[str, list[ColumnDoc]] = {}
    for table, column, data_type, comment in con.execute(
        """
        SELECT table_name, column_name, data_type, comment FROM duckdb_columns()
        WHERE database_name = current_database() AND schema_name = 'main' AND NOT internal
        ORDER BY table_name, column_index
        """
    ).fetchall():
        columns.setdefault(str(table), []).append(ColumnDoc(str(column), str(data_type), comment))
    docs = [
        ObjectDoc(
            str(name), str(kind), layer_of(str(name)), comment, tuple(columns.get(str(name), []))
        )
        for name, kind, comment in objects
        if names is None or name in names
    ]
    return sorted(docs, key=lambda d: (LAYERS.index(d.layer), d.name))


def undocumented(docs: list[ObjectDoc]) -> list[str]:
    """Objects and columns without a comment, as ``object`` or ``object.column``."""
    missing = [d.name for d in docs if not d.comment]
    missing += [f"{d.name}.{c.name}" for d in docs for c in d.columns if not c.comment]
    return missing


def _cell(text: str | None) -> str:
    return (text or "").replace("|", "\\|").replace("\n", " ")


def render_markdown(docs: list[ObjectDoc]) -> str:
    """The dictionary as Markdown: one section per object, one table row per column."""
    lines = ["# Communique data dictionary", ""]
    for doc in docs:
        lines += [f"## `{doc.name}` ({doc.layer} {doc.kind})", "", _cell(doc.comment), ""]
        lines += ["| column | type | meaning |", "|---|---|---|"]
        lines += [f"| `{c.name}` | {c.data_type} | {_cell(c.comment)} |" for c in doc.columns]
        lines.append("")
    return "\n".join(lines)
