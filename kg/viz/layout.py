"""A deterministic layout, precomputed so that the browser never has to simulate from scratch.

Each connected component is laid out on its own with a seeded force-directed layout and scaled
so that its median edge is :data:`~kg.viz.constants.EDGE_LENGTH` pixels; nodes without edges
are set in a grid grouped by class; the pieces are packed in rows, largest first. The same
graph always gives the same integer coordinates.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from functools import lru_cache

import networkx as nx
import numpy as np

from .constants import EDGE_LENGTH, LAYOUT_SEED, NODE_GAP

__all__ = ["layout"]

#: Components above this size get fewer force iterations, started from a spectral layout.
_LARGE = 1000
#: Nearest neighbours that repel a node in the layout of large components.
_NEIGHBOURS = 12


def _component(H: nx.Graph, seed: int) -> dict[str, tuple[float, float]]:
    nodes = sorted(H)
    n = len(nodes)
    if n == 1:
        return {nodes[0]: (0.0, 0.0)}
    if n == 2:
        return {nodes[0]: (0.0, 0.0), nodes[1]: (EDGE_LENGTH, 0.0)}
    # a graph rebuilt in sorted order: networkx layouts depend on insertion order
    S = nx.Graph()
    S.add_nodes_from(nodes)
    S.add_edges_from(sorted(tuple(sorted(e)) for e in H.edges()))
    if n > _LARGE:
        pos = _grid_force(nodes, list(S.edges()), seed)
    else:
        pos = nx.spring_layout(S, seed=seed, iterations=100)
    lengths = [math.dist(pos[a], pos[b]) for a, b in S.edges()]
    med = float(np.median(lengths)) if lengths else 1.0
    k = EDGE_LENGTH / med if med > 0 else 1.0
    # dense graphs: stretch further so that nodes keep apart (median nearest neighbour)
    from scipy.spatial import cKDTree

    xy = np.array([pos[v] for v in nodes], dtype=float)
    near, _ = cKDTree(xy).query(xy, k=2)
    gap = float(np.median(near[:, 1]))
    if gap > 0:
        k = max(k, NODE_GAP / gap)
    return {v: (float(pos[v][0]) * k, float(pos[v][1]) * k) for v in nodes}


def _grid_force(
    nodes: list[str], edges: list[tuple[str, str]], seed: int, iterations: int = 80
) -> dict[str, np.ndarray]:
    """Fruchterman–Reingold where each node is repelled only by its nearest neighbours
    (found with a k-d tree), like their "grid variant": n log n per iteration, where
    networkx's layouts are quadratic in time or memory (5,000 nodes: ~40 s there)."""
    from scipy.spatial import cKDTree

    n = len(nodes)
    index = {v: i for i, v in enumerate(nodes)}
    ei = np.array([[index[a], index[b]] for a, b in edges], dtype=np.int64).reshape(-1, 2)
    rng = np.random.default_rng(seed)
    k = 1.0
    side = math.sqrt(n) * k
    pos = rng.uniform(-side / 2, side / 2, size=(n, 2))
    temp = side / 8
    for it in range(iterations):
        disp = np.zeros((n, 2))
        _, nn = cKDTree(pos).query(pos, k=min(n, _NEIGHBOURS + 1))
        pairs = np.column_stack([np.repeat(np.arange(n), nn.shape[1] - 1), nn[:, 1:].ravel()])
        if len(pairs):
            d = pos[pairs[:, 0]] - pos[pairs[:, 1]]
            dist = np.maximum(np.hypot(d[:, 0], d[:, 1]), 1e-3)
            f = (k * k / dist / dist)[:, None] * d
            for c in (0, 1):
                disp[:, c] += np.bincount(pairs[:, 0], f[:, c], n)
                disp[:, c] -= np.bincount(pairs[:, 1], f[:, c], n)
        if len(ei):
            d = pos[ei[:, 0]] - pos[ei[:, 1]]
            dist = np.maximum(np.hypot(d[:, 0], d[:, 1]), 1e-3)
            f = (dist / k)[:, None] * d
            for c in (0, 1):
                disp[:, c] -= np.bincount(ei[:, 0], f[:, c], n)
                disp[:, c] += np.bincount(ei[:, 1], f[:, c], n)
        disp -= pos * (0.05 * k / side)  # a weak pull to the centre keeps loose parts close
        length = np.maximum(np.hypot(disp[:, 0], disp[:, 1]), 1e-9)
        step = np.minimum(length, temp * (1 - it / iterations) + 0.01 * k)
        pos += disp / length[:, None] * step[:, None]
    return {v: pos[i] for i, v in enumerate(nodes)}


