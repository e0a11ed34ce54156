"""Our ideas (app_pages/ideas.py): add an idea, import a file with a preview, backup/restore."""

from __future__ import annotations

import json
from datetime import date

import pytest

from recommender.catalog.columns import Columns
from recommender.profiles import Couple, Partner

COUPLE = Couple(Partner("Ana", ("cooking",)), Partner("Ben", ("nature",)))

IDEAS_CSV = b"title,category,cost\nPicnic at the old mill,outdoors,15\nBuild a blanket fort,,0\n"


@pytest.fixture
def ideas_page(make_app, app_store):
    """Our ideas for a saved couple; returns (app, store, couple_id)."""
    couple_id = app_store.create_couple(COUPLE)
    at = make_app().run()
    at.switch_page("app_pages/ideas.py").run()
    assert not at.exception
    assert at.title[0].value == "Our ideas"
    return at, app_store, couple_id


def click(at, label: str):
    return next(b for b in at.button if b.label == label).click().run()


def form_widget(at, kind: str, label: str):
    return next(w for w in at.get(kind) if w.label == label)


def test_adding_an_idea_shows_each_problem_next_to_its_field(ideas_page):
    at, store, couple_id = ideas_page
    click(at, "Add our idea")
    errors = [e.value for e in at.error]
    assert "Please fill this in." in errors  # title, description
    assert "Choose the kind of activity." in errors
    assert "Pick at least one thing it involves." in errors
    assert store.ideas(couple_id).empty

    form_widget(at, "text_input", "Title").set_value("Picnic at the old mill")
    form_widget(at, "text_area", "What you do").set_value("Bread, cheese and the river.")
    form_widget(at, "text_input", "A question to ask each other while you do it").set_value(
        "What did you love as a child"
    )
    click(at, "Add our idea")
    errors = [e.value for e in at.error]
    assert "Write it as a question, ending in '?'." in errors
    assert "Choose the kind of activity." in errors
    assert "Please fill this in." not in errors
    assert store.ideas(couple_id).empty


def test_adding_a_valid_idea_saves_it_and_lists_it(ideas_page):
    at, store, couple_id = ideas_page
    form_widget(at, "text_input", "Title").set_value("Picnic at the old mill")
    form_widget(at, "text_area", "What you do").set_value("Bread, cheese and the river.")
    form_widget(at, "selectbox", "Kind of activity").set_value("outdoors")
    form_widget(at, "multiselect", "What it involves").set_value(["nature", "romantic"])
    form_widget(at, "number_input", "Cost for the two of you ($)").set_value(15.0)
    form_widget(at, "text_input", "A question to ask each other while you do it").set_value(
        "Where shall we go next?"
    )
    click(at, "Add our idea")
    assert not at.exception
    ideas = store.ideas(couple_id)
    assert ideas[Columns.TITLE].tolist() == ["Picnic at the old mill"]
    assert ideas[Columns.TAGS].tolist() == ["nature;romantic"]
    assert ideas[Columns.COST].tolist() == [15.0]
    assert "Added your idea" in at.success[0].value
    assert at.dataframe[0].value["Activity"].tolist() == ["Picnic at the old mill"]


def test_import_shows_a_preview_with_the_defaults_then_adds(ideas_page):
    at, store, couple_id = ideas_page
    at.file_uploader(key="ideas_file").set_value(("our-list.csv", IDEAS_CSV, "text/csv")).run()
    assert not at.exception
    markdown = " ".join(m.value for m in at.markdown)
    assert "**2 ideas ready to add**" in markdown
    preview, defaults = at.dataframe[0].value, at.dataframe[1].value
    assert preview["Activity"].tolist() == ["Picnic at the old mill", "Build a blanket fort"]
    assert "Kind of activity" in defaults["Field"].tolist()  # blank category on one row
    assert "How long (hours)" in defaults["Field"].tolist()
    assert store.ideas(couple_id).empty  # a preview writes nothing

    click(at, "Add these 2 ideas")
    assert sorted(store.ideas(couple_id)[Columns.TITLE]) == [
        "Build a blanket fort",
        "Picnic at the old mill",
    ]
    assert "Added 2 ideas" in at.success[0].value


