"""Errors a loader raises: each names the file and, where known, the place in it."""

from __future__ import annotations


class LoaderError(Exception):
    """A document could not be read at all. The other documents still load."""

    def __init__(self, path: str, message: str, *, offset: int | None = None,
                 line: int | None = None, column: int | None = None):
        self.path = path
        self.message = message
        self.offset = offset
        self.line = line
        self.column = column
        super().__init__(str(self))

    def __str__(self) -> str:
        where = self.path
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        elif self.offset is not None:
            where += f" (byte {self.offset})"
        return f"{where}: {self.message}"


class EmptyDocument(LoaderError):
    """The file holds no text."""


class BinaryDocument(LoaderError):
    """The file is not text (a PDF, a Word file, an image ...)."""


class UndecodableDocument(LoaderError):
    """The bytes fit none of the encodings plans are published in."""


class TooLarge(LoaderError):
    """The file is over the size limit (--max-size), or too large for memory."""


class UnreadableDocument(LoaderError):
    """A file of a supported format that its reader cannot read: a damaged or encrypted PDF,
    an empty Word file, a page with no article, a missing converter (LibreOffice) or OCR
    extra. The message says what to do."""
