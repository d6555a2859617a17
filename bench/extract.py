"""Benchmark `extract`: plans per second and peak memory, one core and all cores.

Corpora: the bundled plans as they are, and the same plans repeated (as separate files) to
1,000 documents. Each measurement runs in a fresh process so peak memory (max RSS) is its own.

    .venv/bin/python bench/extract.py            # prints a table of figures
    .venv/bin/python bench/extract.py --docs 200 # a smaller repeated corpus
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from multiprocessing import Pool
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples" / "plans"


def _extract_one(path: str) -> int:
    from policykg.loaders.plan import extract_plan

    return len(extract_plan(path).tasks)


def run_mode(files: list[str], processes: int) -> dict[str, float]:
    """Extract every file (serially, or with a pool of processes); report rate and memory."""
    start = time.perf_counter()
    if processes == 1:
        tasks = sum(_extract_one(f) for f in files)
    else:
        with Pool(processes) as pool:
            chunk = max(1, len(files) // (4 * processes))
            tasks = sum(pool.map(_extract_one, files, chunksize=chunk))
    elapsed = time.perf_counter() - start
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {"documents": len(files), "tasks": tasks, "seconds": elapsed,
            "plans_per_second": len(files) / elapsed, "peak_rss_mb": own,
            "peak_child_rss_mb": children}


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        kib = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f", {kib / 1024 / 1024:.0f} GiB RAM"
    except (OSError, ValueError, IndexError):
        pass
    return (f"{cpu}, {os.cpu_count()} cores{memory}, Python {platform.python_version()}, "
            f"{platform.system()} {platform.release()}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=1000, help="size of the repeated corpus")
    parser.add_argument("--mode", help=argparse.SUPPRESS)  # internal: one measurement
    parser.add_argument("--files", help=argparse.SUPPRESS)
    parser.add_argument("--processes", type=int, default=1, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.mode:
        files = Path(args.files).read_text(encoding="utf-8").split("\n")
        print(json.dumps(run_mode(files, args.processes)))
        return

    plans = sorted(str(p) for p in SAMPLES.glob("*.txt"))
    workdir = Path(tempfile.mkdtemp(prefix="policykg-bench-"))
    try:
        repeated = []
        for index in range(args.docs):
            source = Path(plans[index % len(plans)])
            target = workdir / f"{index:05d}_{source.name}"
            shutil.copyfile(source, target)
            repeated.append(str(target))
        corpora = {"bundled": plans, f"repeated x{args.docs}": repeated}
        cores = os.cpu_count() or 1
        size_mb = {name: sum(Path(f).stat().st_size for f in files) / 1e6
                   for name, files in corpora.items()}
        print(f"machine: {machine()}")
        print(f"{'corpus':<16} {'docs':>5} {'MB':>6} {'procs':>5} {'seconds':>8} "
              f"{'plans/s':>8} {'peak MB':>8}")
        for name, files in corpora.items():
            listing = workdir / f"{name.split()[0]}.list"
            listing.write_text("\n".join(files), encoding="utf-8")
            for processes in sorted({1, cores}):
                output = subprocess.run(
                    [sys.executable, __file__, "--mode", "run", "--files", str(listing),
                     "--processes", str(processes)],
                    check=True, capture_output=True, text=True, cwd=ROOT).stdout
                figures = json.loads(output)
                peak = max(figures["peak_rss_mb"], figures["peak_child_rss_mb"])
                print(f"{name:<16} {figures['documents']:>5} {size_mb[name]:>6.2f} "
                      f"{processes:>5} {figures['seconds']:>8.2f} "
                      f"{figures['plans_per_second']:>8.1f} {peak:>8.1f}")
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
