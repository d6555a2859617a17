"""The online writer beside the bulk path (bench/national.py --online N): the first N plans
through the real CLI, `policykg build --neo4j`, into a second local Neo4j.

The second server is scripts/neo4j-local with its own data and state folders under the work
folder and its own ports (Bolt 28687, HTTP 28474), so it never meets the bulk-loaded one; it
is reset (stopped, data deleted) first, so the build writes every plan, and stopped at the end
whatever happens. The build gets a folder of symlinks to the N files, not N paths: 100,000
paths would pass Linux's limit on a command line's length.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
NEO4J_LOCAL = ROOT / "scripts" / "neo4j-local"
CLI = Path(sys.executable).parent / "policykg"
BOLT_PORT, HTTP_PORT = "28687", "28474"


def online_env(base: dict[str, str], work: Path) -> dict[str, str]:
    """The bulk server's settings (heap, page cache, password) with this server's folders and
    ports, and the variables `build --neo4j` reads (NEO4J_URI, NEO4J_PASSWORD)."""
    return {**base, "NEO4J_DATA_DIR": str(work / "online-neo4j-data"),
            "NEO4J_STATE_DIR": str(work / "online-neo4j-state"),
            "NEO4J_BOLT_PORT": BOLT_PORT, "NEO4J_HTTP_PORT": HTTP_PORT,
            "NEO4J_URI": f"bolt://127.0.0.1:{BOLT_PORT}", "NEO4J_USERNAME": "neo4j"}


def first_files(files: list[Path], work: Path) -> Path:
    """A folder of symlinks to ``files``, named as they are (so the build sorts them alike)."""
    folder = work / f"online-{len(files)}" / "plans"
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.iterdir():
        old.unlink()
    for file in files:
        (folder / file.name).symlink_to(file.resolve())
    return folder


def build_wall(folder: Path, env: dict[str, str], work: Path) -> tuple[float, float, str]:
    """`policykg build --neo4j FOLDER` in a subprocess: wall seconds, its peak resident set
    (wait4's rusage of that one child, so earlier steps' children do not count) and the
    summary lines it printed; stops the run with the build's own output if it fails."""
    out, err = work / "online-build.out", work / "online-build.err"
    started = time.perf_counter()
    with out.open("w") as stdout, err.open("w") as stderr:
        process = subprocess.Popen([str(CLI), "build", "--neo4j", str(folder)], env=env,
                                   stdout=stdout, stderr=stderr, cwd=ROOT)
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - started
    if process.returncode != 0:
        raise RuntimeError(f"build --neo4j failed (exit {process.returncode}): "
                           + err.read_text(errors="replace")[-2000:])
    return wall, usage.ru_maxrss / 1024, out.read_text(errors="replace").strip()


def run_online(files: list[Path], work: Path, base_env: dict[str, str],
               on_server: Callable[[object], dict]) -> dict:
    """The first N plans by the online writer, timed; ``on_server(store)`` runs on the loaded
    server before it stops (the saved queries) and its result is kept under "queries"."""
    from policykg.graph.stores.neo4j_store import Neo4jStore

    env = online_env(base_env, work)
    folder = first_files(files, work)
    subprocess.run([str(NEO4J_LOCAL), "reset"], env=env, capture_output=True)
    try:
        subprocess.run([str(NEO4J_LOCAL), "start"], env=env, check=True, capture_output=True)
        wall, peak_mb, printed = build_wall(folder, env, work)
        store = Neo4jStore(env["NEO4J_URI"], "neo4j", env["NEO4J_PASSWORD"])
        try:
            nodes, relationships = store.counts()
            figures = {"plans": len(files), "build_s": round(wall, 1),
                       "build_min": round(wall / 60, 1),
                       "plans_per_s": round(len(files) / wall, 2),
                       "nodes": nodes, "relationships": relationships,
                       "items_per_s": round((nodes + relationships) / wall),
                       "peak_mb": round(peak_mb, 1), "printed": printed.splitlines()[-3:]}
            print(f"online: {figures}", flush=True)
            figures["queries"] = on_server(store)
        finally:
            store.close()
    finally:
        subprocess.run([str(NEO4J_LOCAL), "stop"], env=env, capture_output=True)
    return figures
