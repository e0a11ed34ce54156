"""Hosted mode: sign-in with Streamlit's OpenID Connect (``st.login``), and who is signed in.

Hosted mode is on when the deployment's secrets have an ``[auth]`` section (see
``.streamlit/secrets.toml.example``); otherwise the app runs in local mode, one household on
one machine, without sign-in. Signed in, a person is known only by their provider's issuer
and subject (``iss`` + ``sub``); the couple they belong to is looked up from those on the
server on every run (:func:`app_pages._couple.scope`), never taken from the URL or a form.

Nothing here writes a name, an email address or a subject to the logs.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

import streamlit as st

#: The URL's query parameter of an invite link (``?invite=TOKEN``).
INVITE_PARAM = "invite"
#: The invite token kept while its person signs in (the sign-in leaves the app's page).
PENDING = "pending_invite"
#: An invite token as made by the store (``secrets.token_urlsafe``): nothing else is kept or
#: put into a page.
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{16,128}$")


@dataclass(frozen=True)
class Identity:
    """Who is signed in: their provider (``issuer``) and their id there (``subject``)."""

    issuer: str
    subject: str
    #: What they are called at their provider, to greet them (shown, never stored or logged).
    display: str


def hosted() -> bool:
    """Whether sign-in is configured (an ``[auth]`` section in the secrets).

    No secrets file at all is local mode, said without a traceback.
    """
    try:
        return "auth" in st.secrets
    except Exception:  # StreamlitSecretNotFoundError, or a file that cannot be parsed
        return False


def identity() -> Identity | None:
    """The signed-in person, or None when nobody is signed in (or the token lacks iss/sub)."""
    user = st.user
    if not user.get("is_logged_in"):
        return None
    issuer, subject = user.get("iss"), user.get("sub")
    if not issuer or not subject:
        return None
    display = user.get("given_name") or user.get("name") or user.get("email") or ""
    return Identity(str(issuer), str(subject), str(display))


def invite_token() -> str | None:
    """The invite token of the link that was opened, if any: from the URL, or kept over the
    sign-in (in this session, or in the browser's short-lived cookie; see :func:`_keep`)."""
    raw = st.query_params.get(INVITE_PARAM)
    if raw is not None and _TOKEN.match(raw):
        st.session_state[PENDING] = raw
    pending = st.session_state.get(PENDING)
    if pending is None:
        try:
            pending = st.context.cookies.get(PENDING)
        except Exception:  # no browser (a script run without a session)
            pending = None
    return pending if isinstance(pending, str) and _TOKEN.match(pending) else None


def forget_invite() -> None:
    """The invite was used or refused: it is offered no more."""
    st.session_state.pop(PENDING, None)
    st.query_params.pop(INVITE_PARAM, None)
    _keep(None)


def _keep(token: str | None) -> None:
    """Keep the invite token in the browser over the sign-in, or (None) drop it.

    Signing in leaves the app for the provider's page and comes back to the app's home
    page, a new session without the link's ``?invite=``. A cookie on this site for an hour
    survives that round trip, and the new session reads it (``st.context.cookies``). Only a
    token matching ``_TOKEN`` is written, as JSON, so nothing else reaches the script.
    """
    if token is not None and not _TOKEN.match(token):
        return
    if token is None:
        if PENDING not in st.context.cookies:
            return
        value, age = '""', 0
    else:
        value, age = json.dumps(token), 3600
    script = (
        f"window.parent.document.cookie = '{PENDING}=' + {value} + "
        f"'; Max-Age={age}; Path=/; SameSite=Lax';"
    )
    # The script needs the page's own cookies: st.iframe runs it same-origin. What it holds
    # is the app's own code and a token checked against _TOKEN (above).
    st.iframe(f"<script>{script}</script>", height=1)


def keep_invite_over_sign_in(token: str | None) -> None:
    """Before signing in from an invite link: keep its token in this browser."""
    if token is not None:
        _keep(token)


def sign_in_screen() -> None:
    """Signed out: what the app is, and a "Sign in" button (and the invite, if one was opened)."""
    token = invite_token()
    st.title("Something new, together")
    st.markdown(
        "Ideas for the two of you to do together, why each one fits, and a list of what you "
        "both said yes to. Each of you signs in on your own phone; your thumbs stay yours "
        "until your partner has given theirs."
    )
    if token is not None:
        st.info(
            "Your partner invited you to join them here. Sign in, and you can join with one press.",
            icon=":material/mail:",
        )
        keep_invite_over_sign_in(token)
    if st.button("Sign in", type="primary", icon=":material/login:", key="auth_sign_in"):
        st.login()
    st.caption(
        "We keep only an id your sign-in provider gives us, to know which couple is yours: "
        "no password, and we never show your email to anyone."
    )


def sign_out_button() -> None:
    """ "Sign out": ends the sign-in in this browser."""
    if st.button("Sign out", icon=":material/logout:", key="auth_sign_out"):
        st.session_state.pop(PENDING, None)
        st.logout()


def base_url() -> str:
    """The app's address for invite links: ``[app] base_url`` in the secrets, else the
    address this browser shows (without its path or query)."""
    try:
        configured = st.secrets.get("app", {}).get("base_url")
    except Exception:
        configured = None
    if configured:
        return str(configured).rstrip("/") + "/"
    url = st.context.url or ""
    match = re.match(r"^(https?://[^/?#]+)", url)
    return (match.group(1) if match else "http://localhost:8501") + "/"


def invite_link(token: str) -> str:
    """The full link a partner opens to join."""
    return f"{base_url()}?{INVITE_PARAM}={token}"
