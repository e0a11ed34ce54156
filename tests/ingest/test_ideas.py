"""Tests for recommender/ideas_import.py: files made elsewhere -> a couple's own ideas."""

from __future__ import annotations

import json
from pathlib import Path

import db_backends
import pytest

from recommender import Couple, Partner, Store
from recommender.catalog.columns import CATEGORIES, TAGS, Columns
from recommender.catalog.loading import validate_activities
from recommender.ingest.ideas import (
    BORED_ACCESSIBILITY,
    BORED_DURATION_HOURS,
    BORED_PRICE_SCALE,
    DEFAULT_DESCRIPTION,
    DEFAULTS,
    INCLUDE_COLUMN,
    REASON_COLUMN,
    STARTERS,
    ImportFileError,
    describe_preview,
    import_ideas,
    read_ideas_file,
)

database_url = db_backends.database_url
REPO = Path(__file__).resolve().parents[2]
# The shared datasets live beside the repository or its worktrees (on CI, beside its clone),
# never inside it; tests that need the Bored API file are skipped when it is not there.
BORED = next(
    (
        p
        for p in (
            REPO.parent / "shared" / "datasets" / "bored-api" / "activities.jsonl",
            REPO.parent.parent / "shared" / "datasets" / "bored-api" / "activities.jsonl",
        )
        if p.is_file()
    ),
    REPO.parent / "shared" / "datasets" / "bored-api" / "activities.jsonl",
)
needs_bored = pytest.mark.skipif(not BORED.is_file(), reason=f"no Bored API file at {BORED}")
COUPLE = Couple(Partner("Ana", ("cooking",)), Partner("Ben", ("music",)))
C = Columns


def bored_lines() -> list[dict]:
    return [json.loads(line) for line in BORED.read_text().splitlines() if line.strip()]


@pytest.fixture
def sqlite_store(tmp_path: Path):
    with Store(db_backends.sqlite_url(tmp_path / "ideas.db")) as store:
        yield store


# ----------------------------------------------------------------- the Bored API file


@needs_bored
def test_the_bored_api_file_is_mapped_onto_the_catalog_columns() -> None:
    preview = read_ideas_file(BORED)
    assert preview.kind == "Bored API"
    assert preview.problems == []
    assert len(preview.rows) == 196 == len(bored_lines())
    assert preview.ignored == ["availability"]
    frame = preview.rows.set_index(C.ACTIVITY_ID)
    assert frame.index.is_unique and all(frame.index.str.startswith("ours-bored-"))
    assert set(frame[C.CATEGORY]) <= set(CATEGORIES)
    assert {t for cell in frame[C.TAGS] for t in cell.split(";")} <= set(TAGS)
    # The typed frame passes the catalog's own rules.
    validate_activities(preview.rows.to_dict("records"))

    express = frame.loc["ours-bored-3943506"]  # {"activity":"Learn Express.js", price 0.1 ...}
    assert express[C.TITLE] == "Learn Express.js"
    assert express[C.CATEGORY] == "learning"
    assert "technology" in express[C.TAGS].split(";")
    assert express[C.COST] == 0.1 * BORED_PRICE_SCALE
    assert (express[C.RISK], express[C.ENERGY], express[C.DURATION_HOURS]) == (1, 1, 2.0)
    assert "https://expressjs.com/" in express[C.DESCRIPTION]
    by_title = preview.rows.set_index(C.TITLE)
    broadway = by_title.loc["Go see a Broadway production"]
    assert broadway[C.COST] == 80 and "Best with 4 people" in broadway[C.DESCRIPTION]
    run = by_title.loc["Go for a run"]  # Major challenges
    assert (run[C.RISK], run[C.ENERGY], run[C.SETTING]) == (3, 3, "outdoor")
    assert "running" in run[C.TAGS]
    assert by_title.loc["Take a bubble bath"][C.RISK] == 2  # "'Minor challenges" (stray quote)
    assert by_title.loc["Learn calligraphy"][C.DURATION_HOURS] == 10  # "weeks"
    assert by_title.loc["Learn a new recipe"][C.CATEGORY] == "food-drink"


