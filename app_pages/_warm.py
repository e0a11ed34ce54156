"""The server's warm-up: done while it starts (``serve.py``), so its first visitor does not wait.

A fresh server's first page used to pay for everything done once per process: imports, the
database's first connection and queries, the fitted model, the word vectors, pandas' and
pyarrow's first use, Altair's first check of a chart against the Vega-Lite schema. The
warm-up loads what every page needs and then rehearses the pages' work once for a made-up
couple in a throwaway database (suggestions, the dashboard's frames and charts), drawing
nothing. Each step is best effort: one that fails (a database not reachable yet, say) is
logged and left to the page, which says what is wrong in words.
"""

from __future__ import annotations

import gc
import importlib
import logging
import pkgutil
import tempfile
from collections.abc import Callable
from datetime import date
from pathlib import Path

import app_pages
import recommender.planning

log = logging.getLogger(__name__)


def warm() -> None:
    """Load and rehearse what the pages need; see the module's note."""
    from app_pages import _store

    steps: list[tuple[str, Callable[[], object]]] = [
        ("page imports", _import_pages),
        ("database", _store.store),
        ("catalog", _store.catalog),
        ("model", _store.engine),
        ("word vectors", _load_meaning),
        ("rehearsal of the pages", _rehearse),
        ("first element", _skip_direct_run_check),
    ]
    for what, step in steps:
        try:
            step()
        except Exception as exc:  # the page meets it again and explains it
            log.warning("warming up the %s failed: %s", what, exc)
    # Streamlit collects garbage after every run of a page (runner.postScriptGC); with the
    # model, the word vectors and every import on the heap that full pass took a large
    # share of each run. What was loaded here lives as long as the server: freezing it
    # takes it out of every later collection (the collector still frees what pages make).
    gc.collect()
    gc.freeze()


def _import_pages() -> None:
    # The pages' shared helpers (app_pages/_*.py; the pages themselves draw when run, so they
    # are not imported) and everything the pages show comes from (recommender.planning).
    helpers = [f"app_pages.{m.name}" for m in pkgutil.iter_modules(app_pages.__path__)]
    shown = recommender.planning.__path__
    planning = [f"recommender.planning.{m.name}" for m in pkgutil.iter_modules(shown)]
    for name in [h for h in helpers if h.rsplit(".", 1)[1].startswith("_")] + planning:
        importlib.import_module(name)


def _load_meaning() -> None:
    from recommender.ranking import meaning

    meaning.load()


def _skip_direct_run_check() -> None:
    # Streamlit's first element in a process checks whether it runs in a REPL, through
    # inspect.stack() over the server's whole stack with source lines: about 0.4 s of the
    # first visitor's wait in py-spy samples. Served by `streamlit run` it is never a REPL,
    # so the check is marked done. A private flag: if a later Streamlit drops it, setting
    # it does nothing and the check simply runs as before.
    from streamlit import delta_generator

    if hasattr(delta_generator, "_use_warning_has_been_displayed"):
        delta_generator._use_warning_has_been_displayed = True


def _rehearse() -> None:
    """This weekend's and Explore's work once, for the demo couple in a throwaway database."""
    from app_pages import _charts, _store
    from recommender.planning import insights
    from recommender.planning.demo import create_demo_couple
    from recommender.planning.weekend import WeekendFilters, all_activities, suggestions
    from recommender.store.screen import ScreenScope
    from recommender.store.store import Store

    catalog = _store.catalog()
    with (
        tempfile.TemporaryDirectory(prefix="couples-warm-") as folder,
        Store(f"sqlite:///{Path(folder) / 'rehearsal.sqlite3'}") as practice,
    ):
        scope = ScreenScope(practice.local_scope(create_demo_couple(practice, catalog)))
        couple = scope.get_couple()
        recs = suggestions(_store.engine(), scope, WeekendFilters(day=date.today()), k=15)
        outings = scope.outings()
        done = list(outings["activity_id"])
        known = all_activities(catalog, scope.ideas())
        names = {"a": couple.a.name, "b": couple.b.name}
        charts = [
            _charts.map_chart(insights.catalog_map(catalog, done)),
            _charts.tried_chart(insights.categories_tried(catalog, done)),
            _charts.balance_chart(insights.suggestion_balance(recs, couple), names),
            _charts.ratings_chart(insights.ratings_over_time(outings, known, couple)),
            _charts.spending_chart(insights.spending_by_month(outings)),
        ]
        insights.browse_table(catalog, done)
        for chart in charts:
            chart.to_dict()  # what st.altair_chart does: checked against the schema
