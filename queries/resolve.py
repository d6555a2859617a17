"""Parameter resolution: the names an analyst types, looked up in the graph before a saved query
runs, and what to say when the answer is empty.

A saved query's string parameter may declare what it names (saved.NAMED): a jurisdiction, an
agency, a plan or a document. Its value is then matched against the graph's own names, so the
Cypher (unchanged, still fit to paste into the Neo4j Browser) receives the value the graph holds:

- a jurisdiction by its name (重庆市渝北区), its short name (渝北区), the end of its name or its
  short name without the level (渝北);
- an agency by its canonical name, an alias the documents wrote, a full or other standard name
  folded by the rules of loaders/data/agencies.toml (区医疗保障局 -> 区医保局: the same folder the
  loader uses, no second list), or its function without the level (医保局, narrowed by the
  query's jurisdiction when one is given);
- a plan or a document by its doc number in any bracket style (〔2022〕 [2022] (2022) ［2022］
  【2022】: loaders/rules/doc_number.py), its title, or a fragment of its title.

Ambiguous or unknown values are a ResolveError (a QueryError) of one line, naming the candidates
or the closest names. The statements are parameterised and read-only, run on both engines, and
are linted with the saved queries (STATEMENTS; tests/queries/test_resolve.py).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Any

from ..graph.cypher import AGENCY_TASKS_MISSING
from ..loaders.agencies import DAMAGING, AgencyFolder, jurisdiction_concept
from ..loaders.metadata import normalise_title
from ..loaders.rules.doc_number import normalise_doc_number
from .saved import QueryError, SavedQuery

COUNT_PLANS = "MATCH (p:Plan) RETURN count(p) AS plans"
JURISDICTIONS = ("MATCH (j:Jurisdiction) RETURN j.name AS name, j.short_name AS short_name "
                 "ORDER BY name")
AGENCIES = ("MATCH (a:Agency) RETURN a.name AS name, a.aliases AS aliases, "
            "a.jurisdiction AS jurisdiction ORDER BY name, jurisdiction")
DOCUMENTS = ("MATCH (d:Document) RETURN d.doc_number AS doc_number, d.title AS title, "
             "d:Plan AS loaded ORDER BY coalesce(d.doc_number, d.title)")
# what the graph knows of a resolved value: the reasons printed when a query gives no row
JURISDICTION_FACTS = (
    "MATCH (j:Jurisdiction {name: $jurisdiction}) "
    "OPTIONAL MATCH (p:Plan) WHERE p.jurisdiction = j.name "
    "WITH j, count(DISTINCT p.key) AS plans "
    "OPTIONAL MATCH (a:Agency) WHERE a.jurisdiction = j.name "
    "RETURN plans, count(DISTINCT a.key) AS agencies")
AGENCY_FACTS = (
    "MATCH (a:Agency) WHERE (a.name = $agency OR $agency IN a.aliases) "
    "AND ($jurisdiction IS NULL OR a.jurisdiction = $jurisdiction) "
    "OPTIONAL MATCH (a)-[r:LEADS|COOPERATES_ON|RESPONSIBLE_FOR|ACCOUNTABLE_FOR]->(x) "
    "RETURN a.name AS name, a.jurisdiction AS jurisdiction, "
    "count(DISTINCT CASE WHEN type(r) = 'LEADS' THEN x.key END) AS leads, "
    "count(DISTINCT CASE WHEN type(r) = 'COOPERATES_ON' THEN x.key END) AS cooperates, "
    "count(DISTINCT CASE WHEN type(r) = 'RESPONSIBLE_FOR' THEN x.key END) AS responsible, "
    "count(DISTINCT CASE WHEN type(r) = 'ACCOUNTABLE_FOR' THEN x.key END) AS indicators "
    "ORDER BY jurisdiction")
PLAN_FACTS = (
    "MATCH (p:Plan) WHERE p.doc_number = $plan OR p.title = $plan "
    "OPTIONAL MATCH (p)-[:HAS_TASK]->(t:Task) "
    "WITH p, count(DISTINCT t.key) AS tasks "
    "OPTIONAL MATCH (p)-[r:IMPLEMENTS|REFERENCES]->(d:Document) "
    "RETURN tasks, "
    "count(DISTINCT CASE WHEN type(r) = 'IMPLEMENTS' THEN d.key END) AS implements, "
    "count(DISTINCT CASE WHEN type(r) = 'REFERENCES' THEN d.key END) AS references")
PLAN_SIBLINGS = (
    "MATCH (p:Plan)-[:IMPLEMENTS]->(:Document)<-[:IMPLEMENTS]-(s:Plan) "
    "WHERE (p.doc_number = $plan OR p.title = $plan) AND s.key <> p.key "
    "RETURN count(DISTINCT s.key) AS siblings")
DOCUMENT_FACTS = (
    "MATCH (d:Document) WHERE d.doc_number = $document OR d.title = $document "
    "OPTIONAL MATCH (p:Plan)-[r:IMPLEMENTS|REFERENCES]->(d) "
    "RETURN count(DISTINCT p.key) AS cited, "
    "count(DISTINCT CASE WHEN type(r) = 'IMPLEMENTS' THEN p.key END) AS implemented")
STATEMENTS = (COUNT_PLANS, JURISDICTIONS, AGENCIES, DOCUMENTS, JURISDICTION_FACTS, AGENCY_FACTS,
              PLAN_FACTS, PLAN_SIBLINGS, DOCUMENT_FACTS)

# a level at the end of a jurisdiction's short name: 渝北区 -> 渝北, 广元市 -> 广元
LEVEL = re.compile(r"(?:特别行政区|自治区|自治州|自治县|自治旗|[省市区县州旗盟])$")
CLOSEST = 3   # suggestions in an error
EMPTY_STORE = "the graph in {where} holds no plan (policykg build PATHS adds them)"


class ResolveError(QueryError):
    """A value names nothing in the graph, or more than one thing."""


@dataclass(frozen=True)
class Resolved:
    """A saved query's parameters, bound (types checked), as given and as resolved."""

    query: SavedQuery
    given: dict[str, Any]
    values: dict[str, Any]

    def changes(self) -> list[tuple[str, Any, Any]]:
        """(parameter, as given, as resolved) for each value the resolver changed."""
        return [(name, self.given[name], self.values[name]) for name in self.values
                if self.values[name] != self.given[name]]

    def asked(self) -> dict[str, Any]:
        """The values resolved, without those that are their parameter's default (such as
        the first page of a paged list): what the question was about."""
        defaults = {p.name: p.default for p in self.query.parameters if p.default is not None}
        return {name: value for name, value in self.values.items()
                if name not in defaults or defaults[name] != value}

    def ran_with(self) -> str:
        """agency=区医保局, jurisdiction=重庆市渝北区 (the values given, resolved; a default
        goes without saying)."""
        return ", ".join(f"{name}={shown(value)}" for name, value in self.asked().items()
                         if value is not None)


