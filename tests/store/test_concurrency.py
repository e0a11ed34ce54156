"""Several processes at once: writers lose nothing, openers of a new database all succeed."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from store_helpers import (
    ANA_BEN,
    REPO,
)

from recommender import Store
from recommender.store.migrations import SCHEMA_VERSION, revision_id

# ----------------------------------------------------------------- reliability

WRITER = """
import sys, time
from pathlib import Path
from recommender.store.store import Store
url, couple_id, partner, count, go = sys.argv[1:6]
store = Store(url)
while not Path(go).exists():
    time.sleep(0.002)
for i in range(int(count)):
    store.add_reaction(int(couple_id), f"activity-{partner}-{i}", partner[0], 1 + i % 5)
print("wrote", count)
"""

OPENER = """
import sys, time
from pathlib import Path
from recommender import Couple, Partner, Store
url, name, go = sys.argv[1:4]
while not Path(go).exists():
    time.sleep(0.002)
store = Store(url)
store.create_couple(Couple(Partner(name), Partner(name + "'s partner")))
print("ok")
"""


def run_together(script: str, argvs: list[list[str]], go: Path) -> list[str]:
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", script, *argv],
            cwd=REPO,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for argv in argvs
    ]
    time.sleep(0.5)  # let every process import and open its connection first
    go.touch()
    outputs = []
    for proc in procs:
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
        outputs.append(out)
    return outputs


@pytest.mark.slow
def test_concurrent_writers_lose_nothing(database_url: str, tmp_path: Path) -> None:
    with Store(database_url) as store:
        cid = store.create_couple(ANA_BEN)
    per_writer = 40
    writers = ["a1", "b1", "a2"]  # both phones, and Ana's laptop too
    outputs = run_together(
        WRITER,
        [[database_url, str(cid), w, str(per_writer), str(tmp_path / "go")] for w in writers],
        tmp_path / "go",
    )
    assert outputs == [f"wrote {per_writer}\n"] * len(writers)
    with Store(database_url) as store:
        got = store.reactions(cid)
    assert len(got) == per_writer * len(writers)
    expected = {f"activity-{w}-{i}" for w in writers for i in range(per_writer)}
    assert set(got["activity_id"]) == expected
    assert got["reaction_id"].is_unique


@pytest.mark.slow
def test_processes_opening_a_new_database_at_once_all_succeed(
    database_url: str, tmp_path: Path
) -> None:
    names = ["Ana", "Cam", "Eve"]
    run_together(OPENER, [[database_url, n, str(tmp_path / "go")] for n in names], tmp_path / "go")
    with Store(database_url) as store:
        assert sorted(n for _, n in store.list_couples()) == [f"{n} & {n}'s partner" for n in names]
    engine = create_engine(database_url)
    with engine.connect() as conn:
        versions = [v for (v,) in conn.execute(text("SELECT version FROM schema_version"))]
        revisions = [v for (v,) in conn.execute(text("SELECT version_num FROM alembic_version"))]
    engine.dispose()
    # Migrated exactly once.
    assert sorted(versions) == list(range(1, SCHEMA_VERSION + 1))
    assert revisions == [revision_id(SCHEMA_VERSION)]