@needs_bored
def test_the_defaults_used_are_listed_with_how_many_rows_got_them() -> None:
    preview = read_ideas_file(BORED)
    used = {(d.column, d.value): d.rows for d in preview.defaults}
    assert used[(C.SEASONS, "any")] == 196
    starters = {v: n for (c, v), n in used.items() if c == C.CONVERSATION_STARTER}
    assert sum(starters.values()) == 196 and set(starters) <= set(STARTERS.values())
    assert len(starters) > 5  # one per category, not one for all
    outdoor = (preview.rows[C.SETTING] == "outdoor").sum()
    assert used[(C.SETTING, "either")] == 196 - outdoor
    assert "price x 100" in preview.mapping[C.COST]
    assert set(preview.mapping) == set(C.ALL)


@needs_bored
def test_all_196_arrive_and_importing_again_adds_none(database_url: str) -> None:
    with Store(database_url) as store:
        cid = store.create_couple(COUPLE)
        first = import_ideas(store, cid, BORED, include_flagged=True)
        assert (first.added, first.skipped_existing) == (196, 0)
        ideas = store.ideas(cid)
        assert len(ideas) == 196
        # Edit one imported idea, then import the same file again.
        express = ideas.set_index(C.ACTIVITY_ID).loc["ours-bored-3943506"].to_dict()
        store.update_idea(cid, "ours-bored-3943506", {**express, C.COST: 0.0})
        second = import_ideas(store, cid, BORED, include_flagged=True)
        assert (second.added, second.skipped_existing) == (0, 196)
        after = store.ideas(cid).set_index(C.ACTIVITY_ID)
        assert len(after) == 196
        assert after.loc["ours-bored-3943506", C.COST] == 0.0  # the couple's edit is kept


# ----------------------------------------------------------------- catalog-like CSV files


def test_a_csv_with_every_catalog_column_keeps_its_values(
    sqlite_store: Store, tmp_path: Path
) -> None:
    file = tmp_path / "ours.csv"
    file.write_text(
        ",".join(C.ALL) + "\n"
        "tango-night,Tango night,Learn the basics of tango together.,music-performance,"
        "dance;romantic,40,2,2.5,indoor,3,autumn;winter,Who leads?\n"
    )
    preview = read_ideas_file(file)
    assert preview.kind == "catalog-like" and preview.defaults == [] and preview.problems == []
    row = preview.rows.iloc[0]
    assert row[C.ACTIVITY_ID] == "ours-tango-night"
    assert (row[C.TAGS], row[C.COST], row[C.DURATION_HOURS], row[C.SEASONS]) == (
        "dance;romantic",
        40.0,
        2.5,
        "autumn;winter",
    )
    cid = sqlite_store.create_couple(COUPLE)
    report = import_ideas(sqlite_store, cid, file)
    assert report.added_ids == ["ours-tango-night"]
    assert sqlite_store.ideas(cid).iloc[0][C.CONVERSATION_STARTER] == "Who leads?"


def test_a_csv_with_some_columns_gets_visible_defaults(tmp_path: Path) -> None:
    file = tmp_path / "list.csv"
    file.write_text(
        "Name,Cost,Duration Hours,Colour\n"
        "Bake sourdough bread,12,5,brown\n"
        "Hike to the waterfall,,4,green\n"
        "Quiet evening in,0,3,grey\n"
    )
    preview = read_ideas_file(file)
    assert preview.problems == []
    assert preview.ignored == ["Colour"]
    assert preview.mapping[C.TITLE] == "name"
    assert preview.mapping[C.COST] == C.COST
    rows = preview.rows.set_index(C.TITLE)
    assert rows.loc["Bake sourdough bread", C.CATEGORY] == "food-drink"
    assert "baking" in rows.loc["Bake sourdough bread", C.TAGS]
    assert rows.loc["Hike to the waterfall", C.SETTING] == "outdoor"
    assert rows.loc["Hike to the waterfall", C.COST] == DEFAULTS[C.COST]  # blank cell
    assert rows.loc["Quiet evening in", C.CATEGORY] == DEFAULTS[C.CATEGORY]
    used = {(d.column, d.value): d.rows for d in preview.defaults}
    assert used[(C.COST, "0")] == 1
    assert used[(C.RISK, "1")] == 3 and used[(C.SEASONS, "any")] == 3
    assert used[(C.CATEGORY, "at-home")] == 1
    assert (
        used[(C.DESCRIPTION, "<title>. Imported from list.csv; add your own notes to describe it.")]
        == 3
    )
    assert rows.loc["Quiet evening in", C.DESCRIPTION].startswith("Quiet evening in. Imported")


