"""`kmt2a-kg merge`: sample files in each supported format (written for these tests, in the
real formats, with malformed lines) merge into the curated graph with normalised identifiers,
per-edge provenance and a report of every malformed line and unmapped identifier.

Expected counts are worked out by hand from the files in ``tests/fixtures/merge/`` (see the
comment on each test); MEN1 is HGNC:7010 and acute lymphoblastic leukemia MONDO:0004967 in the
curated graph (``kg/data/curation/genes.yaml``, ``diseases.yaml``).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import RDF, RDFS, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV

from kg.constants import BIOLINK, KG, KGO
from kg.interop.merge import merge_files
from kg.interop.normalise import CURATED, NORMALISED, UNMAPPED, IdNormaliser

FIXTURES = Path(__file__).parent / "fixtures" / "merge"
NT, TTL = FIXTURES / "sample.nt", FIXTURES / "sample.ttl"
NODES, EDGES = FIXTURES / "sample_nodes.tsv", FIXTURES / "sample_edges.tsv"
BR = Namespace("https://bioregistry.io/")
RO = Namespace("http://purl.obolibrary.org/obo/RO_")
MEN1, ALL = KG["MEN1"], KG["ALL"]


@pytest.fixture(scope="module")
def normaliser(graph) -> IdNormaliser:
    return IdNormaliser(graph)


def _merge(graph, tmp_path: Path, *files: Path, **kw):
    out = tmp_path / "merged.nt"
    rep = merge_files(files, graph=graph, out=out, **kw)
    return rep, Graph().parse(out, format="nt")


@pytest.mark.parametrize("value,is_curie", [
    ("HGNC:7010", True),
    ("hgnc:7010", True),
    ("https://identifiers.org/hgnc:7010", True),
    ("https://identifiers.org/hgnc:7010", False),
    ("http://identifiers.org/hgnc/7010", False),
    ("https://bioregistry.io/hgnc:7010", False),
])
def test_the_same_gene_under_any_prefix_or_iri_form_is_the_curated_men1(normaliser, value,
                                                                         is_curie):
    assert normaliser.resolve(value, is_curie) == (str(MEN1), CURATED)


def test_other_identifiers_normalise_to_bioregistry_iris_or_are_counted_unmapped(normaliser):
    assert normaliser.resolve("HGNC:1100", True) == (str(BR["hgnc:1100"]), NORMALISED)
    assert normaliser.resolve("http://purl.obolibrary.org/obo/GO_0006281") == (
        str(BR["go:0006281"]), NORMALISED)
    iri, how = normaliser.resolve("foo:bar", True)
    assert how == UNMAPPED and iri.endswith("unmapped/foo:bar")
    assert normaliser.resolve("http://example.org/x") == ("http://example.org/x", UNMAPPED)
    assert normaliser.unmapped["foo:bar"] >= 1


def test_ntriples_sample(graph, tmp_path):
    """sample.nt: 11 triple lines; lines 8 (no dot), 10 (IRI with a space), 13 (unterminated
    string) are malformed; line 4 labels curated ALL (not merged); 8 triples merged, of which
    5 are edges (lines 2, 5, 7, 11, 14)."""
    rep, m = _merge(graph, tmp_path, NT)
    s = rep.sources[0]
    assert [p.line for p in s.problems] == [8, 10, 13]
    assert (s.triples, s.edges, s.skipped_curated) == (8, 5, 1)
    assert sorted(s.unmapped) == ["http://example.org/other", "http://example.org/thing"]
    assert (MEN1, RO["0002436"], BR["hgnc:1100"]) in m  # line 2, identifiers.org -> kg:MEN1
    assert (BR["hgnc:11998"], RO["0002436"], MEN1) in m  # line 14, the reverse direction
    assert list(m.objects(ALL, RDFS.label)) == list(graph.objects(ALL, RDFS.label))


def test_turtle_sample_resumes_after_a_malformed_statement(graph, tmp_path):
    """sample.ttl: statement at line 13 has an extra term, line 15 an undeclared prefix; the
    statement at line 17 after them is merged. 6 triples (the menin label at line 8 is not),
    5 edges (two at line 7, two at line 10 through a blank node, one at line 17)."""
    rep, m = _merge(graph, tmp_path, TTL)
    s = rep.sources[0]
    assert [p.line for p in s.problems] == [13, 15]
    assert "dot is expected" in s.problems[0].message
    assert "undeclared" in s.problems[1].message
    assert (s.triples, s.edges, s.skipped_curated) == (6, 5, 1)
    assert (URIRef("http://example.org/thing"), RO["0002436"], MEN1) in m
    lines = sorted(int(x) for x in m.objects(None, KGO.source_line))
    assert lines == [7, 7, 10, 10, 17]


def test_kgx_nodes_sample(graph, tmp_path):
    """sample_nodes.tsv: line 6 has 3 cells, line 7 an id that is not a CURIE; HGNC:7010 is
    curated MEN1, so its 4 facts are not merged; BRCA1 (6), aspirin (3), foo:bar (2) and
    TP53 (4) give 15 triples."""
    rep, m = _merge(graph, tmp_path, NODES)
    s = rep.sources[0]
    assert [(p.line, p.message.split()[0]) for p in s.problems] == [(6, "expected"), (7, "id")]
    assert (s.triples, s.skipped_curated) == (15, 4)
    assert (BR["hgnc:1100"], RDF.type, BIOLINK.Gene) in m
    assert (BR["hgnc:1100"], RDFS.label, Literal("BRCA1")) in m
    assert set(m.objects(BR["hgnc:1100"], KGO.synonym)) == {Literal("RNF53"), Literal("PPP1R53")}
    assert list(m.objects(MEN1, RDFS.label)) == list(graph.objects(MEN1, RDFS.label))
    assert dict(s.unmapped) == {"foo:bar": 1}


def test_kgx_edges_sample_with_provenance_and_negation(graph, tmp_path):
    """sample_edges.tsv: lines 5 (unknown predicate prefix), 6 (empty object), 7 (3 cells),
    9 (negated 'maybe') are malformed; e1 (line 2) links MEN1 to BRCA1, e2 (line 3) MEN1 to
    ALL, e3 (line 4) is negated, e7 (line 8) has an unmapped subject."""
    rep, m = _merge(graph, tmp_path, EDGES, version="v1.2")
    s = rep.sources[0]
    assert [p.line for p in s.problems] == [5, 6, 7, 9]
    assert (s.triples, s.edges, s.negated_edges) == (3, 4, 1)
    assert (MEN1, BIOLINK.interacts_with, BR["hgnc:1100"]) in m  # hgnc:7010 (lower case)
    assert (MEN1, BIOLINK.related_to, ALL) in m  # identifiers.org IRI and MONDO CURIE
    # the negated edge is a statement only, never an asserted triple
    assert (BR["chebi:15365"], BIOLINK.treats, BR["hgnc:11998"]) not in m
    neg = [st for st in m.subjects(BIOLINK.negated, Literal(True))]
    assert len(neg) == 1 and m.value(neg[0], RDF.predicate) == BIOLINK.treats
    # provenance of e1: file, SHA-256, version, line, and the KGX edge columns
    st = next(x for x in m.subjects(RDF.subject, MEN1)
              if m.value(x, RDF.object) == BR["hgnc:1100"])
    src = m.value(st, PROV.wasDerivedFrom)
    assert m.value(src, DCTERMS.title) == Literal("sample_edges.tsv")
    sha = hashlib.sha256(EDGES.read_bytes()).hexdigest()
    assert m.value(src, DCTERMS.identifier) == Literal(f"sha256:{sha}")
    assert m.value(src, OWL.versionInfo) == Literal("v1.2")
    assert int(m.value(st, KGO.source_line)) == 2
    assert set(m.objects(st, BIOLINK.publications)) == {Literal("PMID:1"), Literal("PMID:2")}
    assert m.value(st, DCTERMS.identifier) == Literal("e1")


def test_every_merged_edge_carries_its_source_and_line(graph, tmp_path):
    rep, m = _merge(graph, tmp_path, NT, TTL, NODES, EDGES)
    statements = set(m.subjects(RDF.type, RDF.Statement))
    assert len(statements) == sum(s.edges for s in rep.sources) == 5 + 5 + 0 + 4
    for st in statements:
        assert m.value(st, PROV.wasDerivedFrom) is not None, st
        assert m.value(st, KGO.source_line) is not None, st
    assert set(graph) <= set(m), "the curated graph is part of the merged graph"


def test_merge_output_is_byte_deterministic(graph, tmp_path):
    a, b = tmp_path / "a.nt", tmp_path / "b.nt"
    merge_files([NT, TTL, NODES, EDGES], graph=graph, out=a)
    merge_files([NT, TTL, NODES, EDGES], graph=graph, out=b)
    assert a.read_bytes() == b.read_bytes()


def test_catalogue_runs_on_the_merged_graph_and_an_on_disk_store(graph, tmp_path):
    """The merged graph answers the catalogue; the curated answer survives the merge
    (review, Introduction: revumenib inhibits menin)."""
    from kg.sparql import OxigraphEngine, list_queries, make_engine, run_spec

    out, store = tmp_path / "merged.nt", tmp_path / "store"
    rep = merge_files([NT, TTL, NODES, EDGES], graph=graph, out=out, store=store)
    n_distinct = len(set(ox.parse(path=str(out), format=ox.RdfFormat.N_TRIPLES)))
    assert rep.store_triples == n_distinct
    q = "SELECT ?drug WHERE { ?drug kgo:inhibits kg:MEN1 }"
    on_file = make_engine("oxigraph", merge=[out])
    on_disk = OxigraphEngine(ox.Store.read_only(str(store)))
    for eng in (on_file, on_disk):
        assert {"drug": "kg:revumenib"} in eng.select(q).rows
        for spec in list_queries():
            if not any(p.required for p in spec.params):
                run_spec(spec, eng)  # no error on the merged graph


def test_merge_command_reports_and_writes(cli, tmp_path):
    out, report = tmp_path / "merged.nt", tmp_path / "report.json"
    res = cli("merge", str(NT), str(TTL), str(NODES), str(EDGES), "-o", str(out),
              "--report", str(report), "--version", "2025-01", "--no-progress")
    assert res.exit_code == 0, res.output
    assert "sample.nt:8:" in res.output and "sample_edges.tsv:9:" in res.output
    assert "foo:bar" in res.output  # unmapped identifiers are named, not dropped silently
    doc = json.loads(report.read_text(encoding="utf-8"))
    by_name = {Path(s["path"]).name: s for s in doc["sources"]}
    assert [x["line"] for x in by_name["sample.ttl"]["malformed"]] == [13, 15]
    assert by_name["sample_edges.tsv"]["version"] == "2025-01"
    assert out.stat().st_size > 0


def test_merge_command_errors_are_one_line(cli, tmp_path):
    from click.testing import CliRunner

    from kg.cli import main

    bad = tmp_path / "graph.xyz"
    bad.write_text("x", encoding="utf-8")
    res = CliRunner().invoke(main, ["merge", str(bad), "-o", str(tmp_path / "m.nt")])
    assert res.exit_code == 1 and "unsupported format" in res.output
    res = CliRunner().invoke(main, ["merge", str(NT)])
    assert res.exit_code == 1 and "-o merged.nt" in res.output


def test_local_curies_and_gzip_input(graph, normaliser, tmp_path):
    import gzip

    assert normaliser.resolve("kmt2a-kg:MEN1", True) == (str(MEN1), CURATED)
    gz = tmp_path / "sample.nt.gz"
    gz.write_bytes(gzip.compress(NT.read_bytes()))
    rep, _ = _merge(graph, tmp_path, gz)
    s = rep.sources[0]
    assert [p.line for p in s.problems] == [8, 10, 13] and (s.triples, s.edges) == (8, 5)


def test_our_own_kgx_export_merges_back_onto_the_curated_entities(graph, curation, tmp_path):
    """Every node id of kg_nodes.tsv / kg_edges.tsv resolves to a curated entity."""
    from kg.interop.artifacts import artifacts
    from kg.interop.constants import KGX_EDGES, KGX_NODES

    files = artifacts(graph, curation)
    for name in (KGX_NODES, KGX_EDGES):
        (tmp_path / name).write_bytes(files[name])
    rep, m = _merge(graph, tmp_path, tmp_path / KGX_NODES, tmp_path / KGX_EDGES)
    nodes, edges = rep.sources
    assert not nodes.problems and not edges.problems
    assert set(nodes.outcomes) == {CURATED} and set(edges.outcomes) == {CURATED}
    assert nodes.triples == 0  # the curated records win: nothing new about them
    n_edges = files[KGX_EDGES].count(b"\n") - 1
    assert edges.edges == n_edges
    assert (KG["revumenib"], BIOLINK.affects, MEN1) in m
