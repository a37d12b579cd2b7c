"""``kmt2a-kg bench sparql``: median latency of the catalogue on both engines.

Runs every catalogue query (with its default parameters) on the curated graph and on the
curated graph merged with a synthetic background (:mod:`kg.sparql.synthetic`), for rdflib and
Oxigraph, and prints per-query medians and the rdflib/Oxigraph ratio. Each query runs in a
forked child process so that a query that exceeds the time limit (or recurses too deep) is
stopped and reported instead of stalling the benchmark. Figures, not assertions.
"""

from __future__ import annotations

import multiprocessing
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .api import run_spec
from .catalogue import QuerySpec, get_query, list_queries
from .engines import OxigraphEngine, RdflibEngine
from .errors import QueryError
from .synthetic import synthetic_ntriples

__all__ = ["Timing", "measure", "run_benchmark", "bench_cases"]

#: Parameters for queries without a usable default; and extra cases on the merged graph.
_PARAMS: dict[str, dict[str, str]] = {"find-entity": {"text": "menin"}}
_MERGED_EXTRA: list[tuple[str, dict[str, str]]] = [
    # a bound property path (?a kgo:depends_on+ ?b) along the background's long chain
    ("transitive-dependencies", {"entity": "kg:syn/gene/0-0"}),
    ("drugs-for-target", {"target": "kg:syn/complex/0"}),
]


@dataclass
class Timing:
    """Runs of one query on one engine: seconds per run, rows, and why it stopped early."""

    runs: list[float]
    rows: int | None = None
    note: str | None = None

    @property
    def median_ms(self) -> float | None:
        """Median latency in milliseconds (None when no run finished)."""
        return statistics.median(self.runs) * 1000 if self.runs else None

    def cell(self) -> str:
        """Text for the table: the median, or the reason there is none."""
        if self.median_ms is None:
            return self.note or "-"
        mark = "*" if self.note else ""
        return f"{self.median_ms:,.1f}{mark}"


def measure(eng: Any, spec: QuerySpec, params: dict[str, str], repeat: int,
            timeout: float) -> Timing:
    """Run a query ``repeat`` times in a forked child; stop it after ``timeout`` seconds."""
    ctx = multiprocessing.get_context("fork")
    recv, send = ctx.Pipe(duplex=False)

    def work() -> None:
        try:
            for _ in range(repeat):
                t0 = time.perf_counter()
                res = run_spec(spec, eng, params)
                send.send(("ok", time.perf_counter() - t0, len(res.rows)))
        except QueryError as e:
            send.send(("RecursionError" if "recursion" in str(e) else f"error: {e}",))
        except RecursionError:
            send.send(("RecursionError",))
        finally:
            send.close()

    proc = ctx.Process(target=work, daemon=True)
    proc.start()
    send.close()
    timing = Timing([])
    deadline = time.monotonic() + timeout
    while len(timing.runs) < repeat:
        left = deadline - time.monotonic()
        if left <= 0 or not recv.poll(left):
            timing.note = f">{timeout:g} s"
            break
        try:
            msg = recv.recv()
        except EOFError:
            timing.note = "crashed"
            break
        if msg[0] != "ok":
            timing.note = msg[0]
            break
        timing.runs.append(msg[1])
        timing.rows = msg[2]
    if proc.is_alive():
        proc.kill()
    proc.join()
    return timing


def bench_cases(only: list[str] | None = None) -> list[tuple[str, QuerySpec, dict[str, str]]]:
    """(label, query, parameters) for every catalogue query, or for ``only``."""
    specs = [get_query(n) for n in only] if only else list_queries()
    return [(q.name, q, _PARAMS.get(q.name, {})) for q in specs]


def _rss_mb() -> float:
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


def _ratio(a: Timing, b: Timing) -> str:
    if a.median_ms is not None and b.median_ms:
        return f"{a.median_ms / b.median_ms:,.1f}x"
    if a.median_ms is None and b.median_ms is not None:
        return "inf"
    return "-"