def is_empty(store) -> bool:
    """The store holds no plan (never built, or every plan pruned)."""
    return not store.read(COUNT_PLANS)[0]["plans"]


def resolve(store, query: SavedQuery, values: dict[str, Any]) -> Resolved:
    """Bind ``values`` (saved.SavedQuery.bind) and resolve each parameter that names something,
    jurisdictions first: an agency is looked for in the query's jurisdiction when one is given."""
    given = query.bind(values)
    resolved = dict(given)
    lookup = Lookup(store)
    order = {"jurisdiction": 0, "agency": 1, "plan": 2, "document": 2}
    named = sorted((p for p in query.parameters if p.names), key=lambda p: order[p.names])
    for parameter in named:
        value = resolved[parameter.name]
        if value is None:
            continue
        within = next((resolved[p.name] for p in named if p.names == "jurisdiction"), None)
        resolved[parameter.name] = lookup.resolve(parameter.names, value, within)
    return Resolved(query, given, resolved)


def resolve_value(store, kind: str, value: str, jurisdiction: str | None = None) -> str:
    """One value (a map's --agency, --jurisdiction, --plan): what the graph calls it."""
    return Lookup(store).resolve(kind, value, jurisdiction)


def answer(store, query: SavedQuery, values: dict[str, Any]) -> tuple[list[dict], Resolved]:
    """Resolve, then run (saved.run): the rows and the values they were found with."""
    from .saved import run

    resolved = resolve(store, query, values)
    return run(store, query, resolved.values), resolved


