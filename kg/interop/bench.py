"""``kmt2a-kg bench scale``: how cost grows when the curated graph is merged with large graphs.

For each background size (synthetic N-Triples of a drug-gene-disease graph, identifiers in the
forms external graphs use: identifiers.org, OBO PURLs), measured each in a fresh subprocess
so that peak memory belongs to one step:

1. ``merge``: :func:`kg.interop.merge.merge_files` (normalisation, provenance) -> merged.nt;
2. ``oxigraph load``: the merged file into an on-disk store (the path beyond memory);
3. each engine: load the merged graph (rdflib in memory, Oxigraph in memory, Oxigraph on
   disk read-only), run every catalogue query that needs no parameter (median of
   ``repeat`` runs), and on rdflib the hypotheses' ranking of pairs (``kg.hypotheses``).

Engines are skipped above their ``max_triples`` (rdflib holds ~1 GB per million triples) and
a step that exceeds ``timeout`` seconds is reported as such.
"""

from __future__ import annotations

import json
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

__all__ = ["synthetic_background", "run_scale"]

_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
_LABEL = "<http://www.w3.org/2000/01/rdf-schema#label>"
_BL = "https://w3id.org/biolink/vocab/"
# Entities of the curated graph under external identifier forms (normalisation joins them).
_CURATED_LINKS = ("https://identifiers.org/hgnc:7010", "http://identifiers.org/hgnc/7132",
                  "http://purl.obolibrary.org/obo/MONDO_0004967")


