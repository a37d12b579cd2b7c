"""The graph states what the review states, with its sources (issue 'Done when' examples and
the eight coverage areas). Each expected value names where in the review it comes from."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.conftest import sparql_rows

P = """
PREFIX kg: <https://w3id.org/kmt2a-kg/id/>
PREFIX kgo: <https://w3id.org/kmt2a-kg/ontology#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""


def test_revumenib_inhibits_menin_with_its_references(graph):
    """Section 'Comprehensive preclinical models...': menin inhibitors (revumenib, ziftomenib),
    refs 5-10, the review's block citation for menin/DOT1L biology (kgo:cites_for_topic, none
    cited for the claim); ref 5 (Murai 2011) has a verified DOI and PMID."""
    assert not sparql_rows(graph, P + """
    SELECT ?r WHERE { ?a rdf:subject kg:revumenib ; rdf:predicate kgo:inhibits ;
                         rdf:object kg:MEN1 ; kgo:cites ?r }""")
    rows = sparql_rows(graph, P + """
    SELECT ?n ?doi ?pmid ?ev WHERE {
      kg:revumenib kgo:inhibits kg:MEN1 .
      ?a rdf:subject kg:revumenib ; rdf:predicate kgo:inhibits ; rdf:object kg:MEN1 ;
         kgo:evidence_type ?ev ; kgo:cites_for_topic ?r .
      ?r kgo:reference_number ?n .
      OPTIONAL { ?r kgo:doi ?doi } OPTIONAL { ?r kgo:pmid ?pmid }
    }""")
    assert {r[0] for r in rows} == {5, 6, 7, 8, 9, 10}
    assert (5, "10.1074/jbc.M111.258186", "21757704",
            "https://w3id.org/kmt2a-kg/ontology#review_statement") in {
        (r[0], r[1], r[2], str(r[3])) for r in rows}


def test_interfant_06_enrolled_476_with_6_year_efs_36_4(graph):
    """Table 1: Interfant-06, R-ADE/MAE, 2006-2016, N=476, 6-year EFS 36.4 % (ref 2)."""
    enrolled = sparql_rows(graph, P + "SELECT ?n WHERE { kg:interfant-06 kgo:enrolled ?n }")
    assert enrolled == {(476,)}
    rows = sparql_rows(graph, P + """
    SELECT ?v ?h ?ref ?table WHERE {
      kg:interfant-06 kgo:has_measurement ?m .
      ?m kgo:measure kgo:EFS ; kgo:value ?v ; kgo:time_horizon_years ?h ; kgo:table ?table ;
         kgo:cites/kgo:reference_number ?ref .
      FILTER NOT EXISTS { ?m kgo:subgroup ?sg }
    }""")
    assert rows == {(Decimal("36.4"), Decimal("6.0"), 2, "Table 1")}


def test_the_mll10_efs_conflict_keeps_both_sources(graph):
    """Table 1 prints MLL-10's 66.2 in the 5-year column; the text and ref 12 (PMID 32845001)
    give a 3-year EFS. Both claims are kept."""
    rows = sparql_rows(graph, P + """
    SELECT ?c ?label ?value ?src WHERE {
      ?c a kgo:Conflict ; kgo:concerns ?m ; kgo:has_claim ?cl .
      ?m kgo:measure kgo:EFS . kg:jplsg-mll10 kgo:has_measurement ?m .
      ?cl kgo:source_label ?label .
      OPTIONAL { ?cl kgo:claim_value ?value } OPTIONAL { ?cl kgo:source_id ?src }
    }""")
    conflicts = {str(r[0]) for r in rows}
    assert len(conflicts) >= 1
    sources = {r[3] for r in rows if r[3]}
    assert "PMID:32845001" in sources
    assert any("Table 1" in r[1] for r in rows)


AREAS = {
    "disease context": ["infant-ALL", "KMT2A-r-ALL", "AML", "MPAL", "lineage-switched-AML",
                        "KMT2A-AFF1", "KMT2A-MLLT1", "KMT2A-MLLT3", "pro-B", "age-under-1y"],
    "mechanism": ["KMT2A-fusion-complex", "MEN1", "PSIP1", "DOT1L", "H3K79-methylation", "BRD4",
                  "ENL-YEATS", "AF9-YEATS"],
    "drugs": ["revumenib", "ziftomenib", "pinometostat", "TDI-11055", "SR-0813", "venetoclax",
              "lestaurtinib", "azacitidine", "vorinostat", "bortezomib", "retinoic-acid",
              "clofarabine", "blinatumomab", "tisagenlecleucel", "NG2-directed-therapy",
              "BET-inhibitors", "VXLC", "ADE", "MAE", "triple-IT", "revumenib-pinometostat"],
    "phenomena": ["MEN1-mutations", "acquired-resistance-DOT1L-inhibition", "lineage-switch",
                  "CHD4", "CNS-involvement", "CNS-relapse", "MRD", "relapse-predictive-cells",
                  "CYP3A4", "toxicity"],
    "trials": ["interfant-99", "interfant-06", "interfant-21", "interfant-blina-pilot",
               "cog-p9407", "cog-aall0631", "jplsg-mll03", "jplsg-mll10", "jccg-mll17",
               "mll-baby", "tini1", "tini2", "cog-aall15p1", "cccg-iall-mpal-2022",
               "all-baby-2021", "cog-aall2321", "cog-aall2121", "eliana"],
    "preclinical": ["pdx-model"],
}


@pytest.mark.parametrize("area", sorted(AREAS))
def test_each_coverage_area_is_in_the_graph(curation, area):
    missing = [i for i in AREAS[area] if i not in curation.entities]
    assert not missing, f"{area}: missing {missing}"


def test_all_88_references_are_entities(graph):
    rows = sparql_rows(graph, P + """
    SELECT (COUNT(DISTINCT ?n) AS ?c) WHERE { ?r a kgo:Publication ; kgo:reference_number ?n }""")
    assert rows == {(88,)}


def test_every_entity_edge_is_sourced(curation):
    """Every statement carries evidence, a section, an anchor and a claim (the loader requires
    them; this names any record that slipped through)."""
    bad = [k for k, s in curation.statements.items()
           if not (s.evidence and s.section and s.anchor and s.claim)]
    assert not bad


def test_vxlc_is_vincristine_dexamethasone_asparaginase_cytarabine(graph):
    """Figure 1: the mouse-adapted Interfant induction VXLC = V, X, L, C."""
    rows = sparql_rows(graph, P + "SELECT ?c WHERE { kg:VXLC kgo:has_component ?c }")
    assert {str(r[0]).rsplit("/", 1)[1] for r in rows} == {
        "vincristine", "dexamethasone", "L-asparaginase", "cytarabine"}