def explain_empty(store, resolved: Resolved) -> list[str]:
    """What the graph holds about each resolved value, for a query that gave no row: one line a
    value, by the kind of thing it names (the same lines whatever the query)."""
    lines: list[str] = []
    within = next((resolved.values[p.name] for p in resolved.query.parameters
                   if p.names == "jurisdiction"), None)
    for parameter in resolved.query.parameters:
        value = resolved.values.get(parameter.name)
        if parameter.names and value is not None:
            lines += REASONS[parameter.names](store, value, within)
    if "total_tasks" in resolved.query.cypher and store.read(AGENCY_TASKS_MISSING)[0]["count"]:
        lines.append("the store was written before agencies kept their task totals, which "
                     "this query ranks by: `policykg build` on it counts them once")
    return lines


# -- the reasons, one function a kind -------------------------------------------------------

def _jurisdiction_facts(store, name: str, _within: str | None) -> list[str]:
    rows = store.read(JURISDICTION_FACTS, {"jurisdiction": name})
    if not rows:
        return []
    plans, agencies = int(rows[0]["plans"]), int(rows[0]["agencies"])
    line = (f"the jurisdiction {name} is in the graph ({count(plans, 'plan')}, "
            f"{count(agencies, 'agency', 'agencies')})")
    return [line + ("" if agencies else " but no agency belongs to it")]


def _agency_facts(store, name: str, within: str | None) -> list[str]:
    lines = []
    for row in store.read(AGENCY_FACTS, {"agency": name, "jurisdiction": within}):
        figures = [int(row[key]) for key in ("leads", "cooperates", "responsible", "indicators")]
        line = (f"the agency {row['name']} ({row['jurisdiction']}) is in the graph: "
                f"leads {figures[0]}, cooperates on {figures[1]}, responsible for {figures[2]} "
                f"tasks or rows; accountable for {count(figures[3], 'indicator')}")
        lines.append(line)
    return lines


def _plan_facts(store, plan: str, _within: str | None) -> list[str]:
    rows = store.read(PLAN_FACTS, {"plan": plan})
    if not rows:
        return []
    tasks, implements, references = (int(rows[0][key]) for key in
                                      ("tasks", "implements", "references"))
    line = (f"the plan {plan} is in the graph ({count(tasks, 'task')}; cites "
            f"{count(implements + references, 'document')}: implements {implements}, "
            f"references {references})")
    if not implements:
        line += " but implements no document"
    elif not int(store.read(PLAN_SIBLINGS, {"plan": plan})[0]["siblings"]):
        line += " and no other plan implements the same document"
    return [line]


def _document_facts(store, document: str, _within: str | None) -> list[str]:
    rows = store.read(DOCUMENT_FACTS, {"document": document})
    if not rows:
        return []
    cited, implemented = int(rows[0]["cited"]), int(rows[0]["implemented"])
    line = f"the document {document} is in the graph (cited by {count(cited, 'plan')})"
    if not cited:
        line = f"the document {document} is in the graph but no plan cites it"
    elif not implemented:
        line += " but no plan IMPLEMENTS it"
    else:
        line += f", implemented by {count(implemented, 'plan')}"
    return [line]


REASONS = {"jurisdiction": _jurisdiction_facts, "agency": _agency_facts, "plan": _plan_facts,
           "document": _document_facts}


# -- matching ---------------------------------------------------------------------------------

