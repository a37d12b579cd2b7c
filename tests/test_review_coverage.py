"""Facts of the review that the graph lacked before issue 14 (requirement 7, coverage), each
asserted with its source: the references, evidence type and section of its assertion, and an
anchor that occurs in the review's text. Expected values are read off Stutterheim et al.,
Haematologica 2025, section by section."""

from __future__ import annotations

import pytest
from rdflib import URIRef

from kg.constants import KG, KGO
from kg.sparql import get_query, make_engine, run_spec
from tests.conftest import sparql_rows

P = """
PREFIX kg: <https://w3id.org/kmt2a-kg/id/>
PREFIX kgo: <https://w3id.org/kmt2a-kg/ontology#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""

#: (subject, predicate, object or literal, section, references) of every fact added, with the
#: review's words it rests on in the comment.
NEW_FACTS = [
    # Introduction: 'Wildtype KMT2A encodes a large multi-domain methyltransferase with critical
    # functions in embryonic development and hematopoiesis.'
    ("KMT2A", "participates_in", "embryonic-development", "Introduction", set()),
    ("KMT2A", "participates_in", "hematopoiesis", "Introduction", set()),
    # Treatment and outcomes: 'aggressive supportive care guidelines ... may underly the more
    # beneficial event-free survival achieved in the MLL-10 trial'.
    ("jplsg-mll10", "tests_intervention", "aggressive-supportive-care",
     "Treatment and outcomes: the past, present and future", set()),
    ("aggressive-supportive-care", "proposed_to_prevent", "adverse-outcome",
     "Treatment and outcomes: the past, present and future", set()),
    # 'our current knowledge on the quality of life of surviving patients is still extremely
    # limited'
    ("survivor-quality-of-life", "evidence_gap",
     "knowledge on the quality of life of surviving patients is extremely limited",
     "Treatment and outcomes: the past, present and future", set()),
    # 'There are no specific trials open for infant ALL at the moment' (CAR T cells)
    ("CD19-CAR-T-cells", "evidence_gap",
     "no trial specific to infant ALL open at the time of the review",
     "Treatment and outcomes: the past, present and future", set()),
    # High-risk criteria (refs 12, 17): age <6 months, high WBC, CNS disease; MRD additionally.
    ("high-WBC-at-diagnosis", "defines_risk_group", "high-risk-KMT2A-r-infants",
     "Treatment and outcomes: the past, present and future", {12, 17}),
    # Developmental PK: 'differences in gastric pH and bile secretion may affect absorption';
    # 'a decrease in total body water and increase in body fat during the first year of life,
    # can affect distribution'; 'CYP3A4 expression increases during the first week of life'
    # (refs 36, 37).
    ("gastric-pH", "affects_process", "drug-absorption",
     "Developmental changes in pharmacokinetics", set()),
    ("bile-secretion", "affects_process", "drug-absorption",
     "Developmental changes in pharmacokinetics", set()),
    ("total-body-water", "affects_process", "drug-distribution",
     "Developmental changes in pharmacokinetics", set()),
    ("body-fat", "affects_process", "drug-distribution",
     "Developmental changes in pharmacokinetics", set()),
    ("total-body-water", "change_in_infancy", "decreases",
     "Developmental changes in pharmacokinetics", set()),
    ("body-fat", "change_in_infancy", "increases",
     "Developmental changes in pharmacokinetics", set()),
    ("CYP3A4", "change_in_infancy", "increases",
     "Developmental changes in pharmacokinetics", {36, 37}),
    ("CYP3A4", "affects_process", "drug-metabolism",
     "Developmental changes in pharmacokinetics", {36, 37}),
    # 'Overall, for many drugs used in infant ALL pharmacological evidence for dosing is limited.'
    ("age-based-dose-reduction", "evidence_gap",
     "rests on anecdotal experience and safety, not on pharmacokinetic data; for many drugs "
     "pharmacological evidence for dosing is limited",
     "Developmental changes in pharmacokinetics", set()),
    # Table 3 footnote: 'Adapted from the Interfant-21 protocol, version 1.3, Sept 2022.'
    ("interfant-21-protocol-v1.3", "protocol_of", "interfant-21", "Age-based dose reductions",
     set()),
    ("interfant-21-protocol-v1.3", "source_of_table", "Table 3", "Age-based dose reductions",
     set()),
    # Clonal heterogeneity: relapse 'usually leading to refractory disease with a fatal outcome'
    # (ref 56).
    ("relapse", "increases_risk_of", "adverse-outcome",
     "Clonal heterogeneity underlying relapse occurrence", {56}),
    # Lineage switching: 'outcomes are poor due to the aggressive nature of the disease'.
    ("lineage-switch", "increases_risk_of", "adverse-outcome",
     "Therapy-induced lineage switching", set()),
    # CNS: 'some protocols omitting high-dose methotrexate, there might be challenges in treating
    # the CNS compartment'; NG2-directed therapy 'may reduce CNS disease' (87, 88); triple IT's
    # benefit 'is controversial'; 'our understanding of CNS infiltration ... is limited'.
    ("high-dose-methotrexate-omission", "proposed_to_increase_risk_of", "CNS-relapse",
     "Central nervous system involvement", set()),
    ("NG2-directed-therapy", "proposed_to_prevent", "CNS-involvement",
     "Central nervous system involvement", {87, 88}),
    ("triple-IT", "evidence_gap", "its benefit on outcome is controversial",
     "Central nervous system involvement", {81, 84}),
    ("CNS-involvement", "evidence_gap",
     "understanding of CNS infiltration in KMT2A-r infant ALL is limited",
     "Central nervous system involvement", set()),
    # Conclusions: targeted therapy may aid 'preventing relapses, CNS involvement, and lineage
    # switching'.
    ("KMT2A-fusion-complex-targeting", "proposed_to_prevent", "relapse", "Conclusions", set()),
    ("KMT2A-fusion-complex-targeting", "proposed_to_prevent", "CNS-involvement", "Conclusions",
     set()),
    # Figure 1 legend: NRG mice, luciferase, intravenous injection, event at 50% human cells.
    ("pdx-model", "host_strain", "NRG (immunodeficient)",
     "Comprehensive preclinical models to guide adaptation of toxic induction treatments", set()),
    ("pdx-model", "reporter", "luciferase",
     "Comprehensive preclinical models to guide adaptation of toxic induction treatments", set()),
]

FACT = P + """
SELECT ?section ?anchor ?ref WHERE {
  ?a a kgo:Assertion ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ;
     kgo:section ?section ; kgo:anchor ?anchor .
  OPTIONAL { ?a kgo:cites/kgo:reference_number ?ref }
}
"""


def _o(graph, p: URIRef, o: str):
    from rdflib import Literal

    return URIRef(KG[o]) if (URIRef(KG[o]), None, None) in graph else Literal(o)


@pytest.mark.parametrize("fact", NEW_FACTS, ids=lambda f: f"{f[0]}--{f[1]}")
def test_new_fact_is_asserted_with_its_source(graph, review_path, fact):
    from kg.review import load_review

    s, p, o, section, refs = fact
    pred = URIRef(KGO[p])
    obj = _o(graph, pred, o)
    assert (URIRef(KG[s]), pred, obj) in graph, fact
    got = sparql_rows(graph, FACT, s=URIRef(KG[s]), p=pred, o=obj)
    assert {r[0] for r in got} == {section}
    assert {int(r[2]) for r in got if r[2] is not None} == refs
    review = load_review()
    assert all(review.contains(r[1]) for r in got)


def test_the_figure_1_model_design_is_data(graph):
    """Figure 1: luciferase-expressing cells injected intravenously into NRG mice; weekly
    human CD19/CD45 fraction in blood; treatment from >1%; event at 50% human cells."""
    pdx = URIRef(KG["pdx-model"])
    assert str(graph.value(pdx, KGO.host_strain)).startswith("NRG")
    assert str(graph.value(pdx, KGO.reporter)) == "luciferase"
    assert "intravenous" in str(graph.value(pdx, KGO.route))
    assert "50%" in str(graph.value(pdx, KGO.endpoint_definition))
    markers = {str(m).rsplit("/", 1)[1] for m in graph.objects(pdx, KGO.monitored_by_marker)}
    assert markers == {"CD19", "PTPRC"}


def test_table_3_measurements_join_their_source_document(graph):
    """Every Table 3 number (8 rows: 4 age bands x MLL-10 / Interfant-06) finds the protocol
    it was adapted from through kgo:source_of_table."""
    rows = sparql_rows(graph, P + """
    SELECT DISTINCT ?m ?doc WHERE {
      ?m a kgo:Measurement ; kgo:measure kgo:EOI_MRD_REMISSION ; kgo:table ?t .
      ?doc kgo:source_of_table ?t ; kgo:protocol_version "1.3" ; kgo:protocol_of kg:interfant-21 .
    }""")
    assert len(rows) == 8
    assert {str(d).rsplit("/", 1)[1] for _, d in rows} == {"interfant-21-protocol-v1.3"}


def test_developmental_changes_by_direction(graph):
    """'a decrease in total body water and increase in body fat during the first year of life';
    'CYP3A4 expression increases during the first week of life'."""
    rows = sparql_rows(graph, P + """
    SELECT ?x ?dir ?when WHERE {
      ?x kgo:change_in_infancy ?dir .
      ?a rdf:subject ?x ; rdf:predicate kgo:change_in_infancy ; rdf:object ?dir ;
         kgo:temporal_context/kgo:yamlKey ?when .
    }""")
    assert {(str(x).rsplit("/", 1)[1], d, w) for x, d, w in rows} == {
        ("total-body-water", "decreases", "first_year_of_life"),
        ("body-fat", "increases", "first_year_of_life"),
        ("CYP3A4", "increases", "first_week_of_life"),
    }


def test_knowledge_gaps_query(graph):
    """The catalogue lists what the review says is not known or unsettled."""
    eng = make_engine("rdflib", graph=graph)
    got = run_spec(get_query("knowledge-gaps"), eng, {}).rows
    assert {r["subject"] for r in got} == {
        "kg:survivor-quality-of-life", "kg:CD19-CAR-T-cells", "kg:age-based-dose-reduction",
        "kg:triple-IT", "kg:CNS-involvement"}


def test_the_readme_lists_what_is_left_out():
    from kg.constants import DATA_DIR

    text = (DATA_DIR / "README.md").read_text(encoding="utf-8")
    assert "## Deliberately left out" in text
