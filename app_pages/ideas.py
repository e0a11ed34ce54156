"""Our ideas: add your own activities, import them from a file, back up and restore."""

from datetime import date
from typing import Any

import pandas as pd
import streamlit as st

from app_pages import _auth, _couple, _idea_form, _messages, _store
from recommender.catalog.columns import (
    Columns,
)
from recommender.catalog.loading import CatalogError
from recommender.ingest.ideas import INCLUDE_COLUMN, REASON_COLUMN, IdeasPreview, ImportFileError
from recommender.planning.forms import WHOLE_FORM
from recommender.planning.insights import browse_table
from recommender.planning.transfer import (
    BackupError,
    backup_bytes,
    backup_couples,
    backup_filename,
    import_batch_words,
    import_summary,
    import_upload,
    import_when_words,
    parse_backup,
    preview_upload,
    restore_backup,
    undo_summary,
)
from recommender.store.screen import ScreenScope
from recommender.store.store import StoreError
from recommender.wording import (
    count_words,
    field_label,
)
from recommender.wording import escape_markdown as escape

c = Columns


#: The idea removed last, kept for this session so the removal can be undone.
REMOVED = "ideas_removed"
#: The import just done (couple, batch, how many), offered for undo until the next one.
LAST_IMPORT = "ideas_last_import"
#: The past import whose removal waits for a confirmation.
CONFIRM_UNDO = "ideas_confirm_undo"


@_messages.safe_callback
def _undo_import(scope: ScreenScope, batch: str) -> None:
    st.session_state.pop(LAST_IMPORT, None)
    st.session_state.pop(CONFIRM_UNDO, None)
    _messages.flash(escape(undo_summary(scope.undo_import(batch))), "info")


def _ask_undo(batch: str | None) -> None:
    if batch is None:
        st.session_state.pop(CONFIRM_UNDO, None)
    else:
        st.session_state[CONFIRM_UNDO] = batch


def _offer_undo_import(scope: ScreenScope) -> None:
    """Right after an import: one button takes all of it back."""
    last = st.session_state.get(LAST_IMPORT)
    if last is None or last["couple_id"] != scope.couple_id:
        return
    still = {b.batch: b.count for b in scope.import_batches()}
    if last["batch"] not in still:
        st.session_state.pop(LAST_IMPORT, None)
        return
    st.button(
        f"Undo this import ({count_words(still[last['batch']], 'idea')})",
        key="ideas_undo_import",
        icon=":material/undo:",
        on_click=_undo_import,
        args=(scope, last["batch"]),
        help="Removes every idea this import added (ideas your outings or plans name stay).",
    )


def _past_imports(scope: ScreenScope) -> None:
    """Every import that still has ideas, each removable after a confirmation."""
    found = scope.import_batches()
    if not found:
        return
    st.markdown("**Past imports**")
    for batch in found:
        words = import_batch_words(batch)
        row = st.container(horizontal=True, vertical_alignment="center", key=f"imp_{batch.batch}")
        row.markdown(escape(words))
        if st.session_state.get(CONFIRM_UNDO) != batch.batch:
            row.button(
                f"Remove these {count_words(batch.count, 'idea')}",
                key=f"undo_ask_{batch.batch}",
                icon=":material/delete:",
                on_click=_ask_undo,
                args=(batch.batch,),
            )
            continue
        st.warning(
            f"Remove the {count_words(batch.count, 'idea')} imported on "
            f"{escape(import_when_words(batch))}?"
            " Thumbs given to them go too; ideas your outings or plans name stay.",
            icon=":material/warning:",
        )
        answer = st.container(horizontal=True)
        answer.button(
            f"Yes, remove {count_words(batch.count, 'idea')}",
            key=f"undo_yes_{batch.batch}",
            type="primary",
            on_click=_undo_import,
            args=(scope, batch.batch),
        )
        answer.button(
            "No, keep them", key=f"undo_no_{batch.batch}", on_click=_ask_undo, args=(None,)
        )


@_messages.safe_callback
def _undo_remove(scope: Any) -> None:
    record = st.session_state.pop(REMOVED, None)
    if record is not None and record["couple_id"] == scope.couple_id:
        scope.add_idea(record["idea"])
        _messages.flash(f"Back again: {escape(record['idea'][c.TITLE])}.")


