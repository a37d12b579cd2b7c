"""The HTML explorer without a browser: data, layout, themes, escaping, determinism, CLI.

The browser behaviour (offline load, search, clicks, filters, XSS) is in test_viz_browser.py.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from rdflib import RDFS, Literal

from kg.constants import KG, KGO
from kg.viz.artifacts import artifacts
from kg.viz.data import collect
from kg.viz.layout import layout
from kg.viz.page import render_page, safe_json
from kg.viz.themes import (
    OVERVIEW,
    THEMES,
    NodeNotFound,
    apply_theme,
    apply_walk,
    focus,
    resolve_node,
)

XSS = '<img src=x onerror="window.__xss=1">'


def page_data(html: str) -> dict:
    """The JSON payload embedded in a page."""
    m = re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', html, re.S)
    assert m, "page has no data block"
    return json.loads(m.group(1))


@pytest.fixture(scope="module")
def data(graph):
    return collect(graph)


@pytest.fixture(scope="module")
def html(data) -> str:
    return render_page(data)


# ------------------------------------------------------------------ data = graph


def test_nodes_and_edges_are_the_graphs(data, nxgraph):
    assert set(data.nodes) == set(nxgraph.nodes)
    assert {e["id"] for e in data.edges} == {k for _, _, k in nxgraph.edges(keys=True)}
    payload = page_data(render_page(data))
    ids = [n["id"] for n in payload["nodes"]]
    assert ids == sorted(nxgraph.nodes)
    assert {e["id"] for e in payload["edges"]} == {k for _, _, k in nxgraph.edges(keys=True)}
    for e in payload["edges"]:  # ends travel as indices into the node list
        assert nxgraph.has_edge(ids[e["from"]], ids[e["to"]], e["id"]), e["id"]
    assert payload["meta"]["counts"] == {"nodes": nxgraph.number_of_nodes(),
                                         "edges": nxgraph.number_of_edges()}
    assert len(payload["views"]["all"]["pos"]) == 2 * len(ids)


def test_page_weight(html):
    """Issue 9: at most 1.0 MB (was 1.29 MB: vis-network's 220 kB stylesheet of navigation
    images, vis records that repeated the data, and derived fields)."""
    assert len(html.encode()) <= 1_000_000


def test_views_in_the_page_match_the_python_views(data, html):
    """The page's opening view and themes are the subsets that themes.py computes."""
    payload = page_data(html)
    ids = [n["id"] for n in payload["nodes"]]
    views = payload["views"]
    assert payload["meta"]["start"] == "overview"
    got = {ids[i] for i in views["overview"]["nodes"]}
    assert got == set(apply_walk(data, OVERVIEW).nodes)
    # the review's menin story: complex, co-factor, drug, the trial that tests it
    assert {"KMT2A-fusion-complex", "MEN1", "revumenib", "cog-aall2121"} <= got
    for name in THEMES:
        assert {ids[i] for i in views[name]["nodes"]} == set(apply_theme(data, name).nodes)
        assert len(views[name]["pos"]) == 2 * len(views[name]["nodes"])


def test_class_styles_are_distinct_and_colour_blind_safe(data):
    """Every class in the legend has its own (colour, shape); colours from Paul Tol's muted
    scheme, made for colour-blind readers."""
    from kg.viz.constants import CLASS_STYLES, TOL_MUTED

    payload = page_data(render_page(data))
    pairs = [(c["colour"], c["shape"]) for c in payload["classes"].values()]
    assert len(set(pairs)) == len(pairs)
    assert set(payload["classes"]) <= set(CLASS_STYLES)
    assert {c for c, _ in CLASS_STYLES.values()} <= set(TOL_MUTED.values())
    assert len(set(CLASS_STYLES.values())) == len(CLASS_STYLES)


