"""The generated-hypothesis vocabulary lives in the ontology, and the curated graph separates
'tested in patients without benefit' (Table 1) from use and from documented benefit."""

from __future__ import annotations

import pytest
from rdflib import RDF, RDFS, SKOS, Graph, URIRef
from rdflib.namespace import PROV

from kg.constants import KG, KGO
from kg.hypotheses.report import HYPOTHESIS_TERMS
from kg.schema import load_ontology

#: Table 1 and 'Treatment and outcomes': "none of these efforts led to significant
#: improvements in clinical outcome" (retinoic acid ref 25, lestaurtinib ref 11, azacitidine
#: ref 26, vorinostat ref 27).
NO_BENEFIT = {"lestaurtinib": "KMT2A-r-ALL", "retinoic-acid": "KMT2A-r-ALL",
              "azacitidine": "KMT2A-r-ALL", "vorinostat": "infant-ALL"}


@pytest.mark.parametrize("name", HYPOTHESIS_TERMS + (
    "RegimenEdit", "EditKind", "TreatmentSequence", "TreatmentPhase", "edit_kind", "backbone",
    "adds_agent", "removes_agent", "resulting_sequence", "has_phase", "phase_agent",
    "phase_position", "edit_add", "edit_replace", "edit_add_phase", "edit_sequence"))
def test_generated_vocabulary_is_declared_in_the_ontology(name):
    onto = load_ontology()
    term = KGO[name]
    assert (term, RDFS.label, None) in onto, f"kgo:{name} has no rdfs:label in the ontology"
    assert (term, SKOS.definition, None) in onto, f"kgo:{name} has no skos:definition"
    assert (term, KGO.yamlKey, None) not in onto, f"kgo:{name} is not for curators"


def test_runs_and_hypotheses_are_prov_classes():
    onto = load_ontology()
    assert (KGO.HypothesisRun, RDFS.subClassOf, PROV.Activity) in onto
    assert (KGO.GeneratedHypothesis, RDFS.subClassOf, PROV.Entity) in onto
    for c in ("CombinationHypothesis", "RegimenEdit"):
        assert (KGO[c], RDFS.subClassOf, KGO.GeneratedHypothesis) in onto


def test_tested_without_benefit_is_its_own_predicate(graph: Graph):
    twb, utt = KGO.tested_without_benefit_in, KGO.used_to_treat
    found = {str(s).removeprefix(str(KG)): str(o).removeprefix(str(KG))
             for s, o in graph.subject_objects(twb)}
    assert found == NO_BENEFIT
    for agent, disease in NO_BENEFIT.items():
        assert (KG[agent], utt, KG[disease]) not in graph
        a = URIRef(str(KG) + f"assertion/{agent}--tested_without_benefit_in--{disease}")
        assert (a, RDF.type, KGO.Assertion) in graph
        anchor = str(graph.value(a, KGO.anchor))
        assert "none of these efforts led to significant improvements" in anchor
        assert "Table 1" in str(graph.value(a, KGO.claim))
    # documented benefit: the Blina pilot (ref 13), beside its use in patients
    assert (KG.blinatumomab, utt, KG["KMT2A-r-ALL"]) in graph
    benefit = {(str(s).removeprefix(str(KG)), str(o).removeprefix(str(KG)))
               for s, o in graph.subject_objects(KGO.improves_outcome_in)}
    assert benefit == {("blinatumomab", "KMT2A-r-ALL")}
    a = URIRef(str(KG) + "assertion/blinatumomab--improves_outcome_in--KMT2A-r-ALL")
    assert "49% to 82%" in str(graph.value(a, KGO.anchor))


@pytest.fixture(scope="module")
def scorer(graph):
    from kg.hypotheses.config import load_config
    from kg.hypotheses.hetgraph import from_rdf
    from kg.hypotheses.score import Scorer

    return Scorer(from_rdf(graph), load_config())


def test_pair_scores_count_patient_outcome_both_ways(scorer):
    from kg.hypotheses.score import rank_with

    hyps = {h.agents: h for h in rank_with(scorer, size=2, permutations=0)}
    pair = next(h for a, h in hyps.items() if "lestaurtinib" in a)
    t = pair.term("patient_outcome")
    assert t.value < 0 and t.contribution < 0
    assert "lestaurtinib" in t.summary and t.paths
    assert {e.predicate for p in t.paths for h in p.hops for e in h.edges} == {
        "tested_without_benefit_in"}
    clean = next(h for a, h in hyps.items() if set(a) == {"pinometostat", "revumenib"})
    assert clean.term("patient_outcome").value == 0
    # documented benefit counts for: blinatumomab (Blina pilot, ref 13)
    blin = next(h for a, h in hyps.items() if set(a) == {"blinatumomab", "revumenib"})
    assert blin.term("patient_outcome").value > 0
    assert "blinatumomab improved outcome" in blin.term("patient_outcome").summary