def _grid(nodes: list[str], spacing: float) -> dict[str, tuple[float, float]]:
    cols = max(1, math.ceil(math.sqrt(len(nodes) * 2)))
    return {v: ((i % cols) * spacing, (i // cols) * spacing * 0.8) for i, v in enumerate(nodes)}


#: Label box estimate in page pixels, with room to spare: the page draws 13 px labels at
#: scale 1 and keeps them at least 11 px on screen, so they grow when the view zooms out.
_CHAR_W = 11.0
_LABEL_H = 20.0
_NODE_R = 20.0
#: Above this many nodes labels are not kept apart (quadratic in memory).
_DECLUTTER_MAX = 1500
#: Labels wrap at spaces to lines of at most this many characters (as the page draws them).
WRAP = 24


def wrap_label(text: str, width: int = WRAP) -> list[str]:
    """Greedy word wrap, the page's own rule (app.js ``wrapLabel``).

    >>> wrap_label("inappropriately enhanced gene expression at KMT2A-fusion target loci")
    ['inappropriately enhanced', 'gene expression at', 'KMT2A-fusion target loci']
    """
    lines: list[str] = []
    cur = ""
    for word in text.split(" "):
        if cur and len(cur) + 1 + len(word) > width:
            lines.append(cur)
            cur = word
        else:
            cur = cur + " " + word if cur else word
    lines.append(cur)
    return lines


def _declutter(
    pos: dict[str, tuple[float, float]], labels: Mapping[str, str], rounds: int = 120
) -> dict[str, tuple[float, float]]:
    """Move nodes apart until no two boxes (the node and its label under it) overlap.

    Each round pushes every overlapping pair apart along the axis of least overlap, half each
    way; a few rounds suffice for a laid-out graph. Deterministic (sorted ids, no randomness).
    """
    ids = sorted(pos)
    n = len(ids)
    if n < 2 or n > _DECLUTTER_MAX:
        return pos
    xy = np.array([pos[v] for v in ids], dtype=float)
    wrapped = [wrap_label(labels.get(v, v)) for v in ids]
    w = np.array([max(2 * _NODE_R, _CHAR_W * max(map(len, ls)) + 12) for ls in wrapped])
    h = np.array([2 * _NODE_R + _LABEL_H * len(ls) + 6 for ls in wrapped])
    # every box sits the same way under its node, so the nodes' offsets are the boxes' offsets
    for _ in range(rounds):
        dx = xy[:, None, 0] - xy[None, :, 0]
        dy = xy[:, None, 1] - xy[None, :, 1]
        ox = (w[:, None] + w[None, :]) / 2 - np.abs(dx)
        oy = (h[:, None] + h[None, :]) / 2 - np.abs(dy)
        hit = (ox > 0) & (oy > 0)
        hit[np.tril_indices(n)] = False
        if not hit.any():
            break
        i, j = np.nonzero(hit)
        move = np.zeros((n, 2))
        along_x = ox[i, j] < oy[i, j]
        sx = np.where(dx[i, j] >= 0, 1.0, -1.0)
        sy = np.where(dy[i, j] >= 0, 1.0, -1.0)
        px = np.where(along_x, (ox[i, j] / 2 + 1) * sx, 0.0)
        py = np.where(along_x, 0.0, (oy[i, j] / 2 + 1) * sy)
        np.add.at(move, i, np.column_stack([px, py]))
        np.add.at(move, j, -np.column_stack([px, py]))
        counts = np.bincount(np.concatenate([i, j]), minlength=n).clip(min=1)
        xy += move / np.sqrt(counts)[:, None]
    return {v: (float(xy[k, 0]), float(xy[k, 1])) for k, v in enumerate(ids)}


def layout(
    nodes: Iterable[str],
    edges: Iterable[tuple[str, str]],
    groups: Mapping[str, str] | None = None,
    seed: int = LAYOUT_SEED,
    labels: Mapping[str, str] | None = None,
) -> dict[str, tuple[int, int]]:
    """Integer x/y page coordinates for every node, the same for the same input.

    Args:
        nodes: node ids.
        edges: (source, target) pairs; direction and multiplicity are ignored.
        groups: node id -> class key, to group nodes without edges.
        seed: seed of the force-directed layout.
        labels: node id -> label; when given, nodes move apart until no two labels (or
            nodes) overlap at scale 1.

    Returns:
        Node id -> (x, y), centred near the origin.

    >>> layout(["a", "b", "c"], [("a", "b")])
    {'a': (-170, 0), 'b': (0, 0), 'c': (170, 0)}
    """
    node_list = tuple(sorted(set(nodes)))
    edge_list = tuple(sorted({(a, b) for a, b in edges if a != b}))
    group_list = tuple(sorted((groups or {}).items()))
    label_list = None if labels is None else tuple(sorted(
        (k, v) for k, v in labels.items() if k in set(node_list)))
    return dict(_layout(node_list, edge_list, group_list, seed, label_list))


@lru_cache(maxsize=32)
def _layout(
    nodes: tuple[str, ...], edges: tuple[tuple[str, str], ...],
    group_items: tuple[tuple[str, str], ...], seed: int,
    label_items: tuple[tuple[str, str], ...] | None,
) -> tuple[tuple[str, tuple[int, int]], ...]:
    """:func:`layout` on hashable, sorted input (a page renders the same views many times)."""
    labels = None if label_items is None else dict(label_items)
    U = nx.Graph()
    U.add_nodes_from(nodes)
    U.add_edges_from(edges)
    groups = dict(group_items)
    comps = sorted((sorted(c) for c in nx.connected_components(U)), key=lambda c: (-len(c), c))
    pieces: list[dict[str, tuple[float, float]]] = []
    singles: list[str] = []
    for c in comps:
        if len(c) == 1:
            singles.append(c[0])
        else:
            pieces.append(_component(U.subgraph(c), seed))
    if singles:
        singles.sort(key=lambda v: (groups.get(v, ""), v))
        pieces.append(_grid(singles, EDGE_LENGTH))

    # shelf packing: rows of pieces, no wider than the largest piece or a square's side
    boxes = []
    for p in pieces:
        xs = [x for x, _ in p.values()]
        ys = [y for _, y in p.values()]
        boxes.append((min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys)))
    margin = EDGE_LENGTH
    area = sum((w + margin) * (h + margin) for _, _, w, h in boxes)
    row_width = max([math.sqrt(area) * 1.3] + [w for _, _, w, _ in boxes])
    out: dict[str, tuple[float, float]] = {}
    x = y = row_h = 0.0
    for p, (x0, y0, w, h) in zip(pieces, boxes, strict=True):
        if x > 0 and x + w > row_width:
            x, y, row_h = 0.0, y + row_h + margin, 0.0
        for v, (px, py) in p.items():
            out[v] = (px - x0 + x, py - y0 + y)
        x += w + margin
        row_h = max(row_h, h)
    if not out:
        return ()
    if labels is not None:
        out = _declutter(out, labels)
    cx = (min(a for a, _ in out.values()) + max(a for a, _ in out.values())) / 2
    cy = (min(b for _, b in out.values()) + max(b for _, b in out.values())) / 2
    return tuple((v, (int(round(a - cx)), int(round(b - cy)))) for v, (a, b) in sorted(out.items()))
