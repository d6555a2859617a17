"""Results remembered while one document is read, and forgotten when it is done.

Several stages run the same rule on the same text: a task's text is read as a paragraph of the
document and again as the task (hospitals), for its title, for whether it is a task and for its
units (responsibility clauses). ``one_document()`` opens a memo for one ``build_record``; a rule
wrapped in ``remembered`` then computes each text once within it. Outside it (a rule called on
its own, as the tests do) nothing is remembered, and nothing outlives the document: memory stays
flat over a corpus, and a plan read twice is read twice.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TypeVar

T = TypeVar("T")

_MEMO: ContextVar[dict[tuple[Callable[[str], object], str], object] | None] = ContextVar(
    "policykg_document_memo", default=None)


@contextmanager
def one_document() -> Iterator[None]:
    """Remember results of ``remembered`` rules until the block ends."""
    token = _MEMO.set({})
    try:
        yield
    finally:
        _MEMO.reset(token)


def remembered(rule: Callable[[str], T]) -> Callable[[str], T]:
    """``rule`` (a pure function of one text, returning an immutable value), computed once per
    text within ``one_document()``."""

    @functools.wraps(rule)
    def once(text: str) -> T:
        memo = _MEMO.get()
        if memo is None:
            return rule(text)
        key = (rule, text)
        if key not in memo:
            memo[key] = rule(text)
        return memo[key]  # type: ignore[return-value]

    return once
