"""The couple's data in a real database: profiles, reactions, outings, plans and own ideas.

One :class:`Store` wraps one SQLAlchemy engine. The URL comes from the argument,
else the ``DATABASE_URL`` environment variable, else a SQLite file in the user's
data directory (created on first use). Several couples may share one database;
every method takes a ``couple_id`` and touches only that couple's rows.

SQLite runs in WAL mode with foreign keys on and a busy timeout, and every
write transaction starts with ``BEGIN IMMEDIATE`` so two processes writing at
once queue up instead of failing. The schema is versioned: :data:`MIGRATIONS`
lists every version in order, an older database is upgraded when opened, and a
database written by a newer version is refused untouched.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any, Final

import pandas as pd
import platformdirs
from sqlalchemy import (
    JSON,
    Column,
    Date,
    DateTime,
    Engine,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    create_engine,
    delete,
    event,
    func,
    inspect,
    select,
    text,
)
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.exc import ArgumentError, IntegrityError, SQLAlchemyError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column
from sqlalchemy.pool import StaticPool

from recommender.catalog.columns import IDEA_PREFIX, Columns
from recommender.catalog.ids import idea_id
from recommender.catalog.loading import CatalogError, validate_activities
from recommender.profiles import (
    PARTNER_KEYS,
    RATING_MAX,
    RATING_MIN,
    Couple,
    Feedback,
    Partner,
    check_level,
    check_partner_key,
)

#: Name of the application's folder in the user's data directory.
APP_NAME: Final = "couples-recommender"
#: File name of the default SQLite database.
DEFAULT_DB_FILE: Final = "couples.sqlite3"
#: Environment variable holding a SQLAlchemy database URL.
DATABASE_URL_ENV: Final = "DATABASE_URL"
#: Identifies an export file, and the version of its layout.
EXPORT_FORMAT: Final = "couples-recommender-export"
EXPORT_FORMAT_VERSION: Final = 1
#: How long a SQLite writer waits for another one to finish before giving up.
BUSY_TIMEOUT_MS: Final = 30_000

_UNSET: Any = object()


class StoreError(ValueError):
    """Something about the stored data is wrong: unknown id, bad value, unusable database."""


class SchemaVersionError(StoreError):
    """The database was written by a newer version of the app, or is not one of ours."""


# --------------------------------------------------------------------------- models


class Base(DeclarativeBase):
    """Declarative base of the current schema (the newest migration)."""


class SchemaVersion(Base):
    """One row per migration applied; the highest ``version`` is the schema's version."""

    __tablename__ = "schema_version"
    version: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    description: Mapped[str] = mapped_column(String(200))
    applied_at: Mapped[datetime] = mapped_column(DateTime)


class CoupleRow(Base):
    """A couple: its name and both partners' profiles."""

    __tablename__ = "couples"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    a_name: Mapped[str] = mapped_column(String(200))
    a_interests: Mapped[list[str]] = mapped_column(JSON)
    a_risk: Mapped[int] = mapped_column(Integer)
    a_budget: Mapped[float] = mapped_column(Float)
    b_name: Mapped[str] = mapped_column(String(200))
    b_interests: Mapped[list[str]] = mapped_column(JSON)
    b_risk: Mapped[int] = mapped_column(Integer)
    b_budget: Mapped[float] = mapped_column(Float)
    created_at: Mapped[datetime] = mapped_column(DateTime)


class ReactionRow(Base):
    """One partner's reaction (rating 1-5, thumbs = 5 or 1) to a suggestion."""

    __tablename__ = "reactions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    couple_id: Mapped[int] = mapped_column(ForeignKey("couples.id", ondelete="CASCADE"))
    activity_id: Mapped[str] = mapped_column(String(200))
    partner: Mapped[str] = mapped_column(String(1))
    rating: Mapped[int] = mapped_column(Integer)
    at: Mapped[datetime] = mapped_column(DateTime)  # naive UTC


class OutingRow(Base):
    """Something the couple did, with both partners' ratings."""

    __tablename__ = "outings"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    couple_id: Mapped[int] = mapped_column(ForeignKey("couples.id", ondelete="CASCADE"))
    activity_id: Mapped[str] = mapped_column(String(200))
    date: Mapped[dt.date] = mapped_column(Date)
    rating_a: Mapped[int] = mapped_column(Integer)
    rating_b: Mapped[int] = mapped_column(Integer)
    notes: Mapped[str] = mapped_column(Text)
    cost: Mapped[float | None] = mapped_column(Float, nullable=True)  # since v2


class PlannedRow(Base):
    """An outing the couple has planned (since v2)."""

    __tablename__ = "planned"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    couple_id: Mapped[int] = mapped_column(ForeignKey("couples.id", ondelete="CASCADE"))
    activity_id: Mapped[str] = mapped_column(String(200))
    date: Mapped[dt.date] = mapped_column(Date)


class IdeaRow(Base):
    """One of the couple's own activities, with the catalog's columns."""

    __tablename__ = "ideas"
    couple_id: Mapped[int] = mapped_column(
        ForeignKey("couples.id", ondelete="CASCADE"), primary_key=True
    )
    activity_id: Mapped[str] = mapped_column(String(200), primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text)
    category: Mapped[str] = mapped_column(String(50))
    tags: Mapped[str] = mapped_column(Text)
    cost: Mapped[float] = mapped_column(Float)
    risk: Mapped[int] = mapped_column(Integer)
    duration_hours: Mapped[float] = mapped_column(Float)
    setting: Mapped[str] = mapped_column(String(20))
    energy: Mapped[int] = mapped_column(Integer)
    seasons: Mapped[str] = mapped_column(String(100))
    conversation_starter: Mapped[str] = mapped_column(Text)


# ----------------------------------------------------------------------- migrations


@dataclass(frozen=True)
class Migration:
    """One schema version: how to get there from the version before it.

    Attributes
    ----------
    version : int
        The schema version this migration produces (1, 2, ...).
    description : str
        What it changes, recorded in ``schema_version``.
    apply : callable
        Runs the DDL on a connection inside the migration's transaction.
    """

    version: int
    description: str
    apply: Callable[[Connection], None]