def test_opening_layout_keeps_labels_apart(data):
    from kg.viz.layout import _CHAR_W, _LABEL_H, _NODE_R, wrap_label

    sub = apply_walk(data, OVERVIEW)
    labels = {k: v["label"] for k, v in sub.nodes.items()}
    pos = layout(sub.nodes, [(e["from"], e["to"]) for e in sub.edges], labels=labels)
    box = {k: (max(2 * _NODE_R, _CHAR_W * max(map(len, wrap_label(v))) + 12),
               2 * _NODE_R + _LABEL_H * len(wrap_label(v)) + 6) for k, v in labels.items()}
    ids = sorted(pos)
    for i, a in enumerate(ids):
        for b in ids[i + 1:]:
            apart_x = abs(pos[a][0] - pos[b][0]) >= (box[a][0] + box[b][0]) / 2 - 1
            apart_y = abs(pos[a][1] - pos[b][1]) >= (box[a][1] + box[b][1]) / 2 - 1
            assert apart_x or apart_y, (a, b)


def test_revumenib_inhibits_menin_with_its_references(data):
    # targets.yaml; the review cites refs 5-10 at "menin inhibitors (e.g., revumenib and
    # ziftomenib)" (section on comprehensive preclinical models): a block citation for the
    # menin/DOT1L topic, so they are the edge's topic_refs, not its refs
    edge = next(e for e in data.edges if e["id"] == "revumenib--inhibits--MEN1")
    assert edge["refs"] == []
    assert edge["topic_refs"] == [5, 6, 7, 8, 9, 10]
    assert edge["evidence_level"].startswith("E: ")  # the level in words (kgo:evidence_level_E)
    assert edge["evidence_label"] and edge["anchor"] and edge["claim"]
    assert set(edge["refs"]) <= set(data.nodes["revumenib"]["refs"])


def test_references_carry_doi_and_pmid_from_the_graph(graph, data):
    for n, ref in data.references.items():
        r = KG[f"ref/{n}"]
        assert ref["doi"] == str(graph.value(r, KGO.doi) or ""), n
        assert ref["pmid"] == str(graph.value(r, KGO.pmid) or ""), n


def test_table1_outcomes(data):
    """Table 1 of the review: EFS/OS per trial, with the horizon of each value."""
    got = {(o["of"], o["measure"], o["subgroup"]): (o["value"], o["horizon_years"])
           for o in data.outcomes}
    if not got:
        pytest.skip("no Table 1 outcomes curated yet (outcomes.yaml)")
    assert got[("interfant-06", "EFS", "")] == (36.4, 6)      # Table 1: 36.4 (6 y)*
    assert got[("interfant-99", "OS", "")][0] == 43.2         # Table 1: 43.2
    assert got[("jplsg-mll03", "EFS", "")] == (43.2, 4)       # Table 1: 43.2 (4 y)
    assert got[("tini1", "EFS", "")] == (44.8, 3)             # Table 1: 44.8 (3 y)
    assert got[("interfant-06", "EFS", "non-Western countries")][0] == 28.1
    mll17 = [o for o in data.outcomes if o["of"] == "jccg-mll17"]
    assert {o["value_status"] for o in mll17} == {"awaited"}  # Table 1: Awaited
    assert all(o["table"] == "Table 1" for o in data.outcomes)


# ------------------------------------------------------------------ the page


def test_page_is_self_contained(html):
    assert not re.search(r"<(link|iframe|object|embed)\b", html, re.I)
    assert not re.search(r"<script[^>]*\bsrc\s*=", html, re.I)
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:)?//""", html, re.I)
    assert "bootstrap" not in html.lower()  # pyvis's template links it from a CDN
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html)
    assert csp and "default-src &#x27;none&#x27;" in csp.group(1)
    assert "connect-src &#x27;none&#x27;" in csp.group(1)


def test_no_popup_titles(html):
    """vis-network shows a title as a popup (pyvis as raw HTML once one contains 'href'): the
    page sets none on nodes or edges."""
    payload = page_data(html)
    for item in payload["nodes"] + payload["edges"]:
        assert "title" not in item, item["id"]
    assert "title" not in page_data(html)["options"]["nodes"]


