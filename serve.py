"""Serve the app warm: ``streamlit run serve.py`` (what ``make run`` does).

``app.py`` is the app (the router); this file only starts it as a Streamlit ``st.App``
whose start-up runs :func:`app_pages._warm.warm` before the server answers anyone, so the
first couple to open a freshly started server does not wait for imports, the model and the
word vectors. ``streamlit run app.py`` still works, cold.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import streamlit as st

APP = Path(__file__).resolve().parent / "app.py"


@asynccontextmanager
async def _start(_app: st.App) -> AsyncIterator[None]:
    from app_pages import _warm

    # In a thread: the event loop is not held while the warm-up reads files.
    await asyncio.to_thread(_warm.warm)
    yield


app = st.App(APP, lifespan=_start)
