"""The store's two errors: bad data or an unusable database, and a schema we do not know."""

from __future__ import annotations


class StoreError(ValueError):
    """Something about the stored data is wrong: unknown id, bad value, unusable database."""


class SchemaVersionError(StoreError):
    """The database was written by a newer version of the app, or is not one of ours."""
