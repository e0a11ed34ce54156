"""Messages in words: errors instead of tracebacks, notes that survive a rerun, field problems."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, ParamSpec

import sqlalchemy.exc
import streamlit as st

from recommender.catalog.loading import CatalogError
from recommender.planning.forms import FormError
from recommender.store.store import SchemaVersionError, StoreError
from recommender.wording import escape_markdown as escape

FLASH_KEY = "flash"

P = ParamSpec("P")


def show_problem(exc: BaseException) -> None:
    """Say what went wrong in words, and what to do about it."""
    if isinstance(exc, CatalogError):
        first = "\n".join(f"- {escape(p)}" for p in exc.problems[:5])
        more = f"\n- ...and {len(exc.problems) - 5} more" if len(exc.problems) > 5 else ""
        st.error(
            "We could not read the list of activities, so there is nothing to suggest yet.\n\n"
            f"{first}{more}\n\n"
            "What to do: check the catalog file with "
            "`python -m recommender validate-catalog FILE`, fix the lines listed, "
            "then reload this page.",
            icon=":material/menu_book:",
        )
    elif isinstance(exc, StoreError) and not _is_outage(exc):
        # Something about the data itself (a name already taken, an unknown id): say just that.
        st.error(
            f"That could not be done, so nothing was changed: {escape(exc)}.\n\n"
            "What to do: check what you entered and try again, or reload the page.",
            icon=":material/info:",
        )
    elif _is_outage(exc):
        st.error(
            "We could not open or update your saved data, so nothing was changed.\n\n"
            f"The problem: {escape(exc)}\n\n"
            "What to do: check that the database is running and that DATABASE_URL points at it "
            "(or unset DATABASE_URL to use the local file), then reload this page.",
            icon=":material/database:",
        )
    else:
        st.error(
            "Something went wrong on our side and this page could not be shown.\n\n"
            f"The problem: {type(exc).__name__}: {escape(exc)}\n\n"
            "What to do: reload the page. If it keeps happening, download a backup from "
            "'Our ideas' and tell us what you were doing.",
            icon=":material/error:",
        )


def _is_outage(exc: BaseException) -> bool:
    """Whether the database itself could not be used (rather than refusing some data)."""
    if isinstance(exc, SchemaVersionError):
        return True
    if isinstance(exc, StoreError):
        # Store raises StoreError "from None": the database error it replaces is the context.
        cause = exc.__context__
        return isinstance(
            cause, sqlalchemy.exc.SQLAlchemyError | ImportError | OSError
        ) and not isinstance(cause, sqlalchemy.exc.IntegrityError)
    return isinstance(exc, sqlalchemy.exc.SQLAlchemyError) or (
        isinstance(exc, OSError) and not isinstance(exc, FileNotFoundError)
    )


def guarded(body: Callable[[], None]) -> None:
    """Run a page body; any error becomes a clear message instead of a traceback."""
    try:
        body()
    except Exception as exc:
        show_problem(exc)


def safe_callback(fn: Callable[P, None]) -> Callable[P, None]:
    """Wrap a widget callback so an error is shown on the next run instead of a traceback."""

    @wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> None:
        try:
            fn(*args, **kwargs)
        except Exception as exc:
            st.session_state["callback_error"] = exc

    return wrapper


def show_callback_error() -> None:
    """Show (once) an error raised by a callback during this rerun."""
    exc = st.session_state.pop("callback_error", None)
    if exc is not None:
        show_problem(exc)


def flash(message: str, kind: str = "success") -> None:
    """Queue a message to show at the top of the next run."""
    st.session_state[FLASH_KEY] = (kind, message)


def show_flash() -> None:
    """Show the queued message, once."""
    item = st.session_state.pop(FLASH_KEY, None)
    if item:
        kind, message = item
        getattr(st, kind)(message)


def field_error(slot: Any, errors: FormError | dict[str, str] | None, key: str) -> None:
    """Write the problem with field ``key`` (if any) into the placeholder under the field."""
    fields = errors.fields if isinstance(errors, FormError) else (errors or {})
    if key in fields:
        slot.error(fields[key], icon=":material/arrow_upward:")