def synthetic_background(path: Path, triples: int, seed: int = 42) -> dict[str, int]:
    """Write a synthetic background graph of about ``triples`` triples as N-Triples.

    Genes (identifiers.org NCBI Gene), drugs (OBO CHEBI) and diseases (OBO MONDO), each with a
    type and a label; edges drawn with skewed degrees: drug affects gene, gene interacts with
    gene, gene associated with disease, drug treats disease; 0.1 % of edges touch curated
    entities (menin, KMT2A, ALL) through their external identifiers.

    Returns:
        Counts of nodes, edges and triples written.
    """
    rng = random.Random(seed)
    n_nodes = max(30, triples // 10)  # 2 triples per node -> ~20 % nodes, ~80 % edges
    genes, drugs = int(n_nodes * 0.6), int(n_nodes * 0.3)
    diseases = n_nodes - genes - drugs
    gene = [f"<http://identifiers.org/ncbigene/{100000 + i}>" for i in range(genes)]
    drug = [f"<http://purl.obolibrary.org/obo/CHEBI_{200000 + i}>" for i in range(drugs)]
    dis = [f"<http://purl.obolibrary.org/obo/MONDO_{1000000 + i}>" for i in range(diseases)]
    rels = [(drug, f"<{_BL}affects>", gene), (gene, f"<{_BL}interacts_with>", gene),
            (gene, f"<{_BL}gene_associated_with_condition>", dis),
            (drug, f"<{_BL}treats>", dis)]
    written = 0
    with path.open("w", encoding="utf-8") as fh:
        for kind, nodes, cat in (("gene", gene, "Gene"), ("drug", drug, "SmallMolecule"),
                                 ("disease", dis, "Disease")):
            for i, n in enumerate(nodes):
                fh.write(f"{n} {_TYPE} <{_BL}{cat}> .\n{n} {_LABEL} \"{kind} {i}\" .\n")
                written += 2
        edges = max(0, triples - written)
        for _ in range(edges):
            src, p, dst = rels[rng.randrange(len(rels))]
            s = src[min(len(src) - 1, int(rng.paretovariate(1.2)) - 1)] if rng.random() < 0.3 \
                else src[rng.randrange(len(src))]
            o = (f"<{rng.choice(_CURATED_LINKS)}>" if rng.random() < 0.001
                 else dst[rng.randrange(len(dst))])
            fh.write(f"{s} {p} {o} .\n")
        written += edges
    return {"nodes": n_nodes, "edges": edges, "triples": written}


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _catalogue_latencies(eng: Any, repeat: int, skip: list[str], budget_s: float,
                         progress: Path | None = None) -> dict[str, float]:
    """Median latency (ms) of each parameter-free catalogue query.

    A watchdog ends the process (exit status 3) when one run exceeds ``budget_s``, after
    appending ``{"over_budget": name}`` to ``progress``: engines cannot interrupt a running
    query, so the parent reruns the step without it.
    """
    import os
    import threading

    from kg.sparql import QueryError, list_queries, run_spec

    current: dict[str, Any] = {}

    def log(rec: dict[str, Any]) -> None:
        if progress is not None:
            with progress.open("a", encoding="utf-8") as fh:
                fh.write(json.dumps(rec) + "\n")

    def watchdog() -> None:
        while True:
            time.sleep(0.5)
            name, since = current.get("name"), current.get("since")
            if name and since and time.perf_counter() - since > budget_s:
                log({"over_budget": name})
                os._exit(3)

    threading.Thread(target=watchdog, daemon=True).start()
    out: dict[str, float] = {}
    for spec in list_queries():
        if spec.is_violation or any(p.required for p in spec.params) or spec.name in skip:
            continue
        times: list[float] = []
        for _ in range(repeat):
            if times and times[0] > budget_s / 10:
                break  # one run of a slow query is enough
            current.update(name=spec.name, since=time.perf_counter())
            t = time.perf_counter()
            try:
                run_spec(spec, eng)
            except QueryError:
                times = []
                break
            finally:
                current.update(name=None, since=None)
            times.append(time.perf_counter() - t)
        out[spec.name] = statistics.median(times) * 1000 if times else float("nan")
        log({"query": spec.name, "ms": out[spec.name]})
    return out


def _child(task: dict[str, Any]) -> dict[str, Any]:
    """One measured step, run in its own process (see :func:`run_scale`)."""
    res: dict[str, Any] = {}
    t0 = time.perf_counter()
    if task["step"] == "merge":
        from kg.api import load_graph
        from kg.interop.merge import merge_files

        rep = merge_files([Path(task["background"])], graph=load_graph(), out=task["merged"])
        res["seconds"] = time.perf_counter() - t0
        src = rep.sources[0]
        res["merged_lines"] = rep.curated_lines + src.lines_written
        res["edges"] = src.edges
        res["problems"] = len(src.problems)
        res["mapped_to_curated"] = src.outcomes.get("curated", 0)
    elif task["step"] == "store":
        from kg.interop.server import load_store

        load_store(Path(task["store"]), [Path(task["merged"])])
        res["seconds"] = time.perf_counter() - t0
        kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        res["peak_mb"] = kids
        return res
    elif task["step"] == "hypotheses":
        from rdflib import Graph

        g = Graph()
        g.parse(task["merged"], format="nt")
        res["load_seconds"] = time.perf_counter() - t0
        res["triples"] = len(g)
        try:
            import kg.hypotheses as kh
        except ImportError:
            res["skipped"] = "kg.hypotheses is not available"
        else:
            t = time.perf_counter()
            hyps = kh.rank(graph=g, size=2, permutations=0)
            res["hypotheses_seconds"] = time.perf_counter() - t
            res["hypotheses"] = len(hyps)
    else:
        from kg.sparql import OxigraphEngine, RdflibEngine

        engine = task["step"]
        if engine == "rdflib":
            from rdflib import Graph

            g = Graph()
            g.parse(task["merged"], format="nt")
            eng: Any = RdflibEngine(g)
        elif engine == "oxigraph":
            import pyoxigraph as ox

            store = ox.Store()
            store.bulk_load(path=task["merged"], format=ox.RdfFormat.N_TRIPLES)
            eng = OxigraphEngine(store)
        else:
            import pyoxigraph as ox

            eng = OxigraphEngine(ox.Store.read_only(task["store"]))
        res["load_seconds"] = time.perf_counter() - t0
        res["triples"] = len(eng)
        res["queries_ms"] = _catalogue_latencies(eng, task["repeat"], task["skip"],
                                                 task["budget"], Path(task["progress"]))
    res["peak_mb"] = _peak_mb()
    return res


def _run_child(task: dict[str, Any], timeout: float) -> dict[str, Any]:
    """Run a step in a subprocess; rerun it without any query that broke the budget."""
    over: list[str] = []
    first: dict[str, Any] | None = None
    while True:
        progress = Path(task["merged"]).with_suffix(".progress")
        progress.unlink(missing_ok=True)
        res = _run_once({**task, "progress": str(progress),
                         "skip": sorted(set(task.get("skip", [])) | set(over))}, timeout)
        lines = [json.loads(x) for x in progress.read_text(encoding="utf-8").splitlines()
                 ] if progress.exists() else []
        progress.unlink(missing_ok=True)
        broke = [x["over_budget"] for x in lines if "over_budget" in x]
        if res.get("exit") == 3 and broke:
            over.append(broke[0])
            first = first or {"partial": {x["query"]: x["ms"] for x in lines if "query" in x}}
            continue
        if over:
            res["over_budget"] = over
            if first and "queries_ms" in res:
                for k, v in first["partial"].items():
                    res["queries_ms"].setdefault(k, v)
        return res


def _run_once(task: dict[str, Any], timeout: float) -> dict[str, Any]:
    cmd = [sys.executable, "-m", "kg.interop.bench", json.dumps(task)]
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        return {"error": f"over {timeout:.0f} s"}
    if proc.returncode == 3:
        return {"exit": 3}
    if proc.returncode != 0:
        tail = [x for x in proc.stderr.splitlines() if x.strip()]
        return {"error": tail[-1] if tail else f"exit {proc.returncode}"}
    return json.loads(proc.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def _p90(values: list[float]) -> float | None:
    if not values:
        return None
    v = sorted(values)
    return v[min(len(v) - 1, int(round(0.9 * (len(v) - 1))))]


def _fmt(x: Any, unit: str = "", digits: int = 1) -> str:
    if isinstance(x, (int, float)) and x == x:  # not NaN
        return f"{x:,.{digits}f}{unit}"
    return "-"


def run_scale(
    sizes: list[int],
    repeat: int = 3,
    engines: tuple[str, ...] = ("rdflib", "oxigraph", "disk", "hypotheses"),
    max_triples: dict[str, int] | None = None,
    timeout: float = 3600.0,
    seed: int = 42,
    workdir: Path | None = None,
    echo: Callable[[str], None] = print,
    budget: float = 60.0,
) -> list[dict[str, Any]]:
    """Measure merge, load, catalogue queries and hypotheses for each background size.

    Args:
        sizes: background sizes in triples (e.g. 100_000, 1_000_000, 10_000_000).
        repeat: runs per catalogue query (median reported).
        engines: ``rdflib``, ``oxigraph`` (in memory), ``disk`` (on-disk store) and
            ``hypotheses`` (ranking pairs on the merged rdflib graph).
        max_triples: skip an engine when the merged graph has more triples than this.
        timeout: seconds allowed per step.
        seed: seed of the synthetic backgrounds.
        workdir: where the files go (default: a temporary folder, removed afterwards).
        echo: where the report lines go.
        budget: a query slower than this (seconds) on an engine is not run again on that
            engine at larger sizes (reported as such).

    Returns:
        One dict of figures per size.
    """
    limits = {"rdflib": 6_000_000, "oxigraph": 40_000_000, "disk": 10**10,
              "hypotheses": 12_000_000}
    limits.update(max_triples or {})
    slow: dict[str, set[str]] = {e: set() for e in engines}
    results = []
    with tempfile.TemporaryDirectory(prefix="kmt2a-kg-scale-",
                                     dir=str(workdir) if workdir else None) as tmp:
        for size in sizes:
            d = Path(tmp) / str(size)
            d.mkdir()
            bg, merged, store = d / "background.nt", d / "merged.nt", d / "store"
            t = time.perf_counter()
            counts = synthetic_background(bg, size, seed)
            row: dict[str, Any] = {"background": counts, "generate_s": time.perf_counter() - t}
            echo(f"\n== background {counts['triples']:,} triples "
                 f"({counts['nodes']:,} nodes, {counts['edges']:,} edges) ==")
            task = {"background": str(bg), "merged": str(merged), "store": str(store),
                    "repeat": repeat, "budget": budget}
            row["merge"] = m = _run_child({**task, "step": "merge"}, timeout)
            echo(f"merge     {_fmt(m.get('seconds'), ' s')}  "
                 f"peak {_fmt(m.get('peak_mb'), ' MB', 0)}"
                 f"  -> {m.get('merged_lines', 0):,} lines (edges with provenance "
                 f"{m.get('edges', 0):,}; {m.get('mapped_to_curated', 0):,} uses mapped to "
                 f"curated entities) {m.get('error', '')}")
            bg.unlink()
            if "error" in m:
                results.append(row)
                continue
            if "disk" in engines:
                row["store"] = s = _run_child({**task, "step": "store"}, timeout)
                echo(f"oxigraph load (on disk) {_fmt(s.get('seconds'), ' s')}  "
                     f"peak {_fmt(s.get('peak_mb'), ' MB', 0)} {s.get('error', '')}")
            for eng in engines:
                if m["merged_lines"] > limits[eng]:
                    echo(f"{eng:<10} skipped: {m['merged_lines']:,} triples > "
                         f"{limits[eng]:,} (memory)")
                    continue
                if eng == "disk" and "error" in row.get("store", {}):
                    continue
                row[eng] = r = _run_child({**task, "step": eng, "skip": sorted(slow[eng])},
                                          timeout)
                if "error" in r:
                    echo(f"{eng:<10} {r['error']}")
                    continue
                if eng == "hypotheses":
                    echo(f"hypotheses load {_fmt(r['load_seconds'], ' s')} (rdflib)  peak "
                         f"{_fmt(r['peak_mb'], ' MB', 0)}  rank pairs "
                         f"{_fmt(r.get('hypotheses_seconds'), ' s', 2)} "
                         f"({r.get('hypotheses', r.get('skipped'))} hypotheses)")
                    continue
                times = r["queries_ms"]
                q = [v for v in times.values() if v == v]
                slow[eng] |= {k for k, v in times.items() if v == v and v > budget * 1000}
                slow[eng] |= set(r.get("over_budget", []))
                echo(f"{eng:<10} load {_fmt(r['load_seconds'], ' s')}  peak "
                     f"{_fmt(r['peak_mb'], ' MB', 0)}  {len(q)} catalogue queries: median "
                     f"{_fmt(statistics.median(q) if q else None, ' ms', 2)}, p90 "
                     f"{_fmt(_p90(q), ' ms', 1)}, total {_fmt(sum(q), ' ms', 0)}"
                     + (f"; over the {budget:g} s budget (here or at a smaller size), "
                        f"not timed: {', '.join(sorted(slow[eng] - set(times)))}"
                        if slow[eng] - set(times) else ""))
            results.append(row)
            for f in (merged,):
                f.unlink(missing_ok=True)
    return results


if __name__ == "__main__":  # a measured step in its own process (see _run_child)
    print(json.dumps(_child(json.loads(sys.argv[1]))))
