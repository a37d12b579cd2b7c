"""Render the self-contained HTML page: pyvis builds the network, we own the page.

pyvis (0.3.2) creates the vis-network node and edge records; its own HTML template is not
used, because it links bootstrap from a CDN and turns titles into raw HTML as soon as one
contains ``href``. Our template inlines vis-network's JS and CSS from the pyvis package, our
script and our style; the data travel as JSON inside ``<script type="application/json">``
with ``<``, ``>`` and ``&`` escaped, and the script builds every text node with
``textContent``. No node or edge has a ``title`` (no pyvis/vis popups). A Content Security
Policy forbids any network request and allows only the page's own two scripts (by hash), so
an inline event handler smuggled into the data could not run even if it reached the DOM.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import math
import re
from collections import Counter, defaultdict
from typing import Any

from pyvis.network import Network

from .constants import (
    APP_CSS_FILE,
    APP_JS_FILE,
    DIM_MAX_NODES,
    EDGE_LABEL_MAX_EDGES,
    EDGE_LENGTH,
    NEGATED_PREDICATES,
    PHYSICS_MAX_NODES,
    TEMPLATE_FILE,
    VIS_CSS_FILE,
    VIS_JS_FILE,
)
from .data import VizData
from .layout import layout
from .style import (
    class_colour,
    class_shape,
    darker,
    doi_url,
    evidence_colour,
    pubmed_url,
    registry_url,
)

__all__ = ["render_page", "build_network", "safe_json", "PHYSICS_MODES"]

PHYSICS_MODES = ("auto", "polish", "off")


def safe_json(obj: Any) -> str:
    """JSON that can sit inside a ``<script>`` element: sorted keys, ASCII, no ``<``/``>``/``&``.

    >>> safe_json({"label": "</script><img src=x>"})
    '{"label":"\\\\u003c/script\\\\u003e\\\\u003cimg src=x\\\\u003e"}'
    """
    text = json.dumps(obj, sort_keys=True, ensure_ascii=True, separators=(",", ":"),
                      allow_nan=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _physics(mode: str, n_nodes: int) -> dict[str, Any]:
    if mode == "auto":
        mode = "polish" if n_nodes <= PHYSICS_MAX_NODES else "off"
    if mode == "off" or n_nodes == 0:  # nothing to simulate: vis would never report "done"
        return {"enabled": False}
    return {
        "enabled": True,
        "solver": "barnesHut",
        "barnesHut": {"gravitationalConstant": -2500, "centralGravity": 0.0,
                      "springLength": EDGE_LENGTH, "springConstant": 0.02, "damping": 0.5,
                      "avoidOverlap": 0.4},
        "stabilization": {"enabled": True, "iterations": 150, "updateInterval": 25,
                          "fit": True},
        "minVelocity": 2.0,
        "maxVelocity": 30,
    }


def build_network(d: VizData, positions: dict[str, tuple[int, int]]) -> Network:
    """A pyvis network of the data: styled nodes at fixed positions and labelled edges.

    Args:
        d: the page's data.
        positions: node id -> (x, y) from :func:`kg.viz.layout.layout`.

    Returns:
        The pyvis :class:`~pyvis.network.Network` (its HTML template is never used).
    """
    net = Network(directed=True, cdn_resources="in_line")
    degree: Counter[str] = Counter()
    for e in d.edges:
        degree[e["from"]] += 1
        degree[e["to"]] += 1
    for nid in sorted(d.nodes):
        n = d.nodes[nid]
        fill = class_colour(n["category"])
        group = d.classes.get(n["category"], {}).get("group", n["category"])
        x, y = positions[nid]
        net.add_node(
            nid, label=n["label"] or nid, shape=class_shape(group),
            color={"background": fill, "border": darker(fill),
                   "highlight": {"background": fill, "border": "#111111"},
                   "hover": {"background": fill, "border": "#111111"}},
            size=round(min(34.0, 11 + 4 * math.sqrt(degree[nid])), 1), x=x, y=y,
        )
    pairs: dict[frozenset[str], list[str]] = defaultdict(list)
    for e in d.edges:
        pairs[frozenset((e["from"], e["to"]))].append(e["id"])
    curve: dict[str, dict[str, Any]] = {}
    for ids in pairs.values():
        if len(ids) > 1:
            for i, eid in enumerate(sorted(ids)):
                curve[eid] = {"enabled": True, "type": "curvedCW",
                              "roundness": round(0.12 + 0.14 * i, 2)}
    for e in d.edges:
        colour = evidence_colour(e["evidence"])
        opts: dict[str, Any] = {
            "id": e["id"], "label": e["predicate_label"],
            "color": {"color": colour, "highlight": "#111111", "hover": "#111111"},
            "arrows": "to",
        }
        if e["predicate"] in NEGATED_PREDICATES:
            opts["dashes"] = True
        if e["id"] in curve:
            opts["smooth"] = curve[e["id"]]
        net.add_edge(e["from"], e["to"], **opts)
    return net


def _legend(d: VizData) -> tuple[dict[str, Any], dict[str, Any]]:
    cls_count = Counter(n["category"] for n in d.nodes.values())
    classes = {}
    for key, count in sorted(cls_count.items()):
        info = d.classes.get(key, {"label": key, "group": key})
        classes[key] = {"label": info["label"], "group": info["group"], "count": count,
                        "colour": class_colour(key), "shape": class_shape(info["group"])}
    ev_count = Counter(e["evidence"] for e in d.edges)
    evidence = {k: {"label": d.evidence.get(k, k), "count": c, "colour": evidence_colour(k)}
                for k, c in sorted(ev_count.items())}
    return classes, evidence


def _node_details(n: dict[str, Any]) -> dict[str, Any]:
    ids = [{"curie": c, "url": registry_url(c)} for c in [n["curie"], *n["xrefs"]] if c]
    return {**n, "identifiers": ids}


def _refs(d: VizData, used: set[int]) -> dict[str, dict[str, Any]]:
    out = {}
    for num in sorted(used):
        r = d.references.get(num)
        if r is None:
            out[str(num)] = {"n": num, "label": f"[{num}]", "title": "", "doi": "", "pmid": ""}
            continue
        out[str(num)] = {**r, "doi_url": doi_url(r["doi"]) if r["doi"] else "",
                         "pmid_url": pubmed_url(r["pmid"]) if r["pmid"] else ""}
    return out


def _inline(path: Any, closing: str) -> str:
    text: str = path.read_text(encoding="utf-8")
    if closing in text.lower():
        raise ValueError(f"{path} contains {closing!r} and cannot be inlined")
    return text


def _csp(scripts: list[str]) -> str:
    hashes = " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(s.encode()).digest()).decode() + "'"
        for s in scripts
    )
    return ("default-src 'none'; script-src " + hashes + "; style-src 'unsafe-inline'; "
            "img-src data:; font-src data:; connect-src 'none'; base-uri 'none'; "
            "form-action 'none'")


def render_page(
    d: VizData,
    title: str = "kmt2a-kg: KMT2A-rearranged infant ALL knowledge graph",
    subtitle: str = "",
    physics: str = "auto",
    open_chart: bool = False,
    view: str = "all",
    focus: str | None = None,
) -> str:
    """The complete HTML page, byte-identical for the same data and arguments.

    Args:
        d: the page's data (full, themed or focused).
        title: page title (escaped).
        subtitle: a line under the title saying what the view shows (escaped).
        physics: ``polish`` (a short stabilisation from the precomputed layout, then physics
            stops), ``off``, or ``auto`` (polish up to
            :data:`~kg.viz.constants.PHYSICS_MAX_NODES` nodes).
        open_chart: show the trials chart when the page opens.
        view: name of the view (``all``, a theme, or ``focus``), recorded in the page.
        focus: id of a node to select and describe when the page opens.

    Returns:
        The HTML text.
    """
    if physics not in PHYSICS_MODES:
        raise ValueError(f"physics must be one of {PHYSICS_MODES}, not {physics!r}")
    positions = layout(d.nodes, [(e["from"], e["to"]) for e in d.edges],
                       {k: v["category"] for k, v in d.nodes.items()})
    net = build_network(d, positions)
    vis_nodes, vis_edges, *_ = net.get_network_data()
    phys = _physics(physics, len(d.nodes))
    big = len(d.edges) > EDGE_LABEL_MAX_EDGES
    options = {
        "autoResize": True,
        "layout": {"improvedLayout": False, "randomSeed": 1},
        "nodes": {"borderWidth": 1.5, "font": {"size": 14, "face": "sans-serif",
                                               "color": "#222222", "strokeWidth": 3,
                                               "strokeColor": "#ffffff"}},
        "edges": {"arrows": {"to": {"enabled": True, "scaleFactor": 0.55}},
                  "font": {"size": 0 if big else 10, "face": "sans-serif",
                           "align": "middle", "color": "#555555", "strokeWidth": 3,
                           "strokeColor": "#ffffff"},
                  "smooth": False, "width": 1.2, "selectionWidth": 1.5},
        "interaction": {"hover": True, "tooltipDelay": 3600000, "hideEdgesOnDrag": big,
                        "hideEdgesOnZoom": big, "navigationButtons": False,
                        "keyboard": False, "multiselect": False},
        "physics": phys,
    }
    classes, evidence = _legend(d)
    used = {r for e in d.edges for r in e["refs"]} | {
        r for n in d.nodes.values() for r in n["refs"]} | {
        r for o in d.measurements for r in o["refs"]}
    payload = {
        "meta": {"title": title, "subtitle": subtitle, "view": view, "focus": focus,
                 "physics": "polish" if phys["enabled"] else "off", "open_chart": open_chart,
                 "edge_labels": not big, "dim": len(d.nodes) <= DIM_MAX_NODES,
                 "counts": {"nodes": len(d.nodes), "edges": len(d.edges)}},
        "vis": {"nodes": vis_nodes, "edges": vis_edges, "options": options},
        "nodes": {k: _node_details(v) for k, v in sorted(d.nodes.items())},
        "edges": {e["id"]: e for e in d.edges},
        "references": _refs(d, used),
        "outcomes": d.outcomes,
        "measurements": d.measurements,
        "classes": classes,
        "evidence": evidence,
        "review": {**d.review, "doi_url": doi_url(d.review.get("doi", "")),
                   "pmid_url": pubmed_url(d.review.get("pmid", ""))},
    }
    vis_js = _inline(VIS_JS_FILE, "</script")
    app_js = _inline(APP_JS_FILE, "</script")
    fills = {
        "TITLE": html.escape(title),
        "HEADING": html.escape(title),
        "SUBTITLE": html.escape(subtitle),
        "CSP": html.escape(_csp([vis_js, app_js])),
        "VIS_CSS": _inline(VIS_CSS_FILE, "</style"),
        "APP_CSS": _inline(APP_CSS_FILE, "</style"),
        "VIS_JS": vis_js,
        "APP_JS": app_js,
        "DATA": safe_json(payload),
    }
    template = TEMPLATE_FILE.read_text(encoding="utf-8")
    # one pass over the template: text filled in is never scanned for placeholders again
    return re.sub(r"\{\{([A-Z_]+)\}\}", lambda m: fills[m.group(1)], template)