def test_data_text_is_escaped(graph):
    g = _graph_with_xss(graph)
    html = render_page(collect(g), title=XSS, subtitle=XSS)
    assert "<img" not in html.lower()
    assert "&lt;img src=x onerror=&quot;window.__xss=1&quot;&gt;" in html  # title, subtitle
    payload = page_data(html)
    node = next(n for n in payload["nodes"] if n["id"] == "revumenib")
    assert node["label"] == XSS  # survives as text


def _graph_with_xss(graph):
    from rdflib import Graph

    g = Graph()
    g += graph
    g.set((KG.revumenib, RDFS.label, Literal(XSS)))
    g.add((KG.revumenib, KGO.synonym, Literal('<a href="javascript:window.__xss=2">x</a>')))
    return g


def test_safe_json_never_closes_the_script():
    text = safe_json({"a": "</script><script>alert(1)</script>", "b": "&amp;"})
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == {"a": "</script><script>alert(1)</script>", "b": "&amp;"}


def test_same_graph_same_bytes(graph, curation):
    first = artifacts(graph, curation)
    second = artifacts(graph, curation)
    assert list(first) == ["kg.html"]
    assert first["kg.html"] == second["kg.html"]
    assert first["kg.html"].startswith(b"<!DOCTYPE html>")


def test_physics_modes(data):
    assert page_data(render_page(data, physics="off"))["options"]["physics"] == {
        "enabled": False}
    # auto: the layouts are precomputed with labels kept apart, so nothing moves
    assert page_data(render_page(data))["options"]["physics"] == {"enabled": False}
    polish = page_data(render_page(data, physics="polish"))["options"]["physics"]
    assert polish["enabled"] and polish["stabilization"]["iterations"] == 150
    with pytest.raises(ValueError):
        render_page(data, physics="on")


# ------------------------------------------------------------------ layout


def test_layout_is_deterministic_and_separates_nodes(data):
    nodes = list(data.nodes)
    edges = [(e["from"], e["to"]) for e in data.edges]
    a = layout(nodes, edges)
    b = layout(list(reversed(nodes)), list(reversed(edges)))
    assert a == b
    assert len(set(a.values())) == len(nodes)  # no two nodes on the same spot
    assert all(isinstance(x, int) and isinstance(y, int) for x, y in a.values())


# ------------------------------------------------------------------ themes and focus


def test_focus_on_revumenib(data):
    one = focus(data, "revumenib", 1)
    assert {"revumenib", "MEN1"} <= set(one.nodes)  # revumenib inhibits MEN1 (refs 5-10)
    assert set(focus(data, "revumenib", 0).nodes) == {"revumenib"}
    two = focus(data, "revumenib", 2)
    assert set(one.nodes) <= set(two.nodes) <= set(data.nodes)
    assert all(e["from"] in two.nodes and e["to"] in two.nodes for e in two.edges)


def test_resolve_node_by_synonym_and_suggestions(data):
    assert resolve_node(data, "REVUMENIB") == "revumenib"
    assert resolve_node(data, "SNDX-5613") == "revumenib"  # agents.yaml synonym
    assert resolve_node(data, "CHEBI:758410") == "revumenib"
    with pytest.raises(NodeNotFound) as err:
        resolve_node(data, "revumenb")
    assert "revumenib" in str(err.value)


@pytest.mark.parametrize("name", sorted(THEMES))
def test_themes_keep_their_classes_and_predicates(data, name):
    theme = THEMES[name]
    sub = apply_theme(data, name)
    for nid, n in data.nodes.items():
        cls = {n["category"], *data.classes[n["category"]]["ancestors"]}
        if cls & theme.classes:
            assert nid in sub.nodes, nid
    for e in data.edges:
        if e["predicate"] in theme.predicates:
            assert e["id"] in {x["id"] for x in sub.edges}, e["id"]
    assert set(sub.nodes) < set(data.nodes)


def test_trials_theme_keeps_every_trial_and_its_outcomes(data):
    sub = apply_theme(data, "trials")
    trials = {k for k, n in data.nodes.items() if n["category"] == "ClinicalTrial"}
    assert trials <= set(sub.nodes)
    assert len(sub.outcomes) == len(data.outcomes)
    assert THEMES["trials"].open_chart


# ------------------------------------------------------------------ CLI


