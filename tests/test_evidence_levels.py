"""Evidence levels A-E and citation roles: the scale, the rule, the data, the query, the exports.

The scale and the rule are documented in ``ontology/README.md`` ("Evidence levels") and in
:mod:`kg.evidence`; every expected level below names the provenance that decides it.
"""

from __future__ import annotations

import csv
import io
import re

import pytest
from rdflib import RDF, RDFS, URIRef
from rdflib.namespace import SKOS

from kg.constants import KG, KGO, ONTOLOGY_FILE
from kg.evidence import BASE_LEVEL, LEVELS, evidence_level, record_level, trial_phases
from kg.interop.kgx import edges_tsv
from kg.interop.neo4j import edges_csv
from kg.interop.view import graph_table
from kg.loader import CurationErrors, load_curation
from kg.sparql import get_query, make_engine, run_spec

ECO = "http://purl.obolibrary.org/obo/ECO_"


def _level(g, node) -> str | None:
    lv = list(g.objects(node, KGO.evidence_level))
    assert len(lv) <= 1, f"{node} has {len(lv)} evidence levels"
    return str(g.value(lv[0], KGO.levelCode)) if lv else None


# ---------------------------------------------------------------- the scale


def test_five_levels_with_labels_and_definitions(graph):
    levels = sorted(graph.subjects(RDF.type, KGO.EvidenceLevel))
    assert levels == [KGO[f"evidence_level_{x}"] for x in "ABCDE"]
    for x, node in zip("ABCDE", levels, strict=True):
        assert str(graph.value(node, KGO.levelCode)) == x
        assert str(graph.value(node, RDFS.label)).startswith(f"{x}: ")
        assert len(str(graph.value(node, SKOS.definition))) > 40
    assert graph.value(KGO.EvidenceLevel, SKOS.note), "the assignment rule is documented"


def test_every_evidence_type_has_a_level_and_a_verified_eco_term(graph):
    """Each kgo:EvidenceType has a base level and at least one ECO term (exact, close or broad);
    every ECO id used is one listed, with its label, in the ontology's comment on where ECO ids
    were checked (eco-basic.obo, 2024-02-02 release)."""
    text = ONTOLOGY_FILE.read_text(encoding="utf-8")
    comment = " ".join(line.lstrip("# ") for line in text.splitlines() if line.startswith("#"))
    verified = set(re.findall(r"ECO:(\d{7}) [a-z]", comment))
    types = {str(graph.value(t, KGO.yamlKey)): t for t in graph.subjects(RDF.type,
                                                                          KGO.EvidenceType)}
    assert set(types) == set(BASE_LEVEL)
    for key, t in sorted(types.items()):
        eco = {str(o)[len(ECO):] for rel in (SKOS.exactMatch, SKOS.closeMatch, SKOS.broadMatch)
               for o in graph.objects(t, rel) if str(o).startswith(ECO)}
        assert eco, f"evidence type {key} has no ECO term"
        assert eco <= verified, f"{key}: ECO ids {eco - verified} not listed as verified"


# ---------------------------------------------------------------- the rule


@pytest.mark.parametrize(("evidence", "refs", "phase", "level"), [
    ("clinical_trial_phase_3", [2], None, "A"),
    ("clinical_trial_phase_3", [2], "III", "A"),
    ("clinical_trial_phase_3", [12], "disputed", "B"),  # MLL-10: III in Table 1, II registered
    ("clinical_trial_phase_3", [], "III", "B"),  # no cited report
    ("clinical_trial_phase_2", [13], "II", "B"),
    ("clinical_trial_phase_2", [], None, "C"),
    ("clinical_trial_phase_1", [46], None, "B"),
    ("pharmacokinetic_study", [39], None, "B"),
    ("pharmacokinetic_study", [], None, "C"),
    ("clinical_observational", [29, 30], None, "C"),
    ("single_cell_study", [68], None, "C"),
    ("genomic_study", [65], None, "C"),
    ("pdx_model", [], None, "D"),
    ("in_vivo_model", [50], None, "D"),
    ("in_vitro", [45], None, "D"),
    ("crispr_screen", [52], None, "D"),
    ("structural_study", [5], None, "D"),
    ("review_statement", [5, 6], None, "E"),
    ("review_statement", [], None, "E"),
    ("clinical_trial_registration", [], "III", "E"),
    ("external_record", [17], None, "E"),
])
def test_the_rule(evidence, refs, phase, level):
    assert evidence_level(evidence, refs, phase) == level


def test_an_unknown_evidence_type_has_no_level():
    with pytest.raises(KeyError):
        evidence_level("hearsay", [])


