"""Legacy Word (.doc) and Kingsoft Writer (.wps) reader: LibreOffice converts the file to
.docx, which word.py reads (the Document's format is "doc", its sha256 the original file's).

Measured (shared research, document-readers §4): LibreOffice keeps every paragraph and both
tables of the seed plan exact, where antiword and catdoc lose the tables or garble the text.
Each conversion runs in its own temporary folder with its own LibreOffice profile: two
conversions sharing a profile make the second exit 1 with no output and no message.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path, PurePath

from ..errors import UnreadableDocument
from .model import Document
from .word import read_docx

CONVERT_TIMEOUT = 120.0   # seconds; a 30-page plan converts in about 1.5 s
INSTALL_HINT = ("a legacy Word/WPS file needs LibreOffice to read: install the Debian package "
                "libreoffice-writer-nogui (apt-get install libreoffice-writer-nogui)")
SAVE_HINT = "open it in Word or WPS and save it as .docx"
WORD_STREAM = "WordDocument".encode("utf-16-le")
ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")


def read(data: bytes, path: str, sha256: str) -> Document:
    """The Document of a .doc/.wps file's bytes, through a LibreOffice conversion."""
    if ENCRYPTED_PACKAGE in data[:1 << 20]:
        raise UnreadableDocument(path, "a password-protected Word file; save it without a "
                                       "password and read it again")
    soffice = find_soffice()
    if soffice is None:
        raise UnreadableDocument(path, INSTALL_HINT)
    with tempfile.TemporaryDirectory(prefix="policykg-lo-") as folder:
        converted = convert(soffice, data, path, Path(folder))
        return read_docx(converted, path, sha256, "doc")


def find_soffice() -> str | None:
    """LibreOffice's program on PATH (Debian installs both names)."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def input_suffix(data: bytes, path: str) -> str:
    """The suffix the input is written under: LibreOffice picks its import filter by the
    name first, and takes a .wps for Microsoft Works; a file holding a Word stream (Word and
    Kingsoft files alike) is given as .doc."""
    if WORD_STREAM in data[:1 << 20]:
        return ".doc"
    suffix = PurePath(path).suffix.lower()
    return suffix if suffix in (".doc", ".dot", ".wps", ".wpt") else ".doc"


def convert(soffice: str, data: bytes, path: str, folder: Path) -> bytes:
    """The .docx LibreOffice makes of the file, converted in ``folder`` with a profile of
    its own; UnreadableDocument (with LibreOffice's reason) when it makes none in time."""
    source = folder / f"input{input_suffix(data, path)}"
    source.write_bytes(data)
    out = folder / "out"
    profile = folder / "profile"
    command = [soffice, "--headless", "--norestore", "--nologo", "--nolockcheck",
               f"-env:UserInstallation={profile.as_uri()}",
               "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(out), str(source)]
    returncode, output = _run(command, folder, path)
    result = out / "input.docx"
    if not result.is_file() or result.stat().st_size == 0:
        reason = _reason(output) or f"exit status {returncode}, no output"
        raise UnreadableDocument(path, f"LibreOffice could not convert it ({reason}); it may be "
                                       f"damaged or password-protected: {SAVE_HINT}")
    return result.read_bytes()


def _run(command: list[str], folder: Path, path: str) -> tuple[int, str]:
    """Run LibreOffice in its own process group, so a conversion that hangs is stopped with
    every process it started; (exit status, its output)."""
    env = {**os.environ, "HOME": str(folder)}   # nothing written to the user's home
    try:
        process = subprocess.Popen(command, cwd=folder, env=env, stdin=subprocess.DEVNULL,
                                   stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                   start_new_session=True)
    except OSError as error:
        raise UnreadableDocument(path, f"LibreOffice could not be started ({error}); "
                                       f"{INSTALL_HINT}") from None
    try:
        output, _ = process.communicate(timeout=CONVERT_TIMEOUT)
    except subprocess.TimeoutExpired:
        _stop(process)
        raise UnreadableDocument(path, f"LibreOffice did not convert it within "
                                       f"{CONVERT_TIMEOUT:g} s; {SAVE_HINT}") from None
    return process.returncode, output.decode("utf-8", "replace")


def _stop(process: subprocess.Popen) -> None:
    """Kill the conversion's process group (soffice starts soffice.bin as a child)."""
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    process.communicate()


def _reason(output: str) -> str:
    """LibreOffice's own error line ('Error: source file could not be loaded'), if any."""
    lines = [line.strip() for line in output.splitlines() if line.strip()]
    errors = [line for line in lines if "error" in line.lower()]
    return (errors or lines or [""])[-1][:200]
