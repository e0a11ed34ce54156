"""The store's errors: bad data or an unusable database, a schema we do not know, a refused
change, a person acting outside their couple, and an invite that cannot be used."""

from __future__ import annotations


class StoreError(ValueError):
    """Something about the stored data is wrong: unknown id, bad value, unusable database."""


class SchemaVersionError(StoreError):
    """The database was written by a newer version of the app, or is not one of ours."""


class ConflictError(StoreError):
    """The database refused a change (a unique rule), e.g. two people taking one seat at once."""


class AccessError(StoreError):
    """A signed-in person asked for a couple they are not in, or acted for the other partner.

    The message is the same whether the couple exists or not, so it tells a stranger nothing.
    """


class InviteError(StoreError):
    """An invite cannot be used: unknown, used, expired, or the couple is full."""
