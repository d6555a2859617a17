"""What the commands read and write: command-line paths -> the documents to read, in a stable
order; the --max-size option; the -o output, whose errors are one line naming the file."""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path
from types import TracebackType
from typing import TextIO

import click

from .loaders.source import DEFAULT_MAX_SIZE, display_path

SIZE_UNITS = {"": 1, "B": 1, "KB": 1 << 10, "K": 1 << 10, "MB": 1 << 20, "M": 1 << 20,
              "GB": 1 << 30, "G": 1 << 30}


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


output_option = click.option(
    "-o", "--output", "output_path", type=click.Path(dir_okay=False, allow_dash=True),
    default="-", help="Write to this file instead of standard output.")