class Lookup:
    """The graph's names, read once each when first needed."""

    def __init__(self, store):
        self.store = store
        self._read: dict[str, list[dict]] = {}

    def rows(self, statement: str) -> list[dict]:
        if statement not in self._read:
            self._read[statement] = self.store.read(statement)
        return self._read[statement]

    def resolve(self, kind: str, value: str, within: str | None = None) -> str:
        if kind == "jurisdiction":
            return self.jurisdiction(value)
        if kind == "agency":
            return self.agency(value, within)
        return self.document(value, plans_only=kind == "plan")

    # jurisdictions

    def jurisdiction(self, value: str) -> str:
        text = value.strip()
        rows = self.rows(JURISDICTIONS)
        tiers = [
            [r for r in rows if r["name"] == text],
            [r for r in rows if r["short_name"] == text],
            [r for r in rows if len(text) >= 2 and str(r["name"]).endswith(text)],
            [r for r in rows if len(text) >= 2 and text in (
                LEVEL.sub("", str(r["short_name"] or "")), LEVEL.sub("", str(r["name"])))],
        ]
        found = next((tier for tier in tiers if tier), [])
        names = sorted({str(r["name"]) for r in found})
        if len(names) == 1:
            return names[0]
        if names:
            raise ResolveError(f"jurisdiction {shown(value)} is ambiguous: it could be "
                               f"{', '.join(names)}; give the full name")
        known = {str(r["name"]): str(r["name"]) for r in rows}
        known |= {str(r["short_name"]): str(r["name"]) for r in rows if r["short_name"]}
        close = closest(text, known)
        raise ResolveError(f"no jurisdiction {shown(value)} in the graph"
                           + (f"; did you mean {' or '.join(close)}?" if close else
                              f" (it holds {', '.join(sorted(set(known.values()))) or 'none'})"))

    # agencies

    def agency(self, value: str, within: str | None = None) -> str:
        text = re.sub(r"\s+", "", value)
        rows = self.rows(AGENCIES)
        local = [r for r in rows if within is None or r["jurisdiction"] == within]
        where = f" of {within}" if within else ""
        exact = [r for r in rows if text == r["name"] or text in (r["aliases"] or [])]
        if exact and not within:
            return text
        if any(r in local for r in exact):
            return text
        names = sorted({str(r["name"]) for r in rows})
        folded = self.fold(text, names)
        if folded and any(r["name"] == folded for r in local):
            return folded
        if exact or (folded and folded in names):   # known, but of other jurisdictions
            found = exact or [r for r in rows if r["name"] == folded]
            suggestions = self.by_function(folded or text, local)
            raise ResolveError(
                f"no agency {shown(value)}{where} in the graph; {found[0]['name']} is an agency "
                f"of {', '.join(sorted({str(r['jurisdiction']) for r in found}))}"
                + (f"; did you mean {' or '.join(labelled(suggestions))}?" if suggestions
                   else ""))
        by_function = self.by_function(folded or text, local)
        if len({r["name"] for r in by_function}) == 1:
            return str(by_function[0]["name"])
        if by_function:
            raise ResolveError(f"agency {shown(value)}{where} is ambiguous: it could be "
                               f"{listed(labelled(by_function))}; give one of these names")
        known = {str(r["name"]): str(r["name"]) for r in local}
        known |= {alias: str(r["name"]) for r in local for alias in (r["aliases"] or [])}
        close = [name for name in closest(text, known)]
        suggestions = labelled([r for r in local if r["name"] in close], order=close)
        raise ResolveError(f"no agency {shown(value)}{where} in the graph"
                           + (f"; did you mean {' or '.join(suggestions)}?" if suggestions
                              else " (`policykg query agency-load` lists the agencies)"))

    @staticmethod
    def fold(text: str, names: list[str]) -> str | None:
        """The canonical name the loader's folding rules give ``text`` among the graph's agency
        names (abbreviations and full names, typos, variants; not the foldings of damaged
        table cells, which would complete any beginning)."""
        canonical, folding = AgencyFolder([*names, text]).resolve(text)
        if folding is None or folding.rule in DAMAGING or canonical == text:
            return None
        return canonical

    @staticmethod
    def by_function(text: str, rows: list[dict]) -> list[dict]:
        """Agencies whose name without its level is ``text`` (医保局: 区医保局, 市医保局)."""
        concept = jurisdiction_concept(text)
        return [r for r in rows
                if jurisdiction_concept(str(r["name"])) in (text, concept)]

    # plans and documents

    def document(self, value: str, plans_only: bool) -> str:
        kind = "plan" if plans_only else "document"
        every = self.rows(DOCUMENTS)
        rows = [r for r in every if r["loaded"] or not plans_only]
        text = value.strip()
        number = normalise_doc_number(text)
        cited = [r for r in every if not r["loaded"] and (number or text) in (
            r["doc_number"], r["title"])]
        if plans_only and cited:
            raise ResolveError(f"no plan {number or shown(value)} in the graph: it is a document "
                               "the plans cite, not one of the plans built")
        if number is not None:
            if any(r["doc_number"] == number for r in rows):
                return number
            numbers = {str(r["doc_number"]): str(r["doc_number"]) for r in rows
                       if r["doc_number"]}
            close = closest(number, numbers)
            raise ResolveError(f"no {kind} {number} in the graph"
                               + (f"; did you mean {' or '.join(close)}?" if close else ""))
        if any(text in (r["doc_number"], r["title"]) for r in rows):
            return text
        key = normalise_title(text)
        tiers = [[r for r in rows if r["title"] and normalise_title(str(r["title"])) == key],
                 [r for r in rows if r["title"] and len(key) >= 2
                  and key in normalise_title(str(r["title"]))]]
        found = next((tier for tier in tiers if tier), [])
        names = list(dict.fromkeys(str(r["doc_number"] or r["title"]) for r in found))
        if len(names) == 1:
            return names[0]
        if names:
            raise ResolveError(f"{kind} {shown(value)} is ambiguous: it could be "
                               f"{listed([described(r) for r in found])}; give its doc number "
                               "or full title")
        titles = {str(r["title"]): str(r["doc_number"] or r["title"]) for r in rows
                  if r["title"]}
        close = closest(text, titles)
        raise ResolveError(f"no {kind} {shown(value)} in the graph"
                           + (f"; did you mean {' or '.join(close)}?" if close else ""))


