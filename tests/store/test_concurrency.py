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

# Each process says it is ready (a file), then waits for "go": the test starts them all at
# once only when every one is ready, so the writes really overlap (a barrier, not a pause).
WRITER = """
import sys, time
from pathlib import Path
from recommender.store.store import Store
url, couple_id, partner, count, ready, go = sys.argv[1:7]
store = Store(url)
Path(ready).touch()
while not Path(go).exists():
    time.sleep(0.001)
start = time.time()
for i in range(int(count)):
    store.add_reaction(int(couple_id), f"activity-{partner}-{i}", partner[0], 1 + i % 5)
print("wrote", count, start, time.time())
"""

OPENER = """
import sys, time
from pathlib import Path
from recommender import Couple, Partner, Store
url, name, ready, go = sys.argv[1:5]
Path(ready).touch()
while not Path(go).exists():
    time.sleep(0.001)
store = Store(url)
store.create_couple(Couple(Partner(name), Partner(name + "'s partner")))
print("ok")
"""


def run_together(script: str, argvs: list[list[str]], folder: Path) -> list[str]:
    """Run ``script`` in one process per argv, releasing them together once all are ready.

    Each argv gets two more arguments: the file it touches when ready and the "go" file.
    """
    go = folder / "go"
    readies = [folder / f"ready-{i}" for i in range(len(argvs))]
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", script, *argv, str(ready), str(go)],
            cwd=REPO,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for argv, ready in zip(argvs, readies, strict=True)
    ]
    try:
        deadline = time.monotonic() + 120
        while not all(r.exists() for r in readies):
            for proc in procs:
                assert proc.poll() is None, proc.communicate()[1]
            assert time.monotonic() < deadline, "the processes never got ready"
            time.sleep(0.01)
        go.touch()
        outputs = []
        for proc in procs:
            out, err = proc.communicate(timeout=120)
            assert proc.returncode == 0, err
            outputs.append(out)
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.kill()
    return outputs


@pytest.mark.slow
def test_concurrent_writers_lose_nothing(database_url: str, tmp_path: Path) -> None:
    with Store(database_url) as store:
        cid = store.create_couple(ANA_BEN)
    per_writer = 40
    writers = ["a1", "b1", "a2"]  # both phones, and Ana's laptop too
    outputs = run_together(
        WRITER, [[database_url, str(cid), w, str(per_writer)] for w in writers], tmp_path
    )
    spans = []
    for out in outputs:
        word, count, start, end = out.split()
        assert (word, count) == ("wrote", str(per_writer))
        spans.append((float(start), float(end)))
    # They did write at the same time: every writer started before any of them finished.
    assert max(start for start, _ in spans) < min(end for _, end in spans)
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
    run_together(OPENER, [[database_url, n] for n in names], tmp_path)
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
