"""Where the data lives and how the database is opened: URL, SQLite settings, refusals."""

from __future__ import annotations

from pathlib import Path

import db_backends
import pytest
from sqlalchemy import text
from store_helpers import (
    ANA_BEN,
)

from recommender import Store, StoreError
from recommender.store.database import default_database_url

# ----------------------------------------------------------------- where the data lives


def test_database_url_comes_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    url = db_backends.sqlite_url(tmp_path / "from-env.db")
    monkeypatch.setenv("DATABASE_URL", url)
    with Store() as store:
        assert store.url == url
        store.create_couple(ANA_BEN)
    assert (tmp_path / "from-env.db").exists()


def test_default_is_a_sqlite_file_in_the_user_data_dir_created_on_first_use(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("DATABASE_URL", raising=False)
    folder = tmp_path / "data" / "couples-recommender"
    seen: list[str] = []

    def fake_user_data_dir(appname: str, appauthor: object = None) -> str:
        seen.append(appname)
        return str(folder)

    monkeypatch.setattr("recommender.store.database.platformdirs.user_data_dir", fake_user_data_dir)
    assert default_database_url() == f"sqlite:///{folder / 'couples.sqlite3'}"
    assert not folder.exists()
    with Store() as store:
        store.create_couple(ANA_BEN)
    assert seen[0] == "couples-recommender"
    assert (folder / "couples.sqlite3").is_file()


def test_sqlite_runs_in_wal_mode_with_foreign_keys_and_a_busy_timeout(tmp_path: Path) -> None:
    with Store(db_backends.sqlite_url(tmp_path / "x.db")) as store, store.engine.connect() as c:
        assert c.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert c.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert c.execute(text("PRAGMA busy_timeout")).scalar() >= 5000


def test_unusable_databases_are_refused_with_a_clear_message(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="not a database URL: 'nonsense'"):
        Store("nonsense")
    junk = tmp_path / "notes.txt"
    junk.write_text("this is a shopping list, not a database\n" * 100)
    before = junk.read_bytes()
    with pytest.raises(StoreError, match=r"cannot open the database .*notes\.txt.*not a database"):
        Store(db_backends.sqlite_url(junk))
    assert junk.read_bytes() == before
    with pytest.raises(StoreError, match=r"cannot open the database .*no-such-folder"):
        Store(db_backends.sqlite_url(tmp_path / "no-such-folder" / "x.db"))


def test_store_url_hides_the_password() -> None:
    with pytest.raises(StoreError) as info:
        Store("postgresql+psycopg://me:s3cret@127.0.0.1:1/nowhere")
    assert "s3cret" not in str(info.value) and "***" in str(info.value)
