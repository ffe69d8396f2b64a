"""Many rows in one prepared statement, for the few hot paths where `bulk_create` costs
more than the database (it builds and adapts every value through the ORM's compiler).

Only for plain inserts of columns the caller names: no signals, no returned ids, no
model `save()`. Values are adapted exactly as the ORM would (`get_db_prep_save`) for
fields whose database form differs from the Python value (JSON, dates and times).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.db import connections, models

_ADAPTED = (models.JSONField, models.DateTimeField, models.DateField, models.DecimalField)


_STATEMENTS: dict[tuple[str, type[models.Model], tuple[str, ...]], tuple[str, list[Any]]] = {}


def _statement(
    connection: Any, model: type[models.Model], fields: Sequence[str]
) -> tuple[str, list[Any]]:
    key = (connection.alias, model, tuple(fields))
    found = _STATEMENTS.get(key)
    if found is None:
        found = _STATEMENTS[key] = _build_statement(connection, model, fields)
    return found


def _build_statement(
    connection: Any, model: type[models.Model], fields: Sequence[str]
) -> tuple[str, list[Any]]:
    meta = model._meta
    columns = [meta.get_field(name) for name in fields]
    quote = connection.ops.quote_name
    sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608 (names from _meta)
        quote(meta.db_table),
        ", ".join(quote(c.column) for c in columns),  # type: ignore[union-attr]
        ", ".join(["%s"] * len(columns)),
    )
    preps = [_prep(c) for c in columns]
    return sql, preps


def _prep(field: Any) -> Any:
    if isinstance(field, models.JSONField):
        encoder = field.encoder
        # What JSONField.get_db_prep_save does for a plain value, without its checks
        # for expressions: the value is always data here.
        return lambda value, conn: (
            None if value is None else conn.ops.adapt_json_value(value, encoder)
        )
    if isinstance(field, _ADAPTED):
        return field.get_db_prep_save
    return None


def _adapt(preps: list[Any], row: Sequence[Any], connection: Any) -> tuple[Any, ...]:
    return tuple(
        prep(value, connection) if prep is not None else value
        for prep, value in zip(preps, row, strict=True)
    )


def insert_row(
    model: type[models.Model], fields: Sequence[str], row: Sequence[Any], using: str = "default"
) -> int:
    """Insert one row in autocommit mode (or the caller's transaction) and return its
    primary key (INSERT ... RETURNING, SQLite 3.35+ and PostgreSQL)."""
    connection = connections[using]
    sql, preps = _statement(connection, model, fields)
    sql += _returning_pk(connection, model)
    params = _adapt(preps, row, connection)
    if connection.vendor == "postgresql":
        # A server-side prepared statement: PostgreSQL parses and plans it once per
        # connection, and the values travel apart from the SQL (Django's cursors bind
        # them into the SQL text on the client).
        connection.ensure_connection()
        with connection.wrap_database_errors:
            found = connection.connection.execute(sql, params, prepare=True).fetchone()
    else:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            found = cursor.fetchone()
    return int(found[0])


def _returning_pk(connection: Any, model: type[models.Model]) -> str:
    return " RETURNING " + connection.ops.quote_name(str(model._meta.pk.column))  # type: ignore[union-attr]


def insert_rows(
    model: type[models.Model],
    fields: Sequence[str],
    rows: Iterable[Sequence[Any]],
    using: str = "default",
) -> None:
    connection = connections[using]
    sql, preps = _statement(connection, model, fields)
    params = [_adapt(preps, row, connection) for row in rows]
    if params:
        with connection.cursor() as cursor:
            cursor.executemany(sql, params)
