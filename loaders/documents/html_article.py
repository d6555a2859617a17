"""The element of a portal page that holds the article: a known portal container, else the largest
block of text outside links; hidden elements dropped first.
"""

from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser, LexborNode

from .html_walk import _squash

# containers portals put the article in, most specific first (gov.cn #UCAP-CONTENT and
# .pages_content, TRS WCM's .TRS_Editor, the common #zoom font-size box)
KNOWN_CONTAINERS = ("#zoom", ".article-content", ".TRS_Editor", "#UCAP-CONTENT",
                    ".pages_content", ".view", "article")


MIN_KNOWN_TEXT = 50        # a known container with less text is a stub (an empty #zoom)


MIN_ARTICLE_TEXT = 100     # less own text than this in the largest block: header or footer


CANDIDATES = ("div", "article", "section", "td", "main")


DROPPED_TAGS = ("script", "style", "noscript", "template", "iframe", "object", "embed",
                "select", "button", "input", "textarea", "svg", "canvas", "head")


HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)


def _drop_hidden(tree: LexborHTMLParser) -> None:
    """Scripts, styles, form controls and elements hidden by style or the hidden attribute
    are not text a reader sees (portals hide print-only copies and share widgets)."""
    tree.strip_tags(list(DROPPED_TAGS))
    for node in tree.css("[style], [hidden]"):
        style = node.attributes.get("style") or ""
        if "hidden" in node.attributes or HIDDEN_STYLE.search(style):
            node.decompose()


def find_article(tree: LexborHTMLParser) -> LexborNode | None:
    """The element holding the article: a known portal container with text, else the
    largest block."""
    for selector in KNOWN_CONTAINERS:
        for node in tree.css(selector):
            if len(_squash(node.text(separator=""))) >= MIN_KNOWN_TEXT:
                return node
    return largest_block(tree)


def largest_block(tree: LexborHTMLParser) -> LexborNode | None:
    """The div/article/section/td/main whose own paragraphs (direct <p>, <table>, headings,
    text) hold the most text outside links: navigation, related links and share bars are
    mostly links, and a layout wrapper's text sits in its children's children."""
    best, best_score = None, 0
    for node in tree.css(",".join(CANDIDATES)):
        score = 0
        for child in node.iter(include_text=True):
            if child.tag == "-text":
                score += len(_squash(child.text_content or ""))
            elif child.tag in ("p", "table", "h1", "h2", "h3", "h4", "h5", "h6", "span",
                               "font", "strong", "b", "pre", "blockquote", "center"):
                score += _own_text_length(child)
        if score > best_score:
            best, best_score = node, score
    return best if best_score >= MIN_ARTICLE_TEXT else None


def _own_text_length(node: LexborNode) -> int:
    """Characters of an element's text that are not inside links."""
    total = len(_squash(node.text(separator="")))
    links = sum(len(_squash(a.text(separator=""))) for a in node.css("a"))
    return max(0, total - links)
