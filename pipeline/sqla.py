"""A SQLAlchemy dialect for BI tools (Superset and the like): duckdb-engine with working column
reflection.

duckdb-engine 0.17 reflects columns through SQLAlchemy's PostgreSQL catalog queries, which from
SQLAlchemy 2.0.45 join ``pg_catalog.pg_collation``, a table DuckDB does not have (duckdb_engine
issue 1379, duckdb issue 22069): listing a table's columns fails, so Superset cannot sync a
dataset. This dialect asks DuckDB's own catalog (``duckdb_columns()``) instead. It is installed as
the ``duckdb.communique`` entry point, so a tool uses it with the URI
``duckdb+communique:////abs/path/communique.duckdb`` (read-only:
``?access_mode=read_only``) once this package and duckdb-engine are installed beside it.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from typing import Any

import duckdb_engine
from sqlalchemy import types as sqltypes
from sqlalchemy.engine.reflection import ReflectionDefaults

_SIMPLE: dict[str, Any] = {
    "BOOLEAN": sqltypes.Boolean,
    "TINYINT": sqltypes.SmallInteger,
    "SMALLINT": sqltypes.SmallInteger,
    "INTEGER": sqltypes.Integer,
    "BIGINT": sqltypes.BigInteger,
    "HUGEINT": sqltypes.Numeric,
    "UTINYINT": sqltypes.SmallInteger,
    "USMALLINT": sqltypes.Integer,
    "UINTEGER": sqltypes.BigInteger,
    "UBIGINT": sqltypes.Numeric,
    "FLOAT": sqltypes.Float,
    "DOUBLE": sqltypes.Float,
    "VARCHAR": sqltypes.String,
    "BLOB": sqltypes.LargeBinary,
    "DATE": sqltypes.Date,
    "TIME": sqltypes.Time,
    "TIMESTAMP": sqltypes.DateTime,
    "TIMESTAMP_NS": sqltypes.DateTime,
    "TIMESTAMP_MS": sqltypes.DateTime,
    "TIMESTAMP_S": sqltypes.DateTime,
    "INTERVAL": sqltypes.Interval,
    "UUID": sqltypes.Uuid,
    "JSON": sqltypes.JSON,
}


def column_type(data_type: str) -> sqltypes.TypeEngine[Any]:
    """The SQLAlchemy type of a DuckDB column type name; nested types (STRUCT, MAP) are NullType."""
    name = data_type.strip().upper()
    if name.endswith("]"):
        return sqltypes.ARRAY(column_type(name[: name.rindex("[")]))
    if name == "TIMESTAMP WITH TIME ZONE":
        return sqltypes.DateTime(timezone=True)
    if match := re.fullmatch(r"DECIMAL\((\d+),\s*(\d+)\)", name):
        return sqltypes.Numeric(int(match.group(1)), int(match.group(2)))
    found = _SIMPLE.get(name)
    return found() if found is not None else sqltypes.NullType()


class CommuniqueDuckDBDialect(duckdb_engine.Dialect):  # type: ignore[misc]
    """duckdb-engine, with columns and comments reflected from DuckDB's own catalog; tables
    have no keys, indexes or constraints to reflect (the warehouse declares none)."""

    name = "duckdb"
    driver = "communique"
    supports_statement_cache = False

    def get_multi_columns(  # type: ignore[override]
        self,
        connection: Any,
        schema: str | None = None,
        filter_names: Collection[str] | None = None,
        scope: Any = None,
        kind: Any = None,
        **kw: Any,
    ) -> Any:
        rows = connection.exec_driver_sql(
            "SELECT table_name, column_name, data_type, is_nullable, column_default, comment "
            "FROM duckdb_columns() WHERE database_name = current_database() "
            "AND schema_name = coalesce(?, current_schema()) ORDER BY table_name, column_index",
            (schema,),
        ).fetchall()
        wanted = set(filter_names) if filter_names else None
        out: dict[tuple[str | None, str], list[dict[str, Any]]] = {}
        for table, column, data_type, nullable, default, comment in rows:
            if wanted is not None and table not in wanted:
                continue
            out.setdefault((schema, table), []).append(
                {
                    "name": column,
                    "type": column_type(str(data_type)),
                    "nullable": bool(nullable),
                    "default": default,
                    "autoincrement": False,
                    "comment": comment or None,
                }
            )
        return out.items()

    def _relations(
        self, connection: Any, schema: str | None, filter_names: Collection[str] | None
    ) -> list[tuple[str, str | None]]:
        rows = connection.exec_driver_sql(
            "SELECT table_name, comment FROM duckdb_tables() WHERE database_name = "
            "current_database() AND schema_name = coalesce(?, current_schema()) UNION ALL "
            "SELECT view_name, comment FROM duckdb_views() WHERE database_name = "
            "current_database() AND schema_name = coalesce(?, current_schema()) AND NOT internal",
            (schema, schema),
        ).fetchall()
        wanted = set(filter_names) if filter_names else None
        return [(str(t), c) for t, c in rows if wanted is None or t in wanted]

    def _none(self, default: Any, connection: Any, schema: str | None, filter_names: Any) -> Any:
        return [
            ((schema, table), default())
            for table, _ in self._relations(connection, schema, filter_names)
        ]

    def get_multi_pk_constraint(  # type: ignore[override]
        self, connection: Any, schema: str | None = None, filter_names: Any = None, **kw: Any
    ) -> Any:
        return self._none(ReflectionDefaults.pk_constraint, connection, schema, filter_names)

    def get_multi_foreign_keys(  # type: ignore[override]
        self, connection: Any, schema: str | None = None, filter_names: Any = None, **kw: Any
    ) -> Any:
        return self._none(ReflectionDefaults.foreign_keys, connection, schema, filter_names)

    def get_multi_indexes(  # type: ignore[override]
        self, connection: Any, schema: str | None = None, filter_names: Any = None, **kw: Any
    ) -> Any:
        return self._none(ReflectionDefaults.indexes, connection, schema, filter_names)

    def get_multi_unique_constraints(  # type: ignore[override]
        self, connection: Any, schema: str | None = None, filter_names: Any = None, **kw: Any
    ) -> Any:
        return self._none(ReflectionDefaults.unique_constraints, connection, schema, filter_names)

    def get_multi_check_constraints(  # type: ignore[override]
        self, connection: Any, schema: str | None = None, filter_names: Any = None, **kw: Any
    ) -> Any:
        return self._none(ReflectionDefaults.check_constraints, connection, schema, filter_names)

    def get_multi_table_comment(  # type: ignore[override]
        self, connection: Any, schema: str | None = None, filter_names: Any = None, **kw: Any
    ) -> Any:
        return [
            ((schema, table), {"text": comment or None})
            for table, comment in self._relations(connection, schema, filter_names)
        ]

    def get_multi_table_options(  # type: ignore[override]
        self, connection: Any, schema: str | None = None, filter_names: Any = None, **kw: Any
    ) -> Any:
        return self._none(ReflectionDefaults.table_options, connection, schema, filter_names)
