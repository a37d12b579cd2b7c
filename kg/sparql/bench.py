"""``kmt2a-kg bench sparql``: median latency of the catalogue on both engines.

Runs every catalogue query (with its default parameters) on the curated graph and on the
curated graph merged with a synthetic background (:mod:`kg.sparql.synthetic`), for rdflib and
Oxigraph, and prints per-query medians and the rdflib/Oxigraph ratio. Each run is a forked
child process so that a query that exceeds the time limit (or recurses too deep) is stopped
and reported instead of stalling the benchmark; the engines' runs alternate (rdflib, Oxigraph,
Oxigraph, rdflib, ...) so that a change of machine load falls on both. The query figure is
the engine's evaluation only: entity resolution (binding the parameters) is timed apart, and
so is rdflib's parsing of the query text (prepared once per run, before the clock starts).
Both engines' rows are compared on every query; a mismatch is reported and fails the run.
Figures, not assertions.
"""

from __future__ import annotations

import multiprocessing
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

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
    resolve: list[float] = field(default_factory=list)  # seconds binding the parameters
    parse: list[float] = field(default_factory=list)  # seconds parsing (rdflib)
    canon: list[tuple] | None = None  # the rows, canonical, for the comparison

    @staticmethod
    def _med_ms(xs: list[float]) -> float | None:
        return statistics.median(xs) * 1000 if xs else None

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


def _canon_rows(rows: list[dict[str, Any]]) -> list[tuple]:
    return sorted(tuple(sorted((k, repr(v)) for k, v in r.items())) for r in rows)


def timed_run(spec: QuerySpec, eng: Any, params: dict[str, str]
              ) -> tuple[float, float, float, list[tuple]]:
    """One run: (resolve s, parse s, query s, canonical rows). ``resolve`` binds the
    parameters (entity look-ups included); ``parse`` is rdflib's query parsing (0 for Oxigraph,
    whose parse is part of its query call and takes microseconds); ``query`` is evaluation."""
    from .binding import bind_params
    from .constants import PREFIXES
    from .results import sort_list_columns

    t0 = time.perf_counter()
    bindings = bind_params(spec, dict(params), eng)
    t1 = time.perf_counter()
    text: Any = spec.text_for(eng.name)
    if eng.name == "rdflib":
        from rdflib.plugins.sparql import prepareQuery

        text = prepareQuery(text, initNs=PREFIXES)
    t2 = time.perf_counter()
    res = eng.select(text, bindings)
    t3 = time.perf_counter()
    sort_list_columns(res.rows, res.columns)
    return t1 - t0, t2 - t1, t3 - t2, _canon_rows(res.rows)


def measure(eng: Any, spec: QuerySpec, params: dict[str, str], repeat: int,
            timeout: float) -> Timing:
    """Run a query ``repeat`` times, each in a forked child; stop a run after ``timeout``
    seconds (and skip the remaining runs)."""
    timing = Timing([])
    for _ in range(repeat):
        if not measure_once(eng, spec, params, timeout, timing):
            break
    return timing


