"""What several benchmarks share: the extracted synthetic corpus and a process's peak memory.

bench/ is a folder of scripts, not a package: a script imports this module (and its other
siblings) after putting its own folder on sys.path.
"""

from __future__ import annotations

import os
import pickle
import resource
from pathlib import Path


def peak_rss_mb() -> float:
    """This process's peak resident set. VmHWM, not ru_maxrss: Linux carries ru_maxrss over
    fork and exec, so a worker would report its (large) parent's peak."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def prepare(n: int, seed: int, work: Path) -> tuple[Path, dict]:
    """The graph model of bench/corpus.py's N plans, pickled for the writers, and its sizes.

    The plans and their records are generated and extracted once, then cached in
    WORK/corpus-N-seedS/ (plans/, records.pickle: the typed records, whose facts for the graph
    the JSON lacks); the graph model is rebuilt from the records on every call
    (documents.pickle), so it follows the current graph code. The sizes: nodes and
    relationships of the whole graph, bytes of plan text, tasks."""
    from multiprocessing import Pool

    from policykg.graph.build import records_to_graph
    folder = work / f"corpus-{n}-seed{seed}"
    records_file = folder / "records.pickle"
    if not records_file.exists():
        import corpus
        plans = folder / "plans"
        plans.mkdir(parents=True, exist_ok=True)
        for name, text in corpus.generate(n, seed):
            (plans / name).write_text(text, encoding="utf-8")
        files = sorted(str(p) for p in plans.glob("*.txt"))
        with Pool(min(2, os.cpu_count() or 1)) as pool:
            records = pool.map(_extract, files, chunksize=10)
        records_file.write_bytes(pickle.dumps(records))
    records = pickle.loads(records_file.read_bytes())
    model = records_to_graph(records)
    documents_file = folder / "documents.pickle"
    documents_file.write_bytes(pickle.dumps(model.documents))
    sizes = {"nodes": len(model.nodes()), "relationships": len(model.relationships()),
             "bytes": sum(Path(r.source.path).stat().st_size for r in records
                          if Path(r.source.path).exists()),
             "tasks_total": sum(len(r.tasks) for r in records)}
    return documents_file, sizes


def _extract(path: str):
    from policykg.loaders.plan import extract_plan
    return extract_plan(path)
