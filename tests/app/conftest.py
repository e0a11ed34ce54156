"""Fixtures for the app's tests only."""

from __future__ import annotations

from collections.abc import Iterator

import pytest


@pytest.fixture(autouse=True)
def _clear_streamlit_caches() -> Iterator[None]:
    """Every app test starts with empty st.cache_data / st.cache_resource (no state leaks)."""
    import streamlit as st

    st.cache_data.clear()
    st.cache_resource.clear()
    yield
    st.cache_data.clear()
    st.cache_resource.clear()
