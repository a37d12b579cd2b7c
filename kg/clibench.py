"""``kmt2a-kg bench cli``: everyday commands as whole processes, against their floors.

Each case is a command of the CLI and, where there is one, its floor: the least a process
must do to give the same answer (``python -c pass`` for ``--help``; a bare Python that loads
``kg.nt`` into pyoxigraph, resolves the entity and runs the same ``.rq`` for a query). The two
run alternately, ``runs`` times each after one warm-up run apiece (which compiles bytecode
and fills the caches a user's second call would find: the built graph, the hypotheses' graph
and p-values). Figures are CPU seconds of the child (user + system, from ``wait4``), with
min / median / max, the ratio of medians, and the issue's target. Children run without
``OPENBLAS_NUM_THREADS``/``OMP_NUM_THREADS`` so that the command's own default is measured.
Figures, not assertions.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["Case", "default_cases", "run_cli_benchmark", "warm_query_figures", "cpu_seconds"]

_FLOOR_QUERY = r"""
import sys, pyoxigraph as ox
nt, rq, text, var = sys.argv[1:5]
s = ox.Store(); s.bulk_load(path=nt, format=ox.RdfFormat.N_TRIPLES)
lit = '"' + text.replace('\\', '\\\\').replace('"', '\\"') + '"'
q = ("SELECT ?e WHERE { ?e <http://www.w3.org/2000/01/rdf-schema#label>|"
     "<https://w3id.org/kmt2a-kg/ontology#synonym> " + lit + " }")
e = next(iter(s.query(q)))["e"]
body = open(rq, encoding="utf-8").read()
i = body.index("{", body.index("WHERE"))
body = body[:i + 1] + " VALUES (?" + var + ") { (" + str(e) + ") }" + body[i + 1:]
rows = list(s.query(body))
print(len(rows))
"""


@dataclass
class Case:
    """A command, its floor (or none) and the target: a ratio to the floor or seconds."""

    name: str
    argv: list[str]
    floor: list[str] | None = None
    floor_name: str = ""
    max_ratio: float | None = None
    max_seconds: float | None = None
    fresh_cache: bool = False  # every run of the command starts from an empty cache
    cmd_runs: list[float] = field(default_factory=list)
    floor_runs: list[float] = field(default_factory=list)
    first: float | None = None
    failed: str | None = None


def _cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "kg.cli", *args]


def default_cases(nt: Path, rq_dir: Path, out_dir: Path) -> list[Case]:
    """The commands of issue 10's table, with their floors and targets."""
    floor_q = [sys.executable, "-c", _FLOOR_QUERY, str(nt), str(rq_dir / "drugs-for-target.rq"),
               "menin", "target"]
    return [
        Case("--help", _cli("--help"), [sys.executable, "-c", "pass"], "python -c pass",
             max_ratio=3.0),
        Case("query drugs-for-target -p target=menin",
             _cli("query", "drugs-for-target", "-p", "target=menin"), floor_q,
             "pyoxigraph: load kg.nt, resolve, run .rq", max_ratio=2.0),
        Case("query drugs-for-target -p target=menin --engine rdflib",
             _cli("query", "drugs-for-target", "-p", "target=menin", "--engine", "rdflib"),
             floor_q, "pyoxigraph: load kg.nt, resolve, run .rq"),
        Case("query trials-for-drug -p drug=venetoclax",
             _cli("query", "trials-for-drug", "-p", "drug=venetoclax"),
             [sys.executable, "-c", _FLOOR_QUERY, str(nt), str(rq_dir / "trials-for-drug.rq"),
              "venetoclax", "drug"], "pyoxigraph: load kg.nt, resolve, run .rq",
             max_ratio=2.0),
        Case("validate", _cli("validate"), max_seconds=1.5),
        Case("hypotheses --top 5", _cli("hypotheses", "--top", "5"), max_seconds=1.5),
        Case("hypotheses --size 3", _cli("hypotheses", "--size", "3"), max_seconds=3.0),
        Case("build", _cli("build", "--out", str(out_dir)), max_seconds=15.0, fresh_cache=True),
    ]


