"""Degree-weighted path counts (DWPC) as sparse matrix products, with exact simple paths.

The DWPC of Himmelstein & Baranzini (PLoS Comput Biol 2015; Hetionet, Himmelstein et al.
eLife 2017) sums, over every path that follows a metapath from a source to a target, the
product over the path's edges of ``(d_source * d_target) ** -w``, where ``d`` counts the
node's edges of that step's kind and ``w`` is the damping exponent (0.4 in Hetionet).

Each step becomes a sparse matrix ``W = D_row^-w A D_col^-w`` (``A`` the step's adjacency
between the two classes), so the degree-weighted *walk* count is the product ``W_1 ... W_L``
(hetmatpy's approach). A walk may visit a node twice when two positions of the metapath can
hold the same node; those walks are removed exactly by inclusion-exclusion over the pairs of
positions that can collide: the walks with ``v_i = v_j`` are the product with the segment
``i..j`` replaced by the diagonal of its product (a matrix whose diagonal is the closed walks),
and the walks with both ``v_i = v_{i+2}`` and ``v_{i+1} = v_{i+3}`` by the elementwise block
``W_i * W_{i+1}^T * W_{i+2}``. Adjacent positions never collide (no self loops) and the
endpoints are kept apart by zeroing source == target. Every metapath of length <= 3 is exact;
longer ones are exact unless two collision pairs cross in another pattern, which raises.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import combinations
from typing import Any

import numpy as np
import scipy.sparse as sp

from .hetgraph import Edge, HetGraph
from .metagraph import Metapath, Step

__all__ = ["PathCounter", "PathHop", "Path"]

Interval = tuple[int, int]


@dataclass(frozen=True)
class PathHop:
    """One step of a concrete path: the nodes it joins and the assertions behind it."""

    source: str
    target: str
    step: Step
    edges: tuple[Edge, ...]


@dataclass(frozen=True)
class Path:
    """A concrete path following a metapath, with its degree-weighted contribution."""

    metapath: str
    nodes: tuple[str, ...]
    hops: tuple[PathHop, ...]
    weight: float


class PathCounter:
    """Sparse step matrices of one graph, and DWPC/path enumeration over them.

    Args:
        hg: the graph.
        damping: the damping exponent ``w`` (0 gives plain path counts).
        dense_below: multiply dense numpy arrays when the graph has fewer nodes than this
            (faster for small graphs; the same arithmetic), sparse scipy matrices otherwise.
    """

    def __init__(self, hg: HetGraph, damping: float = 0.4, dense_below: int = 1500) -> None:
        self.hg = hg
        self.damping = float(damping)
        self.ids: list[str] = sorted(hg.nodes)
        self.index: dict[str, int] = {n: i for i, n in enumerate(self.ids)}
        self.n = len(self.ids)
        cats = sorted({nd.category for nd in hg.nodes.values()})
        self._cat_code = {c: i for i, c in enumerate(cats)}
        self._node_cat = np.array([self._cat_code[hg.nodes[n].category] for n in self.ids],
                                  dtype=np.int64)
        self._class_cats: dict[str, set[int]] = defaultdict(set)
        for c in cats:
            for a in hg.ancestors.get(c, {c}):
                self._class_cats[a].add(self._cat_code[c])
        pairs: dict[str, set[tuple[int, int]]] = defaultdict(set)
        self._assertions: dict[tuple[str, int, int], list[Edge]] = defaultdict(list)
        for e in hg.edges:
            if e.source not in self.index or e.target not in self.index or e.source == e.target:
                continue
            s, t = self.index[e.source], self.index[e.target]
            pairs[e.predicate].add((s, t))
            self._assertions[(e.predicate, s, t)].append(e)
        self._pred: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        for p, st in pairs.items():
            arr = np.array(sorted(st), dtype=np.int64).reshape(-1, 2)
            self._pred[p] = (arr[:, 0], arr[:, 1])
        self._init_caches(dense_below)

    def _init_caches(self, dense_below: int) -> None:
        self._step_cache: dict[tuple, tuple[sp.csr_matrix, sp.csr_matrix]] = {}
        self._op_cache: dict[tuple, Any] = {}
        self._mask_cache: dict[tuple[str, ...], np.ndarray] = {}
        self.dense = self.n < dense_below

    @classmethod
    def from_arrays(
        cls,
        ids: Sequence[str],
        categories: Sequence[str],
        edges: dict[str, tuple[np.ndarray, np.ndarray]],
        ancestors: dict[str, frozenset[str]] | None = None,
        damping: float = 0.4,
        dense_below: int = 1500,
    ) -> PathCounter:
        """A counter over index arrays, for large graphs (no per-edge provenance kept).

        Args:
            ids: node ids, index order.
            categories: class key of each node.
            edges: predicate -> (source indices, target indices).
            ancestors: class key -> itself and its superclasses.
            damping: the damping exponent.
            dense_below: see the class docstring.
        """
        self = cls.__new__(cls)
        self.hg = None  # type: ignore[assignment]
        self.damping = float(damping)
        self.ids = list(ids)
        self.index = {n: i for i, n in enumerate(self.ids)}
        self.n = len(self.ids)
        cats = sorted(set(categories))
        self._cat_code = {c: i for i, c in enumerate(cats)}
        self._node_cat = np.array([self._cat_code[c] for c in categories], dtype=np.int64)
        self._class_cats = defaultdict(set)
        for c in cats:
            for a in (ancestors or {}).get(c, {c}):
                self._class_cats[a].add(self._cat_code[c])
        self._assertions = defaultdict(list)
        self._pred = {}
        for p, (s, t) in edges.items():
            keep = s != t
            flat = _unique(s[keep].astype(np.int64) * self.n + t[keep])
            self._pred[p] = (flat // self.n, flat % self.n)
        self._init_caches(dense_below)
        return self

    # ------------------------------------------------------------------ classes and steps

    def categories(self, classes: Sequence[str]) -> set[int]:
        """Codes of the concrete classes matched by a metapath position."""
        if "*" in classes:
            return set(self._cat_code.values())
        out: set[int] = set()
        for c in classes:
            out |= self._class_cats.get(c, set())
        return out

    def mask(self, classes: Sequence[str]) -> np.ndarray:
        """Boolean vector over nodes: which nodes a metapath position admits."""
        key = tuple(classes)
        if key not in self._mask_cache:
            self._mask_cache[key] = np.isin(self._node_cat, sorted(self.categories(classes)))
        return self._mask_cache[key]

    def _pairs_of(self, src: Sequence[str], step: Step, dst: Sequence[str]
                  ) -> tuple[np.ndarray, np.ndarray]:
        """Distinct (row, column) index pairs of a step's adjacency."""
        rows: list[np.ndarray] = []
        cols: list[np.ndarray] = []
        for p in step.predicates:
            if p not in self._pred:
                continue
            s, t = self._pred[p]
            if step.direction in ("forward", "both"):
                rows.append(s)
                cols.append(t)
            if step.direction in ("backward", "both"):
                rows.append(t)
                cols.append(s)
        if not rows:
            z = np.zeros(0, dtype=np.int64)
            return z, z
        r, c = np.concatenate(rows), np.concatenate(cols)
        keep = self.mask(src)[r] & self.mask(dst)[c] & (r != c)
        flat = _unique(r[keep] * self.n + c[keep])
        return flat // self.n, flat % self.n

    def _degree_weights(self, r: np.ndarray, c: np.ndarray) -> np.ndarray:
        """Per edge ``(out-degree of its row * in-degree of its column) ** -w``."""
        out_deg = np.bincount(r, minlength=self.n)
        in_deg = np.bincount(c, minlength=self.n)
        return (out_deg[r].astype(float) * in_deg[c]) ** -self.damping

    def step_matrices(
        self, src: Sequence[str], step: Step, dst: Sequence[str]
    ) -> tuple[sp.csr_matrix, sp.csr_matrix]:
        """The step's 0/1 adjacency ``A`` and its degree-weighted form ``W`` (both n x n).

        ``W = D_out^-w A D_in^-w``: each edge weighs ``(d_out(u) d_in(v)) ** -w``, with the
        degrees counted on this step's edges only.
        """
        key = (tuple(src), step, tuple(dst))
        if key in self._step_cache:
            return self._step_cache[key]
        r, c = self._pairs_of(src, step, dst)
        A = sp.csr_matrix((np.ones(len(r)), (r, c)), shape=(self.n, self.n))
        W = sp.csr_matrix((self._degree_weights(r, c), (r, c)), shape=(self.n, self.n))
        self._step_cache[key] = (A, W)
        return A, W

    def weights(self, mp: Metapath) -> list[Any]:
        """The degree-weighted step matrices of a metapath (dense arrays for small graphs)."""
        out = []
        for i, s in enumerate(mp.steps):
            key = (tuple(mp.nodes[i]), s, tuple(mp.nodes[i + 1]))
            if key not in self._op_cache:
                if self.dense:
                    r, c = self._pairs_of(*key)
                    W = np.zeros((self.n, self.n))
                    if len(r):
                        W[r, c] = self._degree_weights(r, c)
                    self._op_cache[key] = W
                else:
                    self._op_cache[key] = self.step_matrices(*key)[1]
            out.append(self._op_cache[key])
        return out

    # ------------------------------------------------------------------ exact simple paths

    def collision_pairs(self, mp: Metapath) -> list[Interval]:
        """Pairs of positions (i, j), j - i >= 2, that can hold the same node (excluding the
        two endpoints, kept apart by zeroing source == target)."""
        L = len(mp)
        cats = [self.categories(c) for c in mp.nodes]
        return [(i, j) for i in range(L + 1) for j in range(i + 2, L + 1)
                if (i, j) != (0, L) and cats[i] & cats[j]]

    def dwpc(self, mp: Metapath, sources: Iterable[str] | None = None) -> sp.csr_matrix:
        """Degree-weighted counts of simple paths following ``mp``.

        Args:
            mp: the metapath.
            sources: row nodes (default: every node, in :attr:`ids` order).

        Returns:
            A sparse matrix, one row per source, one column per node (:attr:`ids` order).
        """
        src = list(self.ids) if sources is None else list(sources)
        rows = np.array([self.index[s] for s in src], dtype=np.int64)
        Ws = self.weights(mp)
        sel: Any = sp.csr_matrix((np.ones(len(rows)), (np.arange(len(rows)), rows)),
                                 shape=(len(rows), self.n))
        if self.dense:
            sel = sel.toarray()
        pairs = self.collision_pairs(mp)
        total: Any = np.zeros((len(rows), self.n)) if self.dense else sp.csr_matrix(
            (len(rows), self.n))
        for k in range(len(pairs) + 1):
            for subset in combinations(pairs, k):
                term = self._constrained(sel, Ws, list(subset))
                total = total + term if k % 2 == 0 else total - term
        if self.dense:
            total[np.arange(len(rows)), rows] = 0.0
            total[np.abs(total) < 1e-15] = 0.0
        total = sp.csr_matrix(total)
        # endpoints: a path never returns to its source
        r_of = np.repeat(np.arange(len(rows)), np.diff(total.indptr))
        total.data[total.indices == rows[r_of]] = 0.0
        total.data[np.abs(total.data) < 1e-15] = 0.0
        total.eliminate_zeros()
        return total

    def _constrained(self, left: Any, Ws: list[Any], cons: list[Interval]) -> Any:
        """``left @ W_0 ... W_{L-1}`` restricted to walks with v_i == v_j for each (i, j)."""
        blocks = self._blocks(Ws, 0, len(Ws), cons)
        out = left
        for b in blocks:
            out = out @ b
        return out if self.dense else sp.csr_matrix(out)

    def _blocks(self, Ws: list[Any], a: int, b: int, cons: list[Interval]) -> list[Any]:
        """Matrices whose product over positions a..b honours the constraints inside."""
        top = [c for c in cons if not any(o != c and o[0] <= c[0] and c[1] <= o[1]
                                          for o in cons)]
        top.sort()
        for x, y in zip(top, top[1:], strict=False):
            if y[0] < x[1]:  # crossing intervals
                if not (y == (x[0] + 1, x[0] + 3) and x[1] == x[0] + 2):
                    raise NotImplementedError(
                        f"collision pattern {x}, {y} is not supported; shorten the metapath")
        out: list[Any] = []
        p = a
        i = 0
        while p < b:
            if i < len(top) and top[i][0] == p:
                x = top[i]
                if i + 1 < len(top) and top[i + 1][0] < x[1]:
                    # crossing pattern (p, p+2), (p+1, p+3): x -> y -> x -> y
                    inner = [c for c in cons if c not in (x, top[i + 1])
                             and p <= c[0] and c[1] <= p + 3]
                    if inner:
                        raise NotImplementedError("nested collisions inside a crossing block")
                    out.append(_mul(_mul(Ws[p], Ws[p + 1].T), Ws[p + 2]))
                    p = p + 3
                    i += 2
                    continue
                inner = [c for c in cons if c != x and x[0] <= c[0] and c[1] <= x[1]]
                seg = self._blocks(Ws, x[0], x[1], inner)
                d = _diag_of_product(seg)
                out.append(np.diag(d) if self.dense else sp.diags(d).tocsr())
                p = x[1]
                i += 1
            else:
                out.append(Ws[p])
                p += 1
        return out

    # ------------------------------------------------------------------ enumeration

    def assertions(self, predicate: str, s: str, t: str) -> list[Edge]:
        """Assertions stating ``s predicate t``."""
        return list(self._assertions.get((predicate, self.index[s], self.index[t]), []))

    def hop_edges(self, step: Step, u: str, v: str) -> tuple[Edge, ...]:
        """The assertions that realise one hop from ``u`` to ``v`` along ``step``."""
        out: list[Edge] = []
        for p in step.predicates:
            if step.direction in ("forward", "both"):
                out += self.assertions(p, u, v)
            if step.direction in ("backward", "both"):
                out += self.assertions(p, v, u)
        return tuple(sorted(set(out), key=lambda e: e.key))

    def paths(self, mp: Metapath, source: str, target: str) -> list[Path]:
        """Every simple path from ``source`` to ``target`` following ``mp``, heaviest first.

        Their weights sum to ``dwpc(mp)[source, target]`` (used for explanations and tests).
        """
        if source not in self.index or target not in self.index or source == target:
            return []
        mats = [self.step_matrices(mp.nodes[i], s, mp.nodes[i + 1]) for i, s in
                enumerate(mp.steps)]
        t_idx = self.index[target]
        found: list[tuple[list[int], float]] = []

        def walk(pos: int, node: int, visited: list[int], w: float) -> None:
            if pos == len(mats):
                if node == t_idx:
                    found.append((list(visited), w))
                return
            A, W = mats[pos]
            lo, hi = W.indptr[node], W.indptr[node + 1]
            for nxt, wt in zip(W.indices[lo:hi], W.data[lo:hi], strict=False):
                if nxt in visited or (pos < len(mats) - 1 and nxt == t_idx):
                    continue
                visited.append(int(nxt))
                walk(pos + 1, int(nxt), visited, w * float(wt))
                visited.pop()

        walk(0, self.index[source], [self.index[source]], 1.0)
        out = []
        for nodes_idx, w in found:
            ids = tuple(self.ids[i] for i in nodes_idx)
            hops = tuple(PathHop(ids[k], ids[k + 1], mp.steps[k],
                                 self.hop_edges(mp.steps[k], ids[k], ids[k + 1]))
                         for k in range(len(mp.steps)))
            out.append(Path(mp.text, ids, hops, w))
        out.sort(key=lambda p: (-p.weight, p.nodes))
        return out


def _unique(a: np.ndarray) -> np.ndarray:
    """Sorted distinct values (sort-based: numpy 2's hash-based ``np.unique`` is far slower
    on millions of int64 keys)."""
    a = np.sort(a)
    if len(a) == 0:
        return a
    return a[np.concatenate(([True], a[1:] != a[:-1]))]


def _mul(a: Any, b: Any) -> Any:
    """Elementwise product of two dense arrays or two sparse matrices."""
    return a * b if isinstance(a, np.ndarray) else sp.csr_matrix(a.multiply(b))


def _diag_of_product(mats: list[Any]) -> np.ndarray:
    """Diagonal of ``mats[0] @ ... @ mats[-1]`` without forming the last product."""
    if len(mats) == 1:
        return np.asarray(mats[0].diagonal()).ravel()
    # sparse products even for dense operands: square dense products of mostly-zero step
    # matrices are slow, and multithreaded BLAS stalls on a loaded machine
    head = sp.csr_matrix(mats[0])
    for m in mats[1:-1]:
        head = head @ sp.csr_matrix(m)
    last = sp.csr_matrix(mats[-1])
    return np.asarray(head.multiply(last.T).sum(axis=1)).ravel()
