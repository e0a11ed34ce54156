"""Bring activities from a file made elsewhere into a couple's own ideas.

Two shapes of file are understood, as CSV or JSON lines (one JSON object per line;
a JSON array of objects works too):

* **Bored API** records (fields ``activity``, ``type``, ``participants``, ``price``,
  ``accessibility``, ``duration``, ``kidFriendly``, ``link``, ``key``), recognised by
  having ``activity``, ``type`` and ``key``;
* **catalog-like** tables with some or all of the catalog's columns (``title`` may also
  be called ``activity`` or ``name``; header case and spaces do not matter).

Every column the source lacks is filled with a documented default
(:data:`DEFAULTS`, also listed in the README), and :func:`read_ideas_file` returns
which defaults it used on how many rows, so the app can show them and the couple
can edit those ideas later. A file that cannot be read is refused with
:class:`ImportFileError` naming what is wrong and where (line, field); rows that
break a rule are listed as problems, and :func:`import_ideas` then imports nothing.
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Final

import pandas as pd

from recommender.catalog.columns import ANY_SEASON, IDEA_PREFIX, LIST_SEPARATOR, Columns, Setting
from recommender.catalog.files import UnreadableFileError, read_bytes
from recommender.catalog.ids import idea_id
from recommender.catalog.loading import CatalogError, Problem, validate_activities
from recommender.wording import count_words, slugify

if TYPE_CHECKING:
    from recommender.store.store import Store

C = Columns

#: Values used for a column the source file does not give (per row, when blank).
DEFAULTS: Final[dict[str, object]] = {
    C.CATEGORY: "at-home",
    C.COST: 0.0,
    C.RISK: 1,
    C.DURATION_HOURS: 2.0,
    C.SETTING: Setting.EITHER.value,
    C.ENERGY: 2,
    C.SEASONS: ANY_SEASON,
    C.CONVERSATION_STARTER: "What would make this one feel like ours?",
}
#: Description written when the source has none ({title} and {source} filled in).
DEFAULT_DESCRIPTION: Final = "{title}. Imported from {source}; add your own notes to describe it."

#: Bored API ``price`` is relative, 0 (free) to 1 (the priciest); dollars = price x this.
BORED_PRICE_SCALE: Final = 100.0
#: Bored API ``duration`` words, in hours.
BORED_DURATION_HOURS: Final[dict[str, float]] = {
    "minutes": 0.5,
    "hours": 2.0,
    "days": 8.0,
    "weeks": 10.0,
}
#: Bored API ``accessibility`` -> (risk, energy) on the catalog's 1-5 scales.
BORED_ACCESSIBILITY: Final[dict[str, tuple[int, int]]] = {
    "few to no challenges": (1, 1),
    "minor challenges": (2, 2),
    "major challenges": (3, 3),
}
#: Bored API ``type`` -> (category or None to guess from the words, fallback tag, always add tag).
BORED_TYPES: Final[dict[str, tuple[str | None, str, bool]]] = {
    "education": ("learning", "science", False),
    "charity": ("volunteering", "community", True),
    "cooking": ("food-drink", "cooking", True),
    "music": ("music-performance", "music", True),
    "diy": ("arts-crafts", "diy", True),
    "busywork": ("at-home", "diy", False),
    "recreational": (None, "social", False),
    "social": (None, "social", True),
    "relaxation": (None, "relaxation", True),
}
#: When a vague type (or a catalog-like file) gives no category and no words match.
BORED_TYPE_FALLBACK_CATEGORY: Final[dict[str, str]] = {
    "recreational": "at-home",
    "social": "at-home",
    "relaxation": "wellness",
}

#: Words in a title that suggest a category, tried in order (first match wins).
CATEGORY_WORDS: Final[tuple[tuple[str, str], ...]] = (
    ("volunteering", r"volunteer|donat|charity|litter|food bank|food pantry|senior center"),
    (
        "food-drink",
        r"\bcook|\bbak(e|ing)\b|bread|pastr|\bpie\b|recipe|\bmeal|\bdish|ice cream|"
        r"restaurant|lunch|dinner|farmers market|\bwine|\bbeer|coffee|french press",
    ),
    (
        "music-performance",
        r"concert|music|song|album|\bband\b|instrument|erhu|jam session|"
        r"karaoke|beatbox|broadway|theat|festival",
    ),
    (
        "adventure-sport",
        r"sport|basketball|football|tennis|volleyball|swim|skate|\bgym\b|"
        r"\brun\b|scrimmage|climb|kayak|surf|\bski",
    ),
    (
        "outdoors",
        r"\bhik(e|ing)|\bpark\b|garden|\bplant|\btree|compost|\bwalk|stargaz|sunset|"
        r"sunrise|picnic|bonfire|fishing|\blawn|beach",
    ),
    ("wellness", r"yoga|meditat|\bnap\b|bath|nail salon|grateful|\bspa\b|massage"),
    (
        "arts-crafts",
        r"paint|\bdraw(ing)?\b|\bcolou?r\b|calligraphy|origami|craft|tie dye|scrapbook|\bsew|"
        r"lego|woodwork|paper|photo|mandala|decorat|pottery",
    ),
    (
        "games-puzzles",
        r"\bgame|puzzle|rubik|jigsaw|escape room|monopoly|bracket|contest|"
        r"tournament",
    ),
    ("culture", r"museum|movie|film|series|galler"),
    ("nightlife", r"nightlife|\bbar\b|\bclub\b"),
    ("travel-daytrips", r"road trip|\btrip\b|vacation|\bdrive\b"),
    ("learning", r"\blearn|study|memori|research|class\b|lecture|webinar|\bread\b"),
)
#: Words in a title that suggest tags from the vocabulary (every match is used, up to 5).
TAG_WORDS: Final[tuple[tuple[str, str], ...]] = (
    ("cooking", r"\bcook|recipe|\bmeal|\bdish|ice cream|cookbook"),
    ("baking", r"\bbak(e|ing)\b|bread|pastr|\bpie\b"),
    ("hiking", r"\bhik(e|ing)"),
    ("nature", r"\bpark\b|\bwalk|sunset|sunrise|\bnature|\btree"),
    ("gardening", r"garden|\bplant|compost|\blawn"),
    ("animals", r"\bdogs?\b|\bcats?\b|\bpets?\b|animal"),
    ("running", r"\brun\b|\bjog"),
    ("fitness", r"\bgym\b|workout|exercise|\brun\b"),
    ("yoga", r"yoga"),
    ("mindfulness", r"meditat|mandala|grateful|journal"),
    ("relaxation", r"\bnap\b|bubble bath|relax"),
    ("spa", r"nail salon|\bspa\b|bubble bath|massage"),
    ("sports", r"sport|basketball|football|tennis|volleyball|skate|scrimmage|bracket"),
    ("water", r"swim|fishing|kayak|\bboat"),
    ("competitive", r"tournament|contest|scrimmage|\bmatch\b|bracket"),
    ("painting", r"paint"),
    ("art", r"\bdraw(ing)?\b|\bcolou?r\b|calligraphy|mandala|\bart\b|museum"),
    ("crafts", r"craft|origami|tie dye|scrapbook|\bsew|lego|paper (airplane|crane)|button"),
    ("diy", r"\bdiy\b|\bfix\b|woodwork|repaint|decorat|\bfort\b"),
    ("music", r"music|song|album|\bband\b|instrument|erhu|jam session|beatbox|podcast"),
    ("live-music", r"concert|festival"),
    ("singing", r"karaoke|\bsing"),
    ("film", r"movie|film|series"),
    ("theatre", r"broadway|theat"),
    ("history", r"museum|history|family tree|capitals"),
    ("reading", r"\bread|\bbooks?\b|library|research paper"),
    ("writing", r"\bwrit|letter|poem|\bblog|story|journal|shorthand|\bnote\b"),
    ("languages", r"(?<!programming )language|greet|phonetic|morse"),
    (
        "technology",
        r"program|\bcod(e|ing)\b|javascript|kotlin|graphql|express\.js|website|"
        r"internet|arduino|alexa|\bgit\b|\bapps?\b|computer|webinar|two-factor|devices|typing",
    ),
    ("science", r"science|periodic table|golden ratio|khan academy|research"),
    ("board-games", r"monopoly|card game|game night|board game"),
    ("puzzles", r"puzzle|rubik|jigsaw|escape room"),
    ("social", r"friend|party|bonfire|picnic|yard sale|neighbo|compliment"),
    (
        "community",
        r"volunteer|donat|charity|litter|community|senior|food bank|pantry|"
        r"open-source",
    ),
    ("stargazing", r"stargaz"),
    ("night", r"stargaz|nightlife|bonfire"),
    ("city", r"nightlife|\bcity\b|restaurant"),
    ("romantic", r"significant other|sunset|sunrise"),
    ("road-trip", r"road trip|\blong drive"),
    ("markets", r"thrift|market|\bshop\b"),
    ("photography", r"photo"),
    ("coffee", r"coffee|french press|caffeine"),
    ("camping", r"bonfire|camp"),
    ("dance", r"\bdanc"),
)
#: The tag a category gets when no word in the title suggests one.
CATEGORY_TAG: Final[dict[str, str]] = {
    "food-drink": "cooking",
    "outdoors": "nature",
    "adventure-sport": "sports",
    "arts-crafts": "crafts",
    "music-performance": "music",
    "learning": "science",
    "wellness": "relaxation",
    "games-puzzles": "board-games",
    "travel-daytrips": "road-trip",
    "volunteering": "community",
    "at-home": "relaxation",
    "nightlife": "night",
    "culture": "history",
}
#: Words that make an activity ``outdoor`` (otherwise the default, ``either``).
OUTDOOR_WORDS: Final = (
    r"\bhik(e|ing)|\bpark\b|garden|\bwalk|outside|beach|\blawn|\btree|bonfire|picnic|stargaz|"
    r"sunset|sunrise|\brun\b|fishing|litter|football|volleyball|basketball|tennis|compost"
)

#: Other names accepted for the title column.
TITLE_ALIASES: Final = (C.TITLE, "activity", "name")
_BORED_MARKERS: Final = frozenset({"activity", "type", "key"})
_MAX_TAGS = 5
_TEXT_SUFFIXES: Final = {
    ".csv": "csv",
    ".tsv": "csv",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "jsonl",
}


class ImportFileError(ValueError):
    """An ideas file cannot be imported; the message says what is wrong and where.

    Parameters
    ----------
    message : str
        What is wrong (names the file).
    problems : sequence of Problem, optional
        Each problem with its line and field, listed after the message.
    """

    def __init__(self, message: str, problems: Sequence[Problem] = ()) -> None:
        self.problems = list(problems)
        lines = "".join(f"\n  - {p}" for p in self.problems)
        super().__init__(f"{message}{lines}")


@dataclass(frozen=True)
class DefaultUsed:
    """A default value written into rows whose source had nothing for that column.

    Attributes
    ----------
    column : str
        The catalog column filled.
    value : str
        The value written (a template for descriptions).
    rows : int
        How many rows got it.
    """

    column: str
    value: str
    rows: int


@dataclass(frozen=True)
class IdeasPreview:
    """What importing a file would add, before anything is written.

    Attributes
    ----------
    source : str
        The file's name.
    kind : str
        ``"Bored API"`` or ``"catalog-like"``.
    rows : pandas.DataFrame
        The rows that can be imported, mapped onto the catalog's columns (typed like
        ``load_catalog``), ids already prefixed with ``ours-``.
    lines : list of str
        Where each of ``rows`` came from (``"line 7"``).
    mapping : dict
        For each catalog column, where its values come from, in words.
    defaults : list of DefaultUsed
        The defaults used and on how many rows; the couple can edit those ideas later.
    problems : list of Problem
        Rows that cannot be imported, each with its line, field and value. When there
        are any, :func:`import_ideas` imports nothing.
    ignored : list of str
        Source fields not used.
    """

    source: str
    kind: str
    rows: pd.DataFrame
    lines: list[str]
    mapping: dict[str, str]
    defaults: list[DefaultUsed]
    problems: list[Problem] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class ImportReport:
    """What :func:`import_ideas` did.

    Attributes
    ----------
    added : int
        Ideas added.
    skipped_existing : int
        Ideas the couple already had (same id); left as they are, with any edits.
    added_ids, skipped_ids : list of str
        Their activity ids.
    preview : IdeasPreview
        The mapping and defaults used.
    """

    added: int
    skipped_existing: int
    added_ids: list[str]
    skipped_ids: list[str]
    preview: IdeasPreview


# --------------------------------------------------------------------------- reading


def _read_text(file: Path) -> str:
    name = file.name
    try:
        raw = read_bytes(file)
    except UnreadableFileError as exc:
        raise ImportFileError(f"{name}: {exc} ({file})") from None
    nul = raw.find(b"\x00")
    if nul != -1:
        raise ImportFileError(
            f"{name}: is not a text file (binary data at byte {nul}); choose a CSV or"
            " JSON-lines file"
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ImportFileError(
            f"{name}: line {line} is not UTF-8 text (byte {raw[exc.start]:#04x});"
            " save the file as UTF-8 and try again"
        ) from None
    if not text.strip():
        raise ImportFileError(f"{name}: the file is empty")
    return text


def _file_kind(file: Path, text: str) -> str:
    by_suffix = _TEXT_SUFFIXES.get(file.suffix.lower())
    if by_suffix:
        return by_suffix
    return "jsonl" if text.lstrip()[:1] in "{[" else "csv"


def _json_records(name: str, text: str) -> list[tuple[str, dict[str, object]]]:
    stripped = text.lstrip()
    if stripped.startswith("["):  # a JSON array of objects, for convenience
        try:
            items = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ImportFileError(
                f"{name}: line {exc.lineno}, column {exc.colno}: not valid JSON ({exc.msg})"
            ) from None
        if not isinstance(items, list):
            raise ImportFileError(f"{name}: expected a list of objects")
        pairs = [(f"item {i}", item) for i, item in enumerate(items, start=1)]
    else:
        pairs = []
        problems: list[Problem] = []
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            where = f"line {number}"
            try:
                pairs.append((where, json.loads(line)))
            except json.JSONDecodeError as exc:
                if line.lstrip().startswith("{") and not line.rstrip().endswith("}"):
                    why = "the line ends before its JSON object does (is the file cut short?)"
                else:
                    why = f"not valid JSON: {exc.msg} (column {exc.colno})"
                problems.append(Problem(where, "", "", why))
        if problems:
            more = "" if len(problems) <= 20 else f" (first 20 of {len(problems)} shown)"
            raise ImportFileError(
                f"{name}: is not a JSON-lines file of activities{more}", problems[:20]
            )
    bad = [
        Problem(where, "", "", f"expected a JSON object {{...}}, found {type(item).__name__}")
        for where, item in pairs
        if not isinstance(item, dict)
    ]
    if bad:
        raise ImportFileError(f"{name}: every line must be one JSON object", bad[:20])
    if not pairs:
        raise ImportFileError(f"{name}: the file has no activities")
    return pairs  # type: ignore[return-value]


def _csv_records(name: str, text: str, delimiter: str) -> list[tuple[str, dict[str, object]]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader)
        records: list[tuple[str, dict[str, object]]] = []
        problems: list[Problem] = []
        start = reader.line_num + 1
        for row in reader:
            where = f"line {start}"
            start = reader.line_num + 1
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != len(header):
                problems.append(
                    Problem(
                        where,
                        "",
                        "",
                        f"expected {len(header)} fields but found {len(row)}"
                        " (is a comma missing its quotes?)",
                    )
                )
                continue
            records.append((where, dict(zip(header, row, strict=True))))
    except csv.Error as exc:
        raise ImportFileError(f"{name}: line {reader.line_num}: not valid CSV ({exc})") from None
    if problems:
        raise ImportFileError(f"{name}: some lines do not match the header", problems[:20])
    if not records:
        raise ImportFileError(f"{name}: the file has a header but no activities")
    return records


def _norm_key(key: object) -> str:
    return re.sub(r"[\s\-]+", "_", str(key).strip().lower())


def _blank(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and not value.strip()


def guess_category(title: str) -> str | None:
    """The category suggested by words in ``title`` (see :data:`CATEGORY_WORDS`), or None."""
    lowered = title.lower()
    for category, pattern in CATEGORY_WORDS:
        if re.search(pattern, lowered):
            return category
    return None


def guess_tags(title: str) -> list[str]:
    """Vocabulary tags suggested by words in ``title`` (see :data:`TAG_WORDS`)."""
    lowered = title.lower()
    return [tag for tag, pattern in TAG_WORDS if re.search(pattern, lowered)]


def _tags(first: Sequence[str], title: str, fallback: str) -> str:
    tags = list(dict.fromkeys([*first, *guess_tags(title)]))[:_MAX_TAGS]
    return LIST_SEPARATOR.join(tags or [fallback])


def _setting(title: str, category: str) -> str | None:
    if category == "outdoors" or re.search(OUTDOOR_WORDS, title.lower()):
        return Setting.OUTDOOR.value
    return None


# --------------------------------------------------------------------------- mapping


class _Filler:
    """Counts the defaults used, per column and value."""

    def __init__(self) -> None:
        self.used: Counter[tuple[str, str]] = Counter()

    def default(self, column: str, value: object, shown: str | None = None) -> object:
        self.used[(column, shown if shown is not None else _shown(value))] += 1
        return value

    def report(self) -> list[DefaultUsed]:
        order = {c: i for i, c in enumerate(C.ALL)}
        return [
            DefaultUsed(column, value, rows)
            for (column, value), rows in sorted(self.used.items(), key=lambda kv: order[kv[0][0]])
        ]


def _shown(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _number(value: object) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value) if math.isfinite(value) else None
    try:
        number = float(str(value).strip())
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def _map_bored(
    records: list[tuple[str, dict[str, object]]], source: str, filler: _Filler
) -> tuple[list[dict[str, object]], list[str], list[Problem]]:
    rows: list[dict[str, object]] = []
    wheres: list[str] = []
    problems: list[Problem] = []
    for where, rec in records:
        bad: list[Problem] = []

        def problem(
            fld: str, value: object, message: str, _bad: list[Problem] = bad, _at: str = where
        ) -> None:
            _bad.append(Problem(_at, fld, "" if value is None else str(value), message))

        activity = rec.get("activity")
        if not isinstance(activity, str) or not activity.strip():
            problem("activity", activity, "is missing or empty; every activity needs its text")
            problems.extend(bad)
            continue
        title = " ".join(activity.split())
        kind = str(rec.get("type") or "").strip().lower()
        category_fixed, type_tag, always = BORED_TYPES.get(kind, (None, "social", False))

        row: dict[str, object] = {C.TITLE: title}
        key = rec.get("key")
        if _blank(key):
            row[C.ACTIVITY_ID] = idea_id(f"bored-{slugify(title)}")
        else:
            row[C.ACTIVITY_ID] = idea_id(f"bored-{key}")

        category = (
            category_fixed
            or guess_category(title)
            or BORED_TYPE_FALLBACK_CATEGORY.get(kind)
            or DEFAULTS[C.CATEGORY]
        )
        row[C.CATEGORY] = category
        row[C.TAGS] = _tags([type_tag] if always else [], title, type_tag)

        price = rec.get("price")
        if _blank(price):
            row[C.COST] = filler.default(C.COST, DEFAULTS[C.COST])
        else:
            number = _number(price)
            if number is None or not 0 <= number <= 1:
                problem("price", price, "must be a number from 0 (free) to 1 (the priciest)")
            else:
                row[C.COST] = round(number * BORED_PRICE_SCALE)

        duration = rec.get("duration")
        if _blank(duration):
            row[C.DURATION_HOURS] = filler.default(C.DURATION_HOURS, DEFAULTS[C.DURATION_HOURS])
        else:
            hours = BORED_DURATION_HOURS.get(str(duration).strip().lower())
            if hours is None:
                problem("duration", duration, f"must be one of {', '.join(BORED_DURATION_HOURS)}")
            else:
                row[C.DURATION_HOURS] = hours

        access = rec.get("accessibility")
        if _blank(access):
            row[C.RISK] = filler.default(C.RISK, DEFAULTS[C.RISK])
            row[C.ENERGY] = filler.default(C.ENERGY, DEFAULTS[C.ENERGY])
        else:
            levels = _accessibility(access)
            if levels is None:
                allowed = ", ".join(f"'{a.capitalize()}'" for a in BORED_ACCESSIBILITY)
                problem("accessibility", access, f"must be {allowed} or a number from 0 to 1")
            else:
                row[C.RISK], row[C.ENERGY] = levels

        participants = rec.get("participants")
        if not _blank(participants) and (
            _number(participants) is None
            or not float(_number(participants) or 0).is_integer()
            or (_number(participants) or 0) < 1
        ):
            problem("participants", participants, "must be a whole number, 1 or more")
            participants = None
        kid = rec.get("kidFriendly")
        if (
            not _blank(kid)
            and not isinstance(kid, bool)
            and str(kid).lower()
            not in (
                "true",
                "false",
            )
        ):
            problem("kidFriendly", kid, "must be true or false")
        link = rec.get("link")
        if not _blank(link) and not isinstance(link, str):
            problem("link", link, "must be text (a web address)")
            link = None
        if bad:
            problems.extend(bad)
            continue

        details = [kind or "activity"]
        if not _blank(participants):
            n = int(float(participants))  # type: ignore[arg-type]
            details.append(f"suggested for {n} {'person' if n == 1 else 'people'}")
        if str(kid).lower() == "false":
            details.append("not for kids")
        description = f"{title}. An idea from the Bored API ({', '.join(details)})."
        if isinstance(link, str) and link.strip():
            description += f" More: {link.strip()}"
        row[C.DESCRIPTION] = description
        setting = _setting(title, category)
        row[C.SETTING] = setting or filler.default(C.SETTING, DEFAULTS[C.SETTING])
        row[C.SEASONS] = filler.default(C.SEASONS, DEFAULTS[C.SEASONS])
        row[C.CONVERSATION_STARTER] = filler.default(
            C.CONVERSATION_STARTER, DEFAULTS[C.CONVERSATION_STARTER]
        )
        rows.append(row)
        wheres.append(where)
    return rows, wheres, problems


def _accessibility(value: object) -> tuple[int, int] | None:
    number = _number(value)
    if number is not None:  # the older API's 0 (accessible) .. 1 (hard) number
        if not 0 <= number <= 1:
            return None
        levels = list(BORED_ACCESSIBILITY.values())
        return levels[0] if number < 0.3 else levels[1] if number < 0.7 else levels[2]
    # The public file has stray quotes on a couple of values ("'Minor challenges").
    words = " ".join(str(value).strip().strip("'\"").lower().split())
    return BORED_ACCESSIBILITY.get(words)


def _map_catalog_like(
    records: list[tuple[str, dict[str, object]]], source: str, filler: _Filler
) -> tuple[list[dict[str, object]], list[str], list[Problem]]:
    rows: list[dict[str, object]] = []
    wheres: list[str] = []
    problems: list[Problem] = []
    for where, rec in records:
        values = {_norm_key(k): v for k, v in rec.items()}
        title_value = next(
            (values[a] for a in TITLE_ALIASES if a in values and not _blank(values[a])), None
        )
        if title_value is None:
            problems.append(
                Problem(
                    where,
                    C.TITLE,
                    "",
                    "is missing or empty (a title may also be called"
                    f" {' or '.join(TITLE_ALIASES[1:])})",
                )
            )
            continue
        title = " ".join(str(title_value).split())
        row: dict[str, object] = {C.TITLE: title}
        given = {c: values[c] for c in C.ALL if c in values and not _blank(values[c])}
        raw_id = given.get(C.ACTIVITY_ID)
        row[C.ACTIVITY_ID] = idea_id(str(raw_id) if raw_id is not None else title)
        if C.DESCRIPTION in given:
            row[C.DESCRIPTION] = given[C.DESCRIPTION]
        else:
            row[C.DESCRIPTION] = filler.default(
                C.DESCRIPTION,
                DEFAULT_DESCRIPTION.format(title=title, source=source),
                DEFAULT_DESCRIPTION.format(title="<title>", source=source),
            )
        if C.CATEGORY in given:
            category = str(given[C.CATEGORY]).strip()
        else:
            guessed = guess_category(title)
            category = guessed or str(filler.default(C.CATEGORY, DEFAULTS[C.CATEGORY]))
        row[C.CATEGORY] = category
        if C.TAGS in given:
            row[C.TAGS] = given[C.TAGS]
        else:
            row[C.TAGS] = _tags([], title, CATEGORY_TAG.get(category, "social"))
        if C.SETTING in given:
            row[C.SETTING] = given[C.SETTING]
        else:
            row[C.SETTING] = _setting(title, category) or filler.default(
                C.SETTING, DEFAULTS[C.SETTING]
            )
        for column in (
            C.COST,
            C.RISK,
            C.DURATION_HOURS,
            C.ENERGY,
            C.SEASONS,
            C.CONVERSATION_STARTER,
        ):
            row[column] = (
                given[column] if column in given else filler.default(column, DEFAULTS[column])
            )
        rows.append(row)
        wheres.append(where)
    return rows, wheres, problems


_BORED_MAPPING: Final[dict[str, str]] = {
    C.ACTIVITY_ID: f"'{IDEA_PREFIX}bored-' + key (the same key is never imported twice)",
    C.TITLE: "activity",
    C.DESCRIPTION: "activity, type, participants, kidFriendly and link, in a sentence",
    C.CATEGORY: "type (education -> learning, charity -> volunteering, cooking -> food-drink,"
    " music -> music-performance, diy -> arts-crafts, busywork -> at-home); for recreational,"
    " social and relaxation, guessed from the activity's words, else at-home (relaxation:"
    " wellness)",
    C.TAGS: "vocabulary tags suggested by the activity's words, plus the type's tag",
    C.COST: f"price x {BORED_PRICE_SCALE:.0f} (price is 0 = free to 1 = priciest; dollars)",
    C.RISK: "accessibility: few to no challenges 1, minor 2, major 3",
    C.DURATION_HOURS: "duration: "
    + ", ".join(f"{k} {v:g}" for k, v in BORED_DURATION_HOURS.items()),
    C.SETTING: f"outdoor when the words say so (park, hike, walk...), else {DEFAULTS[C.SETTING]}",
    C.ENERGY: "accessibility: few to no challenges 1, minor 2, major 3",
    C.SEASONS: f"default: {DEFAULTS[C.SEASONS]}",
    C.CONVERSATION_STARTER: f"default: {DEFAULTS[C.CONVERSATION_STARTER]}",
}


def _catalog_like_mapping(present: set[str]) -> dict[str, str]:
    mapping: dict[str, str] = {}
    for column in C.ALL:
        if column == C.TITLE:
            alias = next((a for a in TITLE_ALIASES if a in present), C.TITLE)
            mapping[column] = alias
        elif column in present:
            mapping[column] = column
        elif column == C.ACTIVITY_ID:
            mapping[column] = f"'{IDEA_PREFIX}' + the title as a slug"
        elif column == C.DESCRIPTION:
            mapping[column] = f"default: {DEFAULT_DESCRIPTION}"
        elif column == C.CATEGORY:
            mapping[column] = f"guessed from the title's words, else {DEFAULTS[C.CATEGORY]}"
        elif column == C.TAGS:
            mapping[column] = "guessed from the title's words, else the category's tag"
        elif column == C.SETTING:
            mapping[column] = f"outdoor when the title says so, else {DEFAULTS[C.SETTING]}"
        else:
            mapping[column] = f"default: {_shown(DEFAULTS[column])}"
    return mapping


# --------------------------------------------------------------------------- public API


def read_ideas_file(path: str | Path) -> IdeasPreview:
    """Read a CSV or JSON-lines file of activities and map it onto the catalog's columns.

    Parameters
    ----------
    path : str or Path
        The file. ``.csv``/``.tsv`` are read as CSV, ``.jsonl``/``.ndjson``/``.json`` as
        JSON lines; any other name by its first character.

    Returns
    -------
    IdeasPreview
        The importable rows, the mapping, the defaults used and the problems found.

    Raises
    ------
    ImportFileError
        When the file is missing, empty, binary, not UTF-8, not valid CSV/JSON (with the
        line), or has no title column.
    """
    file = Path(path)
    name = file.name
    text = _read_text(file)
    kind = _file_kind(file, text)
    if kind == "jsonl":
        records = _json_records(name, text)
    else:
        delimiter = "\t" if file.suffix.lower() == ".tsv" else ","
        records = _csv_records(name, text, delimiter)

    present = {_norm_key(k) for _, rec in records for k in rec}
    raw_fields = {str(k) for _, rec in records for k in rec}
    filler = _Filler()
    if raw_fields >= _BORED_MARKERS:
        label = "Bored API"
        rows, wheres, problems = _map_bored(records, name, filler)
        mapping = dict(_BORED_MAPPING)
        used = {
            "activity",
            "type",
            "key",
            "price",
            "duration",
            "accessibility",
            "participants",
            "kidFriendly",
            "link",
        }
        ignored = sorted(raw_fields - used)
    else:
        if not present.intersection(TITLE_ALIASES):
            where = "line 1" if kind == "csv" else "every line"
            raise ImportFileError(
                f"{name}: {where} has no title column; an activity needs a '{C.TITLE}'"
                f" (or '{TITLE_ALIASES[1]}' or '{TITLE_ALIASES[2]}'). Found: "
                + ", ".join(sorted(raw_fields))
            )
        label = "catalog-like"
        rows, wheres, problems = _map_catalog_like(records, name, filler)
        mapping = _catalog_like_mapping(present)
        ignored = sorted(
            k for k in raw_fields if _norm_key(k) not in set(C.ALL) | set(TITLE_ALIASES)
        )

    rows, wheres, dup_problems = _drop_duplicates(rows, wheres)
    problems.extend(dup_problems)
    frame, valid_wheres, row_problems = _validate(rows, wheres, name)
    problems.extend(row_problems)
    problems.sort(key=_where_key)
    return IdeasPreview(
        source=name,
        kind=label,
        rows=frame,
        lines=valid_wheres,
        mapping=mapping,
        defaults=filler.report(),
        problems=problems,
        ignored=ignored,
    )


def _where_key(problem: Problem) -> tuple[int, str]:
    digits = re.findall(r"\d+", problem.where)
    return (int(digits[0]) if digits else 0, problem.column)


def _drop_duplicates(
    rows: list[dict[str, object]], wheres: list[str]
) -> tuple[list[dict[str, object]], list[str], list[Problem]]:
    first: dict[str, str] = {}
    keep_rows, keep_wheres, problems = [], [], []
    for row, where in zip(rows, wheres, strict=True):
        aid = str(row[C.ACTIVITY_ID])
        if aid in first:
            problems.append(
                Problem(
                    where,
                    C.TITLE,
                    str(row[C.TITLE]),
                    f"is the same idea as {first[aid]} (both would get the id {aid!r});"
                    " give each its own title or id",
                )
            )
            continue
        first[aid] = where
        keep_rows.append(row)
        keep_wheres.append(where)
    return keep_rows, keep_wheres, problems


def _validate(
    rows: list[dict[str, object]], wheres: list[str], name: str
) -> tuple[pd.DataFrame, list[str], list[Problem]]:
    """Validate by the catalog's rules; keep the good rows, report the bad ones."""
    empty = validate_activities([], source=name)
    if not rows:
        return empty, [], []
    try:
        return validate_activities(rows, source=name, where=wheres), list(wheres), []
    except CatalogError as exc:
        problems = exc.problems
    bad = {p.where for p in problems}
    good = [(r, w) for r, w in zip(rows, wheres, strict=True) if w not in bad]
    if not good:
        return empty, [], problems
    frame = validate_activities([r for r, _ in good], source=name, where=[w for _, w in good])
    return frame, [w for _, w in good], problems


