"""The data commands of the CLI: the couples' data in and out of the database.

``couples``, ``export``, ``import``, ``import-ideas``, ``undo-import`` and
``export-history``. Each
opens the database given by ``--database URL``, else ``DATABASE_URL``, else the
default SQLite file; bad input prints what is wrong and where, exits 1, and leaves
the database as it was.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from recommender.catalog.loading import CatalogError
from recommender.ingest.ideas import (
    ImportFileError,
    describe_preview,
    import_ideas,
    read_ideas_file,
)
from recommender.planning.history_export import (
    activity_titles,
    history_csv,
    write_file_atomically,
    write_history_csv,
)
from recommender.planning.transfer import import_batch_words, undo_summary
from recommender.store.backup import dumps_export, read_backup_file
from recommender.store.store import Store, StoreError

_DATABASE_HELP = (
    "database URL (default: the DATABASE_URL environment variable, else the SQLite file"
    " in your data folder)"
)


def _fail(message: object) -> int:
    print(message, file=sys.stderr)
    return 1


def _add_database(p: argparse.ArgumentParser) -> None:
    p.add_argument("--database", metavar="URL", default=None, help=_DATABASE_HELP)


def _couples(args: argparse.Namespace) -> int:
    try:
        with Store(args.database) as store:
            couples = store.list_couples()
            print(f"Database: {store.url}")
    except StoreError as exc:
        return _fail(exc)
    if not couples:
        print("No couples yet.")
    for _, name in couples:
        print(f"  {name}")
    return 0


def _export(args: argparse.Namespace) -> int:
    try:
        with Store(args.database) as store:
            data = store.export_data(args.couple)
    except StoreError as exc:
        return _fail(exc)
    text = dumps_export(data)
    names = [c["name"] for c in data["couples"]]
    if not args.file.strip():
        return _fail("export: no file name given (give a file name, or - for the screen)")
    if args.file == "-":
        sys.stdout.write(text)
        return 0
    try:
        write_file_atomically(Path(args.file), text.encode("utf-8"))
    except OSError as exc:
        return _fail(f"cannot write {args.file}: {exc.strerror or exc}")
    noun = "couple" if len(names) == 1 else "couples"
    listed = f" ({', '.join(names)})" if names else ""
    print(f"Exported {len(names)} {noun}{listed} to {args.file}")
    return 0


def read_export_file(path: str) -> dict[str, Any]:
    """Read an export file, or raise StoreError saying what is wrong with it and where."""
    return read_backup_file(path)


def _import(args: argparse.Namespace) -> int:
    try:
        data = read_export_file(args.file)
        with Store(args.database) as store:
            store.import_data(data)
    except StoreError as exc:
        message = str(exc)
        if not message.startswith(args.file):
            message = f"{args.file}: {message}"
        return _fail(f"{message}\nNothing was imported.")
    names = [c["name"] for c in data.get("couples", [])]
    noun = "couple" if len(names) == 1 else "couples"
    print(f"Imported {len(names)} {noun}" + (f": {', '.join(names)}" if names else ""))
    return 0


def _import_ideas(args: argparse.Namespace) -> int:
    try:
        if args.dry_run:
            preview = read_ideas_file(args.file)
            print("\n".join(describe_preview(preview)))
            if preview.problems:
                return _fail(
                    f"{len(preview.problems)} problem(s); nothing would be imported:\n"
                    + "\n".join(f"  - {p}" for p in preview.problems)
                )
            print("Dry run: nothing was written.")
            return 0
        if not args.couple:
            return _fail("import-ideas needs --couple NAME (or --dry-run to only preview)")
        with Store(args.database) as store:
            couple_id = store.find_couple(args.couple)
            report = import_ideas(store, couple_id, args.file, include_flagged=args.include_flagged)
    except (ImportFileError, StoreError, CatalogError) as exc:
        return _fail(f"{exc}\nNothing was imported.")
    print("\n".join(describe_preview(report.preview)))
    print(
        f"Added {report.added} ideas to {args.couple}"
        f" ({report.skipped_existing} were already there)."
    )
    if report.skipped_flagged:
        n = len(report.skipped_flagged)
        print(
            f"Left out {n} {'idea' if n == 1 else 'ideas'} that may not suit the two of you"
            " (listed above); add --include-flagged to import them too."
        )
    if report.batch is not None:
        print(
            f"Import batch: {report.batch}. To undo it: python -m recommender undo-import"
            f' {report.batch} --couple "{args.couple}"'
        )
    return 0


def _undo_import(args: argparse.Namespace) -> int:
    try:
        with Store(args.database) as store:
            couple_id = store.find_couple(args.couple)
            if args.batch is None:  # no batch given: list the couple's imports
                found = store.import_batches(couple_id)
                if not found:
                    print(f"{args.couple} has no imports to undo.")
                for batch in found:
                    print(f"{batch.batch}  {import_batch_words(batch)}")
                return 0
            result = store.undo_import(couple_id, args.batch)
    except StoreError as exc:
        return _fail(f"{exc}\nNothing was removed.")
    print(undo_summary(result))
    return 0


def _export_history(args: argparse.Namespace) -> int:
    if not args.file.strip():
        return _fail("export-history: no file name given (give a file name, or - for the screen)")
    try:
        with Store(args.database) as store:
            couple_id = store.find_couple(args.couple)
            titles = activity_titles(store, couple_id)
            if args.file == "-":
                sys.stdout.write(history_csv(store, couple_id, titles))
                return 0
            rows = write_history_csv(store, couple_id, args.file, titles)
    except StoreError as exc:
        return _fail(exc)
    except OSError as exc:
        return _fail(f"cannot write {args.file}: {exc.strerror or exc}")
    print(f"Wrote {rows} rows of {args.couple}'s history to {args.file}")
    return 0


def add_data_commands(sub: Any) -> None:
    """Register the data commands on the CLI's subparsers."""
    p = sub.add_parser("couples", help="list the couples in the database")
    _add_database(p)
    p.set_defaults(handler=_couples)

    p = sub.add_parser("export", help="write every couple's data (or one couple's) to a JSON file")
    p.add_argument("file", help="the JSON file to write ('-' for the screen)")
    p.add_argument("--couple", metavar="NAME", help="only this couple (default: every couple)")
    _add_database(p)
    p.set_defaults(handler=_export)

    p = sub.add_parser("import", help="load a JSON file made by export (all of it or nothing)")
    p.add_argument("file", help="a JSON file made by export")
    _add_database(p)
    p.set_defaults(handler=_import)

    p = sub.add_parser(
        "import-ideas",
        help="add activities from a CSV or JSON-lines file to a couple's own ideas",
    )
    p.add_argument("file", help="a CSV or JSON-lines file (e.g. the Bored API's activities)")
    p.add_argument("--couple", metavar="NAME", help="whose ideas they become (required to import)")
    p.add_argument(
        "--dry-run", action="store_true", help="show the mapping and defaults; write nothing"
    )
    p.add_argument(
        "--include-flagged",
        action="store_true",
        help="also import ideas flagged as meant for one person, chores or study topics",
    )
    _add_database(p)
    p.set_defaults(handler=_import_ideas)

    p = sub.add_parser(
        "undo-import",
        help="remove the ideas one import-ideas added (without BATCH: list the imports)",
    )
    p.add_argument("batch", nargs="?", metavar="BATCH", help="the batch id import-ideas printed")
    p.add_argument("--couple", metavar="NAME", required=True, help="whose import")
    _add_database(p)
    p.set_defaults(handler=_undo_import)

    p = sub.add_parser(
        "export-history", help="write a couple's outings and reactions to a CSV spreadsheet"
    )
    p.add_argument("file", help="the CSV file to write ('-' for the screen)")
    p.add_argument("--couple", metavar="NAME", required=True, help="whose history")
    _add_database(p)
    p.set_defaults(handler=_export_history)
