"""`kmt2a-kg queries`, `kmt2a-kg query` and `kmt2a-kg bench sparql`.

Heavy modules are imported inside the commands. User errors (unknown query, missing or
ill-typed parameter, SPARQL syntax error) end with one line on stderr and exit status 1.
"""

from __future__ import annotations

from pathlib import Path

import click

__all__ = ["COMMANDS", "BENCH_COMMANDS"]

_ENGINES = ("rdflib", "oxigraph")
_FORMATS = ("table", "csv", "tsv", "json", "md")

ENGINE_OPTION = click.option(
    "--engine", type=click.Choice(_ENGINES), default="oxigraph", show_default=True,
    help="SPARQL engine: oxigraph (fast) or rdflib (the reference engine).",
)


def _parse_params(items: tuple[str, ...]) -> dict[str, str]:
    out: dict[str, str] = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise click.ClickException(f"--param expects key=value, got {item!r}")
        if key.strip() in out:
            raise click.ClickException(f"--param {key.strip()!r} given twice")
        out[key.strip()] = value
    return out


@click.command("queries")
@click.option("--format", "fmt", type=click.Choice(_FORMATS), default="table",
              show_default=True, help="Output format.")
@click.option("--all", "show_all", is_flag=True,
              help="Also list the integrity checks (*-violation).")
def queries_cmd(fmt: str, show_all: bool) -> None:
    """List the query catalogue: name, one-line summary and parameters."""
    from kg.sparql import SelectResult, format_result, list_queries

    rows = [
        {"name": q.name, "summary": q.summary,
         "parameters": ", ".join(p.describe() for p in q.params)}
        for q in list_queries() if show_all or not q.is_violation
    ]
    click.echo(format_result(SelectResult(["name", "summary", "parameters"], rows), fmt),
               nl=False)


@click.command("query")
@click.argument("name", required=False)
@click.option("--param", "-p", "params", multiple=True, metavar="KEY=VALUE",
              help="A parameter value (repeatable); see 'kmt2a-kg queries'.")
@click.option("--file", "file", type=click.Path(dir_okay=False, path_type=Path),
              help="Run your own .rq file instead of a catalogue query.")
@click.option("--format", "fmt", type=click.Choice(_FORMATS), default="table",
              show_default=True, help="Output format.")
@ENGINE_OPTION
@click.option("--merge", "merge", multiple=True,
              type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Merge an RDF file (Turtle, N-Triples, ...) into the graph (repeatable).")
@click.option("--data", "data_dir", type=click.Path(file_okay=False, path_type=Path),
              default=None, help="Folder of curated files (default: the packaged curation).")
@click.option("--endpoint", metavar="URL", default=None,
              help="Run on a remote SPARQL 1.1 endpoint (e.g. http://127.0.0.1:7878/query from "
                   "'kmt2a-kg serve', Fuseki, GraphDB, Virtuoso) instead of the local graph.")
@click.option("--default-graph", "default_graph", metavar="IRI", default=None,
              help="With --endpoint: the named graph to query (sent as default-graph-uri; "
                   "e.g. the --graph-iri given to 'kmt2a-kg push').")
@click.option("--show", is_flag=True, help="Print the query's header and text, do not run it.")
@click.option("--rebuild", is_flag=True,
              help="Rebuild the graph from the curated files instead of reading the built one "
                   "(done anyway when they changed since the last build).")
def query_cmd(name: str | None, params: tuple[str, ...], file: Path | None, fmt: str,
              engine: str, merge: tuple[Path, ...], data_dir: Path | None,
              endpoint: str | None, default_graph: str | None, show: bool,
              rebuild: bool) -> None:
    """Run catalogue query NAME (or --file my.rq) and print its rows."""
    from kg.sparql import (
        Engine,
        QueryError,
        format_result,
        get_query,
        load_query_file,
        make_engine,
        resolve_engine,
        run_spec,
    )

    if (name is None) == (file is None):
        raise click.ClickException("give a query NAME or --file FILE (run 'kmt2a-kg queries')")
    try:
        spec = load_query_file(file) if file is not None else get_query(str(name))
        if show:
            click.echo(spec.text, nl=not spec.text.endswith("\n"))
            return
        values = _parse_params(params)
        eng: Engine
        if endpoint:
            from kg.interop.remote import engine_for_endpoint

            eng = engine_for_endpoint(endpoint, default_graph=default_graph)
        elif merge or data_dir or rebuild:
            eng = make_engine(engine, merge=merge, data_dir=data_dir, rebuild=rebuild)
        else:
            eng = resolve_engine(engine)
        res = run_spec(spec, eng, values)
    except QueryError as e:
        raise click.ClickException(str(e)) from None
    except Exception as e:
        # Only a rebuild reads the curated files (kg.loader is not imported otherwise).
        if _is_curation_error(e):
            raise click.ClickException(
                f"the curated files do not validate ({len(e.errors)} problem(s)); run "  # type: ignore[attr-defined]
                "'kmt2a-kg validate'") from None
        raise
    click.echo(format_result(res, fmt), nl=False)


def _is_curation_error(e: BaseException) -> bool:
    import sys

    if "kg.loader" not in sys.modules:
        return False
    from kg.loader import CurationErrors

    return isinstance(e, CurationErrors)


@click.command("sparql")
@click.option("--triples", default=1_000_000, show_default=True,
              help="Size of the synthetic background graph merged with the curated graph.")
@click.option("--repeat", default=5, show_default=True, help="Runs per query (median reported).")
@click.option("--engines", default="rdflib,oxigraph", show_default=True,
              help="Comma-separated engines to measure.")
@click.option("--query", "only", multiple=True, help="Only these catalogue queries (repeatable).")
@click.option("--timeout", default=120.0, show_default=True,
              help="Skip further runs of a query on an engine once one run exceeds this (s).")
@click.option("--seed", default=42, show_default=True, help="Seed of the synthetic graph.")
def bench_sparql(triples: int, repeat: int, engines: str, only: tuple[str, ...],
                 timeout: float, seed: int) -> None:
    """Median latency of every catalogue query on both engines, curated and merged graphs."""
    from kg.sparql.bench import run_benchmark

    names = [e.strip() for e in engines.split(",") if e.strip()]
    bad = [e for e in names if e not in _ENGINES]
    if bad:
        raise click.ClickException(f"unknown engine {bad[0]!r} (one of {', '.join(_ENGINES)})")
    results = run_benchmark(triples=triples, repeat=repeat, engines=names, only=list(only),
                            timeout=timeout, seed=seed, echo=click.echo,
                            progress=lambda line: click.echo(line, err=True))
    if results.get("_mismatches"):
        raise click.ClickException("the engines' rows differ (see above)")


COMMANDS: list[click.Command] = [queries_cmd, query_cmd]
BENCH_COMMANDS: list[click.Command] = [bench_sparql]