def run_benchmark(triples: int = 1_000_000, repeat: int = 5, engines: list[str] | None = None,
                  only: list[str] | None = None, timeout: float = 120.0, seed: int = 42,
                  echo: Callable[[str], Any] = print,
                  progress: Callable[[str], Any] = lambda line: None,
                  ) -> dict[str, dict[str, Timing]]:
    """Measure the catalogue on the curated and the merged graph and print a table.

    Args:
        triples: size of the synthetic background (0 skips the merged graph).
        repeat: runs per query; the median is reported.
        engines: ``rdflib`` and/or ``oxigraph``.
        only: restrict to these catalogue queries.
        timeout: seconds after which a query's remaining runs are abandoned.
        seed: seed of the synthetic background.
        echo: where lines go.
        progress: where one line per measured query goes as soon as it is done.

    Returns:
        Timings by ``"<graph>/<engine>"`` then by case label.
    """
    from rdflib import Graph

    from ..api import load_graph

    engines = engines or ["rdflib", "oxigraph"]
    cases = bench_cases(only)
    curated = load_graph()
    graphs: dict[str, dict[str, Any]] = {"curated": {}, "merged": {}}
    echo(f"curated graph: {len(curated):,} triples; {len(cases)} queries, median of {repeat} "
         f"runs, limit {timeout:g} s per query and engine")
    for name in engines:
        graphs["curated"][name] = (RdflibEngine(curated) if name == "rdflib"
                                   else OxigraphEngine.from_graph(curated))
    if triples > 0:
        t0 = time.perf_counter()
        data = synthetic_ntriples(triples, seed)
        n_lines = data.count(b"\n")
        echo(f"synthetic background: {n_lines:,} triples generated in "
             f"{time.perf_counter() - t0:.1f} s (seed {seed})")
        for name in engines:
            rss = _rss_mb()
            t0 = time.perf_counter()
            if name == "rdflib":
                g = Graph()
                g += curated
                g.parse(data=data.decode("utf-8"), format="nt")
                eng: Any = RdflibEngine(g)
            else:
                eng = OxigraphEngine.from_graph(curated)
                eng.add_ntriples(data)
            echo(f"merged graph on {name}: {len(eng):,} triples, loaded in "
                 f"{time.perf_counter() - t0:.1f} s, +{_rss_mb() - rss:,.0f} MB resident")
            graphs["merged"][name] = eng
        del data
    results: dict[str, dict[str, Timing]] = {}
    for gname, engs in graphs.items():
        todo = list(cases)
        if gname == "merged" and not only:
            todo += [(f"{n} ({', '.join(f'{k}={v}' for k, v in p.items())})", get_query(n), p)
                     for n, p in _MERGED_EXTRA]
        for name, eng in engs.items():
            key = f"{gname}/{name}"
            results[key] = {}
            for label, spec, params in todo:
                t = results[key][label] = measure(eng, spec, params, repeat, timeout)
                progress(f"{key:<17} {label:<60} {t.cell():>12} ms")
    _print_table(results, engines, echo)
    return results


def _print_table(results: dict[str, dict[str, Timing]], engines: list[str],
                 echo: Callable[[str], Any]) -> None:
    labels: list[str] = []
    for per in results.values():
        labels += [k for k in per if k not in labels]
    head = ["query"]
    for gname in ("curated", "merged"):
        head += [f"{gname} {e} ms" for e in engines if f"{gname}/{e}" in results]
        if all(f"{gname}/{e}" in results for e in ("rdflib", "oxigraph")):
            head.append(f"{gname} ratio")
    rows = []
    for label in labels:
        row = [label]
        for gname in ("curated", "merged"):
            cols = [results.get(f"{gname}/{e}", {}).get(label) for e in engines
                    if f"{gname}/{e}" in results]
            row += [t.cell() if t else "" for t in cols]
            if all(f"{gname}/{e}" in results for e in ("rdflib", "oxigraph")):
                a = results[f"{gname}/rdflib"].get(label)
                b = results[f"{gname}/oxigraph"].get(label)
                row.append(_ratio(a, b) if a and b else "")
        rows.append(row)
    widths = [max(len(str(r[i])) for r in [head, *rows]) for i in range(len(head))]
    echo("")
    echo("  ".join(h.ljust(w) if i == 0 else h.rjust(w) for i, (h, w) in
                   enumerate(zip(head, widths, strict=True))))
    for r in rows:
        echo("  ".join(str(c).ljust(w) if i == 0 else str(c).rjust(w) for i, (c, w) in
                       enumerate(zip(r, widths, strict=True))))
    echo("")
    echo("ms = median latency per query (entity resolution included); ratio = rdflib / "
         "oxigraph; * = fewer runs than asked (limit reached); >N s = stopped at the limit")
    for gname in ("curated", "merged"):
        if all(f"{gname}/{e}" in results for e in ("rdflib", "oxigraph")):
            ratios = [a.median_ms / b.median_ms for label in labels
                      if (a := results[f"{gname}/rdflib"].get(label))
                      and (b := results[f"{gname}/oxigraph"].get(label))
                      and a.median_ms is not None and b.median_ms]
            if ratios:
                echo(f"{gname}: rdflib/oxigraph median ratio {statistics.median(ratios):.1f}x "
                     f"(range {min(ratios):.1f}x-{max(ratios):.1f}x over {len(ratios)} queries "
                     "that both finished)")
