"""`export` and `validate`: plan files -> RDF, GraphML, a workbook or Neo4j's import files, and
RDF -> SHACL report.

Both read the given files the way `extract` does: a file that cannot be read is reported on
stderr with its name, the others still go in, and the exit status is 1.
"""

from __future__ import annotations

import sys
from contextlib import ExitStack
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from urllib.parse import unquote

import click

from ..inputs import Output, Plans
from ..loaders.record import PlanRecord
from ..loaders.source import DEFAULT_MAX_SIZE
from ..options import click_errors, format_option, max_size_option

FORMATS = ["turtle", "json-ld", "n-triples", "graphml", "xlsx", "neo4j-import"]
SHAPES = "shapes.ttl"   # package data of policykg.ontology (the top-level shapes.ttl)


@dataclass
class Loaded:
    records: list[PlanRecord] = field(default_factory=list)
    texts: dict[str, str] = field(default_factory=dict)  # sha256 -> decoded text, for oa:exact
    failures: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)     # files in folders that are no plans


def load_plans(paths: tuple[Path, ...], max_size: int = DEFAULT_MAX_SIZE) -> Loaded:
    """Extract every plan; report each file that fails on stderr and go on with the others
    (inputs.Plans). A file with the same bytes as one already read is reported and left out
    (as `build` does): it would be the same plan twice, from two sources."""
    loaded = Loaded()
    plans = Plans(paths, max_size, once_per_bytes=True)
    for plan in plans:
        loaded.records.append(plan.typed)
        loaded.texts[plan.typed.source.sha256] = plan.text
    loaded.failures = [message for _, message in plans.failures]
    loaded.skipped = [message for _, message in plans.skipped]
    if not loaded.records and not loaded.failures:   # never a silent empty export
        where = ", ".join(str(p) for p in paths)
        loaded.failures.append(f"no plan documents in {where}")
        click.echo(f"Error: no plan documents in {where}"
                   + (f" ({len(loaded.skipped)} skipped: not plans)" if loaded.skipped else ""),
                   err=True)
    return loaded


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@format_option(FORMATS, "turtle",
               "turtle, json-ld or n-triples: RDF under the pkg: ontology (ontology.ttl); "
               "graphml: the property graph for Gephi, yEd or networkx; xlsx: per plan "
               "its task division table (任务分工表) and an agency x task matrix; "
               "neo4j-import: a folder of CSV files for neo4j-admin database import.")
# output_option, but a folder too (neo4j-import writes one): a file format refuses it on open
@click.option("-o", "--output", "output_path", type=click.Path(allow_dash=True), default="-",
              help="Write to this file (neo4j-import: this folder) instead of standard "
                   "output.")
@click.option("--compress", is_flag=True, default=False,
              help="neo4j-import: write the data files as .csv.gz (gzip -1: about 7x "
                   "smaller; the import tool reads .gz as it is). Default: plain CSV.")
@click.option("--headers", type=click.Choice(["zh", "en"]), default="zh", show_default=True,
              help="xlsx: the language of the column headers and sheet names.")
@max_size_option
def export(paths: tuple[Path, ...], output_format: str, output_path: str, compress: bool,
           headers: str, max_size: int) -> None:
    """Export the graph of plan documents (files or folders) as RDF, GraphML or xlsx.

    RDF uses the pkg: ontology (ontology.ttl), reusing ELI, W3C ORG, SKOS, PROV-O and
    Web Annotation terms; every task's lead, cooperating and responsible agencies are
    direct triples and pkg:Responsibility nodes with the written order and the evidence
    (file sha256 and character span). The same files give byte-identical output.

    xlsx is a workbook for Excel: a sheet listing the plans, then per plan its task
    division table (one row per row of the table, or per task without one: number, task,
    measure, lead, cooperating and responsible agencies, deadline, the line in the source)
    and a matrix of tasks by agencies marked 牵/配/责.

    \b
    Examples:
        policykg export samples/plans > plans.ttl
        policykg export samples/plans --format json-ld -o plans.jsonld
        policykg export plan.txt --format n-triples
        policykg export samples/plans --format graphml -o plans.graphml
        policykg export samples/plans --format xlsx -o plans.xlsx
        policykg export samples/plans --format neo4j-import -o import-files/
        policykg export plans/ --format neo4j-import --compress -o import-files/
    """
    from ..graph.build import records_to_graph
    from ..graph.sinks import writer

    if output_format == "xlsx":
        export_xlsx(paths, output_path, headers, max_size)
        return
    if compress and output_format != "neo4j-import":
        raise click.UsageError("--compress is for --format neo4j-import")
    if output_format == "neo4j-import":
        export_neo4j_import(paths, output_path, max_size, compress)
        return
    with Output(output_path) as output:   # a folder that is missing fails before any work
        loaded = load_plans(paths, max_size)
        model = records_to_graph(loaded.records)
        output.write(writer(output_format)(model, loaded.texts))
    if loaded.failures:
        sys.exit(1)


def export_neo4j_import(paths: tuple[Path, ...], output_path: str, max_size: int,
                        compress: bool = False) -> None:
    """The import files of the graph a fresh `build` writes (the registry of parent documents
    included) into the -o folder, with import.args for `neo4j-admin database import full
    @import.args` and after-import.json (`policykg bulk --from FOLDER` runs both);
    ``compress``: the data files as .csv.gz."""
    from ..bulk import extract_to_import
    from ..inputs import resolve_inputs
    from .bulk import report_extracted

    if output_path == "-":
        raise click.UsageError("--format neo4j-import writes a folder of files: give -o FOLDER")
    folder = Path(output_path)
    if folder.exists() and not folder.is_dir():
        raise click.ClickException(f"{output_path}: not a folder")
    try:
        with click_errors():
            extracted, counts = extract_to_import(resolve_inputs(paths), folder, None, max_size,
                                                  compress=compress)
    except OSError as error:
        raise click.ClickException(f"{output_path}: cannot write the import files: "
                                   f"{error.strerror or error}") from None
    report_extracted(extracted)
    if not extracted.plans:
        click.echo(f"Error: no plan documents in {', '.join(str(p) for p in paths)}", err=True)
        sys.exit(1)
    click.echo(f"{extracted.plans} plans: {counts['nodes']} nodes, {counts['relationships']} "
               f"relationships -> {output_path}", err=True)
    if extracted.failed:
        sys.exit(1)


