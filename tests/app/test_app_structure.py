"""The app's shape: a thin router over app_pages/, and no text ever rendered as HTML."""

from __future__ import annotations

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
