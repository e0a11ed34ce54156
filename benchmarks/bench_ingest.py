"""How fast files are read, and refused, within the limits (issue 9).

Each case runs in a fresh Python process so its peak memory (max RSS) is its own:
the Bored API file, an ideas file at the row limit (10,000 rows), and hostile inputs
that used to run away (``/dev/zero`` grew to 23.6 GB; 100,000-deep JSON raised
RecursionError): a sparse 1 GB file, a FIFO, JSON nested 100,000 deep, a 19 MB CSV
just under the size limit. Prints a table and writes ``benchmarks/results/ingest.json``.

Run: ``.venv/bin/python benchmarks/bench_ingest.py``
"""

from __future__ import annotations

import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results" / "ingest.json"
BORED = ROOT.parent / "shared" / "datasets" / "bored-api" / "activities.jsonl"
if not BORED.is_file():
    BORED = ROOT.parent.parent / "shared" / "datasets" / "bored-api" / "activities.jsonl"
REPEATS = 3

# Runs in the child: read the file, print elapsed ms, outcome and peak RSS (MB).
CHILD = """
import resource, sys, time
from recommender.ingest.ideas import ImportFileError, read_ideas_file
start = time.perf_counter()
try:
    preview = read_ideas_file(sys.argv[1])
    outcome = f"read {len(preview.rows)} rows"
except ImportFileError as exc:
    outcome = "refused: " + str(exc).splitlines()[0][:90]
elapsed = (time.perf_counter() - start) * 1000
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(f"{elapsed:.1f}\\t{peak:.0f}\\t{outcome}")
"""


def _run(path: str) -> tuple[list[float], float, str]:
    times, peaks, outcome = [], [], ""
    for _ in range(REPEATS):
        done = subprocess.run(
            [sys.executable, "-c", CHILD, path],
            capture_output=True,
            text=True,
            timeout=300,
            cwd=ROOT,
            check=True,
        )
        ms, peak, outcome = done.stdout.strip().split("\t", 2)
        times.append(float(ms))
        peaks.append(float(peak))
    return times, max(peaks), outcome


def _cases(folder: Path) -> dict[str, str]:
    cases: dict[str, str] = {}
    if BORED.is_file():
        cases["Bored API file (196 rows)"] = str(BORED)
    rows = folder / "rows.csv"
    rows.write_text("title,cost\n" + "".join(f"Idea number {i},{i % 50}\n" for i in range(10_000)))
    cases["CSV at the row limit (10,000 rows)"] = str(rows)
    near = folder / "near.csv"
    line = "title,description\n"
    with near.open("w") as handle:
        handle.write(line)
        handle.write(f"Picnic,{'x' * 4000}\n" * 4_750)  # ~19 MB, one idea repeated
    cases["CSV of 19 MB (under the 20 MB limit)"] = str(near)
    sparse = folder / "sparse.csv"
    with sparse.open("wb") as handle:
        handle.truncate(1_000_000_000)
    cases["sparse 1 GB file"] = str(sparse)
    cases["/dev/zero"] = "/dev/zero"
    fifo = folder / "fifo.csv"
    os.mkfifo(fifo)
    cases["FIFO with no writer"] = str(fifo)
    deep = folder / "deep.jsonl"
    deep.write_text('{"title": ' + "[" * 100_000 + "]" * 100_000 + "}\n")
    cases["JSON nested 100,000 deep"] = str(deep)
    return cases


def main() -> dict[str, object]:
    """Run every case, print a table and write the results file."""
    with tempfile.TemporaryDirectory() as folder:  # the floor: imports and a one-line file
        one = Path(folder) / "one.csv"
        one.write_text("title\nPicnic\n")
        _, base_peak, _ = _run(str(one))
    results = {}
    with tempfile.TemporaryDirectory() as folder:
        for name, path in _cases(Path(folder)).items():
            times, peak, outcome = _run(path)
            results[name] = {
                "median_ms": round(statistics.median(times), 1),
                "peak_rss_mb": peak,
                "outcome": outcome,
            }
    print(f"{'case':40} {'median ms':>10} {'peak MB':>8}  outcome")
    print(f"{'(floor: a one-idea file)':40} {'':>10} {base_peak:8.0f}")
    for name, r in results.items():
        print(f"{name:40} {r['median_ms']:10.1f} {r['peak_rss_mb']:8.0f}  {r['outcome']}")
    out = {
        "python": platform.python_version(),
        "repeats": REPEATS,
        "one_idea_file_peak_rss_mb": base_peak,
        "cases": results,
    }
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(out, indent=2) + "\n")
    return out


if __name__ == "__main__":
    main()
