"""Saved queries: the `*.cypher` files beside this module, their headers, and running them.

A file is one question. Its header (leading `//` lines) names it, asks the question in Chinese
and English, declares each parameter with a type, an example value and whether it is optional,
and lists the columns. The Cypher after it runs unchanged on Neo4j and on the embedded store;
values always travel as parameters, never pasted into the text.

    // name: agency-portfolio
    // zh: 某部门牵头、配合或负责哪些任务？
    // en: Which tasks does an agency lead, cooperate on or answer for?
    // param agency (string, agency): 区医保局 | canonical name or a written alias
    // param jurisdiction (string, optional, jurisdiction): 重庆市渝北区 | only this one's agency
    // columns: plan, task, role, ...

A string parameter may name what its value refers to (`agency`, `jurisdiction`, `plan` or
`document`, see NAMED): queries/resolve.py then looks the value up in the graph before the query
runs (渝北区 -> 重庆市渝北区, 区医疗保障局 -> 区医保局, 国办发[2021]18号 -> 国办发〔2021〕18号).
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

QUERY_DIR = Path(__file__).resolve().parent
PARAM_LINE = re.compile(r"param\s+(\w+)\s*\(\s*(string|int)\s*"
                        r"(,\s*optional\s*|,\s*default\s+(-?\d+)\s*)?"
                        r"(?:,\s*(\w+)\s*)?\)\s*:\s*(.*?)\s*(?:\|\s*(.*))?$")
# A whole-corpus list ends with this line and declares both parameters with defaults: it is
# read a page at a time (issue 19: a list of every agency of 100,000 plans would stall the
# Neo4j Browser), and its total is counted by the same query wrapped (count_cypher()).
PAGE_LINE = "SKIP $skip LIMIT $limit"
COUNT_ALL = 2**53   # the limit the count runs with: every row (an integer both engines take)
# What a string parameter may name; its value is then resolved against the graph
# (queries/resolve.py) before the query runs
NAMED = ("jurisdiction", "agency", "plan", "document")


class QueryError(Exception):
    """A saved query is unknown, badly declared, or was given wrong parameters."""


@dataclass(frozen=True)
class Parameter:
    name: str
    kind: str            # string | int
    optional: bool
    example: str
    description: str = ""
    names: str | None = None   # one of NAMED: what the value refers to in the graph
    default: int | None = None  # what an optional whole number is when not given

    def convert(self, value: str) -> str | int:
        if self.kind == "int":
            try:
                return int(value)
            except ValueError:
                raise QueryError(f"parameter {self.name} must be a whole number, "
                                 f"got {value!r}") from None
        return value


@dataclass(frozen=True)
class SavedQuery:
    name: str
    question_zh: str
    question_en: str
    parameters: tuple[Parameter, ...]
    columns: tuple[str, ...]
    cypher: str
    path: Path = field(compare=False)

    def bind(self, values: dict[str, str | int | None]) -> dict[str, Any]:
        """Check names, convert types; an optional parameter not given is null."""
        declared = {parameter.name: parameter for parameter in self.parameters}
        unknown = sorted(set(values) - set(declared))
        if unknown:
            raise QueryError(f"{self.name}: unknown parameter {', '.join(unknown)} "
                             f"(takes: {self.signature() or 'none'})")
        bound: dict[str, Any] = {}
        for parameter in self.parameters:
            value = values.get(parameter.name)
            if value is None or value == "":
                if not parameter.optional:
                    raise QueryError(f"{self.name}: missing parameter {parameter.name} "
                                     f"(e.g. -p {parameter.name}={parameter.example})")
                bound[parameter.name] = parameter.default
            else:
                bound[parameter.name] = (parameter.convert(value) if isinstance(value, str)
                                         else value)
        return bound

    @property
    def paged(self) -> bool:
        return self.cypher.endswith(PAGE_LINE)

    def count_cypher(self) -> str:
        """The query without its page, as a subquery whose rows are counted: how many rows
        there are in all (the same text on both engines), with count_parameters()."""
        body = self.cypher[:-len(PAGE_LINE)].rstrip()
        return "CALL () {\n" + body + "\n}\nRETURN count(*) AS total"

    @staticmethod
    def count_parameters(bound: dict[str, Any]) -> dict[str, Any]:
        """count_cypher()'s values: the query's own, with no page. A streaming list reads
        $skip + $limit rows of each part inside (due-by: the agencies' rows, then those
        naming none), so the count takes every row: skip 0, a limit no corpus reaches."""
        return {**bound, "skip": 0, "limit": COUNT_ALL}

    def signature(self) -> str:
        return " ".join(f"[{p.name}]" if p.optional else p.name for p in self.parameters)

    def example_parameters(self) -> dict[str, Any]:
        return {p.name: p.convert(p.example) for p in self.parameters}


def parse(path: Path) -> SavedQuery:
    header: dict[str, str] = {}
    parameters: list[Parameter] = []
    lines = path.read_text(encoding="utf-8").splitlines()
    body_start = 0
    for number, line in enumerate(lines):
        stripped = line.strip()
        if not stripped.startswith("//"):
            body_start = number
            break
        text = stripped[2:].strip()
        if text.startswith("param "):
            match = PARAM_LINE.match(text)
            if not match:
                raise QueryError(f"{path.name}:{number + 1}: cannot read the parameter line "
                                 f"{text!r} (want: param name (string|int[, optional]"
                                 f"[, {'|'.join(NAMED)}]): example | description)")
            name, kind, optional, default, names, example, description = match.groups()
            if default is not None and kind != "int":
                raise QueryError(f"{path.name}:{number + 1}: only a whole number takes a "
                                 f"default ({name})")
            if names is not None and (names not in NAMED or kind != "string"):
                raise QueryError(f"{path.name}:{number + 1}: {name} cannot name {names!r} "
                                 f"(a string parameter may name one of {', '.join(NAMED)})")
            parameters.append(Parameter(name, kind, bool(optional), example, description or "",
                                        names, None if default is None else int(default)))
        elif ":" in text:
            key, value = text.split(":", 1)
            header[key.strip()] = value.strip()
    cypher = "\n".join(lines[body_start:]).strip()
    missing = [key for key in ("name", "zh", "en", "columns") if key not in header]
    if missing or not cypher:
        raise QueryError(f"{path.name}: the header lacks {', '.join(missing) or 'a query'}")
    if header["name"] != path.stem:
        raise QueryError(f"{path.name}: header name {header['name']!r} is not the file's name")
    used = set(re.findall(r"\$(\w+)", cypher))
    declared = {parameter.name for parameter in parameters}
    if used != declared:
        raise QueryError(f"{path.name}: parameters used {sorted(used)} but declared "
                         f"{sorted(declared)}")
    if cypher.endswith(PAGE_LINE) and any(p.default is None for p in parameters
                                           if p.name in ("skip", "limit")):
        raise QueryError(f"{path.name}: a paged query declares skip and limit with defaults")
    columns = tuple(column.strip() for column in header["columns"].split(","))
    return SavedQuery(header["name"], header["zh"], header["en"], tuple(parameters), columns,
                      cypher, path)


def load_all(folder: Path = QUERY_DIR) -> dict[str, SavedQuery]:
    queries = [parse(path) for path in sorted(folder.glob("*.cypher"))]
    return {query.name: query for query in queries}


def get(name: str) -> SavedQuery:
    queries = load_all()
    if name not in queries:
        raise QueryError(f"no saved query {name!r}; `policykg queries` lists them "
                         f"({', '.join(queries)})")
    return queries[name]


def run(store, query: SavedQuery, values: dict[str, Any]) -> list[dict[str, Any]]:
    """Rows as plain values, columns in the declared order (the store reads in a read-only
    transaction)."""
    rows = store.read(query.cypher, query.bind(values))
    return [{column: plain(row.get(column)) for column in query.columns} for row in rows]


def total(store, query: SavedQuery, bound: dict[str, Any],
          timeout: float | None = None) -> int:
    """How many rows a paged query has in all, for the values it ran with (bound). It reads the
    whole list (at 100,000 plans due-by's count reads ~390 M db hits where its first page reads
    0.7 M), so it takes ``timeout`` seconds at most: StoreTimeout past them."""
    rows = store.read(query.count_cypher(), query.count_parameters(bound), timeout=timeout)
    return int(rows[0]["total"]) if rows else 0


def plain(value: Any) -> Any:
    """Neo4j and kglite agree on JSON-like values; whole floats (kglite sums) become ints."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, list):
        return [plain(item) for item in value]
    return value


def favorites_zip(queries: dict[str, SavedQuery], folder: str = "policykg") -> bytes:
    """The saved queries as a zip the Neo4j Browser imports as favourites in one drop.

    Dropping a zip of .cypher files onto the Browser adds them under Favorites > Local scripts
    in a folder named after the zip's folder. The Browser names a favourite by its first line,
    so each file gets one more: `// agency-load` (without it the name would read
    `name: agency-load`). Fixed timestamps and order: the same queries give the same bytes.
    """
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(queries):
            info = zipfile.ZipInfo(f"{folder}/{name}.cypher", date_time=(2020, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, f"// {name}\n".encode() + queries[name].path.read_bytes())
    return buffer.getvalue()