def test_json_lines_with_catalog_fields_and_lists(tmp_path: Path) -> None:
    file = tmp_path / "ideas.jsonl"
    file.write_text(
        json.dumps({"title": "Karaoke duet", "tags": ["singing", "night"], "risk": 2}) + "\n\n"
    )
    row = read_ideas_file(file).rows.iloc[0]
    assert (row[C.TAGS], row[C.RISK], row[C.ACTIVITY_ID]) == (
        "singing;night",
        2,
        "ours-karaoke-duet",
    )


# ----------------------------------------------------------------- malformed files

BORED_OK = json.dumps({"activity": "Go stargazing", "type": "relaxation", "key": "1"})


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.csv", b"", r"empty\.csv: the file is empty"),
        ("blank.jsonl", b"\n  \n", r"blank\.jsonl: the file is empty"),
        ("photo.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", r"not a text file \(binary data"),
        ("latin.csv", "title\ncaf\xe9 crawl\n".encode("latin-1"), r"line 2 is not UTF-8 text"),
        (
            "cut.jsonl",
            (BORED_OK + "\n" + BORED_OK[:25]).encode(),
            r"(?s)cut\.jsonl: is not a JSON-lines.*line 2: the line ends before its JSON object",
        ),
        ("prose.jsonl", b"hello, I am not JSON\n", r"line 1: not valid JSON: Expecting value"),
        ("list.jsonl", b"[1, 2]\n", r"expected a list of objects|item 1: expected a JSON object"),
        ("nums.jsonl", b"1\n2\n", r"line 1: expected a JSON object \{\.\.\.\}, found int"),
        (
            "shapes.csv",
            b"colour,size\nred,3\n",
            r"shapes\.csv: line 1 has no title column; .*'title'.*Expected columns: activity_id",
        ),
        (
            "fields.jsonl",
            b'{"foo": 1, "bar": 2}\n',
            r"every line has no title column.*Expected columns",
        ),
        ("header.csv", b"title,cost\n", r"the file has a header but no activities"),
        (
            "commas.csv",
            b"title,cost\nPicnic,0\nWine tasting, Napa,40\n",
            r"line 3: expected 2 fields but found 3",
        ),
    ],
)
def test_unreadable_files_are_refused_saying_what_and_where(
    sqlite_store: Store, tmp_path: Path, name: str, content: bytes, message: str
) -> None:
    file = tmp_path / name
    file.write_bytes(content)
    with pytest.raises(ImportFileError, match=message):
        read_ideas_file(file)
    cid = sqlite_store.create_couple(COUPLE)
    good = tmp_path / "good.csv"
    good.write_text("title\nPicnic at the old mill\n")
    sqlite_store.add_idea(cid, {**read_ideas_file(good).rows.iloc[0].to_dict()})
    before = sqlite_store.export_data()
    with pytest.raises(ImportFileError, match=message):
        import_ideas(sqlite_store, cid, file)
    assert sqlite_store.export_data()["couples"] == before["couples"]


