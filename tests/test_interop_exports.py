"""Standard exports: every RDF export round-trips through rdflib and pyoxigraph, KGX uses only
Biolink terms that the shipped Biolink Model defines, GraphML/Cytoscape.js/Neo4j files load back
with the graph's node and edge counts.

Counts are taken from the built graph (curators keep adding records); exact expectations come
from the review (revumenib inhibits menin, Introduction and Table 3; MEN1 is HGNC:7010).
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from kg.interop.biolink import load_biolink_model
from kg.interop.constants import (
    CYTOSCAPE,
    GRAPHML,
    INFORES,
    KGX_EDGES,
    KGX_NODES,
    NEO4J_EDGES,
    NEO4J_NODES,
)
from kg.interop.kgx import EDGE_COLUMNS, NODE_COLUMNS
from kg.interop.terms import graph_from_oxigraph

RDF_EXPORTS = {
    "kg.ttl": ("turtle", ox.RdfFormat.TURTLE),
    "kg.nt": ("nt", ox.RdfFormat.N_TRIPLES),
    "kg.jsonld": ("json-ld", ox.RdfFormat.JSON_LD),
}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Graph]:
    """`kmt2a-kg build` into a temporary folder: (folder, graph it built)."""
    from kg.api import build

    out = tmp_path_factory.mktemp("exports")
    res = build(out_dir=out, shacl=False)
    return out, res.graph


def _tsv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))


def test_build_writes_every_interop_export(built):
    out, _ = built
    for name in (KGX_NODES, KGX_EDGES, GRAPHML, CYTOSCAPE, NEO4J_NODES, NEO4J_EDGES):
        assert (out / name).stat().st_size > 0, name


@pytest.mark.parametrize("name", sorted(RDF_EXPORTS))
def test_rdf_export_round_trips_through_rdflib(built, name):
    out, g = built
    back = Graph().parse(out / name, format=RDF_EXPORTS[name][0])
    assert len(back) == len(g)
    assert isomorphic(back, g), f"{name} parsed by rdflib differs from the built graph"


@pytest.mark.parametrize("name", sorted(RDF_EXPORTS))
def test_rdf_export_round_trips_through_pyoxigraph(built, name):
    out, g = built
    back = graph_from_oxigraph(ox.parse(path=str(out / name), format=RDF_EXPORTS[name][1]))
    assert len(back) == len(g)
    missing = set(g) - set(back)
    assert not missing, f"{name} parsed by pyoxigraph lacks e.g. {sorted(missing)[:3]}"
    assert isomorphic(back, g)


def test_kgx_columns_and_one_row_per_entity_and_assertion(built, nxgraph):
    out, _ = built
    nodes, edges = _tsv(out / KGX_NODES), _tsv(out / KGX_EDGES)
    assert list(nodes[0])[: len(NODE_COLUMNS)] == list(NODE_COLUMNS)
    assert list(edges[0])[: len(EDGE_COLUMNS)] == list(EDGE_COLUMNS)  # then qualifier columns
    assert len(nodes) == nxgraph.number_of_nodes()
    assert len(edges) == nxgraph.number_of_edges()
    ids = [n["id"] for n in nodes]
    assert len(set(ids)) == len(ids), "KGX node ids must be unique"
    assert {e["subject"] for e in edges} | {e["object"] for e in edges} <= set(ids)
    assert ids == sorted(ids) and [e["id"] for e in edges] == sorted(e["id"] for e in edges)


def test_kgx_categories_and_predicates_exist_in_the_shipped_biolink_model(built):
    out, _ = built
    model = load_biolink_model()
    for n in _tsv(out / KGX_NODES):
        for cat in n["category"].split("|"):
            assert cat.startswith("biolink:") and model.is_concrete_category(cat), (n["id"], cat)
    for e in _tsv(out / KGX_EDGES):
        assert model.is_concrete_predicate(e["predicate"]), (e["id"], e["predicate"])
        for cat in e["category"].split("|"):
            assert model.is_concrete_category(cat), (e["id"], cat)
        assert e["knowledge_level"] in model.enums["KnowledgeLevelEnum"]
        assert e["agent_type"] in model.enums["AgentTypeEnum"]
        assert e["primary_knowledge_source"] == INFORES
        assert e["negated"] in ("True", "False")


def test_every_class_and_predicate_in_use_has_its_own_biolink_mapping(graph):
    """No class or predicate falls back to NamedThing/related_to for want of a mapping
    (fix: add a skos:exactMatch/closeMatch/broadMatch to ontology/kmt2a-kg.ttl)."""
    from kg.interop.view import graph_table

    t = graph_table(graph)
    assert not t.mapper.fallbacks, sorted(str(x) for x in t.mapper.fallbacks)


def test_kgx_has_revumenib_inhibits_menin_with_provenance(built):
    """Review, Introduction/Table 3: revumenib is a menin inhibitor; MEN1 is HGNC:7010."""
    out, g = built
    edges = {e["id"]: e for e in _tsv(out / KGX_EDGES)}
    e = edges["kmt2a-kg:assertion/revumenib--inhibits--MEN1"]
    assert e["object"] == "HGNC:7010"
    assert e["predicate"] == "biolink:affects"  # kgo:inhibits skos:broadMatch biolink:affects
    assert e["object_direction_qualifier"] == "decreased"
    assert e["original_predicate"] == "kgo:inhibits"
    assert "PMID:40207717" in e["publications"].split("|")  # the review itself
    nodes = {n["id"]: n for n in _tsv(out / KGX_NODES)}
    assert nodes[e["subject"]]["name"].startswith("revumenib")
    assert nodes["HGNC:7010"]["category"] == "biolink:Gene"


def test_graphml_loads_back_into_networkx_with_the_same_counts(built, nxgraph):
    out, _ = built
    G = nx.read_graphml(out / GRAPHML, force_multigraph=True)
    assert G.number_of_nodes() == nxgraph.number_of_nodes()
    assert G.number_of_edges() == nxgraph.number_of_edges()
    assert G.nodes["HGNC:7010"]["category"] == "biolink:Gene"


def test_cytoscape_json_loads_back_with_the_same_counts(built, nxgraph):
    out, _ = built
    doc = json.loads((out / CYTOSCAPE).read_text(encoding="utf-8"))
    G = nx.MultiDiGraph()
    for n in doc["elements"]["nodes"]:
        G.add_node(n["data"]["id"], **n["data"])
    for e in doc["elements"]["edges"]:
        d = e["data"]
        assert d["source"] in G and d["target"] in G, d["id"]
        G.add_edge(d["source"], d["target"], key=d["id"])
    assert G.number_of_nodes() == nxgraph.number_of_nodes()
    assert G.number_of_edges() == nxgraph.number_of_edges()


def test_neo4j_csvs_use_admin_import_headers_and_resolve(built, nxgraph):
    out, _ = built
    nodes = list(csv.reader(io.StringIO((out / NEO4J_NODES).read_text(encoding="utf-8"))))
    rels = list(csv.reader(io.StringIO((out / NEO4J_EDGES).read_text(encoding="utf-8"))))
    assert nodes[0][:2] == ["id:ID", ":LABEL"]
    assert rels[0][:3] == [":START_ID", ":END_ID", ":TYPE"]
    assert len(nodes) - 1 == nxgraph.number_of_nodes()
    assert len(rels) - 1 == nxgraph.number_of_edges()
    ids = {r[0] for r in nodes[1:]}
    assert all(r[0] in ids and r[1] in ids for r in rels[1:])
    assert all(len(r) == len(rels[0]) for r in rels)


def test_interop_artifacts_are_byte_deterministic(graph, curation):
    from kg.interop.artifacts import artifacts

    assert artifacts(graph, curation) == artifacts(graph, curation)


def test_every_other_rdf_file_of_the_build_reads_the_same_in_both_parsers(built):
    """Further RDF exports (e.g. the hypotheses' Turtle) parse in rdflib and pyoxigraph to
    isomorphic graphs."""
    out, _ = built
    formats = {".ttl": ("turtle", ox.RdfFormat.TURTLE), ".nt": ("nt", ox.RdfFormat.N_TRIPLES),
               ".jsonld": ("json-ld", ox.RdfFormat.JSON_LD)}
    others = [p for p in sorted(out.iterdir())
              if p.suffix in formats and p.name not in RDF_EXPORTS]
    for path in others:
        rd, oxf = formats[path.suffix]
        a = Graph().parse(path, format=rd)
        b = graph_from_oxigraph(ox.parse(path=str(path), format=oxf))
        assert len(a) == len(b) and isomorphic(a, b), path.name