def test_every_assertion_measurement_and_claim_has_exactly_one_level(graph):
    for cls in (KGO.Assertion, KGO.Measurement, KGO.Claim):
        nodes = list(graph.subjects(RDF.type, cls))
        assert nodes
        missing = [n for n in nodes if _level(graph, n) is None]
        assert not missing, f"{len(missing)} {cls} without a level, e.g. {missing[:3]}"


def test_the_graph_applies_the_rule_to_every_record(curation, graph):
    """The level on each statement's assertion node and each measurement is the rule's."""
    phases = trial_phases(curation)
    for key, st in curation.statements.items():
        node = KG[f"assertion/{key}"]
        assert _level(graph, node) == record_level(st.evidence, st.refs, st.subject, phases), key
    for mid, m in curation.measurements.items():
        assert _level(graph, KG[mid]) == record_level(m.evidence, m.refs, m.of, phases), mid


@pytest.mark.parametrize(("record", "level"), [
    # Table 1 (ref 2): Interfant-06, phase III, cited to Pieters 2019
    ("interfant-06-efs", "A"),
    # Table 1 (ref 12): MLL-10 listed as phase III, registered phase II (conflict mll10-phase)
    ("jplsg-mll10-efs-table1", "B"),
    ("assertion/jplsg-mll10--phase", "B"),
    # Interfant Blina pilot, phase II (ref 13): DFS 49 % -> 82 %
    ("interfant-blina-pilot-dfs", "B"),
    # "5 of 231 ... (Interfant-06 Study report, 2017)": phase III trial, no cited report
    ("interfant-06-lineage-switch-share", "B"),
    # pinometostat phase I (ref 46, Stein 2018)
    ("assertion/pinometostat--inhibits--H3K79-methylation", "B"),
    # post-hoc analysis of Interfant-06 (ref 17): 6-year DFS by MRD and consolidation
    ("interfant-06-dfs-mrd-high-myeloid", "C"),
    # CRISPR-Cas9 screen in KMT2A::AFF1+ cells (ref 52)
    ("assertion/KMT2A-AFF1--depends_on--ENL-YEATS", "D"),
    # Figure 1, PDX model (unpublished data)
    ("assertion/pdx-model--tests_intervention--VXLC", "D"),
    # the review's statement with its block citation 5-10
    ("assertion/revumenib--inhibits--MEN1", "E"),
    # Table 2 design of Interfant-21 (registration)
    ("assertion/interfant-21--tests_intervention--blinatumomab", "E"),
])
def test_named_records_have_the_expected_level(graph, record, level):
    assert _level(graph, KG[record]) == level


# ---------------------------------------------------------------- the catalogue query


@pytest.fixture(scope="module")
def eng(graph):
    return make_engine("rdflib", graph=graph)


def _rows(eng, **params):
    return run_spec(get_query("statements-by-evidence-level"), eng, params).rows


def test_query_answers_every_level_exactly(eng, curation, graph):
    """Unfiltered, the query lists every statement's assertion and every measurement with the
    rule's level; with level=X it lists exactly those at X."""
    phases = trial_phases(curation)
    expected = {f"kg:assertion/{k}": record_level(s.evidence, s.refs, s.subject, phases)
                for k, s in curation.statements.items()}
    expected.update({f"kg:{k}": record_level(m.evidence, m.refs, m.of, phases)
                     for k, m in curation.measurements.items()})
    # entity attributes and types are assertions too
    for node in graph.subjects(RDF.type, KGO.Assertion):
        iri = f"kg:{str(node)[len(str(KG)):]}"
        expected.setdefault(iri, _level(graph, node))
    everything = _rows(eng)
    assert {r["record"]: r["evidence_level"] for r in everything} == expected
    assert len(everything) == len(expected)
    for x in LEVELS:
        got = _rows(eng, level=x)
        assert {r["record"] for r in got} == {k for k, v in expected.items() if v == x}, x
        assert {r["evidence_level_label"] for r in got} == {
            str(graph.value(KGO[f"evidence_level_{x}"], RDFS.label))}
    assert {r["record"] for r in _rows(eng, level="d")} == {
        k for k, v in expected.items() if v == "D"}


def test_query_rows_carry_both_citation_roles(eng):
    """pinometostat inhibits DOT1L: ref 46 (Stein 2018, the pinometostat trial) for the claim,
    refs 5-10 as the review's block citation ('DOT1L inhibitors (e.g., pinometostat)')."""
    row = next(r for r in _rows(eng, level="E")
               if r["record"] == "kg:assertion/pinometostat--inhibits--DOT1L")
    assert row["refs_list"] == "46"
    assert row["topic_refs_list"] == "5; 6; 7; 8; 9; 10"
    assert row["evidence_type"] == "review statement"


