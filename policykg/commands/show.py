"""`show`: a task of a plan (or any node of the graph) with its evidence, in the source file.

Reads the built store (as `query` does) and each evidence's source file from disk: every fact
is printed with its place as ``path:line:column`` (an editor jumps there) and the source lines
around it, the span highlighted. A file whose bytes are no longer those the graph was built
from (or that is gone) is said in one line, and the context the graph kept is printed instead.
"""

from __future__ import annotations

import hashlib
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click

from ..options import click_errors, open_built_store, store_options

NODE = "MATCH (n {key: $key}) RETURN labels(n) AS labels, properties(n) AS props"
OUTGOING = ("MATCH (n {key: $key})-[r]->(m) "
            "RETURN type(r) AS type, properties(r) AS props, labels(m) AS labels, "
            "properties(m) AS other")
INCOMING = ("MATCH (n {key: $key})<-[r]-(m) "
            "RETURN type(r) AS type, properties(r) AS props, labels(m) AS labels, "
            "properties(m) AS other")
PLANS = ("MATCH (p:Plan) WHERE p.doc_number = $plan OR p.title = $plan "
         "RETURN p.key AS key, p.title AS title, p.status AS status ORDER BY key")
STATEMENTS = (NODE, OUTGOING, INCOMING, PLANS)   # linted with the writers' (tests/cli)

ROLES = {"LEADS": "lead 牵头", "COOPERATES_ON": "cooperating 配合",
         "RESPONSIBLE_FOR": "responsible 责任", "ACCOUNTABLE_FOR": "accountable 指标负责"}
ROLE_ORDER = list(ROLES)
SPAN_LINES = 6       # lines of a long span shown before the rest is left out
LINE_WIDTH = 160     # characters of a source line shown (cut around the span with …)
LISTED = 20          # relationships listed each way for a node that is not a task or plan
# what a node's own properties say, not its evidence or the store's bookkeeping
EVIDENCE = {"source_path", "source_sha256", "span_start", "span_end", "quote", "line",
            "column", "page", "context"}
HIDDEN = EVIDENCE | {"id", "type", "key", "text_zlib_base64", "shared_keys", "source_count",
                     "alias_counts", "cited_title_counts", "given_keys", "given_values",
                     "placement", "cites_by_title"}


@click.command()
@click.argument("what")
@click.argument("task", required=False)
@click.option("--lines", "around", type=click.IntRange(0, 20), default=2, show_default=True,
              help="Source lines shown before and after each span.")
@store_options("Read Neo4j (NEO4J_URI, ...); the default when NEO4J_URI is set and --store "
               "is not given.")
def show(what: str, task: str | None, around: int, store_path: Path | None,
         use_neo4j: bool) -> None:
    """Show a task of a plan with the evidence of every fact, in the source file.

    WHAT is a plan (its doc number in any brackets, or its title or part of it) and TASK one
    of its tasks: its id (二.(三)), its number or part of its title. Prints the task (title,
    number, section, deadline), each agency with its role, and for every fact where it was
    read as path:line:column with the source lines around it, the span highlighted (>>…<<
    when the output is not a terminal). With a plan alone it shows the plan and lists its
    tasks; WHAT may also be any node's key (task:…, agency:…, document:…).

    The source file is read from disk; when its bytes are not those the graph was built
    from, or it is gone, a line says so and the sentence or row the graph kept is printed.

    \b
    Examples:
        policykg show 渝北府办发〔2022〕40号 17
        policykg show 渝北府办发[2022]40号 医疗服务价格
        policykg show 'agency:重庆市渝北区:区医保局'
    """
    store, where = open_built_store(store_path, use_neo4j)
    try:
        with click_errors():
            view = _View(store, where, around, _is_terminal())
            text = view.run(what, task)
    finally:
        store.close()
    for note in view.sources.notes:
        click.echo(f"Warning: {note}", err=True)
    click.echo(text, color=view.color or None)


def _is_terminal() -> bool:
    return sys.stdout.isatty()


@dataclass
class _Source:
    text: str | None
    line_starts: list[int]


