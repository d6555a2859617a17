"""`extract --shard I/N`: the files one of N workers reads, so extraction runs as N separate
processes (on one machine or on a cluster scheduler's workers) whose outputs together are
the output of one run.

A file goes to shard ``1 + h mod N``, where h is the first 8 bytes of the sha256 of its name
as the run sees it: for a file found in a folder given on the command line, its path inside
that folder (the deepest such folder), for a file named directly, its file name. So the
split depends neither on the order the files are given in nor on where the folder is
mounted, and a worker reads only its own files (hashing the bytes instead would make every
worker read every file). The N shards are disjoint and together hold every file.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import click

from .inputs import Inputs


class ShardType(click.ParamType):
    """I/N with 1 <= I <= N: one line saying what is wrong otherwise."""

    name = "I/N"

    def convert(self, value: object, param: click.Parameter | None,
                ctx: click.Context | None) -> tuple[int, int]:
        if isinstance(value, tuple):
            return value  # type: ignore[return-value]
        text = str(value).strip()
        index, slash, count = text.partition("/")
        if not slash or not index.isdigit() or not count.isdigit():
            self.fail(f"{text!r} is not I/N (shard I of N, e.g. 2/8)", param, ctx)
        i, n = int(index), int(count)
        if n < 1:
            self.fail(f"{text!r}: N must be 1 or more", param, ctx)
        if not 1 <= i <= n:
            self.fail(f"{text!r}: I must be from 1 to N (shards are numbered 1/{n} to "
                      f"{n}/{n})", param, ctx)
        return i, n


def shard_name(file: Path, folders: list[Path], found_in_folder: set[Path]) -> str:
    """The name a file is sharded by (module docstring)."""
    if file in found_in_folder:
        inside = [file.relative_to(folder) for folder in folders
                  if file.is_relative_to(folder)]
        if inside:
            return min(inside, key=lambda path: len(path.parts)).as_posix()
    return file.name


def shard_of(name: str, count: int) -> int:
    """1-based shard of a name among ``count``."""
    digest = hashlib.sha256(os.fsencode(name)).digest()
    return 1 + int.from_bytes(digest[:8], "big") % count


def in_shard(files: Inputs, paths: tuple[Path, ...] | list[Path],
             shard: tuple[int, int]) -> Inputs:
    """The files of shard I of N, in the order they were given."""
    index, count = shard
    folders = [Path(path) for path in paths if Path(path).is_dir()]
    found = files.found_in_folder
    mine = [file for file in files
            if shard_of(shard_name(file, folders, found), count) == index]
    return Inputs(mine, {file for file in mine if file in found})