def test_preclinical_only_lists_the_crispr_screen_and_the_pdx_model(eng):
    got = {r["record"]: r for r in _rows(eng, level="D")}
    assert got["kg:assertion/KMT2A-AFF1--depends_on--ENL-YEATS"]["evidence_type"] == \
        "CRISPR screen"
    assert got["kg:pdx-treatment-start-engraftment"]["evidence_type"] == \
        "patient-derived xenograft model"
    assert all(r["evidence_level_label"] == "D: preclinical" for r in got.values())


# ---------------------------------------------------------------- citation roles


def test_block_citations_are_topic_refs_not_claim_refs(graph, review_path):
    """The review closes its menin/DOT1L paragraph ('critical for the onset and maintenance of
    leukemia.5-10') and its inhibitor sentence ('menin inhibitors (e.g., revumenib and
    ziftomenib) may be attractive options.5-10') with one block citation."""
    text = review_path.read_text(encoding="utf-8")
    assert "onset and maintenance of leukemia.<sup>5-10</sup>" in text
    assert "revumenib and ziftomenib) may be attractive options.<sup>5-10</sup>" in text

    def refs(key, prop):
        return {int(graph.value(r, KGO.reference_number))
                for r in graph.objects(KG[f"assertion/{key}"], prop)}

    for key in ("revumenib--inhibits--MEN1", "ziftomenib--inhibits--MEN1",
                "KMT2A-r-ALL--depends_on--MEN1", "KMT2A-fusion-complex--recruits--DOT1L"):
        assert refs(key, KGO.cites) == set(), key
        assert refs(key, KGO.cites_for_topic) == set(range(5, 11)), key
    assert refs("pinometostat--inhibits--DOT1L", KGO.cites) == {46}
    # specific citations stay specific: ref 5's own title (menin's MLL binding site)
    assert refs("MEN1--binds--KMT2A", KGO.cites) == {5}
    assert refs("MEN1--binds--KMT2A", KGO.cites_for_topic) == set()


def test_other_block_citations(graph, review_path):
    """'many hypotheses regarding cancer relapse emergence involve cellular heterogeneity,57-63'
    and 'Although there are no pharmacokinetic data to support this,31-35'."""
    text = review_path.read_text(encoding="utf-8")
    assert "involve cellular heterogeneity,<sup>57-63</sup>" in text
    assert "no pharmacokinetic data to support this,<sup>31-35</sup>" in text
    for key, topic in (("clonal-heterogeneity--implicated_in--relapse", set(range(57, 64))),
                       ("age-based-dose-reduction--increases_risk_of--underdosing",
                        set(range(31, 36)))):
        a = KG[f"assertion/{key}"]
        assert not set(graph.objects(a, KGO.cites)), key
        assert {int(graph.value(r, KGO.reference_number))
                for r in graph.objects(a, KGO.cites_for_topic)} == topic, key


def test_a_reference_cannot_be_both_specific_and_topic(data_copy):
    path = data_copy / "targets.yaml"
    text = path.read_text(encoding="utf-8")
    anchor = "  - subject: revumenib\n    predicate: inhibits\n    object: MEN1\n    refs: []\n"
    assert anchor in text
    path.write_text(text.replace(anchor, anchor.replace("refs: []", "refs: [5]")),
                    encoding="utf-8")
    with pytest.raises(CurationErrors, match="both 'refs' and 'topic_refs'"):
        load_curation(data_copy)


# ---------------------------------------------------------------- exports


def test_every_export_edge_has_its_level(graph):
    table = graph_table(graph)
    kgx = list(csv.DictReader(io.StringIO(edges_tsv(table).decode()), delimiter="\t"))
    neo = list(csv.DictReader(io.StringIO(edges_csv(table).decode())))
    assert len(kgx) == len(neo) == len(table.edges) > 300
    for row in (*kgx, *neo):
        assert row["evidence_level"] in LEVELS
        assert row["evidence_level_label"].startswith(row["evidence_level"] + ": ")
    for e in table.edges:
        assert e.evidence_level == _level(graph, URIRef(KG[f"assertion/{e.key}"])), e.key
    rev = next(r for r in kgx if r["id"] == "kmt2a-kg:assertion/revumenib--inhibits--MEN1")
    assert (rev["evidence_level"], rev["topic_references"]) == ("E", "5|6|7|8|9|10")
    assert rev["publications"] == "PMID:40207717"  # the review only: no claim-specific ref
