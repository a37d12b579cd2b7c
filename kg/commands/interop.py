"""`kmt2a-kg serve`, `push`, `merge` and `bench scale`: the graph in the wider ecosystem.

Heavy modules are imported inside the commands. User errors end with one line on stderr and
exit status 1.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

__all__ = ["COMMANDS", "BENCH_COMMANDS"]

DATA_OPTION = click.option(
    "--data", "data_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
    help="Folder of curated files (default: the packaged curation).",
)


def _curated_ntriples(data_dir: Path | None) -> bytes:
    """The curated graph as sorted N-Triples (a one-line error if the files do not validate)."""
    from kg.api import load_graph
    from kg.exports import ntriples_bytes
    from kg.loader import CurationErrors

    try:
        return ntriples_bytes(load_graph(data_dir))
    except CurationErrors as e:
        raise click.ClickException(f"the curated files do not validate ({len(e.errors)} "
                                   "problem(s)); run 'kmt2a-kg validate'") from None


class _Stop(BaseException):
    """Raised in the main thread by the first SIGINT/SIGTERM/SIGHUP while serving."""


def _stop_on_signals() -> None:
    """SIGINT, SIGTERM (and SIGHUP unless it was ignored, as under nohup) stop `serve`.

    SIGINT is handled even when it was inherited as ignored (``cmd &`` from a script); only
    a signal that arrives before this runs (the first fraction of a second, while Python
    starts) is then lost. Only the first signal raises: later ones are ignored, so that the
    clean-up they would interrupt (stopping Oxigraph, removing the temporary store) finishes.
    """
    import signal

    stopping = False

    def handler(signum: int, frame: object) -> None:
        nonlocal stopping
        if stopping:
            return
        stopping = True
        raise _Stop(signum)

    signal.signal(signal.SIGINT, handler)
    signal.signal(signal.SIGTERM, handler)
    if signal.getsignal(signal.SIGHUP) is not signal.SIG_IGN:
        signal.signal(signal.SIGHUP, handler)


def _remove_stale_stores(prefix: str) -> None:
    """Remove temporary stores of `serve` processes that were killed (SIGKILL leaves them)."""
    import shutil
    import tempfile

    from kg.exports import _pid_alive

    for p in Path(tempfile.gettempdir()).glob(f"{prefix}*"):
        pid = p.name[len(prefix):].split("-", 1)[0]
        if pid.isdigit() and not _pid_alive(int(pid)) and p.is_dir() and not p.is_symlink():
            shutil.rmtree(p, ignore_errors=True)


@click.command("serve")
@click.option("--port", default=7878, show_default=True, type=click.IntRange(0, 65535),
              help="TCP port on 127.0.0.1 (0 picks a free port).")
@click.option("--graph", "graphs", multiple=True,
              type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Serve these RDF files (e.g. merged.nt) instead of the curated graph "
                   "(repeatable).")
@click.option("--store", type=click.Path(exists=True, file_okay=False, path_type=Path),
              default=None, help="Serve an existing Oxigraph store folder (e.g. from "
                                 "'kmt2a-kg merge --store').")
@click.option("--timeout-s", default=60.0, show_default=True, type=click.FloatRange(0.1),
              help="Time limit of one query: past it the client gets HTTP 504 and the "
                   "query is stopped.")
@click.option("--engines", default=3, show_default=True, type=click.IntRange(1, 64),
              help="Oxigraph processes answering queries, one query each at a time.")
@DATA_OPTION
def serve_cmd(port: int, graphs: tuple[Path, ...], store: Path | None, timeout_s: float,
              engines: int, data_dir: Path | None) -> None:
    """Serve the graph read-only over SPARQL 1.1 (Oxigraph) until Ctrl-C or SIGTERM.

    Listens on 127.0.0.1 only. Updates and Graph Store writes get HTTP 403; a query past
    --timeout-s gets HTTP 504 (never a partial result); other queries are answered meanwhile.
    """
    _stop_on_signals()
    import tempfile

    from kg.interop.server import ServerError, load_store
    from kg.interop.service import ReadOnlyService

    if store and graphs:
        raise click.ClickException("give --store or --graph, not both")
    prefix = "kmt2a-kg-serve-"
    svc = None
    try:
        _remove_stale_stores(prefix)
        with tempfile.TemporaryDirectory(prefix=f"{prefix}{os.getpid()}-") as tmp:
            try:
                if store is not None:
                    location = store
                else:
                    files = list(graphs)
                    if not files:
                        click.echo("building the graph from the curated files ...", err=True)
                        nt = Path(tmp) / "kg.nt"
                        nt.write_bytes(_curated_ntriples(data_dir))
                        files = [nt]
                    location = Path(tmp) / "store"
                    click.echo(f"loading {', '.join(str(f) for f in files)} ...", err=True)
                    load_store(location, files)
                svc = ReadOnlyService(location, port=port, timeout_s=timeout_s,
                                      engines=engines)
                svc.start()
                click.echo(f"SPARQL 1.1 endpoint (read-only): {svc.query_url}")
                click.echo(f"query editor (YASGUI):           {svc.base_url}/")
                click.echo("press Ctrl-C to stop")
                sys.stdout.flush()
                svc.wait()
            except ServerError as e:
                raise click.ClickException(str(e)) from None
            finally:
                if svc is not None:
                    svc.stop()
    except _Stop:
        click.echo("stopped", err=True)


@click.command("push")
@click.argument("url")
@click.option("--file", "files", multiple=True,
              type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Push these RDF files (.nt, .ttl, ...) instead of the curated graph "
                   "(repeatable).")
@click.option("--graph-iri", default=None,
              help="Named graph to write (default: the store's default graph).")
@click.option("--replace", is_flag=True,
              help="Replace the graph (HTTP PUT) instead of adding to it (HTTP POST).")
@click.option("--user", default=None,
              help="HTTP basic user; the password is read from $KMT2A_KG_PASSWORD.")
@DATA_OPTION
def push_cmd(url: str, files: tuple[Path, ...], graph_iri: str | None, replace: bool,
             user: str | None, data_dir: Path | None) -> None:
    """Load the graph into a SPARQL 1.1 Graph Store Protocol endpoint at URL.

    URL examples: Oxigraph http://localhost:7878/store, Fuseki http://localhost:3030/ds/data,
    GraphDB http://localhost:7200/repositories/ID/rdf-graphs/service.
    """
    from kg.interop.constants import PASSWORD_ENV_VAR, RDF_MEDIA_TYPES
    from kg.interop.server import ServerError, gsp_url, push

    auth = (user, os.environ.get(PASSWORD_ENV_VAR, "")) if user else None
    payloads: list[tuple[str, bytes | Path, str]] = []
    for f in files:
        ctype = RDF_MEDIA_TYPES.get(f.suffix.lower())
        if ctype is None:
            raise click.ClickException(f"{f}: unknown RDF format (use one of "
                                       f"{', '.join(sorted(RDF_MEDIA_TYPES))})")
        payloads.append((str(f), f, ctype))
    if not payloads:
        payloads.append(("the curated graph", _curated_ntriples(data_dir),
                         "application/n-triples"))
    for i, (label, data, ctype) in enumerate(payloads):
        try:
            status = push(url, data, ctype, graph=graph_iri, replace=replace and i == 0,
                          auth=auth)
        except ServerError as e:
            raise click.ClickException(str(e)) from None
        click.echo(f"pushed {label} to {gsp_url(url, graph_iri)} (HTTP {status})")


@click.command("merge")
@click.argument("files", nargs=-1, required=True,
                type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("-o", "--out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write the merged graph (curated + external) as N-Triples.")
@click.option("--store", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Load the merged graph into this on-disk Oxigraph store folder (for graphs "
                   "larger than memory; query it with 'kmt2a-kg serve --store').")
@click.option("--version", "source_version", default=None,
              help="Version of the source files, recorded with their SHA-256 on each source.")
@click.option("--report", "report_path", type=click.Path(dir_okay=False, path_type=Path),
              default=None, help="Write the full report (every malformed line, every "
                                 "unmapped identifier) as JSON.")
@click.option("--progress/--no-progress", default=None,
              help="Progress bar per file [default: when stderr is a terminal].")
@DATA_OPTION
def merge_cmd(files: tuple[Path, ...], out: Path | None, store: Path | None,
              source_version: str | None, report_path: Path | None, progress: bool | None,
              data_dir: Path | None) -> None:
    """Merge external graphs (KGX nodes/edges .tsv, .nt, .ttl; .gz too) into the curated one.

    Identifiers are normalised (HGNC:7010, hgnc:7010 and identifiers.org IRIs become one
    node); every merged edge keeps its source file, SHA-256, version and line. Malformed
    lines are reported with their line numbers and the rest is merged.
    """
    import json

    from kg.api import load_graph
    from kg.exports import write_atomic
    from kg.interop.merge import merge_files
    from kg.interop.server import ServerError
    from kg.loader import CurationErrors

    if out is None and store is None:
        raise click.ClickException("give -o merged.nt and/or --store DIR")
    try:
        graph = load_graph(data_dir)
    except CurationErrors as e:
        raise click.ClickException(f"the curated files do not validate ({len(e.errors)} "
                                   "problem(s)); run 'kmt2a-kg validate'") from None
    show = sys.stderr.isatty() if progress is None else progress
    try:
        rep = merge_files(files, graph=graph, out=out, store=store, version=source_version,
                          progress=show)
    except (ValueError, FileNotFoundError, ServerError) as e:
        raise click.ClickException(str(e)) from None
    for line in rep.summary():
        click.echo(line)
    if report_path is not None:
        write_atomic(report_path, (json.dumps(rep.to_dict(), indent=1, sort_keys=True)
                                   + "\n").encode("utf-8"))
        click.echo(f"wrote {report_path}")


@click.command("scale")
@click.option("--sizes", default="10000,100000,1000000", show_default=True,
              help="Comma-separated background sizes in triples (e.g. add 10000000).")
@click.option("--repeat", default=3, show_default=True, help="Runs per query (median).")
@click.option("--engines", default="rdflib,oxigraph,disk,hypotheses", show_default=True,
              help="Steps: rdflib, oxigraph (in memory), disk (on-disk Oxigraph store), "
                   "hypotheses (ranking on the merged graph).")
@click.option("--rdflib-max", default=6_000_000, show_default=True,
              help="Skip rdflib above this many merged triples (about 1 GB per million).")
@click.option("--oxigraph-max", default=40_000_000, show_default=True,
              help="Skip in-memory Oxigraph above this many merged triples.")
@click.option("--timeout", default=3600.0, show_default=True, help="Seconds per step.")
@click.option("--budget", default=60.0, show_default=True,
              help="A query slower than this (s) is not run again at larger sizes.")
@click.option("--seed", default=42, show_default=True, help="Seed of the synthetic graphs.")
@click.option("--workdir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder for the temporary files (default: the system's temp folder).")
@click.option("--json", "json_path", type=click.Path(dir_okay=False, path_type=Path),
              default=None, help="Also write the figures as JSON.")
def bench_scale(sizes: str, repeat: int, engines: str, rdflib_max: int, oxigraph_max: int,
                timeout: float, budget: float, seed: int, workdir: Path | None,
                json_path: Path | None) -> None:
    """Merge/load time, peak memory, catalogue latencies and hypotheses' time as the graph
    grows (curated graph + synthetic backgrounds)."""
    import json

    from kg.interop.bench import run_scale

    try:
        size_list = [int(x.replace("_", "")) for x in sizes.split(",") if x.strip()]
    except ValueError:
        raise click.ClickException(f"--sizes expects integers, got {sizes!r}") from None
    names = tuple(e.strip() for e in engines.split(",") if e.strip())
    bad = [e for e in names if e not in ("rdflib", "oxigraph", "disk", "hypotheses")]
    if bad:
        raise click.ClickException(f"unknown step {bad[0]!r} "
                                   "(rdflib, oxigraph, disk, hypotheses)")
    res = run_scale(size_list, repeat=repeat, engines=names,
                    max_triples={"rdflib": rdflib_max, "oxigraph": oxigraph_max},
                    timeout=timeout, seed=seed, workdir=workdir, echo=click.echo,
                    budget=budget)
    if json_path is not None:
        json_path.write_text(json.dumps(res, indent=1, sort_keys=True, default=str) + "\n",
                             encoding="utf-8")
        click.echo(f"wrote {json_path}")


@click.command("serve")
@click.option("--clients", default=8, show_default=True, type=click.IntRange(1, 64))
@click.option("--queries", default=200, show_default=True, type=click.IntRange(1, 100_000),
              help="Queries per client.")
@click.option("--timeout-s", default=5.0, show_default=True,
              help="Time limit of a query (the pathological one runs into it).")
@click.option("--engines", default=3, show_default=True, type=click.IntRange(1, 64))
@DATA_OPTION
def bench_serve(clients: int, queries: int, timeout_s: float, engines: int,
                data_dir: Path | None) -> None:
    """Throughput and p50/p99 latency of `kmt2a-kg serve` (front + engines) against a bare
    `oxigraph serve-read-only`, and simple queries while a pathological query runs."""
    import tempfile

    from kg.interop.server import OxigraphServer, ServerError, load_store
    from kg.interop.service import ReadOnlyService, load_test, while_pathological

    with tempfile.TemporaryDirectory(prefix=f"kmt2a-kg-serve-{os.getpid()}-") as tmp:
        nt = Path(tmp) / "kg.nt"
        nt.write_bytes(_curated_ntriples(data_dir))
        store = Path(tmp) / "store"
        load_store(store, [nt])
        setups = [
            ("kmt2a-kg serve", lambda: ReadOnlyService(store, timeout_s=timeout_s,
                                                       engines=engines)),
            ("bare oxigraph", lambda: OxigraphServer(store, read_only=True,
                                                     timeout_s=max(1, int(timeout_s)))),
        ]
        click.echo(f"{clients} clients x {queries} queries, time limit {timeout_s:g} s, "
                   f"{engines} engines")
        click.echo(f"{'setup':<16} {'queries/s':>10} {'p50 ms':>8} {'p99 ms':>8} "
                   f"{'errors':>6} | {'simple p50 ms':>13} {'max ms':>8} "
                   f"{'pathological':>22}")
        for name, make in setups:
            try:
                srv = make().start()
            except ServerError as e:
                raise click.ClickException(str(e)) from None
            try:
                load = load_test(srv.query_url, clients, queries, timeout=timeout_s + 30)
                bad = while_pathological(srv.query_url, seconds=timeout_s + 5,
                                         timeout=timeout_s + 10)
            finally:
                srv.stop()
            code = int(bad["pathological_status"])
            verdict = {200: "200 (complete)", -200: "200 TRUNCATED", 0: "no answer"}.get(
                code, f"HTTP {code}") + f" after {bad['pathological_s']:.1f} s"
            click.echo(f"{name:<16} {load['per_s']:>10.0f} {load['p50_ms']:>8.1f} "
                       f"{load['p99_ms']:>8.1f} {int(load['errors']):>6} | "
                       f"{bad['simple_p50_ms']:>13.1f} {bad['simple_max_ms']:>8.1f} "
                       f"{verdict:>22}")


COMMANDS: list[click.Command] = [serve_cmd, push_cmd, merge_cmd]
BENCH_COMMANDS: list[click.Command] = [bench_scale, bench_serve]