def export_xlsx(paths: tuple[Path, ...], output_path: str, headers: str,
                max_size: int) -> None:
    """The workbook to the -o file (opened before any work, as `Output` does), or to
    standard output when that is not a terminal."""
    from ..loaders.source import display_path
    from ..xlsx_export import workbook_sheets, write_xlsx

    name = "standard output" if output_path == "-" else display_path(output_path)
    if output_path == "-":
        if sys.stdout.isatty():
            raise click.UsageError("--format xlsx writes a binary file: give -o FILE.xlsx "
                                   "or redirect the output")
        handle = sys.stdout.buffer   # click.get_binary_stream is deprecated (Click 9)
    else:
        try:
            handle = open(output_path, "wb")  # closed below
        except OSError as error:
            raise click.ClickException(
                f"{name}: cannot open it for writing: {error.strerror or error}") from None
    try:
        loaded = load_plans(paths, max_size)
        data = write_xlsx(workbook_sheets(loaded.records, headers))
        try:
            handle.write(data)
            handle.flush()
        except OSError as error:
            raise click.ClickException(
                f"{name}: cannot write the output: {error.strerror or error}") from None
    finally:
        if output_path != "-":
            handle.close()
    if loaded.failures:
        sys.exit(1)


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--shapes", "shapes_path", type=click.Path(exists=True, dir_okay=False,
                                                         path_type=Path),
              default=None, help=f"SHACL shapes to check against [default: {SHAPES}].")
@max_size_option
def validate(paths: tuple[Path, ...], shapes_path: Path | None, max_size: int) -> None:
    """Check the RDF export of plan files against the SHACL shapes (shapes.ttl).

    Prints each violation as `focus node: message (path)`, the focus node by its graph
    key, and exits with 1; prints "conforms" and exits with 0 when there is none.

    \b
    Examples:
        policykg validate samples/plans
        policykg validate plan.txt --shapes my-shapes.ttl
    """
    import pyshacl
    from rdflib import Graph

    from ..graph.build import records_to_graph
    from ..graph.sinks.rdf_export import to_rdf

    with ExitStack() as stack:
        if shapes_path is None:
            bundled = bundled_shapes()
            if not bundled.is_file():
                raise click.ClickException(f"no shapes file at {bundled}; pass one with --shapes")
            shapes_path = stack.enter_context(resources.as_file(bundled))
        loaded = load_plans(paths, max_size)
        data = to_rdf(records_to_graph(loaded.records), loaded.texts)
        shapes = Graph().parse(shapes_path, format="turtle")
    conforms, report, _ = pyshacl.validate(data, shacl_graph=shapes, advanced=True)
    if conforms:
        click.echo("conforms")
    else:
        lines = violations(report, data)
        for line in lines:
            click.echo(line)
        click.echo(f"{len(lines)} violation{'s' if len(lines) != 1 else ''}", err=True)
    if not conforms or loaded.failures:
        sys.exit(1)


def bundled_shapes():
    """shapes.ttl, package data of `policykg.ontology` (the top folder, see pyproject.toml).
    An editable install cannot import that package (setuptools' editable finder does not
    give a data-only package mapped to the top folder), but there the checkout is at hand."""
    try:
        return resources.files("policykg.ontology") / SHAPES
    except ModuleNotFoundError:
        return Path(__file__).resolve().parents[2] / SHAPES


def violations(report, data) -> list[str]:
    """`focus node: message (path)` for each result of a pyshacl report graph, sorted."""
    from rdflib import RDF
    from rdflib.namespace import SH

    lines = set()
    for result in report.subjects(RDF.type, SH.ValidationResult):
        if (None, SH.detail, result) in report:  # a detail of another result
            continue
        focus = readable(report.value(result, SH.focusNode), data)
        messages = sorted(str(m) for m in report.objects(result, SH.resultMessage))
        message = "; ".join(messages) or str(report.value(result, SH.sourceConstraintComponent))
        path = report.value(result, SH.resultPath)
        where = f" ({path_text(path, report, data)})" if path is not None else ""
        lines.add(f"{focus}: {message}{where}")
    return sorted(lines)


def readable(term, data) -> str:
    """A node of the export by its graph key (task:…:17), any other IRI as a prefixed name."""
    from ..graph.vocab import ID

    text = str(term)
    if text.startswith(str(ID)):
        return unquote(text[len(str(ID)):])
    try:
        return data.namespace_manager.normalizeUri(term)
    except Exception:
        return text


def path_text(path, report, data) -> str:
    """A SHACL path as text: pkg:leadAgency, ^pkg:hasTask, oa:hasSource/pkg:sha256."""
    from rdflib import RDF, BNode
    from rdflib.collection import Collection
    from rdflib.namespace import SH

    if not isinstance(path, BNode):
        return readable(path, data)
    inverse = report.value(path, SH.inversePath)
    if inverse is not None:
        return "^" + path_text(inverse, report, data)
    if report.value(path, RDF.first) is not None:
        return "/".join(path_text(step, report, data) for step in Collection(report, path))
    return str(path)