def _child_env(pycache: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if k not in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")}
    if env.pop("PYTHONDONTWRITEBYTECODE", None):
        # As after a normal install: bytecode compiled once (here into a cache of its own).
        env["PYTHONPYCACHEPREFIX"] = str(pycache)
    return env


def cpu_seconds(argv: list[str], env: dict[str, str], cwd: Path | None = None
                ) -> tuple[float, int]:
    """CPU seconds (user + system) of a child process and its exit status."""
    with open(os.devnull, "wb") as null:
        proc = subprocess.Popen(argv, env=env, cwd=cwd, stdout=null, stderr=null)
        _, status, ru = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
    return ru.ru_utime + ru.ru_stime, proc.returncode


def _fmt(runs: list[float]) -> str:
    if not runs:
        return "-"
    return f"{min(runs):.3f} / {statistics.median(runs):.3f} / {max(runs):.3f}"


def run_cli_benchmark(runs: int = 5, only: list[str] | None = None,
                      echo: Callable[[str], None] = print,
                      progress: Callable[[str], None] | None = None,
                      compare_exports: Path | None = None) -> list[Case]:
    """Run every case and print the table; returns the cases with their runs."""
    from .built import GRAPH_FILE, candidate_dirs, fresh_graph_file, inputs_hash
    from .constants import QUERIES_DIR

    nt = fresh_graph_file(inputs_hash())
    if nt is None:
        nt = candidate_dirs()[-1] / GRAPH_FILE
        echo(f"note: no fresh built graph; the floor reads {nt} (run 'kmt2a-kg build')")
    tmp = Path(tempfile.mkdtemp(prefix="kmt2a-kg-bench-cli-"))
    try:
        cases = default_cases(nt, QUERIES_DIR, tmp / "exports")
        if only:
            cases = [c for c in cases if any(o in c.name for o in only)]
        env = _child_env(tmp / "pycache")
        env["KMT2A_KG_CACHE"] = str(tmp / "cache")  # the first runs below start cold
        fresh = iter(range(10**6))

        def env_for(c: Case) -> dict[str, str]:
            if not c.fresh_cache:
                return env
            return {**env, "KMT2A_KG_CACHE": str(tmp / f"cache-{next(fresh)}")}

        for c in cases:  # warm-up: bytecode, built graph, hypotheses caches
            c.first, rc = cpu_seconds(c.argv, env_for(c))
            if rc != 0:
                c.failed = f"exit status {rc}"
            if c.floor:
                cpu_seconds(c.floor, env)
        for r in range(runs):
            for c in cases:
                if c.failed:
                    continue
                pairs = [(c.argv, c.cmd_runs, env_for(c))]
                if c.floor:
                    pairs.append((c.floor, c.floor_runs, env))
                if r % 2:  # alternate which goes first
                    pairs.reverse()
                for argv, sink, e in pairs:
                    t, rc = cpu_seconds(argv, e)
                    if rc != 0:
                        c.failed = f"exit status {rc}"
                    sink.append(t)
            if progress:
                progress(f"bench cli: run {r + 1}/{runs} done")
        _report(cases, runs, echo)
        if compare_exports is not None and any(c.name == "build" for c in cases):
            _compare_exports(tmp / "exports", compare_exports, echo)
        return cases
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _report(cases: list[Case], runs: int, echo: Callable[[str], None]) -> None:
    echo(f"CPU seconds per whole process (user+system), {runs} runs each after one warm-up, "
         f"command and floor alternating; min / median / max. {time.strftime('%Y-%m-%d %H:%M')}"
         f", {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}")
    echo("")
    echo("| command | command s | floor | floor s | ratio | target | met |")
    echo("|---|---|---|---|---|---|---|")
    for c in cases:
        if c.failed:
            echo(f"| `{c.name}` | failed: {c.failed} | | | | | no |")
            continue
        med = statistics.median(c.cmd_runs)
        ratio = statistics.median(c.cmd_runs) / statistics.median(c.floor_runs) \
            if c.floor_runs else None
        if c.max_ratio is not None and ratio is not None:
            target, met = f"≤ {c.max_ratio:g}× floor", ratio <= c.max_ratio
        elif c.max_seconds is not None:
            target, met = f"≤ {c.max_seconds:g} s", med <= c.max_seconds
        else:
            target, met = "(report)", None
        echo(f"| `{c.name}` | {_fmt(c.cmd_runs)} | {c.floor_name or '-'} | "
             f"{_fmt(c.floor_runs)} | {f'{ratio:.2f}×' if ratio else '-'} | {target} | "
             f"{'-' if met is None else ('yes' if met else 'NO')} |")
    firsts = ", ".join(f"{c.name} {c.first:.2f} s" for c in cases if c.first is not None)
    echo("")
    echo(f"first runs (empty cache, bytecode compiled then), not counted: {firsts}")
    if any(c.name == "build" for c in cases):
        echo("build: every run with an empty cache (p-values computed, not read).")


def warm_query_figures(repeat: int = 20, echo: Callable[[str], None] = print) -> None:
    """``kg.query`` in a warm process against the engine's own query time (same text)."""
    from .sparql import get_query, query
    from .sparql.binding import bind_params
    from .sparql.engines import default_engine
    from .sparql.terms import inject_values

    eng = default_engine()
    spec = get_query("drugs-for-target")
    params = {"target": "menin"}
    text = inject_values(spec.text_for(eng.name), bind_params(spec, params, eng))
    from .sparql.constants import PREFIXES

    def api() -> None:
        query("drugs-for-target", **params)

    def engine_only() -> None:
        list(eng.store.query(text, prefixes=PREFIXES))  # type: ignore[attr-defined]

    out = {}
    api()
    for name, fn in (("kg.query", api), ("store.query", engine_only)) * 1:
        runs = []
        for _ in range(repeat):
            t0 = time.process_time()
            fn()
            runs.append(time.process_time() - t0)
        out[name] = runs
    a, b = statistics.median(out["kg.query"]), statistics.median(out["store.query"])
    echo("")
    echo(f"warm process, drugs-for-target target=menin, {repeat} calls, CPU ms min / median / "
         "max:")
    echo(f"  kg.query (resolve + bind + staleness check + run + convert): "
         f"{_fmt_ms(out['kg.query'])}")
    echo(f"  Oxigraph store.query of the same bound text (engine only):  "
         f"{_fmt_ms(out['store.query'])}")
    echo(f"  ratio {a / b:.2f}× (target ≤ 2×: {'yes' if a / b <= 2 else 'NO'})")


def _fmt_ms(runs: list[float]) -> str:
    return (f"{min(runs) * 1000:.2f} / {statistics.median(runs) * 1000:.2f} / "
            f"{max(runs) * 1000:.2f}")


def _compare_exports(built: Path, committed: Path, echo: Callable[[str], None]) -> None:
    if not built.is_dir() or not committed.is_dir():
        return
    diff = [p.name for p in sorted(built.iterdir())
            if not (committed / p.name).is_file()
            or (committed / p.name).read_bytes() != p.read_bytes()]
    echo(f"build exports byte-identical to {committed}: "
         + ("yes" if not diff else f"NO ({', '.join(diff)})"))