def _our_ideas(scope: ScreenScope) -> None:
    couple_id = scope.couple_id
    _offer_undo_import(scope)
    removed = st.session_state.get(REMOVED)
    if removed is not None and removed["couple_id"] == couple_id:
        row = st.container(horizontal=True, vertical_alignment="center")
        row.markdown(f"Removed **{escape(removed['idea'][c.TITLE])}**.")
        row.button(
            "Undo",
            key="ideas_undo",
            icon=":material/undo:",
            on_click=_undo_remove,
            args=(scope,),
        )
    ideas = scope.ideas()
    if ideas.empty:
        st.info("No ideas of your own yet. Add one below, or import a list from a file.")
        return
    st.dataframe(browse_table(ideas), hide_index=True)
    titles = dict(zip(ideas[c.ACTIVITY_ID], ideas[c.TITLE], strict=True))
    left, right = st.columns([3, 1], vertical_alignment="bottom")
    pick = left.selectbox("Remove one of our ideas", list(titles), format_func=titles.get)
    if right.button("Remove it", icon=":material/delete:"):
        idea = ideas.set_index(c.ACTIVITY_ID).loc[pick].to_dict()
        try:
            scope.delete_idea(pick)
        except StoreError as exc:
            st.error(f"Could not remove it: {escape(exc)}.")
            return
        st.session_state[REMOVED] = {"couple_id": couple_id, "idea": idea}
        st.rerun()


def _add_idea(scope: Any) -> None:
    with st.form("add_idea", clear_on_submit=False):
        values, slots = _idea_form.idea_fields("add_idea", None)
        saved = st.form_submit_button("Add our idea", type="primary", icon=":material/lightbulb:")
    if not saved:
        return
    record = _idea_form.checked(values, slots)
    if record is None:
        return
    try:
        scope.add_idea(record)
    except (CatalogError, StoreError) as exc:
        slots[WHOLE_FORM].error(f"Not saved: {escape(exc)}")
        return
    _messages.flash(
        f"Added your idea: {escape(record[c.TITLE])}. It can now come up among your suggestions."
    )
    st.rerun()


def _edit_idea(scope: ScreenScope) -> None:
    """Change one of the couple's ideas: the same fields, checks and messages as adding one."""
    ideas = scope.ideas()
    if ideas.empty:
        st.caption("Add or import an idea first; you can change it here afterwards.")
        return
    titles = dict(zip(ideas[c.ACTIVITY_ID], ideas[c.TITLE], strict=True))
    aid = st.selectbox("Which idea?", list(titles), format_func=titles.get, key="ideas_edit_pick")
    saved_idea = ideas.set_index(c.ACTIVITY_ID).loc[aid].to_dict()
    key = f"edit_idea_{aid}"
    with st.form(key, clear_on_submit=False):
        values, slots = _idea_form.idea_fields(key, saved_idea)
        saved = st.form_submit_button("Save changes", type="primary", icon=":material/save:")
    if not saved:
        return
    record = _idea_form.checked(values, slots)
    if record is None:
        slots[WHOLE_FORM].warning("Nothing was saved yet: please fix the fields marked above.")
        return
    try:
        scope.update_idea(aid, record)
    except (CatalogError, StoreError) as exc:
        slots[WHOLE_FORM].error(f"Not saved: {escape(exc)}")
        return
    for field in Columns.ALL:  # the next visit shows what was saved
        st.session_state.pop(f"{key}_{field}", None)
    _messages.flash(f"Saved your changes to {escape(record[c.TITLE])}.")
    st.rerun()


def _pick_flagged(preview: IdeasPreview) -> list[str]:
    """Let the couple tick the ideas flagged as maybe not for two; return the ids to add."""
    table = preview.table()
    flagged = table[table[REASON_COLUMN] != ""]
    st.markdown(
        f"**{count_words(len(flagged), 'idea')} may not suit the two of you** and "
        f"{'is' if len(flagged) == 1 else 'are'} left out unless you tick "
        f"{'it' if len(flagged) == 1 else 'them'}:"
    )
    edited = st.data_editor(
        pd.DataFrame(
            {
                "Add it": flagged[INCLUDE_COLUMN].to_list(),
                "Idea": flagged[c.TITLE].to_list(),
                "Why it is unticked": flagged[REASON_COLUMN].to_list(),
            }
        ),
        hide_index=True,
        disabled=["Idea", "Why it is unticked"],
        key="ideas_flagged",
    )
    ticked = set(flagged[c.ACTIVITY_ID][edited["Add it"].to_numpy(dtype=bool)])
    keep = table[INCLUDE_COLUMN] | table[c.ACTIVITY_ID].isin(ticked)
    return table.loc[keep, c.ACTIVITY_ID].to_list()


def _show_preview(preview: IdeasPreview) -> None:
    count = len(preview.rows)
    st.markdown(
        f"**{count_words(count, 'idea')} ready to add** from "
        f"{escape(preview.source)} (read as a {preview.kind} file)."
    )
    if count:
        st.dataframe(browse_table(preview.rows), hide_index=True)
    if preview.defaults:
        st.markdown("**Defaults used** where the file says nothing (you can edit these later):")
        st.dataframe(
            pd.DataFrame(
                {
                    "Field": [field_label(d.column) for d in preview.defaults],
                    "Filled in with": [d.value for d in preview.defaults],
                    "On how many ideas": [d.rows for d in preview.defaults],
                }
            ),
            hide_index=True,
        )
    if preview.ignored:
        st.caption("Not used from the file: " + escape(", ".join(preview.ignored)) + ".")
    if preview.problems:
        listed = "\n".join(f"- {escape(p)}" for p in preview.problems)
        st.error(
            f"These rows cannot be imported, so nothing will be added until they are fixed "
            f"in the file:\n\n{listed}"
        )


