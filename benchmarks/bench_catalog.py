"""How long loading and validating the bundled catalog takes.

Prints the median and 90th percentile of ``load_catalog()`` over repeated runs, next
to the floor: a bare ``pandas.read_csv`` of the same file with no validation.
Writes the figures to ``benchmarks/results/catalog.json``.

Run: ``.venv/bin/python benchmarks/bench_catalog.py``
"""

from __future__ import annotations

import json
import platform
import statistics
import time
from pathlib import Path

import pandas as pd

from recommender.catalog.loading import BUNDLED_CATALOG, load_catalog

RESULTS = Path(__file__).resolve().parent / "results" / "catalog.json"
REPEATS = 30


def _time(fn, repeats: int = REPEATS) -> list[float]:
    fn()  # warm the file cache and imports
    out = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        out.append((time.perf_counter() - start) * 1000)
    return out


def main() -> dict[str, object]:
    """Run the benchmark, print a table and write the results file."""
    rows = len(load_catalog())
    load = _time(load_catalog)
    floor = _time(lambda: pd.read_csv(BUNDLED_CATALOG))
    p50, p90 = statistics.median(load), statistics.quantiles(load, n=10)[-1]
    f50 = statistics.median(floor)
    result = {
        "rows": rows,
        "load_catalog_ms_p50": round(p50, 2),
        "load_catalog_ms_p90": round(p90, 2),
        "read_csv_floor_ms_p50": round(f50, 2),
        "ratio_to_floor": round(p50 / f50, 1),
        "target_ms": 1000,
        "repeats": REPEATS,
        "python": platform.python_version(),
        "pandas": pd.__version__,
    }
    print(f"bundled catalog: {rows} rows, {REPEATS} runs")
    print(f"  load_catalog()     p50 {p50:7.1f} ms   p90 {p90:7.1f} ms   (target < 1000 ms)")
    print(f"  pandas.read_csv    p50 {f50:7.1f} ms   (floor, no validation)")
    print(f"  ratio to floor     {p50 / f50:.1f}x")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return result


if __name__ == "__main__":
    main()
