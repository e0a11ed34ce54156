"""Hosted mode on the Us page: joining a couple, inviting the partner, leaving, deleting.

The invite's link and code exist in plain text only when made (the store keeps their hashes),
so they are shown from this session's state right after "Invite my partner", and a new
invite can be made at any time (it replaces nothing: each is single use and expires).
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

import streamlit as st

from app_pages import _auth, _couple, _messages
from app_pages._store import store
from recommender.wording import day_words
from recommender.wording import escape_markdown as escape

if TYPE_CHECKING:
    from recommender.store.members import Member

#: The invite just made (link, code, expiry), shown until the partner has joined.
SHOWN_INVITE = "pairing_invite"
#: Which "are you sure?" is open: "leave", "delete_data" or "delete_account".
CONFIRMING = "pairing_confirm"


def expiry_words(expires_at: datetime | date, now: datetime | None = None) -> str:
    """When an invite stops working, in words: "in 7 days, on Sunday 6 December 2026"."""
    if isinstance(expires_at, datetime):
        aware = expires_at if expires_at.tzinfo else expires_at.replace(tzinfo=UTC)
        now = now or datetime.now(UTC)
        left = aware - now
        day = aware.date()
        if left.total_seconds() <= 0:
            return "it has expired"
        days = left.days
        when = (
            "in less than a day" if days == 0 else ("in 1 day" if days == 1 else f"in {days} days")
        )
        return f"{when}, on {day_words(day)}"
    return f"on {day_words(expires_at)}"


# --- signed in, not in a couple yet ------------------------------------------------------


def _join(*, token: str | None = None, code: str | None = None) -> bool:
    """Join with a link's token or a typed code; says what went wrong in plain words."""
    from recommender.store.errors import InviteError

    who = _auth.identity()
    if who is None:
        return False
    try:
        store().join(who.issuer, who.subject, token=token, code=code)
    except InviteError as exc:
        st.session_state["pairing_join_problem"] = str(exc)
        return False
    _auth.forget_invite()
    _messages.flash("You have joined your partner. Welcome! Here are your suggestions together.")
    return True


def join_offer() -> None:
    """Opened an invite link: join with one press (or say no)."""
    token = _auth.invite_token()
    if token is None:
        return
    with st.container(border=True, key="pairing_join_link"):
        st.markdown("**Your partner invited you.** Join them to plan things together.")
        problem = st.session_state.pop("pairing_join_problem", None)
        if problem:
            st.error(f"{escape(problem)}", icon=":material/link_off:")
        row = st.container(horizontal=True)
        if row.button("Join my partner", type="primary", key="pairing_join_yes") and _join(
            token=token
        ):
            st.switch_page("app_pages/weekend.py")
        if row.button("Not now", key="pairing_join_no"):
            _auth.forget_invite()
            st.rerun()


def join_with_code() -> None:
    """The short code read out by the partner who started the couple."""
    with st.form("pairing_code_form"):
        st.markdown("**Join with a code.** Did your partner already start your couple here?")
        code = st.text_input(
            "The code your partner gave you",
            max_chars=20,
            placeholder="Like ABCD-2345",
            help="Your partner finds it on their Us page, under 'Invite my partner'.",
        )
        joined = st.form_submit_button("Join with this code", icon=":material/group_add:")
    problem = st.session_state.pop("pairing_join_problem", None)
    if joined:
        if not code.strip():
            st.error("Type the code your partner gave you first.", icon=":material/arrow_upward:")
        elif _join(code=code):
            st.switch_page("app_pages/weekend.py")
        else:
            problem = st.session_state.pop("pairing_join_problem", None)
    if problem:
        st.error(escape(problem), icon=":material/arrow_upward:")


def greeting() -> None:
    """Who is signed in, and a way out."""
    who = _auth.identity()
    row = st.container(horizontal=True, vertical_alignment="center")
    if who is not None and who.display:
        row.caption(f"Signed in as {escape(who.display)}.")
    with row:
        _auth.sign_out_button()


# --- signed in, in a couple ------------------------------------------------------------