def measure_once(eng: Any, spec: QuerySpec, params: dict[str, str], timeout: float,
                 timing: Timing) -> bool:
    """One run in a forked child, appended to ``timing``; False when it did not finish."""
    ctx = multiprocessing.get_context("fork")
    recv, send = ctx.Pipe(duplex=False)

    def work() -> None:
        try:
            send.send(("ok", *timed_run(spec, eng, params)))
        except QueryError as e:
            send.send(("RecursionError" if "recursion" in str(e) else f"error: {e}",))
        except RecursionError:
            send.send(("RecursionError",))
        finally:
            send.close()

    proc = ctx.Process(target=work, daemon=True)
    proc.start()
    send.close()
    ok = False
    try:
        if not recv.poll(timeout):
            timing.note = f">{timeout:g} s"
        else:
            msg = recv.recv()
            if msg[0] != "ok":
                timing.note = msg[0]
            else:
                _, resolve, parse, run, rows = msg
                timing.runs.append(run)
                timing.resolve.append(resolve)
                timing.parse.append(parse)
                timing.rows = len(rows)
                timing.canon = rows
                ok = True
    except EOFError:
        timing.note = "crashed"
    if proc.is_alive():
        proc.kill()
    proc.join()
    return ok


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
    mismatches: list[str] = []
    for gname, engs in graphs.items():
        todo = list(cases)
        if gname == "merged" and not only:
            todo += [(f"{n} ({', '.join(f'{k}={v}' for k, v in p.items())})", get_query(n), p)
                     for n, p in _MERGED_EXTRA]
        for name in engs:
            results[f"{gname}/{name}"] = {}
        for label, spec, params in todo:
            per = {name: Timing([]) for name in engs}
            live = dict(engs)
            for r in range(repeat):
                order = list(live) if r % 2 == 0 else list(reversed(list(live)))
                for name in order:
                    if not measure_once(live[name], spec, params, timeout, per[name]):
                        live.pop(name)
                if not live:
                    break
            for name, t in per.items():
                results[f"{gname}/{name}"][label] = t
            verdict = _compare(per)
            if verdict:
                mismatches.append(f"{gname}: {label}: {verdict}")
            progress(f"{gname:<8} {label:<60} " + "  ".join(
                f"{n} {t.cell():>10} ms" for n, t in per.items())
                + (f"  ROWS DIFFER: {verdict}" if verdict else ""))
    _print_table(results, engines, echo)
    _print_resolution(results, echo)
    if mismatches:
        echo("")
        echo(f"ROWS DIFFER between the engines on {len(mismatches)} case(s):")
        for m in mismatches:
            echo(f"  {m}")
    else:
        echo("rows: identical on both engines for every query that both finished")
    results["_mismatches"] = {m: Timing([]) for m in mismatches}
    return results


def _compare(per: dict[str, Timing]) -> str | None:
    """Why the engines' rows differ, or None (also when one did not finish)."""
    done = {n: t.canon for n, t in per.items() if t.canon is not None}
    if len(done) < 2:
        return None
    names = list(done)
    a, b = done[names[0]], done[names[1]]
    if a == b:
        return None
    return f"{names[0]} {len(a)} rows, {names[1]} {len(b)} rows" + (
        "" if len(a) != len(b) else " (same count, different values)")


def _print_resolution(results: dict[str, dict[str, Timing]], echo: Callable[[str], Any]
                      ) -> None:
    """Entity resolution and rdflib parsing, apart from the query figures."""
    echo("")
    echo("apart from the query figures, median ms per run: resolve = binding the parameters "
         "(entity look-ups), parse = rdflib's parse of the query text")
    for key, per in results.items():
        if key.startswith("_"):
            continue
        res = [m for t in per.values() if (m := Timing._med_ms(t.resolve)) is not None]
        par = [m for t in per.values() if (m := Timing._med_ms(t.parse)) is not None]
        if res:
            echo(f"  {key:<17} resolve median over queries {statistics.median(res):.2f} ms "
                 f"(max {max(res):.1f}); parse median {statistics.median(par):.2f} ms "
                 f"(max {max(par):.1f})")


def _print_table(results: dict[str, dict[str, Timing]], engines: list[str],
                 echo: Callable[[str], Any]) -> None:
    labels: list[str] = []
    for key, per in results.items():
        if key.startswith("_"):
            continue
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
    echo("ms = median query evaluation per run (entity resolution and rdflib's parsing "
         "apart, below); ratio = rdflib / oxigraph; * = fewer runs than asked (limit "
         "reached); >N s = stopped at the limit")
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
            slower = [label for label in labels
                      if (a := results[f"{gname}/rdflib"].get(label))
                      and (b := results[f"{gname}/oxigraph"].get(label))
                      and b.median_ms is not None
                      and (a.median_ms is not None and a.median_ms < b.median_ms)]
            echo(f"{gname}: Oxigraph slower than rdflib on "
                 + (", ".join(slower) if slower else "no query"))
