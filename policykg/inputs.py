"""What the commands read and write: command-line paths -> the documents to read, in a stable
order; each plan record of them, with every file that fails or is skipped reported; the -o
output, whose errors are one line naming the file."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import TextIO

import click

from .loaders.record import PlanRecord
from .loaders.source import DEFAULT_MAX_SIZE, display_path


class Inputs(list[Path]):
    """The files to read, in a stable order; ``found_in_folder`` holds those found by walking
    a folder (not named on the command line): a file there that no reader takes is skipped
    and listed, not failed."""

    def __init__(self, files: list[Path], found_in_folder: set[Path]):
        super().__init__(files)
        self.found_in_folder = found_in_folder


def resolve_inputs(paths: tuple[Path, ...] | list[Path]) -> Inputs:
    """Files as given; folders expand to every file in them (recursively), sorted by path. The
    format of each is found from its bytes when it is read (loaders/documents)."""
    files: list[Path] = []
    found: set[Path] = set()
    for path in paths:
        if path.is_dir():
            inside = sorted(p for p in path.rglob("*") if p.is_file())
            files += inside
            found.update(inside)
        else:
            files.append(path)
    seen: dict[Path, None] = {}
    for file in files:
        seen.setdefault(file, None)
    named = {Path(p) for p in paths if not Path(p).is_dir()}
    return Inputs(list(seen), found - named)


@dataclass
class Plan:
    """One plan read: its record (``typed``, and as the schema's dict: ``record``) and the
    text the rules read (spans index it)."""

    name: str
    record: dict
    text: str
    typed: PlanRecord


class Plans:
    """The plans of the command-line paths, one at a time (iterate once), each file read once
    (a FIFO or `<(cat plan.txt)` cannot be read twice) within ``max_size``.

    A file that fails is reported on stderr ("Error: ...") and kept in ``failures``, and the
    others go on; a file found in a folder that no reader takes is reported ("Skipped: ...")
    and kept in ``skipped``; both as (name, message). With ``once_per_bytes`` a file with the
    same bytes as one already read is a failure: it would be the same plan twice, from two
    sources (as `build` counts it)."""

    def __init__(self, paths: tuple[Path, ...] | list[Path],
                 max_size: int = DEFAULT_MAX_SIZE, once_per_bytes: bool = False):
        self.files = resolve_inputs(paths)
        self.max_size = max_size
        self.once_per_bytes = once_per_bytes
        self.failures: list[tuple[str, str]] = []
        self.skipped: list[tuple[str, str]] = []

    def __iter__(self) -> Iterator[Plan]:
        from .loaders.documents import Unsupported, read_file
        from .loaders.errors import LoaderError
        from .loaders.plan import build_record

        seen: dict[str, str] = {}
        for file in self.files:
            name = display_path(file)   # a name that is not UTF-8 is shown escaped
            in_folder = file in self.files.found_in_folder
            try:
                source = read_file(file, self.max_size, found_in_folder=in_folder)
                typed = build_record(source)
                record = typed.to_dict()
            except Unsupported as error:
                if in_folder:
                    self.skipped.append((name, error.message))
                    click.echo(f"Skipped: {error}", err=True)
                    continue
                message = str(error)
            except LoaderError as error:
                message = str(error)
            except Exception as error:  # a parser bug must not stop the other documents
                message = (f"{name}: internal error while extracting: "
                           f"{type(error).__name__}: {error}")
            else:
                sha = record["source"]["sha256"]
                if not self.once_per_bytes or sha not in seen:
                    seen.setdefault(sha, name)
                    yield Plan(name, record, source.text, typed)
                    continue
                message = f"{name}: the same bytes as {seen[sha]}; not loaded twice"
            self.failures.append((name, message))
            click.echo(f"Error: {message}", err=True)


class Output:
    """The -o file, or standard output for "-". Opened before any work, so a missing folder
    fails at once; a failed write (a full disk, /dev/full) is a one-line error naming the
    file, never a traceback."""

    def __init__(self, path: str):
        self.path = path
        self.name = "standard output" if path == "-" else display_path(path)
        if path == "-":
            self.handle: TextIO = sys.stdout   # click.get_text_stream is deprecated (Click 9)
            return
        try:
            self.handle = open(path, "w", encoding="utf-8")  # closed in close()
        except OSError as error:
            raise self.error("cannot open it for writing", error) from None

    def error(self, what: str, error: OSError) -> click.ClickException:
        return click.ClickException(f"{self.name}: {what}: {error.strerror or error}")

    def write(self, text: str) -> None:
        try:
            self.handle.write(text)
        except OSError as error:
            self._give_up()
            raise self.error("cannot write the output", error) from None

    def close(self) -> None:
        try:
            if self.path == "-":
                self.handle.flush()
            else:
                self.handle.close()
        except OSError as error:
            self._give_up()
            raise self.error("cannot write the output", error) from None

    def _give_up(self) -> None:
        """Drop what could not be written, so closing at exit does not fail once more."""
        target = sys.stdout if self.path == "-" else self.handle
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, target.fileno())
            os.close(devnull)
        except (OSError, ValueError):   # not a real file (a test's captured stream)
            pass

    def __enter__(self) -> Output:
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None,
                 traceback: TracebackType | None) -> None:
        self.close()
