"""How fast the recommender ranks, and what it costs to fit.

Measures, and writes to ``benchmarks/results/engine.json``:

- ``recommend`` p50/p90 on the bundled catalog with 50 feedback events
  (target p50 <= 10 ms), for one couple asking again and again and for a different
  couple with new interest words on every call (what a hosted server sees: nothing
  is memoised for them);
- the same on a 100,000-row synthetic catalog made by recombining the bundled
  rows' text and numbers with a fixed seed (target p50 <= 100 ms);
- the time to fit the content model on that catalog, semantic vectors included
  (target <= 30 s), and the time to build a ``Recommender`` from its cache;
- peak memory: Python allocations during the fit (tracemalloc) and the
  process's peak resident size;
- the floor: one sparse TF-IDF scoring pass with a top-k (``argpartition``)
  over the same rows, and ``recommend``'s ratio to it.

Run: ``.venv/bin/python benchmarks/bench_engine.py`` (``--quick`` for a 20,000-row run).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

import numpy as np
import pandas as pd
import sklearn
from sklearn.feature_extraction.text import TfidfVectorizer

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from recommender import Columns, Couple, Feedback, Partner, Recommender, load_catalog  # noqa: E402
from recommender.ranking.features import ContentModel  # noqa: E402

C = Columns
RESULTS = Path(__file__).resolve().parent / "results" / "engine.json"
COUPLE = Couple(
    Partner("Ana", ["cooking", "live music", "the sea"], risk_comfort=3, budget=200),
    Partner("Ben", ["hiking", "climbing", "jazz"], risk_comfort=4, budget=300),
)


def synthetic_catalog(base: pd.DataFrame, rows: int, seed: int = 42) -> pd.DataFrame:
    """A catalog of ``rows`` activities recombined from ``base`` (deterministic).

    Each row takes its title and category from one bundled activity, its
    description from two others, its tags from one of those, and its numbers
    from one more, jittered.
    """
    rng = np.random.default_rng(seed)
    n = len(base)
    pick = {name: rng.integers(0, n, rows) for name in ("title", "d1", "d2", "nums")}
    first_sentence = base[C.DESCRIPTION].str.split(". ").str[0].to_numpy()
    rest = base[C.DESCRIPTION].str.split(". ", n=1).str[-1].to_numpy()
    out = pd.DataFrame(
        {
            C.ACTIVITY_ID: [
                f"{a}-{i}" for i, a in enumerate(base[C.ACTIVITY_ID].to_numpy()[pick["title"]])
            ],
            C.TITLE: base[C.TITLE].to_numpy()[pick["title"]],
            C.DESCRIPTION: np.char.add(
                np.char.add(first_sentence[pick["d1"]].astype(str), ". "),
                rest[pick["d2"]].astype(str),
            ),
            C.CATEGORY: base[C.CATEGORY].to_numpy()[pick["title"]],
            C.TAGS: base[C.TAGS].to_numpy()[pick["d1"]],
            C.COST: np.round(base[C.COST].to_numpy()[pick["nums"]] * rng.uniform(0.8, 1.2, rows)),
            C.RISK: base[C.RISK].to_numpy()[pick["nums"]],
            C.DURATION_HOURS: base[C.DURATION_HOURS].to_numpy()[pick["nums"]],
            C.SETTING: base[C.SETTING].to_numpy()[pick["nums"]],
            C.ENERGY: base[C.ENERGY].to_numpy()[pick["nums"]],
            C.SEASONS: base[C.SEASONS].to_numpy()[pick["nums"]],
            C.CONVERSATION_STARTER: base[C.CONVERSATION_STARTER].to_numpy()[pick["d2"]],
        }
    )
    return out


def history(catalog: pd.DataFrame, events: int = 50, seed: int = 0) -> list[Feedback]:
    """``events`` feedback events: reactions and done outings rated by both."""
    rng = np.random.default_rng(seed)
    ids = catalog[C.ACTIVITY_ID].to_numpy()[rng.choice(len(catalog), events, replace=False)]
    out: list[Feedback] = []
    for i, aid in enumerate(ids):
        if len(out) >= events:
            break
        if i % 5 == 0 and len(out) + 2 <= events:
            out += [
                Feedback(str(aid), "a", int(rng.integers(2, 6)), done=True),
                Feedback(str(aid), "b", int(rng.integers(2, 6)), done=True),
            ]
        else:
            out.append(Feedback(str(aid), str(rng.choice(["a", "b"])), int(rng.choice([1, 5]))))
    return out[:events]


def new_couples(catalog: pd.DataFrame, seed: int = 1):
    """A function returning a different couple, with interest words never asked before."""
    rng = np.random.default_rng(seed)
    # An array, not a list: rng.choice would convert a list on every call, inside the timing.
    words = np.asarray(
        sorted(
            {
                w
                for text in catalog[C.DESCRIPTION].head(2000)
                for w in text.lower().split()
                if w.isalpha()
            }
        )
    )
    counter = iter(range(10**9))

    def make() -> Couple:
        n = next(counter)
        picks = rng.choice(words, 4, replace=False)
        # Two-word phrases in a fresh order: no cache has seen them.
        return Couple(
            Partner(f"A{n}", [f"{picks[0]} {picks[1]}", "the sea"], risk_comfort=3, budget=200),
            Partner(f"B{n}", [f"{picks[2]} {picks[3]}", "hiking"], risk_comfort=4, budget=300),
        )

    return make


def timed(fn, repeats: int) -> list[float]:
    fn()  # warm caches (interest vectors, imports)
    out = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        out.append((time.perf_counter() - start) * 1000)
    return out


def floor_pass(catalog: pd.DataFrame, k: int, repeats: int) -> list[float]:
    """One sparse TF-IDF scoring pass with argpartition top-k over the same rows."""
    text = catalog[C.TITLE] + " " + catalog[C.DESCRIPTION]
    vectorizer = TfidfVectorizer(stop_words="english", sublinear_tf=True)
    matrix = vectorizer.fit_transform(text).tocsr()
    query = vectorizer.transform(["cooking live music sea hiking climbing jazz"]).toarray().ravel()

    def once() -> np.ndarray:
        scores = matrix @ query
        top = np.argpartition(-scores, k)[:k]
        return top[np.argsort(-scores[top])]

    return timed(once, repeats)


def summary(ms: list[float]) -> dict[str, float]:
    return {
        "p50_ms": round(statistics.median(ms), 2),
        "p90_ms": round(statistics.quantiles(ms, n=10)[-1], 2),
    }


def main(argv: list[str] | None = None) -> dict[str, object]:
    """Run the benchmark, print a table and write the results file."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="20,000 synthetic rows")
    args = parser.parse_args(argv)
    big_rows = 20_000 if args.quick else 100_000
    k = 10
    bundled = load_catalog()
    results: dict[str, object] = {
        "python": platform.python_version(),
        "scikit-learn": sklearn.__version__,
        "numpy": np.__version__,
        "pandas": pd.__version__,
        "machine": f"{platform.machine()}, {platform.system()}",
        "k": k,
        "feedback_events": 50,
    }
    with tempfile.TemporaryDirectory() as cache:
        # Bundled catalog.
        engine = Recommender(bundled, cache_dir=cache)
        fb = history(bundled)
        small = summary(timed(lambda: engine.recommend(COUPLE, k=k, feedback=fb), 300))
        fresh = new_couples(bundled)
        small_new = summary(timed(lambda: engine.recommend(fresh(), k=k, feedback=fb), 300))
        small_floor = summary(floor_pass(bundled, k, 300))
        results["bundled"] = {
            "rows": len(bundled),
            "recommend": small,
            "recommend_new_couple_each_call": small_new,
            "floor": small_floor,
            "ratio_to_floor": round(small["p50_ms"] / small_floor["p50_ms"], 1),
            "target_p50_ms": 10,
        }

        # Synthetic catalog.
        big = synthetic_catalog(bundled, big_rows)
        start = time.perf_counter()
        model = ContentModel()
        model.embed(big, model.fit_transform(big))
        fit_s = time.perf_counter() - start
        tracemalloc.start()
        model = ContentModel()
        model.embed(big, model.fit_transform(big))
        _, fit_peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        start = time.perf_counter()
        Recommender(big, cache_dir=cache)  # fits, hashes, writes the cache
        build_s = time.perf_counter() - start
        start = time.perf_counter()
        engine_big = Recommender(big, cache_dir=cache)  # from the cache
        load_s = time.perf_counter() - start
        assert engine_big.model_loaded
        fb_big = history(big)
        big_times = summary(timed(lambda: engine_big.recommend(COUPLE, k=k, feedback=fb_big), 50))
        fresh_big = new_couples(big)
        big_new = summary(
            timed(lambda: engine_big.recommend(fresh_big(), k=k, feedback=fb_big), 50)
        )
        big_floor = summary(floor_pass(big, k, 50))
        results["synthetic"] = {
            "rows": len(big),
            "fit_s": round(fit_s, 2),
            "first_build_s": round(build_s, 2),
            "build_from_cache_s": round(load_s, 2),
            "fit_peak_python_mb": round(fit_peak / 2**20, 1),
            "recommend": big_times,
            "recommend_new_couple_each_call": big_new,
            "floor": big_floor,
            "ratio_to_floor": round(big_times["p50_ms"] / big_floor["p50_ms"], 1),
            "target_p50_ms": 100,
            "target_fit_s": 30,
        }
    results["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)

    b, s = results["bundled"], results["synthetic"]
    print(f"{'':34s}{'p50 ms':>10s}{'p90 ms':>10s}{'target':>10s}")
    print(
        f"{'recommend, bundled':34s}{b['recommend']['p50_ms']:>10.2f}"
        f"{b['recommend']['p90_ms']:>10.2f}{'<= 10':>10s}   ({b['rows']} rows, 50 events)"
    )
    print(
        f"{'  new couple, new words each call':34s}"
        f"{b['recommend_new_couple_each_call']['p50_ms']:>10.2f}"
        f"{b['recommend_new_couple_each_call']['p90_ms']:>10.2f}{'<= 10':>10s}"
    )
    print(
        f"{'floor: TF-IDF pass + top-k':34s}{b['floor']['p50_ms']:>10.2f}"
        f"{b['floor']['p90_ms']:>10.2f}{'':>10s}   ratio {b['ratio_to_floor']}x"
    )
    print(
        f"{'recommend, synthetic':34s}{s['recommend']['p50_ms']:>10.2f}"
        f"{s['recommend']['p90_ms']:>10.2f}{'<= 100':>10s}   ({s['rows']:,} rows, 50 events)"
    )
    print(
        f"{'  new couple, new words each call':34s}"
        f"{s['recommend_new_couple_each_call']['p50_ms']:>10.2f}"
        f"{s['recommend_new_couple_each_call']['p90_ms']:>10.2f}{'<= 100':>10s}"
    )
    print(
        f"{'floor: TF-IDF pass + top-k':34s}{s['floor']['p50_ms']:>10.2f}"
        f"{s['floor']['p90_ms']:>10.2f}{'':>10s}   ratio {s['ratio_to_floor']}x"
    )
    print(
        f"fit content model + semantic vectors, {s['rows']:,} rows: {s['fit_s']:.1f} s"
        " (target <= 30 s); "
        f"first Recommender build {s['first_build_s']:.1f} s;"
        f" from cache {s['build_from_cache_s']:.1f} s"
    )
    print(
        f"peak memory: fit {s['fit_peak_python_mb']} MB of Python allocations (tracemalloc); "
        f"process peak RSS {results['peak_rss_mb']} MB"
    )
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    # Other work on the machine slows every figure: record how busy it was (1, 5, 15 min).
    results["load_average_after"] = [round(x, 2) for x in os.getloadavg()]
    RESULTS.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {RESULTS.relative_to(ROOT)}")
    return results


if __name__ == "__main__":
    main()