class _Sources:
    """The evidence's files, each read once and checked against the sha256 it was built from;
    ``notes`` say which changed or are gone (one line each)."""

    def __init__(self):
        self.read: dict[tuple[str, str], _Source] = {}
        self.notes: list[str] = []

    def get(self, path: str, sha256: str) -> _Source:
        if (path, sha256) not in self.read:
            self.read[(path, sha256)] = self._load(path, sha256)
        return self.read[(path, sha256)]

    def _load(self, path: str, sha256: str) -> _Source:
        from ..loaders.documents import read_bytes
        from ..loaders.errors import LoaderError
        from ..loaders.locations import SpanLocations

        try:
            data = Path(path).read_bytes()
        except OSError as error:
            reason = "is gone" if isinstance(error, FileNotFoundError) else \
                f"cannot be read ({error.strerror or error})"
            self.notes.append(f"{path} {reason}: showing the context kept in the graph")
            return _Source(None, [])
        if hashlib.sha256(data).hexdigest() != sha256:
            self.notes.append(f"{path} has changed since the graph was built (its sha256 is "
                              "not the one read then): showing the context kept in the graph")
            return _Source(None, [])
        try:
            text = read_bytes(data, path, sha256).text
        except LoaderError as error:   # read when built; a reader missing here (OCR)
            self.notes.append(f"{error}: showing the context kept in the graph")
            return _Source(None, [])
        return _Source(text, SpanLocations(text).line_starts)