def test_import_lists_row_problems_and_offers_no_button(ideas_page):
    at, store, couple_id = ideas_page
    bad = b"title,risk\nSkydive,9\nJigsaw,1\n"
    at.file_uploader(key="ideas_file").set_value(("bad.csv", bad, "text/csv")).run()
    assert not at.exception
    error = at.error[0].value
    assert "cannot be imported" in error
    assert "line 2" in error and "risk" in error
    assert not [b for b in at.button if b.label.startswith("Add these")]
    assert store.ideas(couple_id).empty


def test_an_unreadable_import_file_is_a_message(ideas_page):
    at, *_ = ideas_page
    at.file_uploader(key="ideas_file").set_value(("x.csv", b"name_of_thing\nabc\n", "text/csv"))
    at.run()
    assert not at.exception
    assert "This file cannot be imported" in at.error[0].value
    assert "title" in at.error[0].value


def test_backup_download_and_restore(ideas_page, app_store):
    at, store, couple_id = ideas_page
    from app_pages import _store

    activity = _store.catalog()[Columns.ACTIVITY_ID].iloc[0]
    store.add_outing(couple_id, activity, date(2025, 4, 2), 4, 5, notes="lovely")
    at.run()
    [download] = [d for d in at.get("download_button") if d.label == "Download our backup"]
    assert download.proto.deferred_file_id  # made on click: see the test below

    backup = json.dumps(store.export_data("Ana & Ben")).encode()
    store.update_outing(couple_id, 1, notes="changed after the backup")
    at.file_uploader(key="backup_file").set_value(("backup.json", backup, "application/json"))
    at.run()
    assert "This backup holds: Ana & Ben." in " ".join(m.value for m in at.markdown).replace(
        "\\", ""
    )
    restore = next(b for b in at.button if b.label == "Restore this backup")
    assert restore.disabled  # the couple is already here: replacing must be asked for
    next(c for c in at.checkbox if c.label.startswith("Replace what is saved here")).check()
    at.run()
    click(at, "Restore this backup")
    assert not at.exception
    assert [n for _, n in store.list_couples()] == ["Ana & Ben"]
    [(new_id, _)] = store.list_couples()
    assert store.outings(new_id)["notes"].tolist() == ["lovely"]
    assert "Restored: Ana & Ben." in at.success[0].value


def test_a_file_that_is_not_a_backup_is_refused_clearly(ideas_page):
    at, _, _ = ideas_page
    at.file_uploader(key="backup_file").set_value(("notes.json", b"{oops", "application/json"))
    at.run()
    assert "not a backup file" in at.error[0].value
    assert "line 1" in at.error[0].value


def test_an_idea_title_with_dollars_is_shown_as_typed_not_as_maths(ideas_page):
    at, store, couple_id = ideas_page
    form_widget(at, "text_input", "Title").set_value("$10 pizza and $5 beer")
    form_widget(at, "text_area", "What you do").set_value("Cheap and cheerful.")
    form_widget(at, "selectbox", "Kind of activity").set_value("food-drink")
    form_widget(at, "multiselect", "What it involves").set_value(["cooking"])
    form_widget(at, "text_input", "A question to ask each other while you do it").set_value(
        "Pineapple: yes or no?"
    )
    click(at, "Add our idea")
    assert store.ideas(couple_id)[Columns.TITLE].tolist() == ["$10 pizza and $5 beer"]
    # Escaped Markdown source: the dollars are shown, not read as LaTeX.
    assert r"Added your idea: \$10 pizza and \$5 beer. It can" in at.success[0].value
    click(at, "Remove it")
    assert r"Removed **\$10 pizza and \$5 beer**." in [m.value for m in at.markdown]
    assert store.ideas(couple_id).empty
    # Undo puts it back as it was.
    click(at, "Undo")
    assert not at.exception
    ideas = store.ideas(couple_id)
    assert ideas[Columns.TITLE].tolist() == ["$10 pizza and $5 beer"]
    assert ideas[Columns.CONVERSATION_STARTER].tolist() == ["Pineapple: yes or no?"]
    assert not any(b.label == "Undo" for b in at.button)


