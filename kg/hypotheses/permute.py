"""Degree-preserving edge swaps (XSwap; Hanhijärvi et al. 2009, as in hetnetpy.permute).

Edges are grouped by kind: (predicate, class of subject, class of object). Within a kind, two
edges ``a->b`` and ``c->d`` become ``a->d`` and ``c->b`` unless that creates a self loop or an
edge the kind already has (either direction for symmetric predicates). Every node keeps its
number of edges of each kind, so a degree-weighted path count on the permuted graph tells
what the degrees alone would give.
"""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import replace

from .hetgraph import Edge, HetGraph

__all__ = ["permute_graph"]


def permute_graph(hg: HetGraph, seed: int, swaps_per_edge: float = 10.0) -> tuple[HetGraph, dict]:
    """A degree-preserving permutation of the graph.

    Args:
        hg: the graph.
        seed: seed of the local random generator (same seed, same graph).
        swaps_per_edge: attempted swaps per edge of each kind.

    Returns:
        The permuted graph (edges keep their keys and provenance, only endpoints move) and
        statistics ``{"attempts": int, "swaps": int}``.
    """
    rng = random.Random(seed)
    kinds: dict[tuple[str, str, str], list[Edge]] = defaultdict(list)
    others: list[Edge] = []
    for e in hg.edges:
        if e.source in hg.nodes and e.target in hg.nodes:
            kinds[(e.predicate, hg.nodes[e.source].category,
                   hg.nodes[e.target].category)].append(e)
        else:
            others.append(e)
    out: list[Edge] = list(others)
    attempts = swaps = 0
    for kind in sorted(kinds):
        edges = kinds[kind]
        sym = kind[0] in hg.symmetric
        pairs = [(e.source, e.target) for e in edges]
        present = set(pairs) | ({(t, s) for s, t in pairs} if sym else set())
        m = len(pairs)
        if m >= 2:
            for _ in range(int(swaps_per_edge * m)):
                attempts += 1
                i, j = rng.randrange(m), rng.randrange(m)
                if i == j:
                    continue
                (a, b), (c, d) = pairs[i], pairs[j]
                if a == d or c == b or (a, d) in present or (c, b) in present:
                    continue
                for x in ((a, b), (c, d)):
                    present.discard(x)
                    if sym:
                        present.discard((x[1], x[0]))
                pairs[i], pairs[j] = (a, d), (c, b)
                for x in ((a, d), (c, b)):
                    present.add(x)
                    if sym:
                        present.add((x[1], x[0]))
                swaps += 1
        out += [replace(e, source=s, target=t) for e, (s, t) in zip(edges, pairs, strict=False)]
    return hg.with_edges(out), {"attempts": attempts, "swaps": swaps}
