"""Write what the CLI makes of the bundled plans, or compare two such writes byte for byte.

A refactoring that should change nothing is checked by writing the outputs before and after
and comparing them:

    .venv/bin/python scripts/compare-outputs.py write /tmp/outputs-before
    ... change the code ...
    .venv/bin/python scripts/compare-outputs.py write /tmp/outputs-after
    .venv/bin/python scripts/compare-outputs.py compare /tmp/outputs-before /tmp/outputs-after

`write FOLDER` runs `policykg` (the one next to this Python) from the repository root on
samples/plans and writes into FOLDER: the records (extract --format jsonl), the exports
(turtle, json-ld, n-triples, graphml) and the maps of a store built from the plans (each kind
of map once; their HTML is written twice to check it is deterministic), the messages of a
few failures, and every command's --help. Each command's exit status and stderr go into the
folder too, so a changed message shows as well.

To write the outputs of an older commit without checking it out (the venv's install is
editable), put a copy of its policykg/ first on the path:

    git archive COMMIT policykg | tar -x -C /tmp/old
    ln -s "$PWD"/loaders "$PWD"/graph "$PWD"/queries /tmp/old/policykg/
    ln -s "$PWD"/shapes.ttl /tmp/old/   # where validate looked for it before issue 16
    PYTHONPATH=/tmp/old .venv/bin/python scripts/compare-outputs.py write /tmp/outputs-old

`compare A B` prints each file that is missing from one side or differs (with the first
differing line), and exits with 1 if anything differs, 0 if all is identical.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
POLICYKG = Path(sys.executable).parent / "policykg"
PLANS = "samples/plans"
EXPORTS = {"turtle": "ttl", "json-ld": "jsonld", "n-triples": "nt", "graphml": "graphml"}
HELP = [[], ["extract"], ["text"], ["build"], ["export"], ["validate"], ["queries"],
        ["query"], ["map"], *(["map", kind] for kind in ("plan", "agency", "lineage",
                                                         "network", "overview"))]
MAPS = {
    "plan": ["--plan", "渝北府办发〔2022〕40号"],
    "agency": ["--agency", "区医保局"],
    "lineage": [],
    "network": ["--jurisdiction", "重庆市渝北区"],
    "overview": [],
}


def run(folder: Path, name: str, *arguments: str, cwd: Path = ROOT) -> bytes:
    """Run policykg with the arguments; keep its stdout, stderr and status under name.*"""
    done = subprocess.run([str(POLICYKG), *arguments], cwd=cwd, capture_output=True,
                          check=False)
    (folder / f"{name}.stdout").write_bytes(done.stdout)
    (folder / f"{name}.stderr").write_bytes(done.stderr)
    (folder / f"{name}.status").write_text(f"{done.returncode}\n")
    return done.stdout


def write(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for command in HELP:
        run(folder, "help-" + "-".join(command), *command, "--help")
    run(folder, "extract-jsonl", "extract", PLANS, "--format", "jsonl")
    run(folder, "extract-summary", "extract", PLANS)
    for output_format in EXPORTS:
        run(folder, f"export-{output_format}", "export", PLANS, "--format", output_format)
    run(folder, "validate", "validate", PLANS)
    with tempfile.TemporaryDirectory() as scratch:
        # the failure paths: a folder with a plan, the same bytes again and a file that is
        # no plan (skipped), and a named file that is no plan (an error); relative names
        mixed = Path(scratch) / "mixed"
        mixed.mkdir()
        plan = (ROOT / PLANS / "000_e81826a0173922c6.txt").read_bytes()
        (mixed / "a.txt").write_bytes(plan)
        (mixed / "b.txt").write_bytes(plan)
        (mixed / "notes.csv").write_bytes(b"a,b\n1,2\n")
        (Path(scratch) / "named.bin").write_bytes(bytes(range(256)))
        (Path(scratch) / "no-plans").mkdir()
        (Path(scratch) / "no-plans" / "notes.csv").write_bytes(b"a,b\n")
        for command in ("extract", "export", "validate"):
            run(folder, f"{command}-mixed", command, "mixed", "named.bin", cwd=Path(scratch))
            run(folder, f"{command}-no-plans", command, "no-plans", cwd=Path(scratch))
        store = Path(scratch) / "store"
        # the build summary names the store folder, which is new each time: not compared
        subprocess.run([str(POLICYKG), "build", PLANS, "--store", str(store)], cwd=ROOT,
                       capture_output=True, check=True)
        for kind, options in MAPS.items():
            pages = []
            for attempt in (1, 2):
                html = Path(scratch) / f"{kind}-{attempt}.html"
                done = subprocess.run([str(POLICYKG), "map", kind, *options, "--store",
                                       str(store), "-o", str(html)],
                                      cwd=ROOT, capture_output=True, check=True)
                pages.append(html.read_bytes())
            if pages[0] != pages[1]:
                sys.exit(f"map {kind}: two runs wrote different HTML; mask what varies first")
            (folder / f"map-{kind}.html").write_bytes(pages[0])
            # "wrote PATH: N nodes, M edges (from STORE)": keep the counts, not the paths
            counts = done.stdout.decode().split(": ", 1)[1].split(" (from ")[0]
            (folder / f"map-{kind}.stdout").write_text(counts + "\n")
    print(f"wrote {len(list(folder.iterdir()))} files to {folder}")


def compare(before: Path, after: Path) -> int:
    names = sorted({p.name for p in before.iterdir()} | {p.name for p in after.iterdir()})
    differ = 0
    for name in names:
        a, b = before / name, after / name
        if not a.exists() or not b.exists():
            print(f"{name}: only in {before if a.exists() else after}")
            differ += 1
        elif a.read_bytes() != b.read_bytes():
            lines = zip(a.read_bytes().splitlines(), b.read_bytes().splitlines(), strict=False)
            at = next((i for i, (x, y) in enumerate(lines) if x != y), None)
            where = f"first at line {at + 1}" if at is not None else "one is longer"
            print(f"{name}: differs ({where})")
            differ += 1
    print(f"{len(names)} files, {differ} differ" if differ else f"{len(names)} files, identical")
    return 1 if differ else 0


def main(arguments: list[str]) -> int:
    if len(arguments) == 2 and arguments[0] == "write":
        write(Path(arguments[1]))
        return 0
    if len(arguments) == 3 and arguments[0] == "compare":
        return compare(Path(arguments[1]), Path(arguments[2]))
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
