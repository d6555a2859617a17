"""`queries` and `query`: list the saved questions, run one on Neo4j or the embedded store."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import click

from ..graph.stores.base import StoreTimeout
from ..options import click_errors, format_option, open_built_store, store_options
from ..queries.resolve import EMPTY_STORE, Resolved, answer, explain_empty, is_empty, shown
from ..queries.saved import QueryError, favorites_zip, get, load_all, run, total
from ..spreadsheet import cell_text, write_csv

DEFAULT_COUNT_TIMEOUT = 10.0   # seconds: the page is out; the total is a note after it


@click.command()
@click.option("--favorites", "favorites_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write the saved queries as a zip to drop onto the Neo4j Browser: "
                   "they appear under Favorites > Local scripts > policykg.")
def queries(favorites_path: Path | None) -> None:
    """List the saved queries: name, question, parameters ([optional]).

    \b
    Examples:
        policykg queries
        policykg queries --favorites policykg-favorites.zip
    """
    if favorites_path is not None:
        favorites_path.write_bytes(favorites_zip(load_all()))
        click.echo(f"wrote {favorites_path}: drop it onto the Neo4j Browser to add the "
                   "saved queries as favourites", err=True)
    for query in load_all().values():
        click.echo(f"{query.name}  {query.signature()}".rstrip())
        click.echo(f"    {query.question_zh}")
        click.echo(f"    {query.question_en}")
        for parameter in query.parameters:
            optional = ", optional" if parameter.optional else ""
            names = f", {parameter.names}" if parameter.names else ""
            click.echo(f"    -p {parameter.name}={parameter.example}  "
                       f"({parameter.kind}{optional}{names})"
                       + (f" {parameter.description}" if parameter.description else ""))


def parse_parameter(text: str) -> tuple[str, str]:
    if "=" not in text:
        raise click.BadParameter(f"{text!r}: want key=value", param_hint="-p")
    key, value = text.split("=", 1)
    return key.strip(), value


INT64 = (-(2**63), 2**63 - 1)   # what a query parameter can hold in Neo4j and kglite


def check_range(query_name: str, bound: dict) -> None:
    """A whole number outside 64 bits is refused here, naming the parameter (the stores
    raise an OverflowError deep in the driver)."""
    for key, value in bound.items():
        if isinstance(value, int) and not INT64[0] <= value <= INT64[1]:
            raise QueryError(f"{query_name}: parameter {key}={value} is out of range (a whole "
                             f"number from {INT64[0]} to {INT64[1]})")


@click.command()
@click.argument("name")
@click.option("-p", "--param", "params", multiple=True, metavar="KEY=VALUE",
              help="A query parameter (repeat for several); values are always sent as "
                   "parameters, never pasted into the Cypher text.")
@format_option(["table", "json", "csv"], "table",
               "table (aligned, long cells cut), json (a list of objects) or csv "
               "(lists joined with 、; UTF-8 with a byte-order mark, so Excel reads it).")
@click.option("--bom/--no-bom", default=True, show_default=True,
              help="csv: start with the UTF-8 byte-order mark (Excel on a Chinese Windows "
                   "reads a file without it as GBK).")
@click.option("--headers", type=click.Choice(["zh", "en"]), default="zh", show_default=True,
              help="csv: column names and roles in Chinese (部门, 牵头/配合/责任) or as the "
                   "query names them (agency, lead/cooperating/responsible).")
@click.option("--count-timeout", type=click.FloatRange(min=0), default=DEFAULT_COUNT_TIMEOUT,
              show_default=True, metavar="SECONDS",
              help="A full page is followed by the count of every row (\"rows 1-1000 of N\"), "
                   "which reads the whole list: it stops after SECONDS and says \"more than\" "
                   "(0: wait for it, up to the store's own limit).")
@store_options("Query Neo4j (NEO4J_URI, ...); the default when NEO4J_URI is set and "
               "--store is not given.")
def query(name: str, params: tuple[str, ...], output_format: str, bom: bool, headers: str,
          count_timeout: float, store_path: Path | None, use_neo4j: bool) -> None:
    """Run the saved query NAME and print its rows (in a read transaction).

    Names are looked up in the graph first: a jurisdiction by its short name (渝北区, 渝北), an
    agency by an alias or its full name (区医疗保障局), a plan or document by its doc number in
    any brackets (国办发[2021]18号) or part of its title; an ambiguous or unknown name is an
    error naming the candidates. No row: it says the values it ran with and what the graph
    holds about them (on stderr with --format json or csv).

    \b
    Examples:
        policykg query agency-portfolio -p agency=区医保局
        policykg query due-by -p year=2025 --format csv > due.csv   # opens in Excel
        policykg query due-by -p year=2025 --format csv --no-bom --headers en
        policykg query plan-lineage -p plan=渝北府办发〔2022〕40号 --format json
    """
    with click_errors():
        saved = get(name)
        values = dict(parse_parameter(text) for text in params)
        check_range(saved.name, saved.bind(values))
    store, where = open_built_store(store_path, use_neo4j)
    said = len(getattr(store, "notes", []))   # said by open_built_store
    reasons: list[str] = []
    try:
        with click_errors():
            empty = is_empty(store)
            if empty:   # nothing to resolve against: the query runs on the values as given
                click.echo(f"Warning: {EMPTY_STORE.format(where=where)}", err=True)
                bound = saved.bind(values)
                rows, resolved = run(store, saved, values), Resolved(saved, bound, bound)
            else:
                rows, resolved = answer(store, saved, values)
                for parameter, given, value in resolved.changes():
                    click.echo(f"Note: {parameter}={shown(given)} is {value} in the graph",
                               err=True)
                if not rows:
                    reasons = explain_empty(store, resolved)
        said = say_store_notes(store, said)
        print_rows(saved, resolved, rows, reasons, output_format, bom, headers)
        # the count behind "rows 1-1000 of N" reads the whole list: the page is out first
        with click_errors():
            page = page_note(store, resolved, len(rows), count_timeout or None)
        say_store_notes(store, said)
        if page:
            click.echo(page, err=True)
    finally:
        store.close()


def say_store_notes(store, said: int) -> int:
    """Neo4j's warnings about the statements run since the first ``said`` notes."""
    notes = getattr(store, "notes", [])
    for note in notes[said:]:
        click.echo(f"Note: {note}", err=True)
    return len(notes)


