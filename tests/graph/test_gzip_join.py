"""gzip_join.py: pieces compressed apart joined into one gzip stream (the bulk path's chunk
files, graph/sinks/neo4j_import.py), checked against zlib and gzip themselves."""

from __future__ import annotations

import gzip
import zlib

from hypothesis import given, settings
from hypothesis import strategies as st

from policykg.graph.sinks.gzip_join import crc32_combine, join, write_piece


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=3000), st.binary(max_size=3000))
def test_combined_crc_is_the_crc_of_the_joined_bytes(first, second):
    assert crc32_combine(zlib.crc32(first), zlib.crc32(second), len(second)) == zlib.crc32(
        first + second)


def test_pieces_join_into_one_gzip_member(tmp_path):
    """Three chunks' rows (one empty) -> one gzip stream holding them in order; one member
    (the import tool misjudged files of several), no time in the header, pieces removed."""
    rows = ['"task:渝北府办发〔2022〕40号#17","Task","推进医疗服务模式创新"\n' * 400,
            "", '"task:合川府办发〔2022〕45号#3","Task","建设区域医疗中心"\n' * 7]
    pieces = [write_piece(tmp_path / f"part{index}.piece", text.encode("utf-8"))
              for index, text in enumerate(rows)]
    join(pieces, tmp_path / "joined.csv.gz")
    raw = (tmp_path / "joined.csv.gz").read_bytes()
    assert gzip.decompress(raw).decode("utf-8") == "".join(rows)
    reader = zlib.decompressobj(31)
    reader.decompress(raw)
    assert reader.eof and reader.unused_data == b""
    assert raw[4:8] == b"\0\0\0\0"
    assert [path.name for path in tmp_path.iterdir()] == ["joined.csv.gz"]
