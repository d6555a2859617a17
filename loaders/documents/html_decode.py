"""A web page's bytes -> text: a BOM, the page's own <meta> charset, else UTF-8, else gb18030."""

from __future__ import annotations

import codecs
import re

CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([A-Za-z0-9_:.\-]+)", re.IGNORECASE)


# labels a browser treats as GBK decode as gb18030, its superset (pitfall 9: the strict
# gb2312 codec stops at the first GBK-only character, such as 體)
GB_LABELS = frozenset({"gb2312", "gbk", "gb_2312-80", "x-gbk", "cp936", "chinese", "csgb2312",
                       "iso-ir-58", "euc-cn", "gb18030", "windows-936"})


def decode(data: bytes) -> tuple[str, str]:
    """(text, encoding): a BOM first, then the page's own <meta> charset in its first 4 KB
    (gb2312/gbk read as gb18030), else UTF-8, else gb18030 (Chinese portals that declare
    nothing are GBK). A declared charset the bytes do not fit is passed over, since portals
    often copy a template's <meta> onto pages saved in another encoding."""
    for bom, name in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
                      (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            return data[len(bom):].decode(name, errors="replace"), name
    tried = []
    declared = _declared_charset(data[:4096])
    if declared:
        tried.append(declared)
    tried += [name for name in ("utf-8", "gb18030") if name not in tried]
    for name in tried:
        try:
            return data.decode(name), name
        except UnicodeDecodeError:
            continue
    return data.decode("gb18030", errors="replace"), "gb18030"


def _declared_charset(head: bytes) -> str | None:
    """The codec named by <meta charset> or <meta http-equiv content="...; charset=">, with
    GBK's labels widened to gb18030; None for no label or one Python does not know."""
    found = CHARSET.search(head)
    if not found:
        return None
    label = found.group(1).decode("ascii", errors="ignore").strip().lower()
    if label in GB_LABELS:
        return "gb18030"
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None
