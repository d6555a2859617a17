"""How far the embedded store goes (issue 19): build time, peak memory, reopen time and size on
disk at growing corpus sizes, and the cost of adding one plan to a store that size.

Each step runs the real CLI in its own process (its peak memory is its own, read with wait4):

* fresh build of N plans (bench/corpus.py, seed 0) into a new store;
* one plan added to that store (what a user pays for a small change once the store is large);
* reopen: `policykg query agency-load` on the store (opening the graph, one aggregate, closing);
* the store's size on disk (graph.kgl and the kept texts).

    .venv/bin/python bench/embedded_limit.py 1000 10000
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from corpus import generate  # noqa: E402  (bench/ is not a package)

CLI = "from policykg.cli import cli; cli()"


def run(args: list[str], cwd: Path) -> tuple[float, float, float, str]:
    """Wall seconds, CPU seconds and peak RSS (MB) of one CLI run (its own rusage: Popen and
    wait4 before anything else reaps it), and a note if it failed."""
    start = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-c", CLI, *args], cwd=cwd,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    error = process.stderr.read().decode("utf-8", "replace").strip() if process.stderr else ""
    process.stderr.close()
    note = "" if os.waitstatus_to_exitcode(status) == 0 else f"exit: {error[:200]}"
    return seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, note


def size_mb(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", type=int, nargs="+", help="corpus sizes (plans)")
    args = parser.parse_args()
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, python "
          f"{platform.python_version()}")
    print(f"{'plans':>7} {'build s':>9} {'cpu s':>9} {'plans/s':>8} {'peak MB':>8} "
          f"{'+1 plan s':>10} {'peak MB':>8} {'reopen s':>9} {'store MB':>9}")
    for size in args.sizes:
        work = Path(tempfile.mkdtemp(prefix="policykg-embedded-limit-"))
        try:
            corpus = generate(size + 1)
            plans = work / "plans"
            plans.mkdir()
            for name, text in corpus[:size]:
                (plans / name).write_text(text, encoding="utf-8")
            store = work / "store"
            build = run(["build", str(plans), "--store", str(store)], work)
            name, text = corpus[size]
            (plans / name).write_text(text, encoding="utf-8")
            one_more = run(["build", str(plans), "--store", str(store)], work)
            reopen = run(["query", "agency-load", "--store", str(store)], work)
            notes = "; ".join(n for n in (build[3], one_more[3], reopen[3]) if n)
            print(f"{size:>7} {build[0]:>9.1f} {build[1]:>9.1f} {size / build[0]:>8.1f} "
                  f"{build[2]:>8.0f} {one_more[0]:>10.1f} {one_more[2]:>8.0f} "
                  f"{reopen[0]:>9.2f} {size_mb(store):>9.1f} {notes}", flush=True)
        finally:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
