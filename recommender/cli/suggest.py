"""``python -m recommender suggest``: suggestions for two partners from the shell.

Registered by :func:`recommender.cli.build_parser`; kept in its own module so
the engine's command line lives next to nothing else.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import textwrap
from pathlib import Path

import pandas as pd

from recommender.catalog.columns import Columns, RecColumns, Season, Setting
from recommender.catalog.loading import load_catalog
from recommender.profiles import Couple, Partner
from recommender.ranking.engine import Recommender
from recommender.wording import (
    cost_words,
    duration_words,
    enjoyment_words,
    interest_words,
    money,
    risk_words,
)

_WIDTH = 88
_SEASONS = tuple(s.value for s in Season)
_SETTINGS = (Setting.INDOOR.value, Setting.OUTDOOR.value)


def add_suggest_command(sub: argparse._SubParsersAction) -> None:
    """Register the ``suggest`` subcommand on ``sub``."""
    p = sub.add_parser(
        "suggest",
        help="suggest activities new to both partners, with the reason for each",
        description=(
            "Suggest activities for two partners. Interests are comma-separated tags,"
            " categories or free words, e.g. --a-interests 'cooking,live music,the sea'."
        ),
    )
    for key, default_name in (("a", "Partner A"), ("b", "Partner B")):
        upper = key.upper()
        p.add_argument(f"--{key}-name", default=default_name, help=f"partner {upper}'s name")
        p.add_argument(
            f"--{key}-interests",
            default="",
            metavar="LIST",
            help=f"partner {upper}'s interests, comma-separated",
        )
        p.add_argument(
            f"--{key}-risk",
            default="2",
            metavar="1-5",
            help=f"partner {upper}'s risk comfort, 1 (no real risk) to 5 (thrilling); default 2",
        )
        p.add_argument(
            f"--{key}-budget",
            default="100",
            metavar="USD",
            help=f"most partner {upper} wants to spend on one outing for two; default 100",
        )
    p.add_argument("-k", default="10", metavar="N", help="how many suggestions; default 10")
    p.add_argument(
        "--risk-stretch",
        default="0",
        metavar="0|1",
        help="1 allows one risk level above the lower comfort level",
    )
    p.add_argument(
        "--season", help="only activities for this season: spring, summer, autumn, winter"
    )
    p.add_argument("--setting", help="only indoor or outdoor activities (either-setting ones too)")
    p.add_argument("--max-hours", metavar="HOURS", help="only activities taking at most this long")
    p.add_argument(
        "--surprise", action="store_true", help="surprise us: pick among the good ideas at random"
    )
    p.add_argument("--seed", metavar="N", help="makes --surprise repeatable")
    p.add_argument("--catalog", metavar="FILE", help="a catalog CSV (default: the bundled one)")
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")
    p.set_defaults(handler=run_suggest)


def _number(text: str, option: str, what: str) -> float:
    try:
        value = float(text)
    except (TypeError, ValueError):
        raise ValueError(f"{option} must be {what} (got {text!r})") from None
    if not math.isfinite(value):
        raise ValueError(f"{option} must be {what} (got {text!r})")
    return value


def _whole(text: str, option: str, what: str) -> int:
    value = _number(text, option, what)
    if not value.is_integer():
        raise ValueError(f"{option} must be {what} (got {text!r})")
    return int(value)


def _choice(text: str | None, option: str, allowed: tuple[str, ...]) -> str | None:
    if text is None:
        return None
    if text.strip().lower() not in allowed:
        raise ValueError(f"{option} must be one of {', '.join(allowed)} (got {text!r})")
    return text.strip().lower()


def _partner(args: argparse.Namespace, key: str) -> Partner:
    interests = [i.strip() for i in getattr(args, f"{key}_interests").split(",") if i.strip()]
    risk = _whole(getattr(args, f"{key}_risk"), f"--{key}-risk", "one of 1, 2, 3, 4, 5")
    budget = _number(getattr(args, f"{key}_budget"), f"--{key}-budget", "a number of dollars")
    try:
        return Partner(getattr(args, f"{key}_name"), interests, risk_comfort=risk, budget=budget)
    except ValueError as exc:
        raise ValueError(f"partner {key.upper()}: {exc}") from None


def run_suggest(args: argparse.Namespace) -> int:
    """Handler of ``suggest``: print suggestions, or a one-line error and return 1."""
    try:
        couple = Couple(_partner(args, "a"), _partner(args, "b"))
        # Each value is checked here so that a message names the option typed, not the
        # engine's parameter behind it.
        k = _whole(args.k, "-k", "a whole number, 0 or more")
        if k < 0:
            raise ValueError(f"-k must be a whole number, 0 or more (got {args.k!r})")
        stretch = _whole(args.risk_stretch, "--risk-stretch", "one of 0, 1")
        if stretch not in (0, 1):
            raise ValueError(f"--risk-stretch must be one of 0, 1 (got {args.risk_stretch!r})")
        hours = None
        if args.max_hours is not None:
            hours = _number(args.max_hours, "--max-hours", "a number of hours more than 0")
            if hours <= 0:
                raise ValueError(
                    f"--max-hours must be a number of hours more than 0 (got {args.max_hours!r})"
                )
        season = _choice(args.season, "--season", _SEASONS)
        setting = _choice(args.setting, "--setting", _SETTINGS)
        seed = None if args.seed is None else _whole(args.seed, "--seed", "a whole number")
        catalog = load_catalog(Path(args.catalog) if args.catalog else None)
        engine = Recommender(catalog)
        recs = engine.recommend(
            couple,
            k=k,
            risk_stretch=stretch,
            season=season,
            setting=setting,
            max_hours=hours,
            explore=args.surprise,
            seed=seed,
        )
    except ValueError as exc:  # CatalogError included
        print(f"error: {exc}", file=sys.stderr)
        return 1
    if args.json:
        # ensure_ascii=False: titles and reasons keep their accents and “quotes”.
        records = json.loads(recs.to_json(orient="records"))
        print(json.dumps(records, indent=2, ensure_ascii=False))
    else:
        print(format_table(couple, recs))
    return 0


def format_table(couple: Couple, recs: pd.DataFrame) -> str:
    """Suggestions as numbered entries a person can read in a terminal."""
    c = Columns
    a, b = couple.a, couple.b
    lines = [
        f"Ideas for {a.name} and {b.name}: at most {money(couple.budget)} for the two of you,"
        f" risk up to {risk_words(couple.risk_comfort)}",
        "",
    ]
    if recs.empty:
        lines.append("Nothing fits all of that. Try a bigger budget, more time, or fewer filters.")
        return "\n".join(lines)
    for rank, row in enumerate(recs.itertuples(index=False), start=1):
        rec = row._asdict()
        facts = " · ".join(
            [
                interest_words(str(rec[c.CATEGORY])),
                cost_words(rec[c.COST]),
                risk_words(int(rec[c.RISK])),
                duration_words(rec[c.DURATION_HOURS]),
            ]
        )
        lines.append(f"{rank:>2}. {rec[c.TITLE]}")
        lines.append(f"    {facts}")
        enjoy_a = enjoyment_words(rec[RecColumns.SCORE_A])
        enjoy_b = enjoyment_words(rec[RecColumns.SCORE_B])
        lines.append(f"    {a.name}: {enjoy_a}   {b.name}: {enjoy_b}")
        lines.extend(
            textwrap.wrap(
                str(rec[RecColumns.REASON]),
                width=_WIDTH,
                initial_indent="    ",
                subsequent_indent="    ",
            )
        )
        lines.append("")
    return "\n".join(lines).rstrip()
