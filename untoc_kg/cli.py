"""The command line: a thin face over loading, validation_run, queries, export and stats."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from tqdm import tqdm

from untoc_kg import __version__
from untoc_kg.errors import UnresolvedNames, UntocError, ValidationFailed
from untoc_kg.export import EXPORT_FORMATS, write_export
from untoc_kg.linking import links_problem
from untoc_kg.loading import collect_files, load_files, relink_store
from untoc_kg.output import FORMATS, render, write_csv
from untoc_kg.queries import PAGING, iter_query, run_query, stored_queries
from untoc_kg.stats import store_stats
from untoc_kg.store import GraphStore, store_path
from untoc_kg.validation_run import validate_store


class Cli(click.Group):
    """Turns every project error into one sentence on stderr and a non-zero exit."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except ValidationFailed as error:
            _fail(str(error), [v.line() for v in error.violations])
        except UnresolvedNames as error:
            _fail(str(error), error.names)
        except UntocError as error:
            click.echo(f"untoc-kg: {error}", err=True)
            sys.exit(1)


# Lines listed under an error; the rest are counted.
SHOWN_LINES = 20
# The exit status of a load that stored its graphs but could not read everything.
PARTIAL_EXIT = 3


def _fail(sentence: str, lines: list[str]) -> None:
    click.echo(f"untoc-kg: {sentence}", err=True)
    for line in lines[:SHOWN_LINES]:
        click.echo(f"  {line}", err=True)
    if len(lines) > SHOWN_LINES:
        click.echo(f"  … and {len(lines) - SHOWN_LINES} more.", err=True)
    sys.exit(1)


class ByteSize(click.ParamType):
    """A size such as 8MiB, 20MB or 5000000 (bytes)."""

    name = "size"
    UNITS = {"": 1, "b": 1, "kb": 10**3, "mb": 10**6, "gb": 10**9, "kib": 2**10, "mib": 2**20, "gib": 2**30}

    def convert(self, value, param, ctx):
        if isinstance(value, int):
            return value
        text = str(value).strip().lower().replace(" ", "")
        number = text.rstrip("kmgib")
        unit = text[len(number):]
        try:
            return int(float(number) * self.UNITS[unit])
        except (ValueError, KeyError):
            self.fail(f"“{value}” is not a size; write it as 8MiB, 20MB or a number of bytes.", param, ctx)


@click.group(cls=Cli, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--store", "store_option", metavar="PATH",
              help="Oxigraph store folder (default: $UNTOC_KG_STORE or ./untoc-kg.db).")
@click.version_option(__version__, prog_name="untoc-kg")
@click.pass_context
def cli(ctx: click.Context, store_option: str | None) -> None:
    """A linked-data knowledge graph of the UNTOC Conference of the Parties and its working groups."""
    ctx.obj = store_path(store_option)


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(readable=False))  # collect_files says why
@click.option("--report", "show_report", is_flag=True, help="Print, per file, the counts of each kind of fact and every unresolved name.")
@click.option("--replace-partial", is_flag=True,
              help="Let a partial reading replace a stored graph of the same report that holds more.")
@click.option("--allow-partial", is_flag=True,
              help=f"Exit 0 after a partial load (by default it stores what it read and exits {PARTIAL_EXIT}).")
@click.option("--max-report-size", type=ByteSize(), metavar="SIZE",
              help="Refuse files larger than this (default 8MiB, beyond any report of the series).")
@click.option("--reread", is_flag=True,
              help="Read every file again, even those whose reading the store already holds (same content, "
                   "same name, same loader version).")
@click.option("--batch-reports", type=click.IntRange(min=1), metavar="N", hidden=True,
              help="Reports per write transaction (tuning and fault tests).")
