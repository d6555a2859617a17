"""Extraction time grows linearly with the input, even on pathological text (issue 13).

Each pattern of bench/pathological.py (one （一） heading a line, 医 and a space repeated, short
lines with no section heading, a line with no punctuation, 《 or （ never closed …) is extracted
at ~100 KB and ~1 MB. The test checks the growth, not the machine: ten times the input must
take less than GROWTH_LIMIT times as long. The small input is the best of three runs; the large
one is measured again only when the first run is over the limit (noise), and is cut off by an
alarm when it runs far over it, so a quadratic rule fails in seconds rather than minutes.
"""

from __future__ import annotations

import signal
import time

import pytest

from bench.pathological import PATTERNS, make_text
from policykg.loaders.plan import build_record
from policykg.loaders.source import SourceText

SMALL, LARGE = 100_000, 1_000_000
GROWTH_LIMIT = 20  # linear is ~10; quadratic would be ~100


class _TooSlow(Exception):
    pass


def _extract_seconds(text: str, limit: float | None = None) -> float:
    """Seconds to build the record of ``text``; raises _TooSlow after ``limit`` seconds."""
    source = SourceText("pathological.txt", "0" * 64, "utf-8", text)

    def alarm(_signum, _frame):
        raise _TooSlow

    previous = signal.signal(signal.SIGALRM, alarm)
    if limit is not None:
        signal.setitimer(signal.ITIMER_REAL, limit)
    try:
        start = time.perf_counter()
        build_record(source)
        return time.perf_counter() - start
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@pytest.mark.parametrize("pattern", sorted(PATTERNS))
def test_ten_times_the_text_takes_about_ten_times_as_long(pattern: str) -> None:
    small = min(_extract_seconds(make_text(pattern, SMALL)) for _ in range(3))
    large_text = make_text(pattern, LARGE)
    allowed = GROWTH_LIMIT * max(small, 0.01)
    best = None
    for _ in range(2):
        try:
            seconds = _extract_seconds(large_text, limit=1.5 * allowed + 1)
        except _TooSlow:
            pytest.fail(f"{pattern}: 1 MB still running after {1.5 * allowed + 1:.1f} s; "
                        f"100 KB took {small:.3f} s")
        best = seconds if best is None else min(best, seconds)
        if best < allowed:
            break
    assert best is not None
    assert best / max(small, 0.01) < GROWTH_LIMIT, (
        f"{pattern}: 100 KB in {small:.3f} s, 1 MB in {best:.3f} s "
        f"({best / max(small, 0.01):.1f}x for 10x the text)")


def test_the_patterns_are_the_sizes_asked_for() -> None:
    for pattern in PATTERNS:
        text = make_text(pattern, SMALL)
        assert SMALL - 4 <= len(text.encode("utf-8")) <= SMALL