def test_cli_focus_writes_a_page(cli, tmp_path: Path, nxgraph):
    out = tmp_path / "out.html"
    res = cli("viz", "--focus", "revumenib", "--depth", "2", "-o", str(out))
    assert res.exit_code == 0, res.output
    payload = page_data(out.read_text())
    ids = {n["id"] for n in payload["nodes"]}
    assert "revumenib" in ids and "MEN1" in ids
    assert payload["meta"]["view"] == "focus" and payload["meta"]["start"] == "all"
    assert len(payload["nodes"]) < nxgraph.number_of_nodes()


def test_cli_theme(cli, tmp_path: Path):
    out = tmp_path / "trials.html"
    res = cli("viz", "--theme", "trials", "-o", str(out))
    assert res.exit_code == 0, res.output
    payload = page_data(out.read_text())
    assert payload["meta"]["open_chart"] is True and payload["meta"]["view"] == "trials"


def test_cli_unknown_focus_is_one_line(cli, tmp_path: Path):
    res = cli("viz", "--focus", "revumenb", "-o", str(tmp_path / "x.html"))
    assert res.exit_code == 1
    assert "no node named 'revumenb'; did you mean revumenib?" in res.output
    assert "Traceback" not in res.output
    assert not (tmp_path / "x.html").exists()


def test_build_writes_kg_html(tmp_path: Path):
    from kg.api import build

    res = build(out_dir=tmp_path, shacl=False, providers=["kg.viz.artifacts:artifacts"])
    page = (tmp_path / "kg.html").read_bytes()
    assert res.files["kg.html"] == len(page)
    assert page == artifacts(res.graph, res.curation)["kg.html"]


def test_every_measurement_reaches_its_node(data):
    """Not only Table 1: e.g. CNS relapse in Interfant-06, "(50 out of 442 [11%])" (section
    "Central nervous system involvement", ref 2)."""
    if not data.measurements:
        pytest.skip("no measurements curated yet (outcomes.yaml)")
    cns = [m for m in data.measurements if m["of"] == "interfant-06"
           and (m["numerator"], m["denominator"]) == (50, 442)]
    assert len(cns) == 1 and cns[0]["value"] == 11 and 2 in cns[0]["refs"]
    assert {o["id"] for o in data.outcomes} <= {m["id"] for m in data.measurements}
    payload = page_data(render_page(focus(data, "interfant-06", 0)))
    assert cns[0]["id"] in {m["id"] for m in payload["measurements"]}


def test_every_attribute_value_is_shown(graph, data):
    """Regression: an attribute with several values (e.g. two registry IDs of a trial) lost
    all but one, chosen by hash order, when read from the networkx view."""
    from rdflib import OWL, RDF, URIRef

    def norm(v):
        v = v.toPython() if isinstance(v, Literal) else v
        return float(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else str(v)

    from decimal import Decimal

    for nid, n in data.nodes.items():
        expected = sorted(
            (str(graph.value(p, KGO.yamlKey)), norm(float(o.toPython()) if isinstance(
                o.toPython(), Decimal) else o))
            for p, o in graph.predicate_objects(URIRef(KG[nid]))
            if isinstance(o, Literal) and (p, RDF.type, OWL.DatatypeProperty) in graph
            and (p, KGO.yamlKey, None) in graph
        )
        got = sorted((a["key"], norm(a["value"])) for a in n["attributes"])
        assert got == expected, nid


def test_same_bytes_across_hash_seeds(graph, tmp_path: Path):
    """Byte-identical pages from separate processes with different PYTHONHASHSEED (rdflib's
    triple order follows the hash seed), both reading one snapshot of the graph."""
    from tests.conftest import digests_across_hash_seeds

    digests = digests_across_hash_seeds(graph, tmp_path, (
        "from kg.viz.artifacts import artifacts; "
        "print(hashlib.sha256(artifacts(g, None)['kg.html']).hexdigest())"))
    assert len(digests) == 1


def test_cli_theme_choices_match_the_themes():
    from kg.commands.viz import _THEMES

    assert set(_THEMES) == set(THEMES)
