"""Reading plan files: encodings, fingerprints and the errors for files that are not plan text.

Each seed plan is re-encoded in tmp_path the ways plans arrive (UTF-8 with BOM from Notepad,
GB18030/GBK from older Windows exports, UTF-16 from Word's "Unicode text"); decoding must give
exactly the UTF-8 original's text, so every span and every task stays the same.
"""

from __future__ import annotations

import codecs
import hashlib
import random
from collections.abc import Callable
from pathlib import Path

import pytest

from policykg.loaders.documents import Unsupported
from policykg.loaders.errors import (
    BinaryDocument,
    EmptyDocument,
    LoaderError,
    UndecodableDocument,
    UnreadableDocument,
)
from policykg.loaders.plan import extract_plan
from policykg.loaders.source import decode_bytes, read_source

PLANS = Path(__file__).resolve().parents[2] / "samples" / "plans"
SEEDS = sorted(PLANS.glob("*.txt"))

# name -> (encode the text, the encoding the record must name)
ENCODINGS: dict[str, tuple[Callable[[str], bytes], str]] = {
    "utf-8-bom": (lambda text: codecs.BOM_UTF8 + text.encode("utf-8"), "utf-8-sig"),
    "gb18030": (lambda text: text.encode("gb18030"), "gb18030"),
    # GBK is a subset of GB18030: a GBK file is decoded (correctly) by the GB18030 codec
    "gbk": (lambda text: text.encode("gbk"), "gb18030"),
    "utf-16-le-bom": (lambda text: codecs.BOM_UTF16_LE + text.encode("utf-16-le"), "utf-16"),
    "utf-16-be-bom": (lambda text: codecs.BOM_UTF16_BE + text.encode("utf-16-be"), "utf-16"),
    "utf-16-le": (lambda text: text.encode("utf-16-le"), "utf-16-le"),
}


def original(seed: Path) -> str:
    return seed.read_text(encoding="utf-8")


def encodable(seed: Path, name: str) -> bool:
    try:
        ENCODINGS[name][0](original(seed))
    except UnicodeEncodeError:  # seed 000 holds U+FFFD, which GBK cannot write
        return False
    return True


CASES = [pytest.param(seed, name, id=f"{seed.name[:3]}-{name}")
         for seed in SEEDS for name in ENCODINGS if encodable(seed, name)]


def reencode(seed: Path, name: str, tmp_path: Path) -> Path:
    path = tmp_path / f"{seed.stem}.{name}.txt"
    path.write_bytes(ENCODINGS[name][0](original(seed)))
    return path


def task_keys(record: dict) -> list[tuple]:
    return [(task["id"], task["title"], [(r["agency"], r["role"]) for r in task["responsible"]])
            for task in record["tasks"]]


SHARED_SEEDS = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "seeds"


def test_seeds_are_bundled():
    # the five real plans, byte for byte as the shared corpus holds them
    assert [seed.name[:3] for seed in SEEDS][:5] == ["000", "001", "002", "003", "004"]
    for shared in sorted(SHARED_SEEDS.glob("*.txt")):
        assert (PLANS / shared.name).read_bytes() == shared.read_bytes(), shared.name


def test_every_seed_is_gbk_encodable_except_000():
    # keeps CASES honest: only 000 (which holds U+FFFD) drops out of the GBK case
    assert [seed.name[:3] for seed in SEEDS if not encodable(seed, "gbk")] == ["000"]


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.name[:3])
def test_utf8_original(seed):
    source = read_source(seed)
    assert source.text == original(seed)
    assert source.encoding == "utf-8"
    assert source.path == str(seed)
    assert source.sha256 == hashlib.sha256(seed.read_bytes()).hexdigest()


@pytest.mark.parametrize(("seed", "name"), CASES)
def test_reencoded_text_is_identical(seed, name, tmp_path):
    path = reencode(seed, name, tmp_path)
    data = path.read_bytes()
    source = read_source(path)
    assert source.text == original(seed)
    assert source.encoding == ENCODINGS[name][1]
    assert source.path == str(path)
    assert source.sha256 == hashlib.sha256(data).hexdigest()
    assert source.sha256 != hashlib.sha256(seed.read_bytes()).hexdigest()
    assert decode_bytes(data, str(path)) == (original(seed), ENCODINGS[name][1])


