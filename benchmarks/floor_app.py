"""The floor of the app benchmark: a Streamlit page with only a title.

What a fresh server and the browser take whatever the app does (loading Streamlit's page,
its websocket, one script run); ``bench_app.py`` times it beside the app's pages.
"""

import streamlit as st

st.title("Us")
