"""Render the self-contained HTML page: our template, script and style, vis-network inlined.

The page's script builds the vis-network records itself from compact data (no record is
sent twice); pyvis is used only for the vis-network build it ships. pyvis's own HTML template
is not used, because it links bootstrap from a CDN and turns titles into raw HTML as soon as
one contains ``href``. The data travel as JSON inside ``<script type="application/json">``
with ``<``, ``>`` and ``&`` escaped, and the script builds every text node with
``textContent``. No node or edge has a ``title`` (no vis popups). A Content Security Policy
forbids any network request and allows only the page's own two scripts (by hash), so an
inline event handler smuggled into the data could not run even if it reached the DOM.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
from collections import Counter, defaultdict
from typing import Any

from .constants import (
    APP_CSS_FILE,
    APP_JS_FILE,
    DIM_MAX_NODES,
    DOI_URL,
    EDGE_LABEL_MAX_EDGES,
    EDGE_LENGTH,
    NEGATED_PREDICATES,
    PUBMED_URL,
    REGISTRY_URL,
    TEMPLATE_FILE,
    TRIAL_MEASURES,
    TRIAL_TABLE,
    VIS_JS_FILE,
)
from .data import VizData
from .layout import layout
from .style import class_colour, class_shape, evidence_colour, evidence_group
from .themes import OVERVIEW, THEMES, apply_theme, apply_walk

__all__ = ["render_page", "safe_json", "PHYSICS_MODES"]

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
    if mode == "auto":  # the layouts are precomputed and keep labels apart: nothing to polish
        mode = "off"
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


def _compact(record: dict[str, Any], drop: tuple[str, ...] = ()) -> dict[str, Any]:
    """A record without empty values and without fields the page derives itself."""
    return {k: v for k, v in record.items()
            if k not in drop and v not in ("", None, [], {}, False)}


def _legend(d: VizData) -> tuple[dict[str, Any], dict[str, Any]]:
    cls_count = Counter(n["category"] for n in d.nodes.values())
    classes = {}
    for key, count in sorted(cls_count.items()):
        info = d.classes.get(key, {"label": key, "group": key})
        classes[key] = {"label": info["label"], "group": info["group"], "count": count,
                        "colour": class_colour(key), "shape": class_shape(info["group"], key),
                        "ancestors": info.get("ancestors", [])}
    ev_count = Counter(e["evidence"] for e in d.edges)
    evidence = {k: {"label": d.evidence.get(k, k), "count": c, "colour": evidence_colour(k),
                    "group": evidence_group(k)}
                for k, c in sorted(ev_count.items())}
    return classes, evidence


def _refs(d: VizData, used: set[int]) -> dict[str, dict[str, Any]]:
    out = {}
    for num in sorted(used):
        r = d.references.get(num)
        if r is None:
            out[str(num)] = {"label": f"[{num}]"}
            continue
        out[str(num)] = _compact(r, ("n",))
    return out


def _views(d: VizData, index: dict[str, int]) -> dict[str, dict[str, Any]]:
    """The page's own views: the whole data, the opening view and the themes, each with its
    node list (indices into the page's node list) and precomputed positions."""
    labels = {k: v["label"] or k for k, v in d.nodes.items()}

    def view(sub: VizData, title: str, full: bool = False) -> dict[str, Any]:
        pos = layout(sub.nodes, [(e["from"], e["to"]) for e in sub.edges],
                     {k: v["category"] for k, v in sub.nodes.items()}, labels=labels)
        ids = sorted(sub.nodes)
        out: dict[str, Any] = {"title": title,
                               "pos": [c for nid in ids for c in pos[nid]]}
        if not full:
            out["nodes"] = [index[nid] for nid in ids]
        return out

    views = {"all": view(d, "The whole graph", full=True)}
    over = apply_walk(d, OVERVIEW)
    if over.nodes and len(over.nodes) < len(d.nodes):
        views["overview"] = view(over, OVERVIEW.title)
    for name, theme in THEMES.items():
        sub = apply_theme(d, name)
        if sub.nodes and len(sub.nodes) < len(d.nodes):
            views[name] = view(sub, theme.title)
    return views


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
    start: str | None = None,
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
        start: the in-page view the page opens on (``all``, ``overview`` or a theme; default
            ``overview`` for a page of the whole graph, else ``all``).

    Returns:
        The HTML text.
    """
    if physics not in PHYSICS_MODES:
        raise ValueError(f"physics must be one of {PHYSICS_MODES}, not {physics!r}")
    ids = sorted(d.nodes)
    index = {nid: i for i, nid in enumerate(ids)}
    views = _views(d, index)
    if start is None:  # the build's page opens on the overview; a focused or themed page on itself
        start = "overview" if view == "all" and "overview" in views else "all"
    if start not in views:
        raise ValueError(f"start must be one of {sorted(views)}, not {start!r}")
    phys = _physics(physics, len(d.nodes))
    big = len(d.edges) > EDGE_LABEL_MAX_EDGES
    options = {
        "autoResize": True,
        "layout": {"improvedLayout": False, "randomSeed": 1},
        "nodes": {"borderWidth": 1.5, "font": {"size": 0}},
        "edges": {"arrows": {"to": {"enabled": True, "scaleFactor": 0.7}},
                  "smooth": False, "width": 1.3, "selectionWidth": 1.2},
        "interaction": {"hover": True, "tooltipDelay": 3600000, "hideEdgesOnDrag": big,
                        "hideEdgesOnZoom": big, "navigationButtons": False,
                        "keyboard": False, "multiselect": False},
        "physics": phys,
    }
    classes, evidence = _legend(d)
    used = {r for e in d.edges for r in e["refs"] + e.get("topic_refs", [])} | {
        r for n in d.nodes.values() for r in n["refs"]} | {
        r for o in d.measurements for r in o["refs"] + o.get("topic_refs", [])} | {
        r for n in d.nodes.values() for a in n["attributes"]
        for r in (a.get("refs") or []) + (a.get("topic_refs") or [])}
    pairs: dict[frozenset[str], list[str]] = defaultdict(list)
    for e in d.edges:
        pairs[frozenset((e["from"], e["to"]))].append(e["id"])
    curve = {eid: round(0.12 + 0.14 * i, 2) for group in pairs.values() if len(group) > 1
             for i, eid in enumerate(sorted(group))}
    edges = []
    for e in d.edges:
        rec = _compact(e, ("predicate_label", "evidence_label", "from", "to"))
        rec["from"], rec["to"] = index[e["from"]], index[e["to"]]
        if e["id"] in curve:
            rec["curve"] = curve[e["id"]]
        if e["predicate"] in NEGATED_PREDICATES:
            rec["negated"] = True
        edges.append(rec)
    measurements = []
    for m in d.measurements:
        # the page reads these from the node when the node is in it
        rec = _compact(m, ("evidence_label", "measure_label", "in_graph") + (
            ("of_label", "phase", "start_year") if m["of"] in d.nodes else ()))
        if m["value"] is not None:
            rec["value"] = m["value"]
        if m["measure"] in TRIAL_MEASURES and m["table"] == TRIAL_TABLE:
            rec["outcome"] = True
        measurements.append(rec)
    measures = {m["measure"]: m["measure_label"] for m in d.measurements}
    payload = {
        "meta": {"title": title, "subtitle": subtitle, "view": view, "focus": focus,
                 "start": start, "physics": "polish" if phys["enabled"] else "off",
                 "open_chart": open_chart, "edge_labels": not big,
                 "dim": len(d.nodes) <= DIM_MAX_NODES,
                 "counts": {"nodes": len(d.nodes), "edges": len(d.edges)},
                 "urls": {"registry": REGISTRY_URL, "doi": DOI_URL, "pubmed": PUBMED_URL}},
        "options": options,
        "nodes": [_compact(d.nodes[nid], ("id",)) | {"id": nid} for nid in ids],
        "edges": edges,
        "views": views,
        "references": _refs(d, used),
        "measurements": measurements,
        "measures": dict(sorted(measures.items())),
        "classes": classes,
        "evidence": evidence,
        "evidence_types": d.evidence,
        "predicates": d.predicates,
        "attributes": d.attributes,
        "review": d.review,
    }
    vis_js = _inline(VIS_JS_FILE, "</script")
    app_js = _inline(APP_JS_FILE, "</script")
    fills = {
        "TITLE": html.escape(title),
        "HEADING": html.escape(title),
        "SUBTITLE": html.escape(subtitle),
        "CSP": html.escape(_csp([vis_js, app_js])),
        "APP_CSS": _inline(APP_CSS_FILE, "</style"),
        "VIS_JS": vis_js,
        "APP_JS": app_js,
        "DATA": safe_json(payload),
    }
    template = TEMPLATE_FILE.read_text(encoding="utf-8")
    # one pass over the template: text filled in is never scanned for placeholders again
    return re.sub(r"\{\{([A-Z_]+)\}\}", lambda m: fills[m.group(1)], template)
