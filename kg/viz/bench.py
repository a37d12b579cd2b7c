"""Benchmark the page: build time in Python, first draw and settle time in headless Chromium.

The synthetic graph is scale-free (Barabási–Albert, seeded) with the curated graph's classes,
predicates and evidence types, so that the page does the same work per node and edge.
"""

from __future__ import annotations

import random
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import networkx as nx

from .browser import open_page
from .constants import CLASS_COLOURS, EVIDENCE_GROUPS, LAYOUT_SEED
from .data import VizData
from .page import render_page

__all__ = ["BenchRow", "BEFORE", "synthetic_data", "measure_page"]


@dataclass
class BenchRow:
    """One measured page."""

    name: str
    view: str
    nodes: int
    edges: int
    physics: str
    build_s: float
    html_mb: float
    first_draw_s: float
    settled_s: float
    select_s: float
    filter_s: float
    rendered_nodes: int
    rendered_edges: int
    external_requests: int
    console_errors: int


def synthetic_data(n_nodes: int, n_edges: int, seed: int = LAYOUT_SEED) -> VizData:
    """A seeded scale-free graph with the page's data layout.

    Args:
        n_nodes: number of nodes.
        n_edges: number of edges (at least about 2 per node).
        seed: random seed.

    Returns:
        :class:`VizData` with references, evidence and provenance on every edge.
    """
    rng = random.Random(seed)
    m = max(1, n_edges // max(1, n_nodes))
    G = nx.barabasi_albert_graph(n_nodes, m, seed=seed)
    pairs = sorted(G.edges())
    while len(pairs) < n_edges:
        a, b = rng.randrange(n_nodes), rng.randrange(n_nodes)
        if a != b:
            pairs.append((a, b))
    pairs = pairs[:n_edges]
    classes = sorted(CLASS_COLOURS)
    evidence = sorted(EVIDENCE_GROUPS)
    d = VizData()
    d.classes = {c: {"label": c, "ancestors": ["Entity"], "group": c} for c in classes}
    d.evidence = {e: e.replace("_", " ") for e in evidence}
    d.predicates = {f"p{i}": f"predicate {i}" for i in range(12)}
    d.review = {"label": "the review", "doi": "10.0/x", "pmid": "1"}
    d.references = {i: {"n": i, "label": f"[{i}] Author {2000 + i % 25}", "title": "A title",
                        "doi": f"10.1000/ref.{i}", "pmid": str(10000 + i)} for i in range(1, 89)}
    for i in range(n_nodes):
        nid = f"n{i:05d}"
        d.nodes[nid] = {
            "id": nid, "label": f"node {i}", "category": classes[i % len(classes)],
            "curie": f"HGNC:{i}", "xrefs": [], "synonyms": [f"syn{i}"], "description": "",
            "file": "synthetic", "attributes": [], "refs": [1 + i % 88],
        }
    for k, (a, b) in enumerate(pairs):
        pred = f"p{k % 12}"
        d.edges.append({
            "id": f"e{k:06d}", "from": f"n{a:05d}", "to": f"n{b:05d}", "predicate": pred,
            "predicate_label": d.predicates[pred], "refs": [1 + k % 88],
            "evidence": evidence[k % len(evidence)],
            "evidence_label": evidence[k % len(evidence)], "section": "s", "table": "",
            "figure": "", "anchor": "a few words", "claim": "a claim", "file": "synthetic",
            "conflicts": [],
        })
    return d


#: Select the node with most edges (neighbourhood highlight and details) and time it.
_SELECT_JS = """() => {
  const deg = {};
  for (const e of Object.values(kgviz.data.edges)) {
    deg[e.from] = (deg[e.from] || 0) + 1; deg[e.to] = (deg[e.to] || 0) + 1;
  }
  const hub = Object.keys(deg).sort((a, b) => deg[b] - deg[a] || (a < b ? -1 : 1))[0];
  if (!hub) return 0;
  const t = performance.now();
  kgviz.selectNode(hub, {focus: true});
  kgviz.clearSelection();
  return performance.now() - t;
}"""
#: Hide and show the most frequent class and time it.
_FILTER_JS = """() => {
  const cls = Object.entries(kgviz.data.classes).sort((a, b) => b[1].count - a[1].count)[0];
  if (!cls) return 0;
  const t = performance.now();
  kgviz.setClassVisible(cls[0], false);
  kgviz.setClassVisible(cls[0], true);
  return performance.now() - t;
}"""


#: What the page weighed and took to draw before issue 9 (curated graph, 171 nodes).
BEFORE = {"first_draw_s": (1.1, 2.0), "html_mb": 1.29}


def measure_page(
    name: str, d: VizData, physics: str, timeout_s: float = 900, view: str = "all",
    width: int = 1400, height: int = 900,
) -> BenchRow:
    """Render a page and time it in headless Chromium.

    Args:
        name: row label.
        d: the data to render.
        physics: ``polish`` or ``off``.
        timeout_s: give up waiting for the page to settle after this long.
        view: the in-page view to open (``all``: the full graph; ``start``: the page's
            opening view).
        width: viewport width.
        height: viewport height.

    Returns:
        Python build time, HTML size, time from navigation start to the first drawn frame and
        to the end of physics (equal to the first draw when physics is off), and the time to
        select the busiest node (highlight + details, then clear) and to hide and show the
        largest class.
    """
    t0 = time.perf_counter()
    html = render_page(d, physics=physics)
    build = time.perf_counter() - t0
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.html"
        path.write_text(html, encoding="utf-8")
        fragment = "" if view == "start" else f"#view={view}"
        with open_page(path, timeout_ms=int(timeout_s * 1000), fragment=fragment,
                       width=width, height=height) as (page, log):
            timing = page.evaluate("window.__kgviz_timing")
            rendered = page.evaluate("kgviz.rendered()")
            select_ms = page.evaluate(_SELECT_JS)
            filter_ms = page.evaluate(_FILTER_JS)
    return BenchRow(
        name=name, view=view, nodes=len(d.nodes), edges=len(d.edges), physics=physics,
        build_s=build, html_mb=len(html.encode()) / 1e6,
        first_draw_s=timing["firstDraw"] / 1000, settled_s=timing["settled"] / 1000,
        select_s=select_ms / 1000, filter_s=filter_ms / 1000,
        rendered_nodes=rendered["nodes"], rendered_edges=rendered["edges"],
        external_requests=len(log.external_requests), console_errors=len(log.console_errors),
    )