def test_a_one_idea_file_is_offered_in_the_singular(ideas_page):
    at, store, couple_id = ideas_page
    one = b"title\nBuild a blanket fort\n"
    at.file_uploader(key="ideas_file").set_value(("one_idea.csv", one, "text/csv")).run()
    markdown = " ".join(m.value for m in at.markdown)
    assert r"**1 idea ready to add** from one\_idea\.csv" in markdown
    click(at, "Add this idea")
    assert store.ideas(couple_id)[Columns.TITLE].tolist() == ["Build a blanket fort"]


def test_the_backup_is_made_when_downloaded_not_at_every_rerun(ideas_page, monkeypatch):
    from streamlit.runtime.media_file_manager import MediaFileManager

    from recommender.planning import transfer

    at, *_ = ideas_page
    made = []
    real_backup = transfer.backup_bytes
    monkeypatch.setattr(transfer, "backup_bytes", lambda *a: made.append(a) or real_backup(*a))
    deferred = []
    real_add = MediaFileManager.add_deferred
    monkeypatch.setattr(
        MediaFileManager,
        "add_deferred",
        lambda self, fn, *a, **k: deferred.append(fn) or real_add(self, fn, *a, **k),
    )
    at.run()
    at.run()
    [download] = [d for d in at.get("download_button") if d.label == "Download our backup"]
    assert download.proto.deferred_file_id
    assert made == []  # nothing exported just for showing the page
    data = json.loads(deferred[-1]())
    assert [c["name"] for c in data["couples"]] == ["Ana & Ben"]
    assert len(made) == 1


BORED_LINES = (
    b'{"activity": "Have a picnic in the park", "type": "recreational", "participants": 2,'
    b' "price": 0.1, "accessibility": "Few to no challenges", "duration": "hours",'
    b' "kidFriendly": true, "link": "", "key": "1000001"}\n'
    b'{"activity": "Learn Express.js", "type": "education", "participants": 1,'
    b' "price": 0.1, "accessibility": "Few to no challenges", "duration": "hours",'
    b' "kidFriendly": true, "link": "", "key": "1000002"}\n'
)


def test_ideas_for_one_person_are_shown_unticked_with_a_reason_and_left_out(ideas_page):
    at, store, couple_id = ideas_page
    at.file_uploader(key="ideas_file").set_value(("bored.jsonl", BORED_LINES, "text/plain")).run()
    assert not at.exception
    markdown = " ".join(m.value for m in at.markdown)
    assert "**1 idea may not suit the two of you**" in markdown
    [button] = [b for b in at.button if b.label.startswith("Add th")]
    assert button.label == "Add this idea"  # the flagged one is not counted
    button.click().run()
    assert store.ideas(couple_id)[Columns.TITLE].tolist() == ["Have a picnic in the park"]
    assert "1 you left unticked was not added" in at.success[0].value


def _import_two(at):
    at.file_uploader(key="ideas_file").set_value(("our-list.csv", IDEAS_CSV, "text/csv")).run()
    return click(at, "Add these 2 ideas")


def test_an_import_can_be_undone_at_once_as_one_batch(ideas_page):
    at, store, couple_id = ideas_page
    store.add_idea(couple_id, {**_IDEA, Columns.TITLE: "Stargazing"})  # added by hand: stays
    _import_two(at)
    assert len(store.ideas(couple_id)) == 3
    click(at, "Undo this import (2 ideas)")
    assert not at.exception
    assert store.ideas(couple_id)[Columns.TITLE].tolist() == ["Stargazing"]
    assert "removed 2 ideas" in at.info[0].value
    assert not any(b.label.startswith("Undo this import") for b in at.button)


