"""Benchmark `policykg build` into the embedded store end to end: a fresh build, a rebuild with
nothing changed, and an incremental build after editing a tenth of the plans.

The corpus is bench/corpus.py's (deterministic; N plans, default 1,000). Every build runs the
real CLI in its own process, so the figures include start-up, extraction (one core) and the
writes. Pass --python to time the policykg installed in another environment (e.g. a venv with
an older commit installed) on the same corpus: that is how the before/after figures in
docs/performance.md were taken.

    .venv/bin/python bench/build.py --docs 1000
    .venv/bin/python bench/build.py --docs 1000 --python /tmp/old-venv/bin/python
"""

from __future__ import annotations

import argparse
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from corpus import generate  # noqa: E402  (bench/ is not a package)


def timed_build(python: str, plans: Path, store: Path) -> tuple[float, float, str]:
    """Wall seconds and CPU seconds (user + system of the build process) for one
    `policykg build`, and its summary line. CPU time is what to compare on a busy machine:
    wall time also counts the waits for a core other processes hold."""
    code = "from policykg.cli import cli; cli()"
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run([python, "-c", code, "build", str(plans), "--store", str(store)],
                          cwd=store.parent, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    summary = (done.stdout.strip().splitlines() or [""])[0]
    if done.returncode != 0:
        summary += f" (exit {done.returncode}: {done.stderr.strip()[:200]})"
    return seconds, cpu, summary


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=1000, help="plans in the corpus")
    parser.add_argument("--python", default=sys.executable,
                        help="the interpreter whose policykg is timed (default: this one)")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="policykg-build-bench-"))
    try:
        plans = work / "plans"
        plans.mkdir()
        for name, text in generate(args.docs):
            (plans / name).write_text(text, encoding="utf-8")
        print(f"machine: {platform.processor() or platform.machine()}, python "
              f"{platform.python_version()}; corpus: {args.docs} plans; python: {args.python}")
        store = work / "store"
        fresh, cpu, summary = timed_build(args.python, plans, store)
        print(f"fresh build      {fresh:8.1f} s  cpu {cpu:7.1f} s  "
              f"{args.docs / fresh:6.1f} plans/s  {summary}")
        again, cpu, summary = timed_build(args.python, plans, store)
        print(f"unchanged build  {again:8.1f} s  cpu {cpu:7.1f} s  {summary}")
        edited = sorted(plans.glob("*.txt"))[:: 10]
        for path in edited:
            path.write_text(path.read_text(encoding="utf-8").replace("加强", "强化", 1),
                            encoding="utf-8")
        incremental, cpu, summary = timed_build(args.python, plans, store)
        print(f"{len(edited)} edited      {incremental:8.1f} s  cpu {cpu:7.1f} s  {summary}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