@click.pass_obj
def load(path: Path, paths: tuple[str, ...], show_report: bool, replace_partial: bool, allow_partial: bool,
         max_report_size: int | None, reread: bool, batch_reports: int | None) -> None:
    """Load report files (or folders of them) into the store, replacing each report's graph."""
    files = collect_files(paths)
    options = {"batch_reports": batch_reports} if batch_reports else {}
    with GraphStore(path, purpose="untoc-kg load") as store, \
            tqdm(total=len(files), unit="report", delay=1.0, file=sys.stderr, leave=False) as bar:
        result = load_files(store, files, progress=lambda _p: bar.update(), replace_partial=replace_partial,
                            max_report_bytes=max_report_size, reread=reread, **options)
    for skipped in result.skipped:
        label = " (partial)" if skipped.partial else ""
        click.echo(f"unchanged {skipped.path.name}{label}: <{skipped.graph_iri}> already holds its reading "
                   "(same content, same loader); not read again")
        for gap in skipped.gaps:
            click.echo(f"  gap: {gap}")
    for f in result.files:
        label = " (partial)" if f.partial else ""
        click.echo(f"loaded {f.path.name}{label}: {f.counts['triples']} triples into <{f.graph_iri}>")
        if show_report:
            for kind, n in f.counts.items():
                if kind != "triples":
                    click.echo(f"    {kind:<18} {n}")
        for problem in f.problems:
            if show_report or problem.kind != "discrepancy":
                click.echo(f"  {problem.kind}: {problem.line_text(f.path.name)}")
    if result.links is not None:
        _print_links(result.links, show_report)
    if result.partial:
        kept = sum(len(s.gaps) for s in result.skipped)
        earlier = f", {kept} reading gap(s) stay in readings not read again" if kept else ""
        click.echo(f"The load is partial: {len(result.unresolved)} name(s) did not resolve and "
                   f"some facts could not be read{earlier}; see the lines above. What was read is stored.", err=True)
        if not allow_partial:
            sys.exit(PARTIAL_EXIT)


def _print_links(links, detailed: bool) -> None:
    click.echo(f"linked: {links.endorsements} endorsement(s), {len(links.report_symbols)} report symbol(s), "
               f"{len(links.same_persons)} person(s) spelled two ways; {len(links.mismatches)} mismatch(es), "
               f"{len(links.waiting)} annex(es) waiting for their meeting's report")
    click.echo(f"stated in prose: {links.prose_endorsements} endorsement(s); {len(links.prose_waiting)} waiting "
               f"for a report not loaded, {len(links.prose_unmatched)} covering nothing")
    for mismatch in links.mismatches:
        click.echo(f"  mismatch: {mismatch.line()}")
    for unmatched in links.prose_unmatched:
        click.echo(f"  stated, not linked: {unmatched}")
    for a, b in links.same_persons:
        click.echo(f"  same person: “{a}” and “{b}”")
    if detailed:
        for waiting in links.waiting:
            click.echo(f"  waiting: {waiting}")
        for waiting in links.prose_waiting:
            click.echo(f"  stated, waiting: {waiting}")
        for edited in links.edited:
            click.echo(f"  edited: {edited.line()}")
        for choice in links.act_titles:
            if choice.wordings > 1:
                click.echo(f"  title: {choice.line()}")


@cli.command()
@click.option("--report", "show_report", is_flag=True, help="Also list the annexes still waiting and the edited endorsements.")
@click.pass_obj
def link(path: Path, show_report: bool) -> None:
    """Recompute the links across reports (endorsements, report symbols, persons); load does this itself."""
    with GraphStore(path, purpose="untoc-kg link") as store:
        _print_links(relink_store(store), show_report)


@cli.command()
@click.pass_obj
def validate(path: Path) -> None:
    """Validate every report graph in the store against the SHACL shapes."""
    with GraphStore(path, read_only=True) as store:
        verdicts = validate_store(store)
        links = links_problem(store)
    broken = 0
    for verdict in verdicts:
        violations = [v for v in verdict.violations if v.severity == "Violation"]
        broken += len(violations)
        name = f"<{verdict.graph}>" if verdict.graph.startswith("http") else verdict.graph
        click.echo(f"{'ok  ' if not violations else 'FAIL'} {name}: {len(violations)} violation(s)")
        for violation in verdict.violations:
            click.echo(f"  {violation.line()}")
    if not verdicts:
        raise UntocError(f"{path}: the store holds no report graph to validate; load reports first.")
    if broken:
        raise UntocError(f"{broken} SHACL violation(s) in {len(verdicts)} report graph(s).")
    if links:
        raise UntocError(f"Every graph conforms to the shapes, but {links}")
    click.echo(f"All {len(verdicts) - 1} report graph(s) and the reference graphs conform to the shapes.")


def _params(values: tuple[str, ...]) -> dict[str, str]:
    params = {}
    for value in values:
        if "=" not in value:
            raise UntocError(f"A parameter is written name=value; “{value}” has no “=”.")
        name, _, given = value.partition("=")
        params[name.strip()] = given
    return params


