"""Benchmark: sparse DWPC for every drug pair of a large synthetic graph versus networkx path
enumeration on a sample (``kmt2a-kg bench hypotheses``).

The synthetic graph has drugs, genes and diseases with skewed (Zipf-like) degrees:
``Drug -inhibits> Gene``, ``Gene -interacts_with- Gene`` (symmetric, most of the edges),
``Gene -implicated_in> Disease`` and ``Drug -used_to_treat> Disease``. Both methods compute the
same DWPC over the same metapaths (exact simple paths) and must agree on the sampled pairs.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable, Iterator

import networkx as nx
import numpy as np

from .dwpc import PathCounter
from .metagraph import Metapath, parse_metapath

__all__ = ["synthetic_arrays", "nx_dwpc_from", "run_benchmark", "DRUG_DISEASE", "DRUG_DRUG"]

#: Drug -> disease metapaths scored for every drug (as in the exposure term).
DRUG_DISEASE = [
    "Drug -inhibits> Gene -implicated_in> Disease",
    "Drug -inhibits> Gene -interacts_with- Gene -implicated_in> Disease",
    "Drug -inhibits> Gene <inhibits- Drug -used_to_treat> Disease",
]
#: Drug -> drug metapaths scored for every pair (as in the pair terms).
DRUG_DRUG = [
    "Drug -inhibits> Gene <inhibits- Drug",
    "Drug -inhibits> Gene -interacts_with- Gene <inhibits- Drug",
]


def _skewed(rng: np.random.Generator, n: int, size: int, a: float = 0.8) -> np.ndarray:
    """Indices in [0, n) with a heavy-tailed (Zipf-like) frequency, shuffled."""
    ranks = np.arange(1, n + 1, dtype=float) ** -a
    p = ranks / ranks.sum()
    perm = rng.permutation(n)
    return perm[rng.choice(n, size=size, p=p)]


def _distinct(rng: np.random.Generator, draw: Callable[[int], tuple[np.ndarray, np.ndarray]],
              count: int, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Exactly ``count`` distinct (source, target) pairs without self loops, drawing more
    until there are enough."""
    keys = np.zeros(0, dtype=np.int64)
    while len(keys) < count:
        s, t = draw(int((count - len(keys)) * 1.3) + 16)
        new = s.astype(np.int64) * n + t
        keys = np.unique(np.concatenate([keys, new[s != t]]))
    keys = rng.choice(keys, size=count, replace=False)
    keys.sort()
    return keys // n, keys % n


