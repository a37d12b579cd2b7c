"""The Python API and the provenance pattern: simple questions stay one triple pattern."""

from __future__ import annotations

import networkx as nx
from rdflib import Graph

import kg
from tests.conftest import sparql_rows

PREFIXES = """
PREFIX kg: <https://w3id.org/kmt2a-kg/id/>
PREFIX kgo: <https://w3id.org/kmt2a-kg/ontology#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""


def test_load_graph_returns_an_independent_rdflib_graph():
    g1, g2 = kg.load_graph(), kg.load_graph()
    assert isinstance(g1, Graph) and len(g1) == len(g2) > 1000
    g1.remove((None, None, None))
    assert len(kg.load_graph()) == len(g2), "callers get a copy, not the cache"


def test_which_drugs_inhibit_menin_is_one_triple_pattern(graph):
    rows = sparql_rows(graph, PREFIXES + "SELECT ?d WHERE { ?d kgo:inhibits kg:MEN1 }")
    assert ("https://w3id.org/kmt2a-kg/id/revumenib",) in {(str(r[0]),) for r in rows}


def test_the_evidence_is_reachable_in_the_same_query(graph):
    q = PREFIXES + """
    SELECT ?drug ?n ?evidence ?anchor WHERE {
      ?d kgo:inhibits kg:MEN1 ; rdfs:label ?drug .
      ?a rdf:subject ?d ; rdf:predicate kgo:inhibits ; rdf:object kg:MEN1 ;
         kgo:evidence_type/rdfs:label ?evidence ; kgo:anchor ?anchor .
      OPTIONAL { ?a kgo:cites/kgo:reference_number ?n }
    }"""
    rows = sparql_rows(graph, q)
    revumenib = {r for r in rows if r[0] == "revumenib"}
    assert revumenib, rows
    assert all(r[2] and r[3] for r in revumenib)


def test_every_asserted_triple_has_exactly_one_assertion(graph):
    q = PREFIXES + """
    SELECT (COUNT(?a) AS ?n) WHERE {
      ?a a kgo:Assertion ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o .
      FILTER NOT EXISTS { ?s ?p ?o }
    }"""
    assert sparql_rows(graph, q) == {(0,)}


def test_to_networkx_mirrors_the_curated_edges(graph, curation):
    G = kg.to_networkx(graph)
    assert isinstance(G, nx.MultiDiGraph)
    assert set(G.nodes) == set(curation.entities)
    entity_edges = {k for k, st in curation.statements.items() if st.object is not None}
    assert {k for _, _, k in G.edges(keys=True)} == entity_edges
    u, v, data = next((u, v, d) for u, v, d in G.edges(data=True) if u == "revumenib")
    assert data["predicate"] and data["claim"] and data["anchor"] and data["evidence"]
