"""How long a couple's other writes wait while a big ideas file is imported (issue 9).

A 200,000-row catalog-like CSV is imported with ``import-ideas``'s code path
(:func:`recommender.ingest.ideas.import_ideas`) into a SQLite database, while another
process adds a thumbs up every ~100 ms, as a partner's phone would. Figures:

- the import's total time, and how long its write transaction held the lock
  (``write_lock_s``: from BEGIN IMMEDIATE to COMMIT, measured in the importing process);
- the concurrent thumbs ups: how many, how many failed, and the median and longest time
  each took (a write waits while the import holds the lock). Target: longest <= 2 s.

Writes the figures to ``benchmarks/results/import_lock.json``.

Run: ``.venv/bin/python benchmarks/bench_import_lock.py [--rows N]``
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
RESULTS = ROOT / "benchmarks" / "results" / "import_lock.json"
# 200,000 rows (~30 MB) is past the default limits on a file people point the app at.
os.environ.setdefault("RECOMMENDER_MAX_FILE_MB", "200")
os.environ.setdefault("RECOMMENDER_MAX_ROWS", "250000")

from sqlalchemy import event  # noqa: E402
from sqlalchemy.engine import Connection  # noqa: E402

from recommender import Couple, Partner, Store  # noqa: E402
from recommender.catalog.columns import Columns  # noqa: E402
from recommender.ingest.ideas import import_ideas  # noqa: E402

#: The partner's phone: a thumbs up every ~100 ms until told to stop; each call timed.
THUMBS = """
import json, sys, time
from pathlib import Path
from recommender.store.store import Store, StoreError
url, couple_id, ready, stop, out = sys.argv[1:6]
store = Store(url)
Path(ready).touch()
waits, failures, i = [], [], 0
while not Path(stop).exists():
    start = time.perf_counter()
    try:
        store.add_reaction(int(couple_id), f"catalog-{i % 50}", "b", 5)
        waits.append(time.perf_counter() - start)
    except StoreError as exc:
        failures.append(str(exc))
    i += 1
    time.sleep(0.1)
Path(out).write_text(json.dumps({"waits": waits, "failures": failures}))
"""


def write_catalog_csv(path: Path, rows: int) -> None:
    """A catalog-like CSV of ``rows`` distinct ideas."""
    c = Columns
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(c.ALL)
        for i in range(rows):
            writer.writerow(
                [
                    f"bulk-idea-{i}",
                    f"Bulk idea number {i}",
                    f"Something new to do together, number {i}, with a longer description.",
                    "outdoors",
                    "nature;romantic",
                    i % 200,
                    1 + i % 5,
                    1 + i % 6,
                    "outdoor",
                    1 + i % 5,
                    "spring;summer",
                    "What would make this one ours?",
                ]
            )


def main(argv: list[str] | None = None) -> dict[str, object]:
    """Run the benchmark, print the figures and write them to the results file."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--no-write", action="store_true", help="do not write the results file")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="bench-import-lock-") as folder:
        tmp = Path(folder)
        url = f"sqlite:///{tmp / 'couples.sqlite3'}"
        file = tmp / "ideas.csv"
        write_catalog_csv(file, args.rows)
        store = Store(url)
        couple_id = store.create_couple(Couple(Partner("Ana"), Partner("Ben")))

        held: list[float] = []
        began: list[float] = []

        # Only write transactions (BEGIN IMMEDIATE) hold SQLite's lock; staging does not.
        def _writes(conn: Connection) -> bool:
            return conn.get_execution_options().get("sqlite_begin") == "IMMEDIATE"

        @event.listens_for(store.engine, "begin")
        def _began(conn: Connection) -> None:
            if _writes(conn):
                began.append(time.perf_counter())

        @event.listens_for(store.engine, "commit")
        def _committed(conn: Connection) -> None:
            if began and _writes(conn):
                held.append(time.perf_counter() - began.pop())

        ready, stop, out = tmp / "ready", tmp / "stop", tmp / "thumbs.json"
        phone = subprocess.Popen(
            [sys.executable, "-c", THUMBS, url, str(couple_id), str(ready), str(stop), str(out)],
            cwd=ROOT,
        )
        while not ready.exists():
            assert phone.poll() is None, "the thumbs-up process failed to start"
            time.sleep(0.05)
        time.sleep(1.0)  # some writes with no import running, for comparison
        start = time.perf_counter()
        report = import_ideas(store, couple_id, file)
        import_s = time.perf_counter() - start
        time.sleep(1.0)
        stop.touch()
        phone.wait(timeout=120)
        thumbs = json.loads(out.read_text())
        store.close()

    waits = thumbs["waits"]
    figures: dict[str, object] = {
        "rows": args.rows,
        "added": report.added,
        "import_s": round(import_s, 2),
        "write_lock_s": round(max(held), 3) if held else None,
        "concurrent_writes": len(waits) + len(thumbs["failures"]),
        "failed_writes": len(thumbs["failures"]),
        "median_wait_s": round(statistics.median(waits), 4) if waits else None,
        "longest_wait_s": round(max(waits), 3) if waits else None,
        "target_longest_wait_s": 2.0,
        "database": "sqlite",
        # The machine's load while it ran (shared machines inflate every figure above).
        "load_average_1min": round(os.getloadavg()[0], 2),
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "machine": platform.machine(),
    }
    for key, value in figures.items():
        print(f"{key:>22}: {value}")
    if thumbs["failures"]:
        print("failures:", *thumbs["failures"][:3], sep="\n  ")
    if not args.no_write:
        RESULTS.parent.mkdir(parents=True, exist_ok=True)
        RESULTS.write_text(json.dumps(figures, indent=2) + "\n")
    return figures


if __name__ == "__main__":
    main()