@pytest.mark.parametrize(
    ("lines", "message"),
    [
        (
            [BORED_OK, '{"activity": "Buy art", "type": "diy", "key": "2", "price": "cheap"}'],
            r"line 2, column 'price': must be a number from 0 \(free\) to 1.*'cheap'",
        ),
        (
            [BORED_OK, '{"activity": "Nap", "type": "relaxation", "key": "3", "price": 4}'],
            r"line 2, column 'price': must be a number from 0",
        ),
        (
            ['{"activity": "Sail", "type": "x", "key": "4", "duration": "fortnight"}'],
            r"line 1, column 'duration': must be one of minutes, hours, days, weeks",
        ),
        (
            ['{"activity": "Climb", "type": "x", "key": "5", "accessibility": "Extreme"}'],
            r"line 1, column 'accessibility': must be 'Few to no challenges'",
        ),
        (
            ['{"activity": "", "type": "social", "key": "6"}', BORED_OK],
            r"line 1, column 'activity': is missing or empty",
        ),
        (
            ['{"activity": "Chess", "type": "social", "key": "7", "participants": "two"}'],
            r"line 1, column 'participants': must be a whole number",
        ),
    ],
)
def test_bad_bored_rows_are_refused_with_line_and_field(
    sqlite_store: Store, tmp_path: Path, lines: list[str], message: str
) -> None:
    file = tmp_path / "bored.jsonl"
    file.write_text("\n".join(lines) + "\n")
    assert read_ideas_file(file).problems  # the preview shows them...
    cid = sqlite_store.create_couple(COUPLE)
    with pytest.raises(ImportFileError, match=rf"(?s)nothing was imported.*{message}"):
        import_ideas(sqlite_store, cid, file)  # ...and the import refuses the whole file
    assert sqlite_store.ideas(cid).empty


@pytest.mark.parametrize(
    ("csv_text", "message"),
    [
        ("title,risk\nPicnic,1\nSkydive,9\n", r"line 3, column 'risk': is outside the scale"),
        ("title,category\nPicnic,outdoors\nRace,speed\n", r"line 3, column 'category': unknown"),
        ("title\nPicnic\npicnic!\n", r"line 3, column 'title': is the same idea as line 2"),
        ("title,cost\nPicnic,0\n,5\n", r"line 3, column 'title': is missing or empty"),
    ],
)
def test_bad_catalog_like_rows_are_refused_with_line_and_column(
    sqlite_store: Store, tmp_path: Path, csv_text: str, message: str
) -> None:
    file = tmp_path / "mine.csv"
    file.write_text(csv_text)
    cid = sqlite_store.create_couple(COUPLE)
    with pytest.raises(ImportFileError, match=rf"(?s)1 row cannot be imported.*{message}"):
        import_ideas(sqlite_store, cid, file)
    assert sqlite_store.ideas(cid).empty


def test_a_missing_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(ImportFileError, match=r"nope\.csv: no such file"):
        read_ideas_file(tmp_path / "nope.csv")
    with pytest.raises(ImportFileError, match="is a folder, not a file"):
        read_ideas_file(tmp_path)


def test_the_readme_documents_the_mapping_and_defaults_in_use() -> None:
    readme = (REPO / "docs" / "importing.md").read_text()
    durations = ", ".join(f"{k} {v:g}" for k, v in BORED_DURATION_HOURS.items())
    assert f"`duration`: {durations} |" in readme
    assert f"`price` × {BORED_PRICE_SCALE:.0f}" in readme
    levels = ", ".join(
        f"{'few to no challenges' if i == 0 else a.split()[0]} {r}"
        for i, (a, (r, _)) in enumerate(BORED_ACCESSIBILITY.items())
    )
    assert f"`accessibility`: {levels} |" in readme
    for column in (C.COST, C.RISK, C.ENERGY, C.DURATION_HOURS, C.SEASONS):
        row = next(line for line in readme.splitlines() if line.startswith(f"| `{column}`"))
        assert row.rstrip(" |").endswith(
            f"`{DEFAULTS[column]:g}`" if column != C.SEASONS else f"`{DEFAULTS[column]}`"
        ), row
    assert "one conversation starter written for each category" in readme
    assert DEFAULT_DESCRIPTION.format(title="TITLE", source="FILE") in readme


def test_a_one_idea_file_is_described_in_the_singular(tmp_path: Path) -> None:
    file = tmp_path / "one.csv"
    file.write_text("Name\nBake sourdough bread\n")
    lines = describe_preview(read_ideas_file(file))
    assert lines[0] == "one.csv: 1 activity (catalog-like file)"
    assert "  risk = '1' on 1 row" in lines


# ----------------------------------------------------------------- ideas that fit couples