def test_past_imports_are_listed_and_removed_after_a_confirmation(ideas_page):
    at, store, couple_id = ideas_page
    _import_two(at)
    [batch] = store.import_batches(couple_id)
    shown = [m.value.replace("\\", "") for m in at.markdown]
    assert any(": 2 ideas" in m and "(UTC)" in m for m in shown)
    click(at, "Remove these 2 ideas")
    assert "Remove the 2 ideas imported on" in at.warning[0].value
    assert len(store.ideas(couple_id)) == 2  # nothing removed before the answer
    click(at, "No, keep them")
    assert len(store.ideas(couple_id)) == 2 and not at.warning
    click(at, "Remove these 2 ideas")
    click(at, "Yes, remove 2 ideas")
    assert not at.exception
    assert store.ideas(couple_id).empty
    assert f"Undid import {batch.batch}: removed 2 ideas." in at.info[0].value.replace("\\", "")
    assert store.import_batches(couple_id) == []


_IDEA = {
    Columns.TITLE: "Picnic at the old mill",
    Columns.DESCRIPTION: "Bread, cheese and the river.",
    Columns.CATEGORY: "outdoors",
    Columns.TAGS: "nature;romantic",
    Columns.COST: 15.0,
    Columns.RISK: 1,
    Columns.DURATION_HOURS: 2.0,
    Columns.SETTING: "outdoor",
    Columns.ENERGY: 2,
    Columns.SEASONS: "spring;summer",
    Columns.CONVERSATION_STARTER: "Where shall we go next?",
}


def test_an_idea_can_be_edited_with_the_same_checks_as_adding(ideas_page):
    at, store, couple_id = ideas_page
    aid = store.add_idea(couple_id, _IDEA)
    at.run()
    key = f"edit_idea_{aid}"
    # The form starts from the saved idea.
    assert at.text_input(key=f"{key}_title").value == "Picnic at the old mill"
    assert at.selectbox(key=f"{key}_category").value == "outdoors"
    assert at.multiselect(key=f"{key}_tags").value == ["nature", "romantic"]
    assert at.multiselect(key=f"{key}_seasons").value == ["spring", "summer"]
    assert at.number_input(key=f"{key}_cost").value == 15.0

    at.text_input(key=f"{key}_title").set_value("")
    at.multiselect(key=f"{key}_tags").set_value([])
    at.text_input(key=f"{key}_conversation_starter").set_value("Where next")
    click(at, "Save changes")
    errors = [e.value for e in at.error]
    assert "Please fill this in." in errors
    assert "Pick at least one thing it involves." in errors
    assert "Write it as a question, ending in '?'." in errors
    assert store.ideas(couple_id).iloc[0].to_dict()[Columns.TITLE] == "Picnic at the old mill"
    assert at.text_input(key=f"{key}_title").value == ""  # kept as typed

    at.text_input(key=f"{key}_title").set_value("Picnic by the mill pond")
    at.multiselect(key=f"{key}_tags").set_value(["nature"])
    at.text_input(key=f"{key}_conversation_starter").set_value("Where next?")
    at.number_input(key=f"{key}_cost").set_value(25.0)
    click(at, "Save changes")
    assert not at.exception
    saved = store.ideas(couple_id).iloc[0].to_dict()
    assert saved[Columns.ACTIVITY_ID] == aid  # the same idea, changed
    assert (saved[Columns.TITLE], saved[Columns.TAGS], saved[Columns.COST]) == (
        "Picnic by the mill pond",
        "nature",
        25.0,
    )
    assert "Saved your changes to Picnic by the mill pond" in at.success[0].value