def print_rows(saved, resolved: Resolved, rows: list[dict], reasons: list[str],
               output_format: str, bom: bool, headers: str) -> None:
    ran_with = resolved.ran_with()
    if output_format == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=1))
    elif output_format == "csv":
        write_csv(rows, saved.columns, click.get_binary_stream("stdout"), bom=bom,
                  headers=headers)
    else:
        click.echo(render_table(saved.columns, rows))
        if rows or not ran_with:
            click.echo(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
        else:
            click.echo(f"(0 rows; ran with {ran_with})")
    if not rows and output_format != "table":   # the output stays pure: the count on stderr
        click.echo(f"(0 rows{'; ran with ' + ran_with if ran_with else ''})", err=True)
    for reason in reasons:   # what the graph holds about the values
        click.echo(reason, err=True)


def page_note(store, resolved: Resolved, shown_rows: int,
              count_timeout: float | None = None) -> str | None:
    """For a paged query whose page is full or not the first: which rows these are of how
    many, and how to ask for the next page (the count runs only then: a short list costs
    nothing more). A count past ``count_timeout`` seconds is stopped: "of more than"."""
    query, values = resolved.query, resolved.values
    if not query.paged or (shown_rows < values["limit"] and not values["skip"]):
        return None
    first, last = values["skip"] + 1, values["skip"] + shown_rows
    try:
        count: int | None = total(store, query, values, count_timeout)
    except StoreTimeout:
        count = None
    shown = f"rows {first}-{last}" if shown_rows else f"no row after row {values['skip']}"
    if count is None:
        took = (f"counting them all took over {count_timeout:g} s: --count-timeout 0 waits "
                "for the count" if count_timeout else "counting them all took longer than "
                "the store allows a read")
        note = f"Note: {shown} of more than {last} ({took})"
    else:
        note = f"Note: {shown} of {count}"
    if shown_rows and (count is None or last < count):
        note += f"; the next page: -p skip={last}" + (
            f" -p limit={values['limit']}" if values["limit"] != query_default(query) else "")
    return note


def query_default(query, name: str = "limit") -> int | None:
    return next((p.default for p in query.parameters if p.name == name), None)


def width(text: str) -> int:
    """Display width: CJK characters take two columns in a terminal."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def clip(text: str, limit: int = 40) -> str:
    if width(text) <= limit:
        return text
    out = ""
    for ch in text:
        if width(out + ch) > limit - 1:
            break
        out += ch
    return out + "…"


def render_table(columns: tuple[str, ...], rows: list[dict]) -> str:
    cells = [[clip(cell_text(row[column])) for column in columns] for row in rows]
    widths = [max([width(column)] + [width(line[i]) for line in cells])
              for i, column in enumerate(columns)]

    def line(values) -> str:
        return "  ".join(value + " " * (widths[i] - width(value))
                         for i, value in enumerate(values)).rstrip()

    return "\n".join([line(columns), line("-" * w for w in widths), *map(line, cells)])