class _View:
    def __init__(self, store, where: str, around: int, color: bool):
        self.store = store
        self.where = where
        self.around = around
        self.color = color
        self.sources = _Sources()
        self.shown: set[tuple[Any, ...]] = set()   # spans already printed with their lines

    def read(self, statement: str, **params: Any) -> list[dict]:
        return self.store.read(statement, params)

    # what to show ---------------------------------------------------------------------------

    def run(self, what: str, task: str | None) -> str:
        from ..queries.resolve import EMPTY_STORE, is_empty

        if is_empty(self.store):
            raise click.ClickException(EMPTY_STORE.format(where=self.where))
        if task is None:
            node = self.node(what.strip())
            if node is not None:
                return "\n".join(self.any_node(what.strip(), node))
            return "\n".join(self.plan(self.find_plan(what)))
        plan = self.find_plan(what)
        return "\n".join(self.task(self.find_task(plan, task)))

    def node(self, key: str) -> dict | None:
        rows = self.read(NODE, key=key)
        return rows[0] if rows else None

    def find_plan(self, value: str) -> str:
        """The key of the plan ``value`` names (queries/resolve.py: doc number in any
        brackets, title, part of a title); of several versions, the primary one."""
        from ..queries.resolve import resolve_value

        name = resolve_value(self.store, "plan", value)
        rows = self.read(PLANS, plan=name)
        keys = [str(row["key"]) for row in rows]
        primary = [key for key in keys if key in (f"document:{name}",)]
        if primary or len(keys) == 1:
            return (primary or keys)[0]
        if not keys:
            raise click.ClickException(f"no plan {value!r} in the graph")
        raise click.ClickException(f"plan {value!r} has {len(keys)} versions in the graph: "
                                   f"{', '.join(keys)}; give one of these keys")

    def find_task(self, plan: str, value: str) -> str:
        """A task of ``plan`` by id (二.(三)), number or part of its title."""
        tasks = [(row["props"], row["other"]) for row in self.read(OUTGOING, key=plan)
                 if row["type"] == "HAS_TASK"]
        tasks.sort(key=lambda item: item[0].get("order") or 0)
        wanted = _plain(value)
        tiers = [
            [t for _, t in tasks if _plain(str(t.get("task_id"))) == wanted],
            [t for _, t in tasks if wanted and _plain(str(t.get("number") or "")) == wanted],
            [t for _, t in tasks if _plain(str(t.get("title") or "")) == wanted],
            [t for _, t in tasks if wanted and wanted in _plain(str(t.get("title") or ""))],
        ]
        found = next((tier for tier in tiers if tier), [])
        if len(found) == 1:
            return str(found[0]["key"])
        where = plan.removeprefix("document:")
        if found:
            listed = "; ".join(f"{t.get('task_id')} {t.get('title')}" for t in found[:6])
            raise click.ClickException(f"task {value!r} of {where} is ambiguous: it could be "
                                       f"{listed}{' …' if len(found) > 6 else ''}; give its id")
        raise click.ClickException(f"no task {value!r} in {where} (`policykg show {where}` "
                                   f"lists its {len(tasks)} tasks)")

    # views ----------------------------------------------------------------------------------

    def task(self, key: str) -> list[str]:
        node = self.node(key)
        assert node is not None
        props = node["props"]
        out = [f"Task {props.get('task_id')}  {props.get('title')}"]
        out += _fields(props, [("number", "number"), ("section", "section"),
                               ("kind", "kind"), ("deadline", "deadline"),
                               ("deadline_written", "deadline as written"),
                               ("plan", "plan")])
        out += ["", "evidence of the task:", *self.evidence(props)]
        incoming = self.read(INCOMING, key=key)
        out += self.agencies(incoming, "agencies")
        outgoing = self.read(OUTGOING, key=key)
        rows = sorted((r for r in outgoing if r["type"] == "HAS_ASSIGNMENT"),
                      key=lambda r: r["props"].get("order") or 0)
        for row in rows:
            other = row["other"]
            out += ["", f"row {row['props'].get('order')}: {_short(other.get('text'))}"
                    + (f"  (deadline {other.get('deadline')})" if other.get("deadline") else "")]
            out += self.evidence(other, indent="  ")
            out += self.agencies(self.read(INCOMING, key=str(other["key"])), None, "  ")
        for row in outgoing:
            if row["type"] == "HAS_INDICATOR":
                other = row["other"]
                out += ["", f"indicator: {other.get('name')}", *self.evidence(other, "  ")]
        return out

    def agencies(self, rows: list[dict], heading: str | None, indent: str = "") -> list[str]:
        roles = sorted((r for r in rows if r["type"] in ROLES),
                       key=lambda r: (ROLE_ORDER.index(r["type"]), r["props"].get("order") or 0))
        out = [f"{indent}{heading}:"] if heading and roles else []
        if heading and not roles:
            out = [f"{indent}{heading}: none named"]
        for row in roles:
            props, agency = row["props"], row["other"]
            written = props.get("written")
            also = f" (written {written})" if written and written != agency.get("name") else ""
            out += [f"{indent}  {ROLES[row['type']]}: {agency.get('name')}{also}",
                    *self.evidence(props, indent + "  ")]
        return ["", *out] if out else []

    def plan(self, key: str) -> list[str]:
        node = self.node(key)
        assert node is not None
        props = node["props"]
        number = props.get("doc_number")
        out = [f"Plan {number}  {props.get('title')}" if number else f"Plan {props.get('title')}"]
        out += _fields(props, [("issuer", "issuer"), ("jurisdiction", "jurisdiction"),
                               ("issued", "issued"), ("status", "status")])
        out += ["", "evidence of the title:", *self.evidence(props)]
        outgoing = self.read(OUTGOING, key=key)
        for row in sorted(outgoing, key=lambda r: r["props"].get("order") or 0):
            if row["type"] in ("IMPLEMENTS", "REFERENCES"):
                other = row["other"]
                out += ["", f"{row['type'].lower()}: {other.get('doc_number') or ''} "
                        f"《{other.get('title')}》", *self.evidence(row["props"], "  ")]
        tasks = sorted((r for r in outgoing if r["type"] == "HAS_TASK"),
                       key=lambda r: r["props"].get("order") or 0)
        name = props.get("doc_number") or props.get("title")
        out += ["", f"tasks ({len(tasks)}; `policykg show {name} ID` shows one):"]
        out += [f"  {r['other'].get('task_id'):<10} {r['other'].get('title')}" for r in tasks]
        return out

    def any_node(self, key: str, node: dict) -> list[str]:
        labels = [str(label) for label in node["labels"]]
        if "Task" in labels:
            return self.task(key)
        if "Plan" in labels:
            return self.plan(key)
        props = node["props"]
        out = [f"{':'.join(labels)} {key}"]
        out += [f"  {name}: {_value(value)}" for name, value in sorted(props.items())
                if name not in HIDDEN and value not in (None, [], "")]
        if props.get("source_path"):
            out += ["", "evidence:", *self.evidence(props)]
        for heading, statement, arrow in (("out", OUTGOING, "->"), ("in", INCOMING, "<-")):
            rows = sorted(self.read(statement, key=key),
                          key=lambda r: (r["type"], str(r["other"].get("key"))))
            if rows:
                out += ["", f"relationships {heading} ({len(rows)}):"]
            for row in rows[:LISTED]:
                where = self.position(row["props"])
                out.append(f"  {arrow} {row['type']} {row['other'].get('key')}"
                           + (f"  {where}" if where else ""))
            if len(rows) > LISTED:
                out.append(f"  … {len(rows) - LISTED} more")
        return out

    # evidence -------------------------------------------------------------------------------

    def position(self, props: dict) -> str:
        """path:line:column (page N) of an evidence, or '' without one."""
        path, sha = props.get("source_path"), props.get("source_sha256")
        if not path or props.get("span_start") is None:
            return ""
        line, column = props.get("line"), props.get("column")
        if line is None:   # a store built before evidence had lines: work them out
            source = self.sources.get(str(path), str(sha))
            if source.text is not None:
                line, column = _line_column(source.line_starts, int(props["span_start"]))
        where = f"{path}:{line}:{column}" if line is not None else \
            f"{path} [{props['span_start']}–{props['span_end']}]"
        return where + (f" (page {props['page']})" if props.get("page") else "")

    def evidence(self, props: dict, indent: str = "") -> list[str]:
        """The evidence's place, and the source lines around it (once a span)."""
        where = self.position(props)
        if not where:
            return []
        out = [f"{indent}  {where}"]
        start, end = int(props["span_start"]), int(props["span_end"])
        seen = (props.get("source_sha256"), start, end)
        source = self.sources.get(str(props["source_path"]), str(props.get("source_sha256")))
        if source.text is None:
            if props.get("context"):
                out.append(f"{indent}    kept: 「{props['context']}」")
            return out
        if seen in self.shown:
            out[-1] += "  (shown above)"
            return out
        self.shown.add(seen)
        out += [f"{indent}  {line}" for line in self.excerpt(source, start, end)]
        return out

    def excerpt(self, source: _Source, start: int, end: int) -> list[str]:
        text, starts = source.text or "", source.line_starts
        first = _line_column(starts, start)[0] - 1
        last = _line_column(starts, max(start, end - 1))[0] - 1
        cut = last - first + 1 > SPAN_LINES
        shown_last = first + SPAN_LINES - 1 if cut else last
        low = max(0, first - self.around)
        high = min(len(starts) - 1, (last if not cut else shown_last) + self.around)
        width = len(str(high + 1))
        out = []
        for index in range(low, high + 1):
            if cut and shown_last < index <= last - 1:
                if index == shown_last + 1:
                    out.append(f"  {'':>{width}} ┆ … {last - shown_last - 1} more lines")
                continue
            line_start = starts[index]
            line_end = starts[index + 1] if index + 1 < len(starts) else len(text)
            line = text[line_start:line_end].rstrip("\r\n")
            inside = (start < line_start + max(len(line), 1) and end > line_start) or (
                start == end and line_start <= start <= line_start + len(line))
            a = min(max(start - line_start, 0), len(line))
            if start < line_start:   # a span's later lines: marked from their first word
                a += len(line) - len(line.lstrip(" \t\u3000"))
            b = min(max(end - line_start, 0), len(line))
            body = self.marked(line, a, b) if inside else _display(_window(line, 0, 0)[0])
            out.append(f"{'>' if inside else ' '} {index + 1:>{width}} │ {body}")
        return out

    def marked(self, line: str, a: int, b: int) -> str:
        shown, a, b = _window(line, a, b)
        middle = _display(shown[a:b])
        middle = click.style(middle, bold=True, reverse=True) if self.color else \
            f">>{middle}<<"
        return _display(shown[:a]) + middle + _display(shown[b:])