@pytest.mark.parametrize(("seed", "name"), CASES)
def test_reencoded_plan_gives_the_same_tasks(seed, name, tmp_path):
    path = reencode(seed, name, tmp_path)
    expected = extract_plan(seed).to_dict()
    record = extract_plan(path).to_dict()
    assert record["source"] == {
        "path": str(path),
        "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
        "encoding": ENCODINGS[name][1],
        "characters": len(original(seed)),
    }
    assert task_keys(record) == task_keys(expected)
    # the same text gives the same record: spans point into the decoded text, not the bytes
    del record["source"], expected["source"]
    assert record == expected


# --- files that are not plan text ----------------------------------------------------------

def random_binary() -> bytes:
    rng = random.Random(20240607)
    data = bytes(rng.randrange(256) for _ in range(8192))
    assert b"\x00" in data
    return data


BAD = [
    pytest.param(b"", EmptyDocument, None, id="empty"),
    pytest.param(b"  \n\t\r\n   \n", EmptyDocument, None, id="whitespace"),
    pytest.param(codecs.BOM_UTF8 + b" \r\n\r\n", EmptyDocument, None, id="whitespace-utf8-bom"),
    pytest.param(" \r\n\t".encode("utf-16"), EmptyDocument, None, id="whitespace-utf16"),
    # Chinese documents indent with the ideographic space U+3000; a file of only those is empty
    pytest.param("\u3000\u3000\n\u3000 \r\n".encode(), EmptyDocument, None,
                 id="whitespace-ideographic"),
    pytest.param(random_binary(), BinaryDocument, random_binary().index(b"\x00"),
                 id="binary"),
    pytest.param(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n",
                 BinaryDocument, None, id="pdf"),
    pytest.param(b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00[Content_Types].xml",
                 BinaryDocument, None, id="docx"),
    # 6 bytes of UTF-8 (正文), then bytes that are neither UTF-8 nor GB18030
    pytest.param("正文".encode() + b"\xff\xfe\x80\x80 abc\n", UndecodableDocument, 6,
                 id="undecodable"),
]


@pytest.mark.parametrize(("data", "error_class", "offset"), BAD)
def test_bad_input_raises(data, error_class, offset, tmp_path):
    path = tmp_path / "bad input.txt"
    path.write_bytes(data)
    with pytest.raises(error_class) as raised:
        read_source(path)
    error = raised.value
    assert type(error) is error_class
    assert error.path == str(path)
    assert str(error).startswith(str(path))
    assert error.offset == offset
    if offset is not None:
        assert str(error).startswith(f"{path} (byte {offset}): ")


# The document stage reads PDFs and Word files: the same bytes given to extract_plan are a
# damaged PDF (a failure to report) and an unknown zip container (no reader takes it)
AS_DOCUMENT = {"pdf": UnreadableDocument, "docx": Unsupported}


@pytest.mark.parametrize(("data", "error_class", "offset"), BAD)
def test_extract_plan_raises_the_same(data, error_class, offset, tmp_path, request):
    path = tmp_path / "plan.txt"
    path.write_bytes(data)
    with pytest.raises(LoaderError) as raised:
        extract_plan(path)
    expected = AS_DOCUMENT.get(request.node.callspec.id, error_class)
    assert type(raised.value) is expected
    assert str(raised.value).startswith(str(path))


@pytest.mark.parametrize(("data", "hint"), [
    (b"%PDF-1.4\n", "a PDF file; extract its text first"),
    (b"PK\x03\x04\x14\x00", "a zip container (.docx, .xlsx ...)"),
])
def test_binary_formats_say_what_to_do(data, hint, tmp_path):
    path = tmp_path / "plan.txt"
    path.write_bytes(data)
    with pytest.raises(BinaryDocument) as raised:
        read_source(path)
    assert str(raised.value).startswith(f"{path}: not a text file: {hint}")


def test_undecodable_message_names_file_and_byte(tmp_path):
    path = tmp_path / "plan.txt"
    path.write_bytes("正文".encode() + b"\xff\xfe\x80\x80")
    with pytest.raises(UndecodableDocument) as raised:
        read_source(path)
    assert str(raised.value) == (f"{path} (byte 6): not UTF-8 (invalid start byte at byte 6) "
                                 "nor GB18030/GBK; re-save the file as UTF-8")


def test_missing_file_names_the_file(tmp_path):
    path = tmp_path / "missing.txt"
    with pytest.raises(LoaderError) as raised:
        read_source(path)
    assert str(raised.value).startswith(str(path))