def _make_invite(seat: Member) -> None:
    from recommender.store.errors import InviteError

    try:
        invite = store().create_invite(seat)
    except InviteError as exc:  # the couple is full: the partner has joined
        st.session_state.pop(SHOWN_INVITE, None)
        st.session_state["pairing_invite_problem"] = str(exc)
        return
    st.session_state[SHOWN_INVITE] = {
        "link": _auth.invite_link(invite.link_token),
        "code": invite.code,
        "expires_at": invite.expires_at,
    }


def invite_section(seat: Member) -> None:
    """Invite the partner: a link to send and a short code to read out, with their expiry."""
    st.header("Invite my partner")
    problem = st.session_state.pop("pairing_invite_problem", None)
    if problem:
        st.info(f"{escape(problem)}.", icon=":material/group:")
    st.markdown(
        "Your partner signs in on their own phone and opens the link, or types the code on "
        "their Us page. Each invite works once."
    )
    shown: dict[str, Any] | None = st.session_state.get(SHOWN_INVITE)
    if shown is None:
        if st.button("Invite my partner", type="primary", icon=":material/person_add:"):
            _make_invite(seat)
            st.rerun()
        return
    st.markdown("**The link to send:**")
    st.code(shown["link"], language=None, wrap_lines=True)
    st.markdown(f"**Or the code to read out:** `{shown['code']}`")
    st.caption(f"Both stop working {expiry_words(shown['expires_at'])}, or once used.")
    if st.button("Make a new invite", icon=":material/refresh:"):
        _make_invite(seat)
        st.rerun()


_ASK = {
    "leave": (
        "Leave our couple",
        "Leave your couple? You will no longer see its plans, outings and ideas; they stay "
        "with your partner, who can invite someone again. If no one is left in it, the "
        "couple and everything of it are deleted.",
        "Yes, leave",
        ":material/logout:",
    ),
    "delete_data": (
        "Delete our data",
        "Delete your couple and everything of it, for both of you: the profile, every thumb, "
        "outing, plan, idea and invite. This cannot be undone.",
        "Yes, delete all of it",
        ":material/delete_forever:",
    ),
    "delete_account": (
        "Delete my account",
        "Delete your account here? Your place in the couple and your thumbs are removed, and "
        "you are signed out. Your partner keeps the couple's plans and outings (if no one is "
        "left, the couple is deleted too).",
        "Yes, delete my account",
        ":material/person_remove:",
    ),
}


def _confirm(what: str) -> None:
    st.session_state[CONFIRMING] = what


def _cancel() -> None:
    st.session_state.pop(CONFIRMING, None)


@_messages.safe_callback
def _do(what: str) -> None:
    seat = _couple.member()
    st.session_state.pop(CONFIRMING, None)
    st.session_state.pop(SHOWN_INVITE, None)
    if seat is None:
        return
    if what == "leave":
        store().leave_couple(seat)
        _messages.flash("You have left your couple. Start a new one, or join with a code.", "info")
    elif what == "delete_data":
        store().delete_couple_data(seat)
        _messages.flash("Your couple and everything of it are deleted.", "info")
    elif what == "delete_account":
        store().delete_account(seat)
        st.session_state["pairing_sign_out"] = True


def leave_and_delete() -> None:
    """Leave, delete our data, delete my account: each after an "are you sure?"."""
    if st.session_state.pop("pairing_sign_out", False):
        st.logout()  # the account is gone: sign out too
    st.header("Leave or delete")
    asking = st.session_state.get(CONFIRMING)
    row = st.container(horizontal=True)
    for what, (label, _question, _yes, icon) in _ASK.items():
        if asking == what:
            continue
        row.button(label, key=f"pairing_{what}", icon=icon, on_click=_confirm, args=(what,))
    if asking in _ASK:
        label, question, yes, icon = _ASK[asking]
        st.warning(question, icon=":material/warning:")
        confirm = st.container(horizontal=True)
        confirm.button(
            yes, key=f"pairing_{asking}_yes", type="primary", on_click=_do, args=(asking,)
        )
        confirm.button("No, keep it", key=f"pairing_{asking}_no", on_click=_cancel)