# -- wording ----------------------------------------------------------------------------------

def closest(text: str, known: dict[str, str]) -> list[str]:
    """Up to CLOSEST values of ``known`` whose keys contain ``text``, are contained in it, or
    are like it (difflib), the nearest first."""
    keys = sorted(known)
    near = [k for k in keys if text and (text in k or k in text)]
    near.sort(key=lambda k: (abs(len(k) - len(text)), k))
    near += difflib.get_close_matches(text, keys, n=CLOSEST, cutoff=0.5)
    return list(dict.fromkeys(known[k] for k in near))[:CLOSEST]


def labelled(rows: list[dict], order: list[str] | None = None) -> list[str]:
    """区医保局 (北京市昌平区, 重庆市渝北区): one entry a name with its jurisdictions."""
    places: dict[str, list[str]] = {}
    for row in rows:
        places.setdefault(str(row["name"]), []).append(str(row["jurisdiction"] or "?"))
    names = order if order is not None else sorted(places)
    return [f"{name} ({', '.join(sorted(set(places[name])))})" for name in names
            if name in places]


def listed(items: list[str], most: int = 5) -> str:
    """a, b, c; past ``most`` items: a, b, … (12 in all)."""
    if len(items) <= most:
        return ", ".join(items)
    return ", ".join(items[:most]) + f", … ({len(items)} in all)"


def described(row: dict) -> str:
    if row["doc_number"] and row["title"]:
        return f"{row['doc_number']} ({row['title']})"
    return str(row["doc_number"] or row["title"])


def count(number: int, singular: str, plural: str | None = None) -> str:
    return f"{number} {singular if number == 1 else plural or singular + 's'}"


def shown(value: Any) -> str:
    """A value in a one-line message: as typed, unless it holds a line break or control
    character (then quoted)."""
    text = str(value)
    return repr(text) if any((ch.isspace() and ch != " ") or ord(ch) < 32 for ch in text) else text
