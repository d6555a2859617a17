"""What the commands share: their options (--store, --neo4j, --format, -o, --max-size), the
opening of the store those options name, and the one place a library error becomes a click
error (one line on stderr, exit status 1, never a traceback)."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import click

from .loaders.source import DEFAULT_MAX_SIZE

SIZE_UNITS = {"": 1, "B": 1, "KB": 1 << 10, "K": 1 << 10, "MB": 1 << 20, "M": 1 << 20,
              "GB": 1 << 30, "G": 1 << 30}


class Size(click.ParamType):
    """A size in bytes written as 20MB, 512KB, 1GB or 10000 (units of 1,024)."""

    name = "size"

    def convert(self, value: object, param: click.Parameter | None,
                ctx: click.Context | None) -> int:
        if isinstance(value, int):
            return value
        found = re.fullmatch(r"\s*(\d+)\s*([A-Za-z]*)\s*", str(value))
        unit = found[2].upper() if found else ""
        if not found or unit not in SIZE_UNITS or int(found[1]) <= 0:
            self.fail(f"{value!r} is not a size; write e.g. 20MB, 512KB or 10000 (bytes)",
                      param, ctx)
        return int(found[1]) * SIZE_UNITS[unit]


max_size_option = click.option(
    "--max-size", type=Size(), default=f"{DEFAULT_MAX_SIZE >> 20}MB", show_default=True,
    help="Refuse a file larger than this (e.g. 50MB); it is reported and the others go on.")

output_option = click.option(
    "-o", "--output", "output_path", type=click.Path(dir_okay=False, allow_dash=True),
    default="-", help="Write to this file instead of standard output.")


def format_option(choices: list[str], default: str, help: str) -> Callable:
    """--format, one of ``choices`` (the command's parameter is ``output_format``)."""
    return click.option("--format", "output_format", type=click.Choice(choices),
                        default=default, show_default=True, help=help)


def store_options(neo4j_help: str) -> Callable:
    """--store FOLDER and --neo4j (parameters ``store_path`` and ``use_neo4j``), in that order;
    ``neo4j_help`` says what the command does with Neo4j."""
    store = click.option(
        "--store", "store_path", type=click.Path(file_okay=False, path_type=Path),
        default=None, help="Folder of the embedded graph store (default: policykg-store).")
    neo4j = click.option("--neo4j", "use_neo4j", is_flag=True, help=neo4j_help)
    return lambda command: store(neo4j(command))


def _library_errors() -> tuple[type[Exception], ...]:
    """The errors the library raises for its user (imported only when one is raised)."""
    from .graph.maps import MapError
    from .graph.stores.base import StoreError
    from .loaders.errors import LoaderError
    from .queries.saved import QueryError

    return LoaderError, StoreError, QueryError, MapError


@contextmanager
def click_errors() -> Iterator[None]:
    """A library error raised inside becomes a click error with its message."""
    try:
        yield
    except Exception as error:
        if isinstance(error, _library_errors()):
            raise click.ClickException(str(error)) from error
        raise


def exit_at_once_on_interrupt() -> Callable[[], object]:
    """Ctrl-C with Neo4j: the command ends at once, saying Aborted! (exit status 1).

    Found by tests/graph/test_build_invariant.py: a KeyboardInterrupt raised while the Neo4j
    driver (5.x) reads a reply leaves the connection half-read, and the session's rollback on
    the way out then read from it forever at full CPU (the build never ended). Nothing needs
    the interrupt to unwind: the server rolls back a transaction whose connection drops, so
    what was committed (whole documents) stays and a document half-sent is not written. The
    embedded store keeps the KeyboardInterrupt: it must save and release its lease. Returns
    what puts the previous handler back (the store's close calls it: a test process that
    opened the store through the CLI keeps its own Ctrl-C)."""
    import signal
    import sys
    import threading

    def abort(_signum: int, _frame: object) -> None:
        sys.stderr.write("\nAborted!\n")
        sys.stderr.flush()
        os._exit(1)

    if threading.current_thread() is not threading.main_thread():
        return lambda: None
    previous = signal.signal(signal.SIGINT, abort) or signal.default_int_handler
    return lambda: signal.signal(signal.SIGINT, previous)


def open_store(store_path: Path | None, use_neo4j: bool, read_only: bool = False):
    """The embedded store, or Neo4j when asked (or when NEO4J_URI is set and no --store);
    ``read_only`` opens the embedded one without the writer lease, never to be saved."""
    from .graph.stores.base import StoreError

    if use_neo4j or (store_path is None and os.environ.get("NEO4J_URI")):
        from .graph.stores.neo4j_store import Neo4jStore, settings_from_env

        settings = settings_from_env()
        if not settings["uri"]:
            raise StoreError("--neo4j needs NEO4J_URI (e.g. bolt://localhost:7687) and "
                             "NEO4J_PASSWORD in the environment")
        store = Neo4jStore(**settings)
        store.on_close.append(exit_at_once_on_interrupt())
        return store, settings["uri"]
    from .graph.stores.embedded_store import EmbeddedStore

    folder = store_path or Path("policykg-store")
    return EmbeddedStore(folder, read_only=read_only), str(folder)


def open_built_store(store_path: Path | None, use_neo4j: bool):
    """For the commands that only read a built graph (query, map): the embedded store opens
    read-only (it works on a read-only folder and while a build runs, and is never saved); a
    missing store or an unreachable Neo4j is a one-line error, not a new empty store."""
    with click_errors():
        store, where = open_store(store_path, use_neo4j, read_only=True)
    for note in getattr(store, "notes", []):
        click.echo(f"Note: {note}", err=True)
    return store, where
