"""WordprocessingML element names and the attribute readers the body walk and the numbering share.
"""

from __future__ import annotations

from docx.oxml.ns import qn
from lxml import etree

W_P, W_TBL, W_TR, W_TC, W_SDT, W_SDT_CONTENT, W_CUSTOM_XML = (
    qn("w:p"), qn("w:tbl"), qn("w:tr"), qn("w:tc"), qn("w:sdt"), qn("w:sdtContent"),
    qn("w:customXml"))


W_T, W_TAB, W_PTAB, W_BR, W_CR, W_NO_BREAK_HYPHEN, W_TXBX = (
    qn("w:t"), qn("w:tab"), qn("w:ptab"), qn("w:br"), qn("w:cr"), qn("w:noBreakHyphen"),
    qn("w:txbxContent"))


W_VAL = qn("w:val")


def _val(element: etree._Element | None, child: str) -> str | None:
    """The w:val of ``element``'s child (None when either is missing)."""
    if element is None:
        return None
    found = element.find(qn(child))
    return None if found is None else found.get(W_VAL)


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default