def import_ideas(store: Store, couple_id: int, path: str | Path) -> ImportReport:
    """Add the activities of a file to a couple's own ideas, in one transaction.

    Ideas the couple already has (same id: the Bored API ``key``, else the title) are
    skipped, so importing the same file twice adds nothing the second time.

    Raises
    ------
    ImportFileError
        When the file cannot be read or any row cannot be imported (every problem is
        listed, with its line and field). Nothing is written then.
    StoreError
        When the couple is unknown.
    """
    preview = read_ideas_file(path)
    if preview.problems:
        count = len({p.where for p in preview.problems})
        noun = "row" if count == 1 else "rows"
        raise ImportFileError(
            f"{preview.source}: {count} {noun} cannot be imported, so nothing was imported:",
            preview.problems,
        )
    records = preview.rows.to_dict("records")
    added, skipped = store.add_ideas(
        couple_id, records, skip_existing=True, source=preview.source, where=preview.lines
    )
    return ImportReport(
        added=len(added),
        skipped_existing=len(skipped),
        added_ids=added,
        skipped_ids=skipped,
        preview=preview,
    )


def describe_preview(preview: IdeasPreview) -> list[str]:
    """The mapping and defaults of a preview as lines of text (for the CLI)."""
    count = count_words(len(preview.rows), "activity", "activities")
    lines = [f"{preview.source}: {count} ({preview.kind} file)"]
    lines.append("Columns:")
    width = max(len(c) for c in preview.mapping)
    lines.extend(f"  {c:<{width}}  <- {how}" for c, how in preview.mapping.items())
    if preview.defaults:
        lines.append("Defaults used (edit these ideas later to change them):")
        lines.extend(
            f"  {d.column} = {d.value!r} on {count_words(d.rows, 'row')}" for d in preview.defaults
        )
    if preview.ignored:
        lines.append(f"Not used: {', '.join(preview.ignored)}")
    return lines
