"""The couple being shown: choosing it, keeping it, and what a page shows before there is one."""

from __future__ import annotations

import streamlit as st

from app_pages._store import store
from recommender.profiles import Couple

COUPLE_KEY = "couple_id"


def current_couple_id() -> int | None:
    """The couple being shown: remembered per browser session, else the first saved couple.

    Shows a selector at the top of the page when several couples share this database.
    """
    couples = store().list_couples()
    if not couples:
        st.session_state.pop(COUPLE_KEY, None)
        return None
    ids = [cid for cid, _ in couples]
    names = dict(couples)
    if st.session_state.get(COUPLE_KEY) not in ids:
        st.session_state[COUPLE_KEY] = ids[0]
    if len(couples) > 1:
        st.selectbox(
            "Whose plans are these?",
            ids,
            format_func=lambda cid: names[cid],
            key=COUPLE_KEY,
            help="Several couples use this app; pick yours.",
            width=320,
        )
    return int(st.session_state[COUPLE_KEY])


def couple_name(couple_id: int) -> str:
    """The saved name of a couple ("Ana & Ben")."""
    return store().couple_name(couple_id)


def need_profile() -> None:
    """What a page shows before any profile exists."""
    st.info(
        "First, tell us a little about the two of you: it takes a minute, and every suggestion "
        "is built on it. Or look around with a demo couple first."
    )
    st.page_link("app_pages/us.py", label="Set up our profile", icon=":material/favorite:")


def partner_names(couple: Couple) -> dict[str, str]:
    """``{"a": "Ana", "b": "Ben"}``."""
    return {"a": couple.a.name, "b": couple.b.name}


def has_profile() -> bool:
    """Whether any couple has set up a profile (False too when the database cannot be read:
    the Us page then shows what is wrong)."""
    try:
        return bool(store().list_couples())
    except Exception:
        return False
