"""The app's shape: a thin router over app_pages/, and no text ever rendered as HTML."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APP_FILES = [ROOT / "app.py", *sorted((ROOT / "app_pages").glob("*.py"))]


def test_app_py_only_routes_to_pages_in_app_pages() -> None:
    text = (ROOT / "app.py").read_text(encoding="utf-8")
    assert "st.navigation(" in text
    pages = re.findall(r'st\.Page\(\s*"([^"]+)"', text)
    assert pages and all(p.startswith("app_pages/") for p in pages)
    assert all((ROOT / p).is_file() for p in pages)
    assert not (ROOT / "pages").exists(), "pages live in app_pages/, not Streamlit's pages/"


def test_no_page_renders_text_as_html() -> None:
    for file in APP_FILES:
        text = file.read_text(encoding="utf-8")
        for needle in ("unsafe_allow_html", "components.html"):
            assert needle not in text, f"{file.name} uses {needle}"
        # st.html only for the app's own style sheet, a file in the repo: never any text.
        calls = re.findall(r"st\.html\(([^)]*)\)", text)
        assert calls in ([], ["STYLE"]), f"{file.name} uses st.html({calls})"


PAGES = (
    "app_pages/weekend.py",
    "app_pages/outings.py",
    "app_pages/explore.py",
    "app_pages/ideas.py",
    "app_pages/us.py",
)


def _headings(node, found: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Every heading of an AppTest tree, in page order, as (level, text)."""
    kind = getattr(node, "type", "")
    levels = {"title": 1, "header": 2, "subheader": 3}
    if kind in levels:
        found.append((levels[kind], str(node.value)))
    elif kind == "markdown":
        marks = re.match(r"^(#{1,6}) ", str(node.value))
        if marks:
            found.append((len(marks.group(1)), str(node.value)))
    for child in getattr(node, "children", {}).values():
        _headings(child, found)
    return found


def test_headings_never_skip_a_level_on_any_page(make_app, app_store) -> None:
    """Screen-reader users jump between headings: one h1, and never from h1 to h3."""
    from app_pages import _store
    from recommender.planning.demo import create_demo_couple

    create_demo_couple(app_store, _store.catalog())  # outings, a plan: every section shows
    at = make_app().run()
    for page in PAGES:
        at.switch_page(page).run()
        assert not at.exception
        found = _headings(at.main, [])
        assert [level for level, _ in found].count(1) == 1, (page, found)
        for (before, _), (level, text) in itertools.pairwise(found):
            assert level <= before + 1, f"{page}: {text!r} (h{level}) follows an h{before}"