def _window(line: str, a: int, b: int) -> tuple[str, int, int]:
    """``line`` cut to LINE_WIDTH characters around [a, b) with …, and [a, b) in the cut."""
    if len(line) <= LINE_WIDTH:
        return line, a, b
    low = max(0, min(a - 20, len(line) - LINE_WIDTH))
    high = min(len(line), low + LINE_WIDTH)
    head = "…" if low else ""
    tail = "…" if high < len(line) else ""
    a2, b2 = min(max(a - low, 0), high - low), min(max(b - low, 0), high - low)
    return head + line[low:high] + tail, a2 + len(head), b2 + len(head)


def _display(text: str) -> str:
    return text.replace("\t", "    ")


def _line_column(starts: list[int], offset: int) -> tuple[int, int]:
    import bisect

    index = max(bisect.bisect_right(starts, offset) - 1, 0)
    return index + 1, offset - starts[index] + 1


def _plain(text: str) -> str:
    """A task id, number or title as typed: no spaces, ASCII brackets and dots, no trailing
    full stop (二．（三） = 二.(三), 17. = 17)."""
    text = re.sub(r"\s+", "", text).translate(str.maketrans("（）．、", "().."))
    return text.rstrip(".。")


def _fields(props: dict, names: list[tuple[str, str]]) -> list[str]:
    return [f"  {label}: {_value(props[name])}" for name, label in names
            if props.get(name) not in (None, "", [])]


def _value(value: Any) -> str:
    if isinstance(value, list):
        return "、".join(str(item) for item in value)
    return _short(value, 200)


def _short(value: Any, limit: int = 80) -> str:
    text = " ".join(str(value or "").split())
    return text if len(text) <= limit else text[:limit - 1] + "…"
