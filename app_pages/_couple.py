"""The couple being shown: choosing it, keeping it, and what a page shows before there is one.

Pages reach the couple's data only through :func:`scope`, one code path for both modes:

- *local* (no sign-in configured): the couple chosen in this browser session, below;
- *hosted* (``[auth]`` in the secrets): the couple of the signed-in person, looked up from
  their identity on the server on every run (:func:`member`). No list, no selector; a
  ``?couple=`` in the URL is ignored.

Either way the scope re-checks the couple on every call.

The couple is chosen once and kept for the whole browser session on every page: in
``st.session_state`` under a key no widget owns (a widget's value is forgotten when its
page is left, and cannot be set once the widget is drawn), and in the URL
(``?couple=ID``), so a reload or a bookmark comes back to it. It changes only when the
person picks another couple, creates one, or deletes the one shown.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import streamlit as st

from app_pages import _auth
from app_pages._store import store
from recommender.planning.demo import DEMO_NAME
from recommender.profiles import Couple
from recommender.store.screen import ScreenScope

if TYPE_CHECKING:
    from recommender.store.members import Member
    from recommender.store.scope import CoupleScope

#: The couple being viewed; written only by :func:`set_couple` and :func:`forget_couple`.
COUPLE_KEY = "viewing_couple"
#: The URL's query parameter that holds it.
QUERY_KEY = "couple"
#: The selector's key (one for good; see :func:`current_couple_id`).
PICKER = "couple_picker"


def set_couple(couple_id: int) -> None:
    """Show ``couple_id`` from now on, on every page, and put it in the URL."""
    st.session_state[COUPLE_KEY] = int(couple_id)
    st.query_params[QUERY_KEY] = str(int(couple_id))


def forget_couple() -> None:
    """Nobody chosen any more (the couple was deleted): the default applies again."""
    st.session_state.pop(COUPLE_KEY, None)
    st.query_params.pop(QUERY_KEY, None)


def _from_url(ids: list[int]) -> int | None:
    raw = st.query_params.get(QUERY_KEY)
    try:
        wanted = int(raw) if raw is not None else None
    except ValueError:
        return None
    return wanted if wanted in ids else None


def default_couple(couples: list[tuple[int, str]]) -> int:
    """The couple to show when none was chosen: the first real one; the demo only if alone."""
    real = [cid for cid, name in couples if name != DEMO_NAME]
    return real[0] if real else couples[0][0]


def _picked() -> None:
    set_couple(st.session_state[PICKER])


def member() -> Member | None:
    """Hosted mode: the signed-in person's seat in their couple, looked up on the server now;
    None when signed out or not in a couple yet (and always None in local mode)."""
    if not _auth.hosted():
        return None
    who = _auth.identity()
    if who is None:
        return None
    return store().member_of(who.issuer, who.subject)


def scope() -> ScreenScope | None:
    """The couple's data as this browser may see it, or None before there is a couple.

    The only way pages reach a couple's data (both modes; see the module's note). Called
    once per run of a page: its reads are made once for the screen being drawn (a
    :class:`~recommender.store.screen.ScreenScope`), and any write reads again.
    """
    if _auth.hosted():
        seat = member()
        return ScreenScope(store().member_scope(seat)) if seat is not None else None
    couple_id = current_couple_id()
    return ScreenScope(store().local_scope(couple_id)) if couple_id is not None else None


def own_seats(scope: CoupleScope | ScreenScope) -> tuple[str, ...]:
    """Whose thumbs and ratings this screen gives: both partners' on one screen (local
    mode), only the signed-in person's own (hosted mode)."""
    seat = scope.member
    return ("a", "b") if seat is None else (seat.partner,)


def current_couple_id() -> int | None:
    """The couple being shown (see the module's note), or None before any is saved.

    Local mode shows a selector at the top of the page when several couples share this
    database. Hosted mode shows none: it is the signed-in person's couple, or None.
    """
    if _auth.hosted():
        seat = member()
        return seat.couple_id if seat is not None else None
    couples = store().list_couples()
    if not couples:
        forget_couple()
        return None
    ids = [cid for cid, _ in couples]
    names = dict(couples)
    chosen = st.session_state.get(COUPLE_KEY)
    if chosen not in ids:
        chosen = _from_url(ids) or default_couple(couples)
    if st.session_state.get(COUPLE_KEY) != chosen or st.query_params.get(QUERY_KEY) != str(chosen):
        set_couple(chosen)  # also puts it back in the URL after a page switch
    if len(couples) > 1:
        # One key for good, so a pick redraws this same selector instead of a new one beside
        # it. Its value is set from the couple shown before it is drawn (allowed then), so a
        # new or deleted couple elsewhere is reflected, and no index is passed (the state rules).
        st.session_state[PICKER] = chosen
        st.selectbox(
            "Whose plans are these?",
            ids,
            format_func=lambda cid: names[cid],
            key=PICKER,
            on_change=_picked,
            help="Several couples use this app; pick yours. It stays picked on every page.",
            width=320,
        )
    return int(chosen)


def couple_name(couple_id: int) -> str:
    """The saved name of a couple ("Ana & Ben")."""
    return store().couple_name(couple_id)


def need_profile() -> None:
    """What a page shows before any profile exists (hosted: before this person has a couple)."""
    if _auth.hosted():
        st.info(
            "You are not in a couple here yet. Start yours on the Us page and invite your "
            "partner, or join your partner there with their link or code."
        )
        st.page_link(
            "app_pages/us.py", label="Start or join our couple", icon=":material/group_add:"
        )
        return
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
        if _auth.hosted():
            return member() is not None
        return bool(store().list_couples())
    except Exception:
        return False
