"""Opening the database: its URL, the engine, SQLite's settings, and the schema check.

The URL comes from the argument, else the ``DATABASE_URL`` environment variable, else a
SQLite file in the user's data directory (created on first use). SQLite runs in WAL mode
with foreign keys on and a busy timeout, and every write transaction starts with
``BEGIN IMMEDIATE`` so two processes writing at once queue up instead of failing.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Final, TypeVar

import platformdirs
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.exc import ArgumentError, IntegrityError, OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session
from sqlalchemy.pool import StaticPool

from recommender.store.errors import ConflictError, SchemaVersionError, StoreError
from recommender.store.migrations import SCHEMA_VERSION, Found, inspect_version, upgrade

T = TypeVar("T")

#: Name of the application's folder in the user's data directory.
APP_NAME: Final = "couples-recommender"
#: File name of the default SQLite database.
DEFAULT_DB_FILE: Final = "couples.sqlite3"
#: Environment variable holding a SQLAlchemy database URL.
DATABASE_URL_ENV: Final = "DATABASE_URL"
#: How long a SQLite writer waits for another one to finish before giving up.
BUSY_TIMEOUT_MS: Final = 30_000
_PG_MIGRATION_LOCK: Final = 7_291_001  # any constant; serialises migrating processes


def default_database_url() -> str:
    """``DATABASE_URL`` if set, else the SQLite file in the user's data directory."""
    env = os.environ.get(DATABASE_URL_ENV, "").strip()
    if env:
        return env
    folder = Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    return f"sqlite:///{folder / DEFAULT_DB_FILE}"


def short_error(exc: BaseException) -> str:
    """The first line of a database error, without SQLAlchemy's background link."""
    message = str(getattr(exc, "orig", None) or exc).strip()
    return message.splitlines()[0] if message else type(exc).__name__


