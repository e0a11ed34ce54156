"""Database backends for the store tests: a SQLite file, and PostgreSQL when available.

``database_url`` is parametrised over both. The PostgreSQL case runs when
``TEST_DATABASE_URL`` points at a server (``scripts/test-services.sh`` starts one);
each test gets its own freshly created schema, dropped afterwards, so tests never
see each other's rows. Without the variable it is skipped, except on CI
(``CI=true``), where it fails: there the hosted path must really be tested.

Import the fixture into a test module with ``database_url = db_backends.database_url``.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

TEST_DATABASE_URL_ENV = "TEST_DATABASE_URL"


def sqlite_url(path: Path) -> str:
    """The SQLAlchemy URL of a SQLite file."""
    return f"sqlite:///{path}"


@pytest.fixture(
    params=[
        pytest.param("sqlite", id="sqlite"),
        pytest.param("postgresql", id="postgresql", marks=pytest.mark.postgres),
    ]
)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database's URL, on SQLite or PostgreSQL."""
    if request.param == "sqlite":
        yield sqlite_url(tmp_path / "couples.sqlite3")
        return
    base = os.environ.get(TEST_DATABASE_URL_ENV, "").strip()
    if not base:
        message = (
            f"{TEST_DATABASE_URL_ENV} is not set, so the store tests cannot run on PostgreSQL"
            " (scripts/test-services.sh starts a server and sets it)"
        )
        if os.environ.get("CI") == "true":
            pytest.fail(message + "; on CI they must run", pytrace=False)
        pytest.skip(message)
    schema = f"test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    # search_path set per connection, so other processes given this URL use the schema too.
    url = make_url(base).update_query_dict({"options": f"-csearch_path={schema}"})
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()
