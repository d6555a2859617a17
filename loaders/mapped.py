"""Strings that remember where each character came from in the decoded source.

Normalisation removes PDF line breaks and stray spaces and folds full-width digits; every
extracted fact must still point at the exact characters of the decoded text (its evidence).
A MappedStr is a string plus a piecewise map: runs of characters copied one-to-one from the
source. Deletions simply start a new run, so the map stays small even for a 5 MB document.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise


@dataclass(frozen=True, order=True)
class Span:
    """Character offsets into the decoded source text: ``source[start:end]`` is the evidence."""

    start: int
    end: int

    def __init__(self, start: int, end: int) -> None:
        # a frozen dataclass's __init__ sets each field through object.__setattr__; a plan
        # makes spans by the thousand, so the fields go straight into the instance dict
        fields = self.__dict__
        fields["start"] = start
        fields["end"] = end

    def to_dict(self) -> dict[str, int]:
        return {"start": self.start, "end": self.end}


class MappedStr:
    """An immutable string with, for each character, its offset in the decoded source."""

    __slots__ = ("_local", "_source", "text")

    def __init__(self, text: str, local_starts: list[int], source_starts: list[int]):
        # run i covers text[local_starts[i]:local_starts[i+1]] and maps it to
        # source[source_starts[i] : source_starts[i] + run length]
        self.text = text
        self._local = local_starts
        self._source = source_starts

    @classmethod
    def from_source(cls, text: str, start: int) -> MappedStr:
        """A verbatim slice of the source beginning at offset ``start``."""
        return cls(text, [0], [start])

    @classmethod
    def empty(cls, at: int = 0) -> MappedStr:
        return cls("", [0], [at])

    def __len__(self) -> int:
        return len(self.text)

    def __str__(self) -> str:
        return self.text

    def __repr__(self) -> str:
        return f"MappedStr({self.text!r})"

    def source_offset(self, index: int) -> int:
        """Source offset of character ``index`` (``len(self)`` maps just past the last one)."""
        size = len(self.text)
        if not size:
            return self._source[0]
        if index >= size:
            index, past = size - 1, 1
        else:
            past = 0
        if len(self._local) == 1:   # one run (most strings): no search
            return self._source[0] + index + past
        run = bisect.bisect_right(self._local, index) - 1
        return self._source[run] + index - self._local[run] + past

    def span(self, start: int = 0, end: int | None = None) -> Span:
        """Source span of ``self.text[start:end]``."""
        size = len(self.text)
        end = size if end is None else end
        if len(self._local) == 1 and size:   # one run (most strings): source_offset inlined
            first = self._source[0] + min(start, size)
            return Span(first, first if end <= start else self._source[0] + min(end, size + 1))
        if end <= start:
            offset = self.source_offset(start)
            return Span(offset, offset)
        return Span(self.source_offset(start), self.source_offset(end - 1) + 1)

    def __getitem__(self, item: slice) -> MappedStr:
        start, stop, step = item.indices(len(self.text))
        if step != 1:
            raise ValueError("MappedStr slices must be contiguous")
        if stop <= start:
            return MappedStr.empty(self.source_offset(start))
        if start == 0 and stop == len(self.text):
            return self   # immutable: the whole string is itself
        if len(self._local) == 1:   # one run: no search, no copying of the map
            return MappedStr(self.text[start:stop], [0], [self._source[0] + start])
        first = bisect.bisect_right(self._local, start) - 1
        last = bisect.bisect_right(self._local, stop - 1) - 1
        local = [0]
        source = [self._source[first] + start - self._local[first]]
        for run in range(first + 1, last + 1):
            local.append(self._local[run] - start)
            source.append(self._source[run])
        return MappedStr(self.text[start:stop], local, source)

    def split_at(self, cuts: list[int]) -> list[MappedStr]:
        """The pieces between consecutive ``cuts`` (ascending offsets; 0 and the end are added).

        One walk over the map: slicing a string of many runs at each cut would search the map
        every time (n log n on a long paragraph of joined lines, and cache-bound there).
        """
        size = len(self.text)
        bounds = [0, *cuts, size]
        pieces: list[MappedStr] = []
        run = 0
        runs = len(self._local)
        for start, stop in pairwise(bounds):
            start, stop = min(start, size), min(stop, size)
            while run + 1 < runs and self._local[run + 1] <= start:
                run += 1
            if stop <= start:
                at = (self._source[run] + start - self._local[run] if start < size
                      else self.source_offset(start))
                pieces.append(MappedStr.empty(at))
                continue
            local = [0]
            source = [self._source[run] + start - self._local[run]]
            last = run
            while last + 1 < runs and self._local[last + 1] < stop:
                last += 1
                local.append(self._local[last] - start)
                source.append(self._source[last])
            pieces.append(MappedStr(self.text[start:stop], local, source))
        return pieces

    def __add__(self, other: MappedStr) -> MappedStr:
        return concat([self, other])

    def strip(self, chars: str | None = None) -> MappedStr:
        text = self.text
        stripped = text.lstrip(chars)
        left = len(text) - len(stripped)
        right = left + len(stripped.rstrip(chars))
        if left == 0 and right == len(text):
            return self
        return self[left:right]

    def sub(self, pattern: re.Pattern[str], keep_group: int | None = None) -> MappedStr:
        """Delete every match of ``pattern`` (or keep only group ``keep_group`` of each match)."""
        pieces: list[MappedStr] = []
        position = 0
        for match in pattern.finditer(self.text):
            pieces.append(self[position:match.start()])
            if keep_group is not None and match.group(keep_group):
                pieces.append(self[match.start(keep_group):match.end(keep_group)])
            position = match.end()
        if position == 0 and not pieces:
            return self
        pieces.append(self[position:])
        return concat(pieces)

    def replace_chars(self, table: dict[int, str]) -> MappedStr:
        """One-for-one character replacement (width folding): the map is unchanged."""
        return MappedStr(self.text.translate(table), self._local, self._source)


def joined_span(pieces: list[MappedStr]) -> Span:
    """``concat(pieces).span()`` of non-empty ``pieces`` (a table row's filled cells), from
    the first and the last piece: the joined map is not needed for its two ends."""
    if not pieces:
        return Span(0, 0)   # concat([]) is MappedStr.empty()
    return Span(pieces[0].span().start, pieces[-1].span().end)


def concat(pieces: Iterable[MappedStr], separator: str = "") -> MappedStr:
    """Join mapped strings; a separator is mapped to the start of the piece that follows it.

    Runs that continue one another (the same source - local offset) are merged as they are
    added, so maps stay small and the pieces are walked once.
    """
    if isinstance(pieces, list) and len(pieces) == 1 and pieces[0]._local == [0] \
            and pieces[0].text:
        return pieces[0]   # one piece of one run: the join is the piece itself (immutable)
    text_parts: list[str] = []
    local: list[int] = []
    source: list[int] = []
    length = 0
    shift: int | None = None   # source - local offset of the last run kept
    first = True
    for piece in pieces:
        if separator:
            if not first:
                offset = piece.source_offset(0)
                if offset - length != shift:
                    local.append(length)
                    source.append(offset)
                    shift = offset - length
                text_parts.append(separator)
                length += len(separator)
            first = False
        text = piece.text
        if not text:
            continue
        size = len(text)
        for run_local, run_source in zip(piece._local, piece._source, strict=True):
            if run_local >= size:
                break
            position = length + run_local
            if run_source - position != shift:
                local.append(position)
                source.append(run_source)
                shift = run_source - position
        text_parts.append(text)
        length += size
    if not local:
        return MappedStr.empty()
    return MappedStr("".join(text_parts), local, source)
