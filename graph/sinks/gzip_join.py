"""One gzip file from pieces compressed apart, in separate processes, without compressing again.

Why: the bulk path's workers compress their chunks' rows in parallel, and the import tool
wants few files (it samples the start of every file it is given before it starts, and it
misjudges the size of a file of several gzip members: 800 M nodes estimated for 1.1 M, and
the import stalled). So each worker writes a *piece*: raw deflate data ended by a sync flush
(byte-aligned, no final block), with the CRC-32 and length of what it holds; join() writes
a gzip header, the pieces one after another, an empty final block and the trailer, whose
CRC-32 is combined from the pieces' (crc32_combine, zlib's method) rather than read again.
Level 1, no time in the header: the same pieces give the same bytes.
"""

from __future__ import annotations

import shutil
import struct
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

# deflate, no flags, mtime 0, extra flags 0, OS unknown
HEADER = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff"
CRC32_POLYNOMIAL = 0xEDB88320


@dataclass(frozen=True)
class Piece:
    """A piece's file and what the trailer needs of it."""

    path: Path
    crc: int      # CRC-32 of the uncompressed bytes
    size: int     # their length


def write_piece(path: Path, data: bytes) -> Piece:
    """``data`` as a piece: raw deflate at level 1, ended by a sync flush."""
    packer = zlib.compressobj(1, zlib.DEFLATED, -15)
    path.write_bytes(packer.compress(data) + packer.flush(zlib.Z_SYNC_FLUSH))
    return Piece(path, zlib.crc32(data), len(data))


def join(pieces: Sequence[Piece], target: Path) -> None:
    """The pieces, in order, as the gzip file ``target``; the pieces' files are removed."""
    final = zlib.compressobj(1, zlib.DEFLATED, -15).flush()   # an empty final block
    crc, size = 0, 0
    with target.open("wb") as out:
        out.write(HEADER)
        for piece in pieces:
            with piece.path.open("rb") as part:
                shutil.copyfileobj(part, out, 1 << 20)
            crc, size = crc32_combine(crc, piece.crc, piece.size), size + piece.size
        out.write(final + struct.pack("<II", crc, size & 0xFFFFFFFF))
    for piece in pieces:
        piece.path.unlink()


def crc32_combine(first: int, second: int, second_size: int) -> int:
    """CRC-32 of A + B from crc(A), crc(B) and len(B): crc(A) is carried over len(B) zero
    bytes by the powers of the one-zero-byte operator (log len(B) matrix squarings), then
    crc(B) is added (zlib's method)."""
    operator = [CRC32_POLYNOMIAL] + [1 << row for row in range(31)]   # one zero bit
    for _ in range(3):
        operator = _square(operator)   # 2, 4, 8 zero bits: one zero byte
    while second_size:
        if second_size & 1:
            first = _times(operator, first)
        second_size >>= 1
        operator = _square(operator)
    return first ^ second


def _times(matrix: list[int], vector: int) -> int:
    total, row = 0, 0
    while vector:
        if vector & 1:
            total ^= matrix[row]
        vector >>= 1
        row += 1
    return total


def _square(matrix: list[int]) -> list[int]:
    return [_times(matrix, matrix[row]) for row in range(32)]
