"""Extraction speed in CPU time: plans per second per core on the bundled plans.

    .venv/bin/python bench/extract_cpu.py              # 7 rounds over samples/plans
    .venv/bin/python bench/extract_cpu.py --rounds 20 FILE...

Wall time on a shared machine says more about the neighbours than about the code, so each plan
is timed with ``time.process_time`` (this process's CPU time) and a round's rate is the plans
divided by their summed CPU time; the best and the median round are printed. Before each plan
the agency names the rules remember are forgotten (hospitals and responsibility clauses are
remembered only within one document, loaders/memo.py), so a plan repeated in the corpus is
not read faster the second time: each plan is measured as a new one. Start-up (imports,
compiling the rule patterns) is excluded by a warm-up round.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from policykg.loaders.plan import extract_plan
from policykg.loaders.rules import unit_names

SAMPLES = Path(__file__).resolve().parents[1] / "samples" / "plans"
REMEMBERED = (unit_names.looks_like_agency,)


def forget() -> None:
    """Forget what the rules remember by text, as if no plan had been read before."""
    for function in REMEMBERED:
        function.cache_clear()


def round_rate(files: list[Path]) -> float:
    """Plans per CPU second over one round of ``files``."""
    spent = 0.0
    for path in files:
        forget()
        start = time.process_time()
        extract_plan(path)
        spent += time.process_time() - start
    return len(files) / spent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path, help="plans (default: samples/plans)")
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    files = args.files or sorted(SAMPLES.glob("*.txt"))
    round_rate(files)   # warm-up: imports, pattern compilation, rule data
    rates = [round_rate(files) for _ in range(args.rounds)]
    print(f"{len(files)} plans x {args.rounds} rounds, CPU time: best {max(rates):.1f} "
          f"plans/s per core, median {statistics.median(rates):.1f} "
          f"({1000 / statistics.median(rates):.1f} ms a plan)")


if __name__ == "__main__":
    main()