def _fk_couple() -> Column:
    return Column(
        "couple_id", Integer, ForeignKey("couples.id", ondelete="CASCADE"), nullable=False
    )


def _v1_initial(conn: Connection) -> None:
    # A frozen snapshot of the first schema, in Core so it is portable across backends.
    # Never edit it: databases made by it exist. Change the schema with a new migration.
    md = MetaData()
    Table(
        "couples",
        md,
        Column("id", Integer, primary_key=True),
        Column("name", String(200), nullable=False, unique=True),
        *(
            col
            for p in PARTNER_KEYS
            for col in (
                Column(f"{p}_name", String(200), nullable=False),
                Column(f"{p}_interests", JSON, nullable=False),
                Column(f"{p}_risk", Integer, nullable=False),
                Column(f"{p}_budget", Float, nullable=False),
            )
        ),
        Column("created_at", DateTime, nullable=False),
    )
    Table(
        "reactions",
        md,
        Column("id", Integer, primary_key=True),
        _fk_couple(),
        Column("activity_id", String(200), nullable=False),
        Column("partner", String(1), nullable=False),
        Column("rating", Integer, nullable=False),
        Column("at", DateTime, nullable=False),
        Index("ix_reactions_couple", "couple_id", "at"),
    )
    Table(
        "outings",
        md,
        Column("id", Integer, primary_key=True),
        _fk_couple(),
        Column("activity_id", String(200), nullable=False),
        Column("date", Date, nullable=False),
        Column("rating_a", Integer, nullable=False),
        Column("rating_b", Integer, nullable=False),
        Column("notes", Text, nullable=False),
        Index("ix_outings_couple", "couple_id", "date"),
    )
    Table(
        "ideas",
        md,
        Column(
            "couple_id",
            Integer,
            ForeignKey("couples.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        Column("activity_id", String(200), primary_key=True),
        Column("title", String(200), nullable=False),
        Column("description", Text, nullable=False),
        Column("category", String(50), nullable=False),
        Column("tags", Text, nullable=False),
        Column("cost", Float, nullable=False),
        Column("risk", Integer, nullable=False),
        Column("duration_hours", Float, nullable=False),
        Column("setting", String(20), nullable=False),
        Column("energy", Integer, nullable=False),
        Column("seasons", String(100), nullable=False),
        Column("conversation_starter", Text, nullable=False),
    )
    md.create_all(conn)


def _v2_cost_and_plans(conn: Connection) -> None:
    # What an outing cost (to compare with the budget) and outings planned ahead.
    conn.execute(text("ALTER TABLE outings ADD COLUMN cost FLOAT"))
    md = MetaData()
    Table("couples", md, Column("id", Integer, primary_key=True))
    Table(
        "planned",
        md,
        Column("id", Integer, primary_key=True),
        _fk_couple(),
        Column("activity_id", String(200), nullable=False),
        Column("date", Date, nullable=False),
        Index("ix_planned_couple", "couple_id", "date"),
    )
    md.tables["planned"].create(conn)


#: Every schema version in order; a new database runs them all.
MIGRATIONS: Final[tuple[Migration, ...]] = (
    Migration(1, "initial schema: couples, reactions, outings, ideas", _v1_initial),
    Migration(2, "outings.cost and the planned table", _v2_cost_and_plans),
)
#: The schema version this code reads and writes.
SCHEMA_VERSION: Final = MIGRATIONS[-1].version
_OUR_TABLES: Final = ("couples", "reactions", "outings", "ideas", "planned")
_PG_MIGRATION_LOCK: Final = 7_291_001  # any constant; serialises migrating processes


def create_schema_version_table(conn: Connection) -> None:
    """Create the ``schema_version`` bookkeeping table (its layout never changes)."""
    SchemaVersion.__table__.create(conn, checkfirst=True)


def apply_migrations(conn: Connection, from_version: int, to_version: int = SCHEMA_VERSION) -> None:
    """Run the migrations after ``from_version`` up to ``to_version``, recording each one."""
    for migration in MIGRATIONS:
        if from_version < migration.version <= to_version:
            migration.apply(conn)
            conn.execute(
                SchemaVersion.__table__.insert().values(
                    version=migration.version,
                    description=migration.description,
                    applied_at=_utcnow(),
                )
            )


# ---------------------------------------------------------------------- helpers


def default_database_url() -> str:
    """``DATABASE_URL`` if set, else the SQLite file in the user's data directory."""
    env = os.environ.get(DATABASE_URL_ENV, "").strip()
    if env:
        return env
    folder = Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    return f"sqlite:///{folder / DEFAULT_DB_FILE}"


def _utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _to_db_time(at: datetime | str | None, field: str = "at") -> datetime:
    """Naive UTC for the database; naive input is taken as local time."""
    if at is None:
        return _utcnow()
    if isinstance(at, str):
        try:
            at = datetime.fromisoformat(at)
        except ValueError:
            raise StoreError(
                f"{field} must be a date and time like 2024-05-31T18:30:00 (got {at!r})"
            ) from None
    if not isinstance(at, datetime):
        raise StoreError(f"{field} must be a date and time (got {at!r})")
    return at.astimezone(UTC).replace(tzinfo=None)


def _from_db_time(at: datetime) -> datetime:
    return at.replace(tzinfo=UTC)


def _to_date(value: object, field: str = "date") -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise StoreError(f"{field} must be a date like 2024-05-31 (got {value!r})")


def _check_rating(value: object, field: str) -> int:
    try:
        return check_level(value, field, RATING_MIN, RATING_MAX)
    except ValueError as exc:
        raise StoreError(str(exc)) from None


def _check_cost(value: object, field: str = "cost") -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value != value:
        raise StoreError(
            f"{field} must be a number of dollars, 0 or more, or empty (got {value!r})"
        )
    if value < 0:
        raise StoreError(f"{field} must be 0 or more dollars (got {value!r})")
    return float(value)


def _check_text(value: object, field: str) -> str:
    if not isinstance(value, str):
        raise StoreError(f"{field} must be text (got {value!r})")
    return value


def _check_activity_id(value: object) -> str:
    if not isinstance(value, str) or not value.strip():
        raise StoreError(f"activity_id must be a non-empty text (got {value!r})")
    return value.strip()


def _couple_name(value: object) -> str:
    if not isinstance(value, str) or not value.strip():
        raise StoreError(f"the couple's name must be a non-empty text (got {value!r})")
    name = " ".join(value.split())
    if len(name) > 200:
        raise StoreError(f"the couple's name is {len(name)} characters; the most allowed is 200")
    return name


def _partner_fields(couple: Couple) -> dict[str, object]:
    if not isinstance(couple, Couple):
        raise StoreError(f"expected a Couple (got {type(couple).__name__})")
    fields: dict[str, object] = {}
    for key in PARTNER_KEYS:
        p = couple.partner(key)
        fields[f"{key}_name"] = p.name
        fields[f"{key}_interests"] = list(p.interests)
        fields[f"{key}_risk"] = p.risk_comfort
        fields[f"{key}_budget"] = p.budget
    return fields


def _couple_from_row(row: CoupleRow) -> Couple:
    partners = [
        Partner(
            name=getattr(row, f"{k}_name"),
            interests=tuple(getattr(row, f"{k}_interests") or ()),
            risk_comfort=getattr(row, f"{k}_risk"),
            budget=getattr(row, f"{k}_budget"),
        )
        for k in PARTNER_KEYS
    ]
    return Couple(*partners)


_IDEA_COLUMNS: Final = Columns.ALL
_IDEA_TEXTS: Final = tuple(
    c
    for c in Columns.ALL
    if c not in (Columns.COST, Columns.DURATION_HOURS, Columns.RISK, Columns.ENERGY)
)
_REACTION_COLUMNS: Final = ("reaction_id", "activity_id", "partner", "rating", "at")
_OUTING_COLUMNS: Final = (
    "outing_id",
    "activity_id",
    "date",
    "rating_a",
    "rating_b",
    "notes",
    "cost",
)
_PLANNED_COLUMNS: Final = ("plan_id", "activity_id", "date")


def _frame(
    rows: list[dict[str, object]], columns: Iterable[str], dtypes: dict, texts: Iterable[str] = ()
) -> pd.DataFrame:
    """A frame typed the same whether it has rows or not (text columns as pandas' ``str``)."""
    frame = pd.DataFrame(rows, columns=list(columns))
    return frame.astype({**dict.fromkeys(texts, str), **dtypes})


# ------------------------------------------------------------------------- store


class Store:
    """The couples' database.

    Parameters
    ----------
    url : str, optional
        Any SQLAlchemy URL. Defaults to the ``DATABASE_URL`` environment variable,
        else a SQLite file in the user's data directory (see :func:`default_database_url`).

    Raises
    ------
    StoreError
        When the database cannot be opened.
    SchemaVersionError
        When it was written by a newer version of the app, or holds tables of the
        same names that were not made by this app. The database is left untouched.

    Notes
    -----
    Opening upgrades an older schema in one transaction (see :data:`MIGRATIONS`).
    Use as a context manager, or call :meth:`close`, to release connections.
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
        self._wal = False
        self._memory = False
        try:
            self._engine = self._make_engine()
        except (SQLAlchemyError, ImportError) as exc:
            raise StoreError(f"cannot use the database {self.url}: {exc}") from None
        # Write transactions start with BEGIN IMMEDIATE on SQLite (see _on_begin).
        self._writer = self._engine.execution_options(sqlite_begin="IMMEDIATE")
        try:
            self._open()
        except Exception:
            self._engine.dispose()
            raise

    # -- engine and schema --------------------------------------------------------------

    @property
    def url(self) -> str:
        """The database URL in use, with any password masked."""
        return self._url.render_as_string(hide_password=True)

    @property
    def engine(self) -> Engine:
        """The SQLAlchemy engine (for tests and tools; the app uses the methods)."""
        return self._engine

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
                if self._wal and not memory:
                    cursor.execute("PRAGMA journal_mode = WAL")
            finally:
                cursor.close()

        @event.listens_for(engine, "begin")
        def _on_begin(conn: Connection) -> None:
            mode = conn.get_execution_options().get("sqlite_begin", "DEFERRED")
            conn.exec_driver_sql(f"BEGIN {mode}")

        return engine

    def _read_version(self, conn: Connection) -> int | None:
        """The schema version, or None for an empty database; refuses foreign ones."""
        names = set(inspect(conn).get_table_names())
        if SchemaVersion.__tablename__ not in names:
            ours = sorted(names.intersection(_OUR_TABLES))
            if ours:
                raise SchemaVersionError(
                    f"the database {self.url} already has table(s) {', '.join(ours)} but no"
                    " schema_version table, so it was not made by this app; nothing was changed."
                    " Point DATABASE_URL at an empty database or at one this app created."
                )
            return None
        version = conn.execute(select(func.max(SchemaVersion.version))).scalar()
        return int(version) if version is not None else None

    def _refuse_newer(self, version: int | None) -> None:
        if version is not None and version > SCHEMA_VERSION:
            raise SchemaVersionError(
                f"the database {self.url} has schema version {version}, made by a newer version"
                f" of couples-recommender; this version understands up to {SCHEMA_VERSION}."
                " Upgrade the app to open it; the database was not changed."
            )

    def _open(self) -> None:
        try:
            with self._engine.connect() as conn:
                version = self._read_version(conn)
            self._refuse_newer(version)
            if version != SCHEMA_VERSION:
                with self._writer.begin() as conn:
                    if conn.dialect.name == "postgresql":
                        conn.execute(
                            text("SELECT pg_advisory_xact_lock(:key)"),
                            {"key": _PG_MIGRATION_LOCK},
                        )
                    version = self._read_version(conn)  # another process may have done it
                    self._refuse_newer(version)
                    if version is None:
                        create_schema_version_table(conn)
                    apply_migrations(conn, version or 0)
        except StoreError:
            raise
        except SQLAlchemyError as exc:
            raise StoreError(f"cannot open the database {self.url}: {_short(exc)}") from None
        if self._is_sqlite and not self._memory:
            # Only now that the file is known to be ours is it switched to WAL (persistent).
            self._wal = True
            self._engine.dispose()
            with self._engine.connect():
                pass

    def schema_version(self) -> int:
        """The schema version of the open database."""
        with self._engine.connect() as conn:
            return int(conn.execute(select(func.max(SchemaVersion.version))).scalar_one())

    def close(self) -> None:
        """Release every connection (the file or server stays as it is)."""
        self._engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Store({self.url!r})"

    @contextmanager
    def _read(self) -> Iterator[Session]:
        with Session(self._engine) as session:
            try:
                yield session
            except SQLAlchemyError as exc:
                raise StoreError(f"database error: {_short(exc)}") from None

    @contextmanager
    def _write(self) -> Iterator[Session]:
        """One write transaction: committed on success, rolled back on any error."""
        with Session(self._writer) as session:
            try:
                with session.begin():
                    yield session
            except IntegrityError as exc:
                raise StoreError(f"database refused the change: {_short(exc)}") from None
            except SQLAlchemyError as exc:
                raise StoreError(f"database error: {_short(exc)}") from None

    @staticmethod
    def _couple_row(session: Session, couple_id: int) -> CoupleRow:
        if isinstance(couple_id, bool) or not isinstance(couple_id, int):
            raise StoreError(f"couple_id must be a whole number (got {couple_id!r})")
        row = session.get(CoupleRow, couple_id)
        if row is None:
            raise StoreError(f"no couple with id {couple_id}")
        return row

    # -- couples --------------------------------------------------------------------

    def list_couples(self) -> list[tuple[int, str]]:
        """Every couple as ``(couple_id, name)``, oldest first."""
        with self._read() as s:
            return [
                (r.id, r.name)
                for r in s.execute(select(CoupleRow).order_by(CoupleRow.id)).scalars()
            ]

    def find_couple(self, name: str) -> int:
        """The id of the couple called ``name``.

        Raises
        ------
        StoreError
            When there is no such couple; the message lists the names there are.
        """
        name = " ".join(str(name).split())  # as names are saved: single spaces
        with self._read() as s:
            found = s.execute(select(CoupleRow.id).where(CoupleRow.name == name)).scalar()
        if found is not None:
            return int(found)
        names = [n for _, n in self.list_couples()]
        known = ", ".join(repr(n) for n in names) if names else "none yet"
        raise StoreError(f"no couple named {name!r} in this database (couples here: {known})")

    def create_couple(self, couple: Couple, name: str | None = None) -> int:
        """Save a new couple and return its id; ``name`` defaults to ``"A & B"``.

        Raises
        ------
        StoreError
            When a couple of that name already exists.
        """
        fields = _partner_fields(couple)
        name = _couple_name(name if name is not None else f"{couple.a.name} & {couple.b.name}")
        with self._write() as s:
            exists = s.execute(select(CoupleRow.id).where(CoupleRow.name == name)).scalar()
            if exists is not None:
                raise StoreError(f"a couple named {name!r} already exists; choose another name")
            row = CoupleRow(name=name, created_at=_utcnow(), **fields)
            s.add(row)
            s.flush()
            return row.id

    def get_couple(self, couple_id: int) -> Couple:
        """Both partners' profiles."""
        with self._read() as s:
            return _couple_from_row(self._couple_row(s, couple_id))

    def couple_name(self, couple_id: int) -> str:
        """The couple's name."""
        with self._read() as s:
            return self._couple_row(s, couple_id).name

    def save_profile(self, couple_id: int, couple: Couple) -> None:
        """Replace both partners' profiles (names, interests, risk comfort, budget)."""
        fields = _partner_fields(couple)
        with self._write() as s:
            row = self._couple_row(s, couple_id)
            for key, value in fields.items():
                setattr(row, key, value)

    def rename_couple(self, couple_id: int, name: str) -> None:
        """Change the couple's name (it must stay unique)."""
        name = _couple_name(name)
        with self._write() as s:
            row = self._couple_row(s, couple_id)
            other = s.execute(
                select(CoupleRow.id).where(CoupleRow.name == name, CoupleRow.id != couple_id)
            ).scalar()
            if other is not None:
                raise StoreError(f"a couple named {name!r} already exists; choose another name")
            row.name = name

    def delete_couple(self, couple_id: int) -> None:
        """Delete the couple and everything of theirs."""
        with self._write() as s:
            row = self._couple_row(s, couple_id)
            _delete_couple_rows(s, row)
            s.delete(row)

    # -- reactions ------------------------------------------------------------------

    def add_reaction(
        self,
        couple_id: int,
        activity_id: str,
        partner: str,
        rating: int,
        at: datetime | None = None,
    ) -> int:
        """Record one partner's reaction to a suggestion; returns its ``reaction_id``.

        Parameters
        ----------
        partner : {"a", "b"}
        rating : int
            1-5 (a thumbs up is 5, a thumbs down 1).
        at : datetime, optional
            When; defaults to now. A naive datetime is taken as local time.
        """
        activity_id = _check_activity_id(activity_id)
        try:
            check_partner_key(partner)
        except ValueError as exc:
            raise StoreError(str(exc)) from None
        rating = _check_rating(rating, "rating")
        when = _to_db_time(at)
        with self._write() as s:
            self._couple_row(s, couple_id)
            row = ReactionRow(
                couple_id=couple_id,
                activity_id=activity_id,
                partner=partner,
                rating=rating,
                at=when,
            )
            s.add(row)
            s.flush()
            return row.id

    def reactions(self, couple_id: int) -> pd.DataFrame:
        """The couple's reactions, oldest first: reaction_id, activity_id, partner, rating, at."""
        with self._read() as s:
            self._couple_row(s, couple_id)
            rows = s.execute(
                select(ReactionRow)
                .where(ReactionRow.couple_id == couple_id)
                .order_by(ReactionRow.at, ReactionRow.id)
            ).scalars()
            data = [
                {
                    "reaction_id": r.id,
                    "activity_id": r.activity_id,
                    "partner": r.partner,
                    "rating": r.rating,
                    "at": _from_db_time(r.at),
                }
                for r in rows
            ]
        frame = _frame(
            data,
            _REACTION_COLUMNS,
            {"reaction_id": "int64", "rating": "int64"},
            ("activity_id", "partner"),
        )
        frame["at"] = pd.to_datetime(frame["at"], utc=True)
        return frame

    def delete_reaction(self, couple_id: int, reaction_id: int) -> None:
        """Take back a reaction."""
        with self._write() as s:
            self._couple_row(s, couple_id)
            self._own(s, ReactionRow, couple_id, reaction_id, "reaction")
            s.execute(delete(ReactionRow).where(ReactionRow.id == reaction_id))

    # -- outings --------------------------------------------------------------------

    def add_outing(
        self,
        couple_id: int,
        activity_id: str,
        date: date | str,
        rating_a: int,
        rating_b: int,
        notes: str = "",
        cost: float | None = None,
    ) -> int:
        """Record something the couple did, with both ratings (1-5); returns ``outing_id``."""
        values = {
            "activity_id": _check_activity_id(activity_id),
            "date": _to_date(date),
            "rating_a": _check_rating(rating_a, "rating_a"),
            "rating_b": _check_rating(rating_b, "rating_b"),
            "notes": _check_text(notes, "notes"),
            "cost": _check_cost(cost),
        }
        with self._write() as s:
            self._couple_row(s, couple_id)
            row = OutingRow(couple_id=couple_id, **values)
            s.add(row)
            s.flush()
            return row.id

    @staticmethod
    def _own(session: Session, model: type, couple_id: int, row_id: int, what: str) -> Any:
        row = session.get(model, row_id) if isinstance(row_id, int) else None
        if row is None or row.couple_id != couple_id:
            # The same message whether it does not exist or belongs to another couple.
            raise StoreError(f"no {what} with id {row_id!r} for this couple")
        return row

    def update_outing(
        self,
        couple_id: int,
        outing_id: int,
        *,
        date: date | str = _UNSET,
        rating_a: int = _UNSET,
        rating_b: int = _UNSET,
        notes: str = _UNSET,
        cost: float | None = _UNSET,
    ) -> None:
        """Change the given fields of one outing; the others stay as they are."""
        changes: dict[str, object] = {}
        if date is not _UNSET:
            changes["date"] = _to_date(date)
        if rating_a is not _UNSET:
            changes["rating_a"] = _check_rating(rating_a, "rating_a")
        if rating_b is not _UNSET:
            changes["rating_b"] = _check_rating(rating_b, "rating_b")
        if notes is not _UNSET:
            changes["notes"] = _check_text(notes, "notes")
        if cost is not _UNSET:
            changes["cost"] = _check_cost(cost)
        with self._write() as s:
            self._couple_row(s, couple_id)
            row = self._own(s, OutingRow, couple_id, outing_id, "outing")
            for key, value in changes.items():
                setattr(row, key, value)

    def delete_outing(self, couple_id: int, outing_id: int) -> None:
        """Delete one outing."""
        with self._write() as s:
            self._couple_row(s, couple_id)
            self._own(s, OutingRow, couple_id, outing_id, "outing")
            s.execute(delete(OutingRow).where(OutingRow.id == outing_id))

    def outings(self, couple_id: int) -> pd.DataFrame:
        """The couple's outings, oldest first.

        Returns
        -------
        pandas.DataFrame
            outing_id, activity_id, date (``datetime.date``), rating_a, rating_b, notes,
            cost (float, NaN when not recorded).
        """
        with self._read() as s:
            self._couple_row(s, couple_id)
            rows = s.execute(
                select(OutingRow)
                .where(OutingRow.couple_id == couple_id)
                .order_by(OutingRow.date, OutingRow.id)
            ).scalars()
            data = [
                {
                    "outing_id": r.id,
                    "activity_id": r.activity_id,
                    "date": r.date,
                    "rating_a": r.rating_a,
                    "rating_b": r.rating_b,
                    "notes": r.notes,
                    "cost": r.cost,
                }
                for r in rows
            ]
        return _frame(
            data,
            _OUTING_COLUMNS,
            {"outing_id": "int64", "rating_a": "int64", "rating_b": "int64", "cost": "float64"},
            ("activity_id", "notes"),
        )

    # -- planned --------------------------------------------------------------------

    def plan(self, couple_id: int, activity_id: str, date: date | str) -> int:
        """Plan an outing; returns its ``plan_id``."""
        activity_id = _check_activity_id(activity_id)
        when = _to_date(date)
        with self._write() as s:
            self._couple_row(s, couple_id)
            row = PlannedRow(couple_id=couple_id, activity_id=activity_id, date=when)
            s.add(row)
            s.flush()
            return row.id

    def planned(self, couple_id: int) -> pd.DataFrame:
        """The couple's planned outings, soonest first: plan_id, activity_id, date."""
        with self._read() as s:
            self._couple_row(s, couple_id)
            rows = s.execute(
                select(PlannedRow)
                .where(PlannedRow.couple_id == couple_id)
                .order_by(PlannedRow.date, PlannedRow.id)
            ).scalars()
            data = [{"plan_id": r.id, "activity_id": r.activity_id, "date": r.date} for r in rows]
        return _frame(data, _PLANNED_COLUMNS, {"plan_id": "int64"}, ("activity_id",))

    def unplan(self, couple_id: int, plan_id: int) -> None:
        """Remove a planned outing."""
        with self._write() as s:
            self._couple_row(s, couple_id)
            self._own(s, PlannedRow, couple_id, plan_id, "planned outing")
            s.execute(delete(PlannedRow).where(PlannedRow.id == plan_id))

    # -- feedback -------------------------------------------------------------------

    def feedback(self, couple_id: int) -> list[Feedback]:
        """The engine's history, oldest first.

        Every reaction, plus one ``Feedback(done=True)`` per partner per outing. An outing
        counts as given at the end of its day (23:59:59 UTC), so a rating for doing
        something comes after a same-day reaction to its suggestion.
        """
        items: list[tuple[datetime, int, int, Feedback]] = []
        with self._read() as s:
            self._couple_row(s, couple_id)
            for r in s.execute(
                select(ReactionRow).where(ReactionRow.couple_id == couple_id)
            ).scalars():
                at = _from_db_time(r.at)
                items.append((at, 0, r.id, Feedback(r.activity_id, r.partner, r.rating, False, at)))
            for o in s.execute(select(OutingRow).where(OutingRow.couple_id == couple_id)).scalars():
                at = datetime.combine(o.date, time(23, 59, 59), tzinfo=UTC)
                for key in PARTNER_KEYS:
                    rating = getattr(o, f"rating_{key}")
                    items.append((at, 1, o.id, Feedback(o.activity_id, key, rating, True, at)))
        items.sort(key=lambda item: item[:3])
        return [item[3] for item in items]

    # -- ideas ----------------------------------------------------------------------

    def _prepare_ideas(
        self, records: Iterable[Mapping[str, object]], source: str, where: list[str] | None
    ) -> pd.DataFrame:
        prepared: list[dict[str, object]] = []
        for record in records:
            if not isinstance(record, Mapping):
                raise StoreError(f"an idea must be a mapping of catalog columns (got {record!r})")
            row = dict(record)
            raw_id = row.get(Columns.ACTIVITY_ID)
            if raw_id is None or not str(raw_id).strip():
                title = str(row.get(Columns.TITLE) or "").strip()
                row[Columns.ACTIVITY_ID] = idea_id(title) if title else ""
            else:
                row[Columns.ACTIVITY_ID] = idea_id(str(raw_id))
            prepared.append(row)
        return validate_activities(prepared, source=source, where=where)

    def add_idea(self, couple_id: int, record: Mapping[str, object]) -> str:
        """Save one of the couple's own activities; returns its activity id.

        Parameters
        ----------
        record : mapping
            The catalog's columns. ``activity_id`` may be left out: it is made from the
            title. Every idea id starts with ``"ours-"`` so it never collides with a
            catalog id.

        Raises
        ------
        CatalogError
            When a field breaks the catalog's rules (with every problem listed).
        StoreError
            When the couple already has an idea with that id.
        """
        frame = self._prepare_ideas([record], "your idea", ["idea"])
        values = frame.iloc[0].to_dict()
        explicit = bool(str(record.get(Columns.ACTIVITY_ID) or "").strip())
        with self._write() as s:
            self._couple_row(s, couple_id)
            base = values[Columns.ACTIVITY_ID]
            aid, n = base, 1
            while s.get(IdeaRow, (couple_id, aid)) is not None:
                if explicit:
                    raise StoreError(
                        f"you already have an idea with id {aid!r}; edit it or choose another id"
                    )
                n += 1
                aid = f"{base}-{n}"
            values[Columns.ACTIVITY_ID] = aid
            s.add(IdeaRow(couple_id=couple_id, **_idea_values(values)))
            return aid

    def add_ideas(
        self,
        couple_id: int,
        records: Iterable[Mapping[str, object]],
        *,
        skip_existing: bool = True,
        source: str = "ideas",
        where: list[str] | None = None,
    ) -> tuple[list[str], list[str]]:
        """Save many ideas in one transaction: all of them or none.

        Returns
        -------
        (added, skipped) : tuple of list of str
            Activity ids saved, and ids the couple already had (left as they are,
            keeping any edits) when ``skip_existing``; otherwise those raise StoreError.
        """
        frame = self._prepare_ideas(records, source, where)
        added: list[str] = []
        skipped: list[str] = []
        with self._write() as s:
            self._couple_row(s, couple_id)
            have = set(
                s.execute(
                    select(IdeaRow.activity_id).where(IdeaRow.couple_id == couple_id)
                ).scalars()
            )
            for values in frame.to_dict("records"):
                aid = str(values[Columns.ACTIVITY_ID])
                if aid in have:
                    if not skip_existing:
                        raise StoreError(f"you already have an idea with id {aid!r}")
                    skipped.append(aid)
                    continue
                s.add(IdeaRow(couple_id=couple_id, **_idea_values(values)))
                s.flush()  # one row at a time keeps a failure's position obvious
                added.append(aid)
                have.add(aid)
        return added, skipped

    def update_idea(self, couple_id: int, activity_id: str, record: Mapping[str, object]) -> None:
        """Replace the fields of one idea (its id stays); validated like :meth:`add_idea`."""
        row_values = {**record, Columns.ACTIVITY_ID: activity_id}
        values = self._prepare_ideas([row_values], "your idea", ["idea"]).iloc[0].to_dict()
        with self._write() as s:
            self._couple_row(s, couple_id)
            row = s.get(IdeaRow, (couple_id, activity_id))
            if row is None:
                raise StoreError(f"no idea with id {activity_id!r} for this couple")
            for key, value in _idea_values(values).items():
                if key != Columns.ACTIVITY_ID:
                    setattr(row, key, value)

    def ideas(self, couple_id: int) -> pd.DataFrame:
        """The couple's own ideas with the catalog's columns, typed like ``load_catalog``."""
        with self._read() as s:
            self._couple_row(s, couple_id)
            rows = s.execute(
                select(IdeaRow).where(IdeaRow.couple_id == couple_id).order_by(IdeaRow.activity_id)
            ).scalars()
            data = [{c: getattr(r, c) for c in _IDEA_COLUMNS} for r in rows]
        return _frame(
            data,
            _IDEA_COLUMNS,
            {
                Columns.COST: float,
                Columns.DURATION_HOURS: float,
                Columns.RISK: "int64",
                Columns.ENERGY: "int64",
            },
            _IDEA_TEXTS,
        )

    def delete_idea(self, couple_id: int, activity_id: str) -> None:
        """Delete one idea, and the reactions to it.

        Raises
        ------
        StoreError
            When it is unknown, or outings or plans still point at it (delete those first,
            so the history never names an activity that no longer exists).
        """
        with self._write() as s:
            self._couple_row(s, couple_id)
            row = s.get(IdeaRow, (couple_id, activity_id))
            if row is None:
                raise StoreError(f"no idea with id {activity_id!r} for this couple")
            used = []
            for model, what in ((OutingRow, "outing"), (PlannedRow, "planned outing")):
                n = s.execute(
                    select(func.count())
                    .select_from(model)
                    .where(model.couple_id == couple_id, model.activity_id == activity_id)
                ).scalar_one()
                if n:
                    used.append(f"{n} {what}{'s' if n > 1 else ''}")
            if used:
                raise StoreError(
                    f"{row.title!r} is in your history ({' and '.join(used)});"
                    " delete those first, then the idea"
                )
            s.execute(
                delete(ReactionRow).where(
                    ReactionRow.couple_id == couple_id, ReactionRow.activity_id == activity_id
                )
            )
            s.delete(row)

    # -- export / import ------------------------------------------------------------

    def export_data(self, couple_name: str | None = None) -> dict:
        """Everything of every couple (or of the one named), JSON-serialisable.

        The layout is versioned (``format_version``); internal row ids are left out, so
        importing an export into an empty database and exporting again gives the same
        content (only ``exported_at`` differs).
        """
        ids = self.list_couples()
        if couple_name is not None:
            ids = [(self.find_couple(couple_name), couple_name)]
        couples = []
        for cid, name in ids:
            couple = self.get_couple(cid)
            couples.append(
                {
                    "name": name,
                    "partners": {
                        key: {
                            "name": couple.partner(key).name,
                            "interests": list(couple.partner(key).interests),
                            "risk_comfort": couple.partner(key).risk_comfort,
                            "budget": couple.partner(key).budget,
                        }
                        for key in PARTNER_KEYS
                    },
                    "reactions": [
                        {
                            "activity_id": r["activity_id"],
                            "partner": r["partner"],
                            "rating": int(r["rating"]),
                            "at": r["at"].to_pydatetime().isoformat(),
                        }
                        for r in self.reactions(cid).to_dict("records")
                    ],
                    "outings": [
                        {
                            "activity_id": o["activity_id"],
                            "date": o["date"].isoformat(),
                            "rating_a": int(o["rating_a"]),
                            "rating_b": int(o["rating_b"]),
                            "notes": o["notes"],
                            "cost": None if pd.isna(o["cost"]) else float(o["cost"]),
                        }
                        for o in self.outings(cid).to_dict("records")
                    ],
                    "planned": [
                        {"activity_id": p["activity_id"], "date": p["date"].isoformat()}
                        for p in self.planned(cid).to_dict("records")
                    ],
                    "ideas": [_jsonable(i) for i in self.ideas(cid).to_dict("records")],
                }
            )
        return {
            "format": EXPORT_FORMAT,
            "format_version": EXPORT_FORMAT_VERSION,
            "schema_version": SCHEMA_VERSION,
            "exported_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "couples": couples,
        }

    def import_data(self, data: dict, *, replace: bool = False) -> None:
        """Load an export (see :meth:`export_data`) in one transaction: all of it or nothing.

        Parameters
        ----------
        data : dict
            An export, as read from its JSON file.
        replace : bool
            When True, a couple of the same name already here is deleted and replaced
            by the one in ``data`` (in the same transaction, so a bad file changes
            nothing). When False, such a couple is an error.

        Raises
        ------
        StoreError
            When the data is not an export, comes from a newer format, has a bad value
            (the message names it, e.g. ``couples[0].outings[2].rating_a``), or names a
            couple that already exists here and ``replace`` is False. Nothing is
            written then.
        """
        plan = _parse_export(data)
        with self._write() as s:
            for item in plan:
                existing = s.execute(select(CoupleRow).where(CoupleRow.name == item.name)).scalar()
                if existing is not None and not replace:
                    raise StoreError(
                        f"a couple named {item.name!r} is already in this database;"
                        " nothing was imported (rename or delete it first)"
                    )
                if existing is not None:
                    # Keep the couple's row (and so its id, which sessions remember) and
                    # replace everything else.
                    _delete_couple_rows(s, existing)
                    for field, value in item.partners.items():
                        setattr(existing, field, value)
                    row = existing
                else:
                    row = CoupleRow(name=item.name, created_at=_utcnow(), **item.partners)
                    s.add(row)
                s.flush()
                for model, rows in (
                    (ReactionRow, item.reactions),
                    (OutingRow, item.outings),
                    (PlannedRow, item.planned),
                    (IdeaRow, item.ideas),
                ):
                    for values in rows:
                        s.add(model(couple_id=row.id, **values))
                    s.flush()


def _delete_couple_rows(session: Session, row: CoupleRow) -> None:
    """Delete every row of a couple's (not the couple itself), in the caller's transaction."""
    for model in (ReactionRow, OutingRow, PlannedRow, IdeaRow):
        session.execute(delete(model).where(model.couple_id == row.id))


def _short(exc: BaseException) -> str:
    """The first line of a database error, without SQLAlchemy's background link."""
    message = str(getattr(exc, "orig", None) or exc).strip()
    return message.splitlines()[0] if message else type(exc).__name__


def _idea_values(values: Mapping[str, object]) -> dict[str, object]:
    out: dict[str, object] = {}
    for col in _IDEA_COLUMNS:
        value = values[col]
        if col in (Columns.RISK, Columns.ENERGY):
            value = int(value)  # type: ignore[call-overload]
        elif col in (Columns.COST, Columns.DURATION_HOURS):
            value = float(value)  # type: ignore[arg-type]
        else:
            value = str(value)
        out[col] = value
    return out


def _jsonable(record: Mapping[str, object]) -> dict[str, object]:
    out: dict[str, object] = {}
    for key, value in record.items():
        if hasattr(value, "item"):  # numpy scalars
            value = value.item()  # type: ignore[union-attr]
        out[str(key)] = value
    return out


@dataclass
class _CouplePlan:
    name: str
    partners: dict[str, object]
    reactions: list[dict[str, object]]
    outings: list[dict[str, object]]
    planned: list[dict[str, object]]
    ideas: list[dict[str, object]]


def _items(value: object, where: str) -> list:
    if value is None:
        return []
    if not isinstance(value, list):
        raise StoreError(f"{where}: must be a list (got {type(value).__name__})")
    return value


def _field(record: object, key: str, where: str) -> object:
    if not isinstance(record, dict):
        raise StoreError(f"{where}: must be an object with fields (got {record!r})")
    if key not in record:
        raise StoreError(f"{where}: missing field '{key}'")
    return record[key]


def _parse_export(data: object) -> list[_CouplePlan]:
    """Check a whole export before anything is written; StoreError names the bad field."""
    if not isinstance(data, dict) or data.get("format") != EXPORT_FORMAT:
        raise StoreError(
            f'not an export of couples-recommender (expected "format": "{EXPORT_FORMAT}")'
        )
    version = data.get("format_version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise StoreError(f"format_version: must be a whole number (got {version!r})")
    if version > EXPORT_FORMAT_VERSION:
        raise StoreError(
            f"format_version {version} was written by a newer version of couples-recommender;"
            f" this version reads up to {EXPORT_FORMAT_VERSION}. Upgrade the app to import it."
        )
    plans: list[_CouplePlan] = []
    names: set[str] = set()
    for i, couple in enumerate(_items(_field(data, "couples", "file"), "couples")):
        at = f"couples[{i}]"
        try:
            name = _couple_name(_field(couple, "name", at))
        except StoreError as exc:
            raise StoreError(f"{at}.name: {exc}") from None
        if name in names:
            raise StoreError(f"{at}.name: {name!r} appears twice in the file")
        names.add(name)
        partners_raw = _field(couple, "partners", at)
        partners = []
        for key in PARTNER_KEYS:
            p = _field(partners_raw, key, f"{at}.partners")
            where = f"{at}.partners.{key}"
            try:
                partners.append(
                    Partner(
                        name=_field(p, "name", where),  # type: ignore[arg-type]
                        interests=tuple(
                            _items(_field(p, "interests", where), f"{where}.interests")
                        ),
                        risk_comfort=_field(p, "risk_comfort", where),  # type: ignore[arg-type]
                        budget=_field(p, "budget", where),  # type: ignore[arg-type]
                    )
                )
            except StoreError:
                raise
            except ValueError as exc:
                raise StoreError(f"{where}: {exc}") from None
        plan = _CouplePlan(name, _partner_fields(Couple(*partners)), [], [], [], [])

        for j, r in enumerate(_items(couple.get("reactions"), f"{at}.reactions")):
            where = f"{at}.reactions[{j}]"
            try:
                partner = check_partner_key(_field(r, "partner", where))
                plan.reactions.append(
                    {
                        "activity_id": _check_activity_id(_field(r, "activity_id", where)),
                        "partner": partner,
                        "rating": _check_rating(_field(r, "rating", where), "rating"),
                        "at": _to_db_time(_field(r, "at", where) or "", "at"),  # type: ignore[arg-type]
                    }
                )
            except ValueError as exc:
                raise StoreError(_located(where, exc)) from None
        for j, o in enumerate(_items(couple.get("outings"), f"{at}.outings")):
            where = f"{at}.outings[{j}]"
            try:
                plan.outings.append(
                    {
                        "activity_id": _check_activity_id(_field(o, "activity_id", where)),
                        "date": _to_date(_field(o, "date", where)),
                        "rating_a": _check_rating(_field(o, "rating_a", where), "rating_a"),
                        "rating_b": _check_rating(_field(o, "rating_b", where), "rating_b"),
                        "notes": _check_text(o.get("notes", ""), "notes"),
                        "cost": _check_cost(o.get("cost")),
                    }
                )
            except ValueError as exc:
                raise StoreError(_located(where, exc)) from None
        for j, p in enumerate(_items(couple.get("planned"), f"{at}.planned")):
            where = f"{at}.planned[{j}]"
            try:
                plan.planned.append(
                    {
                        "activity_id": _check_activity_id(_field(p, "activity_id", where)),
                        "date": _to_date(_field(p, "date", where)),
                    }
                )
            except ValueError as exc:
                raise StoreError(_located(where, exc)) from None
        ideas = _items(couple.get("ideas"), f"{at}.ideas")
        if ideas:
            for j, idea in enumerate(ideas):
                if not isinstance(idea, dict):
                    raise StoreError(f"{at}.ideas[{j}]: must be an object with the catalog columns")
                aid = idea.get(Columns.ACTIVITY_ID)
                if not (isinstance(aid, str) and aid.startswith(IDEA_PREFIX)):
                    raise StoreError(
                        f"{at}.ideas[{j}].activity_id: must start with '{IDEA_PREFIX}'"
                        f" (got {aid!r})"
                    )
            try:
                frame = validate_activities(
                    ideas,
                    source=f"{at}.ideas",
                    where=[f"{at}.ideas[{j}]" for j in range(len(ideas))],
                )
            except CatalogError as exc:
                raise StoreError(str(exc)) from None
            plan.ideas = [_idea_values(v) for v in frame.to_dict("records")]
        plans.append(plan)
    return plans


def _located(where: str, exc: Exception) -> str:
    message = str(exc)
    return message if message.startswith(where) else f"{where}: {message}"


def dumps_export(data: dict) -> str:
    """An export as pretty, stable JSON text (UTF-8, keys in order)."""
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
