"""Command-line interface: ``python -m recommender COMMAND``.

The CLI only calls the library; every command prints a plain message and
exits 1 on bad input, never a traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence

from recommender.catalog.loading import CatalogError, catalog_summary, load_catalog
from recommender.cli.data import add_data_commands
from recommender.cli.suggest import add_suggest_command

Handler = Callable[[argparse.Namespace], int]


def _validate_catalog(args: argparse.Namespace) -> int:
    try:
        catalog = load_catalog(args.file)
    except CatalogError as exc:
        print(exc, file=sys.stderr)
        return 1
    s = catalog_summary(catalog)
    print(f"{args.file}: OK")
    print(f"  rows:        {s['rows']}")
    cats = ", ".join(f"{k} {v}" for k, v in s["categories"].items())
    print(f"  categories:  {len(s['categories'])} ({cats})")
    risks = ", ".join(f"{k}: {v}" for k, v in s["risk_levels"].items())
    print(f"  risk levels: {risks}")
    print(f"  cost range:  ${s['cost_min']:.0f} - ${s['cost_max']:.0f} ({s['free']} free)")
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every command registered."""
    parser = argparse.ArgumentParser(
        prog="python -m recommender",
        description="Shared-experience recommender for couples.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    p = sub.add_parser(
        "validate-catalog",
        help="check a catalog CSV and print a summary or every problem",
    )
    p.add_argument("file", help="path to a catalog CSV file")
    p.set_defaults(handler=_validate_catalog)

    add_suggest_command(sub)
    add_data_commands(sub)

    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI and return the process exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Handler = args.handler
    try:
        code = handler(args)
        sys.stdout.flush()  # a closed pipe shows up here rather than at interpreter exit
    except BrokenPipeError:
        # The reader went away (``... | head``): stop quietly, as other shell tools do. Python's
        # own flush at exit would fail again, so stdout is pointed at devnull first.
        _silence_stdout()
        return 1
    return code


def _silence_stdout() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # stdout is not a real file (e.g. captured in tests)
        pass