@cli.command()
@click.argument("name", required=False)
@click.option("--param", "-p", "param_values", multiple=True, metavar="NAME=VALUE", help="A parameter of the stored query (repeatable).")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True)
@click.option("--list", "list_queries", is_flag=True, help="List the stored queries with their descriptions.")
@click.option("--endpoint", metavar="URL", help="Run the query on this remote SPARQL endpoint instead of the store "
              "(credentials from UNTOC_KG_ENDPOINT_USER/_PASSWORD or _TOKEN).")
@click.option("--dataset", type=click.Choice(("auto", "union", "graphs")), default="auto", show_default=True,
              help="With --endpoint: read the server's default graph when it is the union of its graphs "
              "(union), name every graph of this graph (graphs), or the first where the server allows it (auto).")
@click.pass_obj
def query(path: Path, name: str | None, param_values: tuple[str, ...], fmt: str, list_queries: bool,
          endpoint: str | None, dataset: str) -> None:
    """Run a stored query (see --list) and print its rows."""
    if list_queries or not name:
        for query_name, stored in stored_queries().items():
            click.echo(f"{query_name}\n    {stored.description}")
            for param in stored.params:
                default = f" (default {param.default})" if param.default else ""
                click.echo(f"    --param {param.name}=…{default}: {param.description}")
        click.echo("every stored query also takes (paging, after its ORDER BY)")
        for param in PAGING:
            click.echo(f"    --param {param.name}=…: {param.description}")
        return
    if endpoint:
        from untoc_kg.remote import remote_query
        result = remote_query(endpoint, name, _params(param_values), dataset=dataset)
    else:
        with GraphStore(path, read_only=True) as store:
            if fmt == "csv":
                # Written as the store gives the rows, never held whole (a listing of 90,000 rows).
                columns, rows = iter_query(store, name, _params(param_values))
                write_csv(columns, rows, sys.stdout.buffer)
                sys.stdout.buffer.flush()
                return
            result = run_query(store, name, _params(param_values))
    click.echo(render(result, fmt), nl=False)


@cli.command(name="export")
@click.option("--format", "fmt", type=click.Choice(EXPORT_FORMATS), default="trig", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write to this file instead of standard output.")
@click.pass_obj
def export_command(path: Path, fmt: str, output: str | None) -> None:
    """Dump the whole store in an RDF format."""
    # Streamed (write_export): the dump is never held whole, whatever the size of the store.
    with GraphStore(path, read_only=True) as store:
        if output and Path(output).exists() and not Path(output).is_file():
            with open(output, "wb") as file:       # a device or a pipe (-o /dev/stdout): straight on
                write_export(store, fmt, file)
        elif output:
            target = Path(output)
            partial = target.with_name(f".{target.name}.part")
            try:
                with partial.open("wb") as file:
                    write_export(store, fmt, file)
                partial.replace(target)            # a failed export leaves no half-written file
            except BaseException:
                partial.unlink(missing_ok=True)
                raise
            click.echo(f"wrote {target.stat().st_size} bytes of {fmt} to {output}", err=True)
        else:
            write_export(store, fmt, sys.stdout.buffer)
            sys.stdout.buffer.flush()


@cli.command()
@click.pass_obj
def stats(path: Path) -> None:
    """Print what the store holds: graphs, triples and instances per class."""
    with GraphStore(path, read_only=True) as store:
        s = store_stats(store)
        links = links_problem(store)
    click.echo(f"store: {path}")
    if links:
        click.echo(f"warning: {links}")
    click.echo(f"quads: {s.total_quads}   report graphs: {s.reports}")
    click.echo("graphs:")
    for graph, n in s.graphs.items():
        click.echo(f"  {n:>7}  {graph}")
    click.echo("instances in report graphs:")
    for name, n in s.classes.items():
        click.echo(f"  {n:>7}  {name}")


@cli.command()
@click.option("--endpoint", metavar="URL", help="SPARQL 1.1 Update endpoint, e.g. http://localhost:7878/update.")
@click.option("--graph-store", metavar="URL", help="Graph Store Protocol endpoint, e.g. http://localhost:7878/store; "
              "each graph is PUT whole (used instead of --endpoint).")
@click.pass_obj
def publish(path: Path, endpoint: str | None, graph_store: str | None) -> None:
    """Replace every named graph of the store on a remote SPARQL 1.1 store (docs/remote-stores.md).

    Credentials come from UNTOC_KG_ENDPOINT_USER and UNTOC_KG_ENDPOINT_PASSWORD (with
    UNTOC_KG_ENDPOINT_AUTH=digest for Virtuoso) or UNTOC_KG_ENDPOINT_TOKEN.
    """
    from untoc_kg.remote import publish as publish_graphs
    with GraphStore(path, read_only=True) as store:
        report = publish_graphs(store, endpoint, graph_store)
    for graph in report.graphs:
        click.echo(f"sent <{graph.iri}>: {graph.triples} triples")
    click.echo(report.summary())


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--timeout", default=30.0, show_default=True, type=float, metavar="SECONDS",
              help="Longest a query may run; a longer one is stopped and answered 503.")
