"""Fixtures of the store tests: an empty database on SQLite and PostgreSQL, and a Store on it."""

from __future__ import annotations

from collections.abc import Iterator

import db_backends
import pytest

from recommender import Store

database_url = db_backends.database_url


@pytest.fixture
def store(database_url: str) -> Iterator[Store]:
    """A Store on an empty database."""
    with Store(database_url) as s:
        yield s