def _import(scope: ScreenScope) -> None:
    st.markdown(
        "A CSV or JSON-lines file with one idea per row (a list from the Bored API works "
        "too). Only a title is needed: missing details get defaults, shown before anything "
        "is added."
    )
    upload = st.file_uploader(
        "Ideas file",
        type=["csv", "tsv", "json", "jsonl", "ndjson"],
        key="ideas_file",
        help="The same files as `python -m recommender import-ideas` reads.",
    )
    if upload is None:
        return
    raw = upload.getvalue()
    try:
        preview = preview_upload(upload.name, raw)
    except (ImportFileError, CatalogError) as exc:
        st.error(f"This file cannot be imported: {escape(exc)}")
        return
    _show_preview(preview)
    if preview.problems or preview.rows.empty:
        return
    selected = _pick_flagged(preview) if preview.flagged else None
    count = len(preview.rows) if selected is None else len(selected)
    if not count:
        st.info("Tick at least one idea to add it.")
        return
    label = "Add this idea" if count == 1 else f"Add these {count} ideas"
    if st.button(label, type="primary", key="ideas_import_go"):
        try:
            report = import_upload(scope, upload.name, raw, selected)
        except (ImportFileError, CatalogError, StoreError) as exc:
            st.error(f"Nothing was imported: {escape(exc)}")
            return
        if report.batch is not None:
            st.session_state[LAST_IMPORT] = {"couple_id": scope.couple_id, "batch": report.batch}
        _messages.flash(import_summary(report))
        st.rerun()


def _backup(scope: ScreenScope) -> None:
    store = _store.store()
    name = scope.name()
    st.markdown(
        "Download everything of yours (profile, reactions, outings, plans and ideas) as one "
        "file. Keep it somewhere safe; you can restore it here, on this or another computer."
    )
    st.download_button(
        "Download our backup",
        # Made when the button is pressed, not at every rerun of the page.
        data=lambda: backup_bytes(scope),
        file_name=backup_filename(name, date.today()),
        mime="application/json",
        icon="⬇️",
        on_click="ignore",
    )
    if _auth.hosted():
        # A backup names couples; restoring one could replace another couple's data, so
        # on a shared server it is not offered (the download above still is).
        st.caption("Restoring a backup is for the app on your own computer (local mode).")
        return
    upload = st.file_uploader("Restore from a backup file", type=["json"], key="backup_file")
    if upload is None:
        return
    try:
        data = parse_backup(upload.getvalue(), upload.name)
    except BackupError as exc:
        st.error(escape(exc))
        return
    names = backup_couples(data)
    if not names:
        st.error(f"{escape(upload.name)} holds no couples, so there is nothing to restore.")
        return
    here = {n for _, n in store.list_couples()}
    clash = [n for n in names if n in here]
    st.markdown("This backup holds: " + escape(", ".join(names)) + ".")
    replace = False
    if clash:
        replace = st.checkbox(
            f"Replace what is saved here for {escape(', '.join(clash))} with the backup",
            help="Without this, a couple already saved here is left alone and nothing is restored.",
        )
    if st.button("Restore this backup", type="primary", disabled=bool(clash) and not replace):
        try:
            restored = restore_backup(store, data, replace=replace)
        except StoreError as exc:
            st.error(f"Nothing was restored, your data is as it was: {escape(exc)}")
            return
        _messages.flash(f"Restored: {escape(', '.join(restored))}.")
        st.rerun()


def body() -> None:
    scope = _couple.scope()
    if scope is None:
        _couple.need_profile()
        return
    st.markdown(
        "Things you already want to do together. Your ideas are suggested alongside the "
        "catalog's, and learn from your ratings the same way."
    )
    st.header("Your ideas")
    _our_ideas(scope)
    with st.expander("Add an idea", icon=":material/lightbulb:", expanded=False):
        _add_idea(scope)
    with st.expander("Change one of our ideas", icon=":material/edit:", expanded=False):
        _edit_idea(scope)
    with st.expander("Import ideas from a file", icon=":material/upload_file:"):
        _import(scope)
        _past_imports(scope)
    with st.expander("Back up or restore your data", icon=":material/backup:"):
        _backup(scope)


st.title("Our ideas")
_messages.show_callback_error()
_messages.show_flash()
_messages.guarded(body)