@click.option("--limit", default=10_000, show_default=True, type=int, metavar="ROWS",
              help="Most rows (or triples) an answer holds; a longer one is cut and marked partial.")
@click.option("--workers", type=int, metavar="N", help="Query worker processes (default: CPUs, at most 4).")
@click.option("--allow-service", is_flag=True,
              help="Run federated queries (SERVICE); off by default, since SERVICE makes the server fetch any address.")
@click.option("--docs", "docs_dir", default="site/ontology", show_default=True, type=click.Path(file_okay=False),
              help="Folder of the ontology documentation (untoc-kg docs) to serve at /ontology; when it holds "
                   "none, the documentation is built on first use into the store's folder.")
@click.option("--answer-cache", default=64, show_default=True, type=click.IntRange(min=0), metavar="MIB",
              help="Answers of stored queries kept while the server runs (the served store cannot change "
                   "under it); 0 keeps none.")
@click.pass_obj
def serve(path: Path, host: str, port: int, timeout: float, limit: int, workers: int | None, docs_dir: str,
          allow_service: bool, answer_cache: int) -> None:
    """Serve the store: pages for people, SPARQL at /sparql, stored queries at /queries/, every IRI under /id/."""
    import uvicorn
    from untoc_kg.server import UVICORN_OPTIONS, create_app
    with GraphStore(path, read_only=True, purpose=f"untoc-kg serve on http://{host}:{port}") as store:
        uvicorn.run(create_app(store, timeout=timeout, limit=limit, workers=workers, docs_dir=Path(docs_dir),
                               allow_service=allow_service, answer_cache=answer_cache * 2**20),
                    host=host, port=port, **UVICORN_OPTIONS)


@cli.command()
@click.option("--base-url", default="http://127.0.0.1:8000", show_default=True, metavar="URL",
              help="Where the server runs: the SPARQL endpoint and the dump links are under it.")
@click.option("--format", "fmt", type=click.Choice(["ttl", "jsonld"]), default="ttl", show_default=True)
@click.pass_obj
def describe(path: Path, base_url: str, fmt: str) -> None:
    """Print the VoID + DCAT description of the store, measured from its content."""
    from untoc_kg.dataset import describe as describe_store
    with GraphStore(path, read_only=True) as store:
        sys.stdout.buffer.write(describe_store(store, base_url, fmt))


@cli.command()
@click.option("--facts", "facts_dir", type=click.Path(file_okay=False, exists=True), metavar="DIR",
              help="Folder of hand-read fact files (default: tests/facts).")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True)
@click.option("--differences", is_flag=True, help="List each fact missing from the graph or stated beyond the facts.")
@click.pass_obj
def evaluate(path: Path, facts_dir: str | None, fmt: str, differences: bool) -> None:
    """Compare the graph with the hand-read facts: precision, recall and F1 per kind and per report."""
    from untoc_kg.evaluation import evaluate as evaluate_store
    with GraphStore(path, read_only=True) as store:
        result = evaluate_store(store, Path(facts_dir) if facts_dir else None)
    click.echo(render(result.differences() if differences else result.table(), fmt), nl=False)
    for graph in result.unmeasured:
        click.echo(f"not measured: <{graph}> has no hand-read facts", err=True)


@cli.command()
@click.option("-o", "--output", default="site/ontology", show_default=True, type=click.Path(file_okay=False),
              help="Folder to write the HTML documentation into.")
def docs(output: str) -> None:
    """Generate the HTML documentation of the ontology and the topic scheme (pyLODE)."""
    from untoc_kg.docs import build_docs
    for written in build_docs(Path(output)):
        click.echo(f"wrote {written}")


def main() -> None:
    cli(prog_name="untoc-kg")


if __name__ == "__main__":
    main()