def synthetic_arrays(nodes: int, edges: int, drugs: int, seed: int
                     ) -> tuple[list[str], list[str], dict[str, tuple[np.ndarray, np.ndarray]]]:
    """A heterogeneous drug-gene-disease graph as index arrays.

    Returns:
        (node ids, class of each node, predicate -> (source indices, target indices)).
    """
    rng = np.random.default_rng(seed)
    diseases = max(10, nodes // 50)
    genes = nodes - drugs - diseases
    ids = ([f"drug{i}" for i in range(drugs)] + [f"gene{i}" for i in range(genes)]
           + [f"disease{i}" for i in range(diseases)])
    cats = ["Drug"] * drugs + ["Gene"] * genes + ["Disease"] * diseases
    g0, d0 = drugs, drugs + genes
    n_target = edges // 100
    n_assoc = edges // 40
    n_treat = edges // 400
    n_ppi = edges - n_target - n_assoc - n_treat
    n = len(ids)
    gperm, dperm = rng.permutation(genes), rng.permutation(diseases)

    def genes_(k: int) -> np.ndarray:
        return g0 + gperm[_skewed(rng, genes, k)]

    def diseases_(k: int) -> np.ndarray:
        return d0 + dperm[_skewed(rng, diseases, k)]

    draws: dict[str, tuple[Callable[[int], tuple[np.ndarray, np.ndarray]], int]] = {
        "inhibits": (lambda k: (rng.integers(0, drugs, k), genes_(k)), n_target),
        "interacts_with": (lambda k: (genes_(k), genes_(k)), n_ppi),
        "implicated_in": (lambda k: (genes_(k), diseases_(k)), n_assoc),
        "used_to_treat": (lambda k: (rng.integers(0, drugs, k), diseases_(k)), n_treat),
    }
    out = {p: _distinct(rng, f, c, n) for p, (f, c) in draws.items()}
    return ids, cats, out


def _to_networkx(ids: list[str], cats: list[str],
                 edges: dict[str, tuple[np.ndarray, np.ndarray]]) -> nx.MultiDiGraph:
    G = nx.MultiDiGraph()
    G.add_nodes_from((i, {"category": c}) for i, c in enumerate(cats))
    for p, (s, t) in edges.items():
        G.add_edges_from(((int(a), int(b), {"predicate": p}) for a, b in zip(s, t, strict=True)
                          if a != b))
    return G


def nx_dwpc_from(G: nx.MultiDiGraph, mp: Metapath, source: int, damping: float,
                 cache: dict) -> dict[int, float]:
    """DWPC from one source to every target by enumerating simple paths in networkx.

    Degrees are counted per step (distinct neighbours through the step's predicates and
    classes), as in :class:`kg.hypotheses.dwpc.PathCounter`.
    """
    cat = G.nodes

    def nbrs(i: int, u: int, forward: bool) -> list[int]:
        key = (mp.text, i, u, forward)
        if key in cache:
            return cache[key]
        step = mp.steps[i]
        want = mp.nodes[i + 1] if forward else mp.nodes[i]
        d = step.direction if forward else {"forward": "backward", "backward": "forward",
                                            "both": "both"}[step.direction]
        out: set[int] = set()
        if d in ("forward", "both"):
            out |= {v for _, v, p in G.out_edges(u, data="predicate")
                    if p in step.predicates and cat[v]["category"] in want}
        if d in ("backward", "both"):
            out |= {v for v, _, p in G.in_edges(u, data="predicate")
                    if p in step.predicates and cat[v]["category"] in want}
        out.discard(u)
        cache[key] = sorted(out)
        return cache[key]

    result: dict[int, float] = defaultdict(float)
    L = len(mp)

    def walk(i: int, u: int, visited: list[int], w: float) -> None:
        if i == L:
            if u != source:
                result[u] += w
            return
        nb = nbrs(i, u, True)
        du = len(nb)
        for v in nb:
            if v in visited:
                continue
            dv = len(nbrs(i, v, False))
            visited.append(v)
            walk(i + 1, v, visited, w * (du * dv) ** -damping)
            visited.pop()

    walk(0, source, [source], 1.0)
    return dict(result)


def run_benchmark(nodes: int = 50_000, edges: int = 2_000_000, drugs: int = 1_000,
                  sample: int = 20, seed: int = 1,
                  echo: Callable[[str], None] | None = None) -> Iterator[str]:
    """Run the benchmark; yields the lines of its report.

    Args:
        nodes, edges, drugs: size of the synthetic graph.
        sample: drugs whose paths networkx enumerates (to every target).
        seed: seed of the graph and of the sample.
        echo: progress printer (optional).
    """
    say = echo or (lambda s: None)
    damping = 0.4
    t0 = time.perf_counter()
    ids, cats, arrays = synthetic_arrays(nodes, edges, drugs, seed)
    t_gen = time.perf_counter() - t0
    n_edges = sum(len(s) for s, _ in arrays.values())
    yield (f"synthetic graph: {len(ids):,} nodes ({drugs:,} drugs), {n_edges:,} edges "
           f"(generated in {t_gen:.1f} s, seed {seed})")

    t0 = time.perf_counter()
    pc = PathCounter.from_arrays(ids, cats, arrays, damping=damping, dense_below=0)
    mps_dd = [parse_metapath(t) for t in DRUG_DISEASE]
    mps_pp = [parse_metapath(t) for t in DRUG_DRUG]
    for mp in mps_dd + mps_pp:
        pc.weights(mp)
    t_build = time.perf_counter() - t0
    distinct = sum(len(s) for s, _ in pc._pred.values())
    yield f"distinct edges after removing duplicates and self loops: {distinct:,}"
    drug_ids = ids[:drugs]
    t0 = time.perf_counter()
    dd = [pc.dwpc(mp, drug_ids) for mp in mps_dd]
    pp = [pc.dwpc(mp, drug_ids) for mp in mps_pp]
    t_sparse = time.perf_counter() - t0
    n_dis = sum(1 for c in cats if c == "Disease")
    yield (f"sparse DWPC (scipy): step matrices {t_build:.2f} s; all {drugs:,} drugs x "
           f"{n_dis:,} diseases over {len(mps_dd)} metapaths and all "
           f"{drugs * (drugs - 1) // 2:,} drug pairs over {len(mps_pp)} metapaths: "
           f"{t_sparse:.2f} s")

    say("building the networkx graph ...")
    t0 = time.perf_counter()
    G = _to_networkx(ids, cats, arrays)
    t_nx_build = time.perf_counter() - t0
    rng = np.random.default_rng(seed + 1)
    sources = sorted(int(x) for x in rng.choice(drugs, size=min(sample, drugs), replace=False))
    cache: dict = {}
    t0 = time.perf_counter()
    worst = 0.0
    for s in sources:
        for k, mp in enumerate(mps_dd + mps_pp):
            got = nx_dwpc_from(G, mp, s, damping, cache)
            ref = (dd + pp)[k].getrow(drug_ids.index(ids[s])).toarray().ravel()
            for t, v in got.items():
                worst = max(worst, abs(v - ref[t]))
            expected_nnz = int(np.count_nonzero(ref > 1e-15))
            if expected_nnz != len([v for v in got.values() if v > 1e-15]):
                raise AssertionError(f"networkx and sparse disagree on targets of {ids[s]}")
    t_nx = time.perf_counter() - t0
    per_source = t_nx / len(sources)
    est_all = per_source * drugs
    yield (f"networkx enumeration: graph built in {t_nx_build:.1f} s; {len(sources)} sampled "
           f"drugs to every target over the same {len(mps_dd) + len(mps_pp)} metapaths: "
           f"{t_nx:.2f} s ({per_source:.2f} s per drug); all {drugs:,} drugs extrapolated: "
           f"{est_all:,.0f} s")
    yield (f"agreement on the sample: max |difference| = {worst:.2e} "
           "(sparse and enumeration agree)")
    with_prep = (est_all + t_nx_build) / (t_sparse + t_build)
    yield (f"ratio (networkx extrapolated / sparse): {est_all / t_sparse:,.0f}x for the path "
           f"counts (per drug: networkx {per_source * 1000:,.0f} ms, sparse "
           f"{t_sparse / drugs * 1000:.2f} ms); {with_prep:,.0f}x including preparation "
           "(networkx graph vs step matrices)")