class Database:
    """One engine on one database, checked and upgraded to the current schema when opened.

    Parameters
    ----------
    url : str, optional
        Any SQLAlchemy URL (see :func:`default_database_url` for the default).

    Raises
    ------
    StoreError
        When the database cannot be opened.
    SchemaVersionError
        When it was written by a newer version, or holds tables of ours not made by us.
    """

    def __init__(self, url: str | None = None) -> None:
        raw_url = url if url is not None else default_database_url()
        # The default file's folder is created on first use; a given path must exist.
        self._make_folder = url is None and not os.environ.get(DATABASE_URL_ENV, "").strip()
        try:
            parsed = make_url(raw_url)
        except (ArgumentError, ValueError) as exc:
            raise StoreError(f"not a database URL: {raw_url!r} ({exc})") from None
        self._url = parsed
        self._is_sqlite = parsed.get_backend_name() == "sqlite"
        self._memory = False
        try:
            self.engine = self._make_engine()
        except (SQLAlchemyError, ImportError) as exc:
            raise StoreError(f"cannot use the database {self.url}: {exc}") from None
        # Write transactions start with BEGIN IMMEDIATE on SQLite (see _on_begin).
        self._writer = self.engine.execution_options(sqlite_begin="IMMEDIATE")
        try:
            self._open()
        except Exception:
            self.engine.dispose()
            raise

    @property
    def url(self) -> str:
        """The database URL in use, with any password masked."""
        return self._url.render_as_string(hide_password=True)

    def _make_engine(self) -> Engine:
        if not self._is_sqlite:
            return create_engine(self._url, pool_pre_ping=True)
        database = self._url.database or ""
        memory = database in ("", ":memory:") or "mode=memory" in str(self._url)
        if memory:
            engine = create_engine(
                self._url,
                poolclass=StaticPool,
                connect_args={"check_same_thread": False},
            )
        else:
            if self._make_folder:
                Path(database).parent.mkdir(parents=True, exist_ok=True)
            engine = create_engine(self._url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
        self._memory = memory

        @event.listens_for(engine, "connect")
        def _on_connect(dbapi_conn: Any, _record: Any) -> None:
            # Let SQLAlchemy's "begin" event emit BEGIN itself (pysqlite's own is deferred
            # and late), so writers can take the write lock up front.
            dbapi_conn.isolation_level = None
            cursor = dbapi_conn.cursor()
            try:
                cursor.execute("PRAGMA foreign_keys = ON")
                cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            finally:
                cursor.close()

        @event.listens_for(engine, "begin")
        def _on_begin(conn: Connection) -> None:
            mode = conn.get_execution_options().get("sqlite_begin", "DEFERRED")
            conn.exec_driver_sql(f"BEGIN {mode}")

        return engine

    def _check(self, found: Found) -> None:
        """Refuse a database of a newer release, or one with our tables not made by us."""
        if found.foreign:
            raise SchemaVersionError(
                f"the database {self.url} already has table(s) {', '.join(found.foreign)} but no"
                " schema_version table, so it was not made by this app; nothing was changed."
                " Point DATABASE_URL at an empty database or at one this app created."
            )
        if found.version is not None and found.version > SCHEMA_VERSION:
            raise SchemaVersionError(
                f"the database {self.url} has schema version {found.version}, made by a newer"
                f" version of couples-recommender; this version understands up to"
                f" {SCHEMA_VERSION}. Upgrade the app to open it; the database was not changed."
            )

    def _open(self) -> None:
        try:
            with self.engine.connect() as conn:
                found = inspect_version(conn)
            self._check(found)
            if found.version != SCHEMA_VERSION or not found.stamped:
                with self._writer.begin() as conn:
                    if conn.dialect.name == "postgresql":
                        conn.execute(
                            text("SELECT pg_advisory_xact_lock(:key)"),
                            {"key": _PG_MIGRATION_LOCK},
                        )
                    found = inspect_version(conn)  # another process may have done it
                    self._check(found)
                    if found.version != SCHEMA_VERSION or not found.stamped:
                        upgrade(conn, found)
            if self._is_sqlite and not self._memory:
                # Only now that the file is known to be ours is it switched to WAL.
                self._use_wal()
        except StoreError:
            raise
        except SQLAlchemyError as exc:
            raise StoreError(f"cannot open the database {self.url}: {short_error(exc)}") from None

    def _use_wal(self) -> None:
        """Switch the file to WAL once (the mode is stored in the file), outside any transaction.

        Not on every connect: changing the journal mode needs the file to itself, so a process
        doing it while another one reads or writes got "database is locked", and SQLite does
        not always wait (busy timeout) for that lock. Here it is retried until the timeout.
        """
        deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
        while True:
            raw = self.engine.raw_connection()
            try:
                cursor = raw.cursor()
                mode = cursor.execute("PRAGMA journal_mode").fetchone()[0]
                if mode == "wal":
                    return
                try:
                    if cursor.execute("PRAGMA journal_mode = WAL").fetchone()[0] == "wal":
                        return
                except Exception as exc:  # sqlite3.OperationalError, not wrapped on a raw cursor
                    if "locked" not in str(exc) and "busy" not in str(exc):
                        raise OperationalError("PRAGMA journal_mode = WAL", {}, exc) from None
            finally:
                raw.close()
            if time.monotonic() > deadline:
                raise StoreError(f"cannot open the database {self.url}: database is locked")
            time.sleep(0.05)

    def schema_version(self) -> int:
        """The schema version of the open database."""
        with self.engine.connect() as conn:
            return int(inspect_version(conn).version or 0)

    def close(self) -> None:
        """Release every connection (the file or server stays as it is)."""
        self.engine.dispose()

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A session for reading; database errors become StoreError."""
        with Session(self.engine) as session:
            try:
                yield session
            except SQLAlchemyError as exc:
                raise StoreError(f"database error: {short_error(exc)}") from None

    @contextmanager
    def snapshot(self) -> Iterator[Session]:
        """A session whose reads all see one moment: one read transaction.

        SQLite (WAL) keeps a read transaction's view until it ends; PostgreSQL needs
        REPEATABLE READ for that (its default gives each statement a fresh view).
        """
        engine = self.engine
        if not self._is_sqlite:
            engine = engine.execution_options(isolation_level="REPEATABLE READ")
        with Session(engine) as session:
            try:
                with session.begin():
                    yield session
            except SQLAlchemyError as exc:
                raise StoreError(f"database error: {short_error(exc)}") from None

    @property
    def is_sqlite(self) -> bool:
        """Whether this is SQLite (one write lock for the whole file)."""
        return self._is_sqlite

    def staged_write(
        self,
        fill: Callable[[Connection], None],
        write: Callable[[Session], T],
        clean: Callable[[Connection], None],
    ) -> T:
        """``fill`` temporary tables first, then ``write`` in one write transaction.

        Both run on one connection (temporary tables belong to it), and ``clean`` drops
        them afterwards. On SQLite, ``fill`` takes no lock on the database file, so other
        writers wait only for ``write``.
        """
        with self.engine.connect() as conn:
            try:
                with conn.begin():
                    fill(conn)
                conn.execution_options(sqlite_begin="IMMEDIATE")
                with Session(bind=conn) as session, session.begin():
                    return write(session)
            except IntegrityError as exc:
                raise ConflictError(f"database refused the change: {short_error(exc)}") from None
            except SQLAlchemyError as exc:
                raise StoreError(f"database error: {short_error(exc)}") from None
            finally:
                if conn.in_transaction():
                    conn.rollback()
                conn.execution_options(sqlite_begin="DEFERRED")
                with conn.begin():
                    clean(conn)

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One write transaction: committed on success, rolled back on any error."""
        with Session(self._writer) as session:
            try:
                with session.begin():
                    yield session
            except IntegrityError as exc:
                raise ConflictError(f"database refused the change: {short_error(exc)}") from None
            except SQLAlchemyError as exc:
                raise StoreError(f"database error: {short_error(exc)}") from None
