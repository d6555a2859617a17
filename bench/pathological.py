"""Time `extract` on pathological inputs at 10 KB, 100 KB and 1 MB: the growth must be linear.

Each input repeats one unit (a line, a word, an unclosed bracket) to the size wanted; these are
the shapes that once made a rule rescan the text (issue 13). Each figure is the best of
``--runs`` in-process extractions (decode + build_record, no start-up), and a figure over
``--timeout`` seconds is cut off and shown as ">N".

    .venv/bin/python bench/pathological.py                  # every pattern, 10 KB .. 1 MB
    .venv/bin/python bench/pathological.py --sizes 10000,100000 --patterns subsections
"""

from __future__ import annotations

import argparse
import itertools
import json
import subprocess
import sys
import time
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parents[1]

class Pattern(NamedTuple):
    """Text made of ``units``, each repeated to an equal share of the size, between ``head``
    and ``tail``, ``separator`` between the runs. In a unit, {n} is the repetition's number
    and {cn} that number in Chinese digits (distinct titles, doc numbers, agency names)."""

    units: tuple[str, ...]
    head: str = ""
    tail: str = ""
    separator: str = ""   # once between the runs of two units (a table's header row)


PATTERNS: dict[str, Pattern] = {
    "subsections": Pattern(("（一）\n",)),                  # one （一） heading a line
    "spaced-word": Pattern(("医 ",)),                       # a word and a stray space, one line
    "em-spaces": Pattern(("\u2003",), "医", "医\n"),      # a run of em spaces (kept by clean)
    "short-lines": Pattern(("加强医疗服务\n",)),            # short lines joined into one paragraph
    "sentences": Pattern(("加强医疗服务。\n",)),           # one sentence a line, no 一、 heading
    "long-line": Pattern(("加强医疗服务能力建设推进公立医院高质量发展",)),  # no punctuation
    "open-title": Pattern(("《关于",)),                     # 《 never closed
    "open-paren": Pattern(("（牵头",)),                     # （ never closed
    "items": Pattern(("1.加强医疗服务。\n",)),             # numbered items without a section
    "sections": Pattern(("一、加强医疗服务\n",)),          # one section heading a line
    "tabs": Pattern(("区卫生健康委\t2025年\n",)),         # table rows without a header
    "deadlines": Pattern(("到2025年底前",)),                # deadline words without a task
    "lead-words": Pattern(("区卫生健康委牵头，",)),         # a clause without a task
    "and-list": Pattern(("和区卫生健康委",), "1.加强医疗服务（区财政局", "负责）。\n"),
    "long-cell": Pattern(("医",), "重点任务\t牵头单位\t配合单位\n1.任务\t"),
    "titles": Pattern(("《关于加强第{n}项工作的通知》",)),  # distinct cited titles, one line
    "doc-numbers": Pattern(("国卫发〔2021〕{n}号、",)),     # distinct issuing numbers
    "agencies": Pattern(("{n}.加强医疗服务（{cn}街道办事处负责）。\n",)),
    "hospitals": Pattern(("{n}.支持{cn}人民医院建设。\n",)),
    "table": Pattern(("{n}.加强第{cn}项医疗服务。\n",
                      "加强第{cn}项医疗服务\t区卫生健康委\t区财政局\t2025年\n"),
                     "一、重点任务\n", separator="重点任务\t牵头单位\t配合单位\t完成时限\n"),
    # tables written without tabs (loaders/text_tables.py): one cell a line, a blank line
    # after each row; and aligned by runs of spaces, as pdftotext -layout writes them
    "cell-lines": Pattern(("{n}\n加强第{cn}项医疗服务\n区卫生健康委\n区财政局\n2025年\n\n",),
                          "序号\n重点任务\n牵头单位\n配合单位\n完成时限\n\n"),
    "aligned": Pattern(("{n}    加强第{cn}项医疗服务    区卫生健康委    区财政局    2025年\n",),
                       "序号    重点任务    牵头单位    配合单位    完成时限\n"),
}
CN_DIGITS = "〇一二三四五六七八九"


def make_text(name: str, size: int) -> str:
    """The pattern's text at ``size`` UTF-8 bytes (cut on a character boundary)."""
    pattern = PATTERNS[name]
    fixed = pattern.head + pattern.tail + pattern.separator * (len(pattern.units) - 1)
    budget = size - len(fixed.encode("utf-8"))
    parts = [pattern.head]
    for index, unit in enumerate(pattern.units):
        if index:
            parts.append(pattern.separator)
        share, number = budget // len(pattern.units), 0
        while share > 0:
            number += 1
            piece = unit.format(n=number, cn="".join(CN_DIGITS[int(d)] for d in str(number)))
            parts.append(piece)
            share -= len(piece.encode("utf-8"))
    body = "".join(parts).encode("utf-8")[: size - len(pattern.tail.encode("utf-8"))]
    return body.decode("utf-8", "ignore") + pattern.tail


def time_extract(text: str, runs: int) -> float:
    """Best of ``runs`` extractions of ``text`` (seconds), in this process."""
    from policykg.loaders.plan import build_record
    from policykg.loaders.source import SourceText

    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        build_record(SourceText("bench.txt", "0" * 64, "utf-8", text))
        best = min(best, time.perf_counter() - start)
    return best


def measure(pattern: str, size: int, runs: int, timeout: float) -> float | None:
    """Seconds for one pattern and size, in a fresh process; None when over ``timeout``."""
    try:
        output = subprocess.run(
            [sys.executable, __file__, "--one", pattern, "--sizes", str(size),
             "--runs", str(runs)],
            check=True, capture_output=True, text=True, cwd=ROOT, timeout=timeout).stdout
    except subprocess.TimeoutExpired:
        return None
    return json.loads(output)["seconds"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000,1000000",
                        help="input sizes in bytes, comma-separated")
    parser.add_argument("--patterns", default=",".join(PATTERNS),
                        help="pattern names, comma-separated")
    parser.add_argument("--runs", type=int, default=2, help="best of this many runs")
    parser.add_argument("--timeout", type=float, default=300, help="seconds per figure")
    parser.add_argument("--one", help=argparse.SUPPRESS)  # internal: one measurement
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    if args.one:
        seconds = time_extract(make_text(args.one, sizes[0]), args.runs)
        print(json.dumps({"seconds": seconds}))
        return
    sys.path.insert(0, str(ROOT / "bench"))
    from extract import machine

    print(f"machine: {machine()}")
    print(f"{'pattern':<12} " + " ".join(f"{_size_label(size):>9}" for size in sizes)
          + "  growth per 10x")
    for pattern in args.patterns.split(","):
        figures = [measure(pattern, size, args.runs, args.timeout) for size in sizes]
        cells = [f"{f:>8.3f}s" if f is not None else f"{'>' + str(int(args.timeout)):>8}s"
                 for f in figures]
        growth = [f"{b / a:.1f}x" for a, b in itertools.pairwise(figures)
                  if a and b]
        print(f"{pattern:<12} " + " ".join(cells) + "  " + " ".join(growth), flush=True)


def _size_label(size: int) -> str:
    return f"{size // 1_000_000} MB" if size >= 1_000_000 else f"{size // 1000} KB"


if __name__ == "__main__":
    main()
