"""The couples' app: only the router. Each page lives in app_pages/ and calls the library."""

from pathlib import Path

import streamlit as st

from app_pages import _auth
from app_pages._couple import has_profile

STYLE = Path(__file__).resolve().parent / "app_pages" / "style.css"

st.set_page_config(
    page_title="Something new, together", page_icon=":material/favorite:", layout="wide"
)

# The app's own style sheet (no user or catalog text): see its comments.
st.html(STYLE)

# Hosted mode (sign-in configured): signed out, only the welcome. Local mode: every page.
if _auth.hosted() and _auth.identity() is None:
    st.navigation([st.Page(_auth.sign_in_screen, title="Welcome")], position="hidden").run()
    st.stop()

home_is_weekend = has_profile()
pages = [
    st.Page("app_pages/us.py", title="Us", icon=":material/favorite:", default=not home_is_weekend),
    st.Page(
        "app_pages/weekend.py",
        title="This weekend",
        icon=":material/event:",
        default=home_is_weekend,
    ),
    st.Page("app_pages/outings.py", title="Outings", icon=":material/history:"),
    st.Page("app_pages/explore.py", title="Explore", icon=":material/explore:"),
    st.Page("app_pages/ideas.py", title="Our ideas", icon=":material/lightbulb:"),
]
# Hosted, signed in without a couple yet: no menu, Us only (start a couple or join one); the
# other pages stay registered so joining or starting can go on to This weekend.
alone = _auth.hosted() and not home_is_weekend
st.navigation(pages, position="hidden" if alone else "top").run()
