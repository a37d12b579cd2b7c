"""Each SHACL shape holds on the built graph and can fail on a deliberately broken copy."""

from __future__ import annotations

import pytest
from rdflib import RDF, RDFS, XSD, Graph, Literal

from kg.constants import KG, KGO
from kg.validate import validate_graph


def _copy(graph: Graph) -> Graph:
    g = Graph()
    g += graph
    return g


def _some_assertion(g: Graph):
    return sorted(g.subjects(RDF.type, KGO.Assertion))[0]


def test_the_built_graph_conforms(graph):
    report = validate_graph(graph)
    assert report.conforms, "\n".join(report.violations)


def _drop_claim(g):
    a = _some_assertion(g)
    g.remove((a, KGO.claim, None))
    return "an assertion needs a one-line claim"


def _drop_anchor(g):
    a = _some_assertion(g)
    g.remove((a, KGO.anchor, None))
    return "an assertion needs one anchor phrase"


def _two_evidence_types(g):
    a = _some_assertion(g)
    g.add((a, KGO.evidence_type, KGO.in_vitro))
    g.add((a, KGO.evidence_type, KGO.pdx_model))
    return "exactly one evidence type"


def _no_evidence_level(g):
    a = _some_assertion(g)
    g.remove((a, KGO.evidence_level, None))
    return "exactly one evidence level"


def _two_evidence_levels(g):
    m = sorted(g.subjects(RDF.type, KGO.Measurement))[0]
    g.add((m, KGO.evidence_level, KGO.evidence_level_A))
    g.add((m, KGO.evidence_level, KGO.evidence_level_E))
    return "a measurement needs exactly one evidence level"


def _two_labels(g):
    g.add((KG.MEN1, RDFS.label, Literal("a second label")))
    return "exactly one label"


def _text_value(g):
    m = KG["shacl-test-measurement"]
    g.add((KG["interfant-06"], KGO.has_measurement, m))
    g.add((m, RDF.type, KGO.Measurement))
    g.add((m, KGO.measure, KGO.EFS))
    g.add((m, KGO.value, Literal("about forty")))
    return "xsd:decimal"


def _trial_tests_a_gene(g):
    g.add((KG["interfant-06"], KGO.tests_intervention, KG.MEN1))
    return "a trial tests interventions only"


def _gene_inhibits(g):
    g.add((KG.KMT2A, KGO.inhibits, KG.MEN1))
    return "kgo:Intervention"


def _one_claim_conflict(g):
    c = KG["shacl-test-conflict"]
    g.add((c, RDF.type, KGO.Conflict))
    g.add((c, KGO.concerns, KG.MEN1))
    g.add((c, KGO.kind, Literal("internal")))
    return "at least two claims"


def _bad_doi(g):
    g.add((KG["ref/5"], KGO.doi, Literal("not-a-doi")))
    return "kgo:doi"


def _text_enrolment(g):
    g.add((KG["cog-p9407"], KGO.enrolled, Literal("one hundred")))
    return "kgo:enrolled"


def _start_year_out_of_range(g):
    g.add((KG["eliana"], KGO.start_year, Literal(1850, datatype=XSD.integer)))
    return "kgo:start_year"


def _system_not_a_system(g):
    a = _some_assertion(g)
    g.add((a, KGO.holds_in_system, KGO.in_vitro))  # the evidence type, not the system
    return "a system is a kgo:ExperimentalSystem"


def _population_is_a_gene(g):
    a = _some_assertion(g)
    g.add((a, KGO.population_context, KG.MEN1))
    return "a population context is a patient group"


def _two_temporal_contexts(g):
    a = _some_assertion(g)
    g.add((a, KGO.temporal_context, KGO.on_treatment))
    g.add((a, KGO.temporal_context, KGO.at_diagnosis))
    return "a temporal context is one kgo:TemporalContext"


def _change_without_direction(g):
    g.add((KG["body-fat"], KGO.change_in_infancy, Literal("fluctuates")))
    return "change_in_infancy is 'increases' or 'decreases'"


BREAKERS = [_drop_claim, _drop_anchor, _two_evidence_types, _no_evidence_level,
            _two_evidence_levels, _two_labels, _text_value,
            _trial_tests_a_gene, _gene_inhibits, _one_claim_conflict, _bad_doi,
            _text_enrolment, _start_year_out_of_range, _system_not_a_system,
            _population_is_a_gene, _two_temporal_contexts, _change_without_direction]


@pytest.mark.parametrize("breaker", BREAKERS, ids=lambda f: f.__name__.strip("_"))
def test_each_shape_can_fail(graph, breaker):
    g = _copy(graph)
    expected = breaker(g)
    report = validate_graph(g)
    assert not report.conforms
    assert any(expected in v for v in report.violations), "\n".join(report.violations)
