"""Schema versions with Alembic: which version a database is at, and upgrading it.

The revisions live in ``versions/`` inside the package (so a wheel carries them) and are
run programmatically when a database is opened; no ``alembic.ini`` is needed. Revision ids
are the schema's version numbers (``"0001"``, ``"0002"``...). Each revision also records
its number in the ``schema_version`` table, which is how releases before Alembic versioned
the schema: an older release opening a newer database still refuses it, and a database
made by such a release (``schema_version`` but no ``alembic_version``) is stamped at its
version and upgraded from there.

Adding a schema change: copy the newest file in ``versions/`` to ``vNNNN_what.py`` with
``revision = "NNNN"`` (the next number) and ``down_revision`` the one before; write
``upgrade()`` with ``op`` (``op.batch_alter_table`` when altering a table, so SQLite can
follow) ending with the ``schema_version`` row of NNNN; then change ``schema.py`` to match.
tests/store/test_migrations.py checks the chain, that a new database matches ``schema.py``
on SQLite and PostgreSQL, and that older databases upgrade.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Final

from alembic.config import Config
from alembic.runtime.environment import EnvironmentContext
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import func, inspect, select
from sqlalchemy.engine import Connection

from recommender.store.schema import OUR_TABLES, SchemaVersion

_HERE: Final = Path(__file__).resolve().parent
#: Alembic's bookkeeping table.
ALEMBIC_TABLE: Final = "alembic_version"


@cache
def script_directory() -> ScriptDirectory:
    """The revisions shipped with the package."""
    return ScriptDirectory(str(_HERE), version_locations=[str(_HERE / "versions")])


def revision_id(version: int) -> str:
    """The Alembic revision id of a schema version: ``2`` -> ``"0002"``."""
    return f"{version:04d}"


#: The schema version this code reads and writes (the newest revision).
SCHEMA_VERSION: Final = int(script_directory().get_current_head() or 0)


@dataclass(frozen=True)
class Found:
    """What a database holds, as far as versions go.

    Attributes
    ----------
    version : int or None
        Its schema version; None for an empty database.
    stamped : bool
        Whether Alembic's table records it (False for a database of a release before Alembic).
    foreign : tuple of str
        Tables of our names in a database that has no version bookkeeping at all.
    """

    version: int | None
    stamped: bool
    foreign: tuple[str, ...] = ()


def _as_number(revision: str) -> int:
    # A revision id we do not know is from a newer release; its id is still its number.
    try:
        return int(revision)
    except ValueError:
        return SCHEMA_VERSION + 1


def inspect_version(conn: Connection) -> Found:
    """The schema version of the database on ``conn`` (reads only)."""
    names = set(inspect(conn).get_table_names())
    legacy = None
    if SchemaVersion.__tablename__ in names:
        value = conn.execute(select(func.max(SchemaVersion.version))).scalar()
        legacy = int(value) if value is not None else None
    if ALEMBIC_TABLE in names:
        heads = MigrationContext.configure(conn).get_current_heads()
        if heads:
            version = max(_as_number(h) for h in heads)
            return Found(max(version, legacy or 0), stamped=True)
    if legacy is not None:
        return Found(legacy, stamped=False)
    return Found(None, stamped=False, foreign=tuple(sorted(names.intersection(OUR_TABLES))))


def upgrade(conn: Connection, found: Found, target: int = SCHEMA_VERSION) -> None:
    """Bring the database on ``conn`` from ``found`` to ``target``, in the caller's transaction.

    A database of a release before Alembic is first stamped at its ``schema_version``.
    """
    script = script_directory()
    destination = revision_id(target)
    if found.version is not None and not found.stamped:
        MigrationContext.configure(conn).stamp(script, revision_id(found.version))

    def steps(current: tuple[str, ...], _context: MigrationContext) -> list:
        return script._upgrade_revs(destination, current)

    with EnvironmentContext(Config(), script, fn=steps, destination_rev=destination) as env:
        env.configure(connection=conn, target_metadata=None)
        with env.begin_transaction():
            env.run_migrations()