@needs_bored
def test_ideas_for_one_person_chores_and_study_topics_are_unticked_with_a_reason() -> None:
    preview = read_ideas_file(BORED)
    table = preview.table().set_index(C.TITLE)
    assert table[INCLUDE_COLUMN].dtype == bool
    for title, words in (
        ("Learn Express.js", "a study topic"),
        ("Wash your car", "a chore"),
        ("Mow your neighbor's lawn", "a chore"),
        ("Go for a run", "made for one person"),
    ):
        assert not table.loc[title, INCLUDE_COLUMN], title
        assert words in table.loc[title, REASON_COLUMN], title
    for title in ("Go see a Broadway production", "Cook something together with someone"):
        assert table.loc[title, INCLUDE_COLUMN] and table.loc[title, REASON_COLUMN] == ""
    assert (table[REASON_COLUMN] != "").sum() == preview.flagged == (~table[INCLUDE_COLUMN]).sum()
    assert 0 < preview.flagged < len(table)


@needs_bored
def test_descriptions_are_plain_sentences_without_the_sources_jargon() -> None:
    rows = read_ideas_file(BORED).rows
    for text in rows[C.DESCRIPTION]:
        lowered = text.lower()
        assert (
            "bored" not in lowered and "recreational" not in lowered and "busywork" not in lowered
        )
        assert text.rstrip().endswith((".", "/")) or "More: http" in text
    by_title = rows.set_index(C.TITLE)
    assert "Usually done alone" in by_title.loc["Learn Express.js", C.DESCRIPTION]
    assert "Made for two." in by_title.loc["Go swimming with a friend", C.DESCRIPTION]


@needs_bored
def test_each_category_gets_its_own_conversation_starter() -> None:
    rows = read_ideas_file(BORED).rows
    for category, starter in zip(rows[C.CATEGORY], rows[C.CONVERSATION_STARTER], strict=True):
        assert starter == STARTERS[category]
    assert set(STARTERS) == set(CATEGORIES)
    assert len(set(STARTERS.values())) == len(CATEGORIES)  # one each, none shared


def test_flagged_ideas_are_left_out_unless_asked_for(sqlite_store: Store, tmp_path: Path) -> None:
    file = tmp_path / "mixed.csv"
    file.write_text("title\nPicnic at the lake\nWash your car\nLearn GraphQL\n")
    cid = sqlite_store.create_couple(COUPLE)
    report = import_ideas(sqlite_store, cid, file)
    assert report.added == 1 and len(report.skipped_flagged) == 2
    assert sqlite_store.ideas(cid)[C.TITLE].tolist() == ["Picnic at the lake"]
    report = import_ideas(sqlite_store, cid, file, include_flagged=True)
    assert (report.added, report.skipped_existing) == (2, 1)
    chosen = import_ideas(
        sqlite_store,
        sqlite_store.create_couple(COUPLE, name="B"),
        file,
        selected=["ours-wash-your-car"],
    )
    assert chosen.added_ids == ["ours-wash-your-car"]


def test_a_catalog_like_idea_without_a_starter_gets_its_categorys(tmp_path: Path) -> None:
    file = tmp_path / "ours.csv"
    file.write_text(
        "title,category,conversation_starter\nPicnic,outdoors,\nBake bread,,Who kneads?\n"
    )
    rows = read_ideas_file(file).rows.set_index(C.TITLE)
    assert rows.loc["Picnic", C.CONVERSATION_STARTER] == STARTERS["outdoors"]
    assert rows.loc["Bake bread", C.CONVERSATION_STARTER] == "Who kneads?"


def test_a_semicolon_separated_ideas_file_is_read(tmp_path: Path) -> None:
    file = tmp_path / "ideen.csv"
    file.write_bytes("\ufefftitle;cost;category\nPicknick am See;12,5;outdoors\n".encode())
    preview = read_ideas_file(file)
    # The delimiter is ';'; a decimal comma is not a number the catalog reads, said plainly.
    assert preview.problems and "column 'cost': is not a number" in str(preview.problems[0])
    file.write_text("title;cost;category\nPicknick am See;12.5;outdoors\n")
    row = read_ideas_file(file).rows.iloc[0]
    assert (row[C.TITLE], row[C.COST], row[C.CATEGORY]) == ("Picknick am See", 12.5, "outdoors")
