"""Extraction time grows linearly with the input, even on pathological text (issue 13).

Each pattern of bench/pathological.py (one （一） heading a line, 医 and a space repeated, short
lines with no section heading, a line with no punctuation, 《 or （ never closed …) is extracted
at ~100 KB and ~1 MB. The test checks the growth, not the machine: ten times the input must
take less than GROWTH_LIMIT times as long. The small input is the best of two runs, the large
one runs once; when the growth is over the limit both are measured again (a busy machine), up
to three times. A large run far over the limit is cut off by an alarm, so a quadratic rule fails
in a minute or two rather than in hours.

What is timed is the rules, not the machine around them: the CPU seconds of this process (a
Neo4j server the suite started, or a browser, cannot lend it their time), with Python's cyclic
collector paused. That collector walks the whole heap when its counters say so; a 1 MB input
leaves ten times the objects of a 100 KB one, and on a CI machine with a smaller cache that
alone took short-lines from ~12x to 21x (the linear rules unchanged).
"""

from __future__ import annotations

import gc
import signal
import time

import pytest

from bench.pathological import PATTERNS, make_text
from policykg.loaders.plan import build_record
from policykg.loaders.source import SourceText

SMALL, LARGE = 100_000, 1_000_000
GROWTH_LIMIT = 20  # linear is ~10; quadratic would be ~100
ATTEMPTS = 3


class _TooSlow(Exception):
    pass


def _extract_seconds(text: str, limit: float | None = None) -> float:
    """CPU seconds to build the record of ``text``; raises _TooSlow after ``limit`` seconds
    of wall-clock time."""
    source = SourceText("pathological.txt", "0" * 64, "utf-8", text)

    def alarm(_signum, _frame):
        raise _TooSlow

    gc.collect()
    gc.disable()
    previous = signal.signal(signal.SIGALRM, alarm)
    if limit is not None:
        signal.setitimer(signal.ITIMER_REAL, limit)
    try:
        start = time.process_time()
        build_record(source)
        return time.process_time() - start
    finally:
        gc.enable()
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@pytest.mark.parametrize("pattern", sorted(PATTERNS))
def test_ten_times_the_text_takes_about_ten_times_as_long(pattern: str) -> None:
    small_text, large_text = make_text(pattern, SMALL), make_text(pattern, LARGE)
    tried = []
    for _ in range(ATTEMPTS):   # a busy machine can slow one run: measure both sizes again
        small = min(_extract_seconds(small_text) for _ in range(2))
        allowed = GROWTH_LIMIT * max(small, 0.01)
        try:
            large = _extract_seconds(large_text, limit=1.5 * allowed + 1)
        except _TooSlow:
            pytest.fail(f"{pattern}: 1 MB still running after {1.5 * allowed + 1:.1f} s; "
                        f"100 KB took {small:.3f} s")
        tried.append(f"100 KB in {small:.3f} s, 1 MB in {large:.3f} s")
        if large < allowed:
            return
    pytest.fail(f"{pattern}: more than {GROWTH_LIMIT}x the time for 10x the text: "
                + "; ".join(tried))


def test_the_patterns_are_the_sizes_asked_for() -> None:
    for pattern in PATTERNS:
        text = make_text(pattern, SMALL)
        assert SMALL - 4 <= len(text.encode("utf-8")) <= SMALL
