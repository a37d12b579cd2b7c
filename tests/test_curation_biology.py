"""The biology and pharmacology half of the graph answers with the review's facts and sources.

Every expected value names where it comes from in Stutterheim et al., Haematologica 2025
(section, table or figure, and the numbered reference). Facts are read from the built RDF graph
through SPARQL, so a test fails when the curation, the builder or the provenance pattern breaks.
"""

from __future__ import annotations

import pytest
from rdflib import URIRef
from rdflib.namespace import SKOS

from kg.constants import KG, KGO
from tests.conftest import sparql_rows

PREFIXES = """
PREFIX kg: <https://w3id.org/kmt2a-kg/id/>
PREFIX kgo: <https://w3id.org/kmt2a-kg/ontology#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""

#: One asserted edge: its references and evidence types (all assertions of that triple).
EDGE_PROVENANCE = PREFIXES + """
SELECT ?n ?ev WHERE {
  ?s ?p ?o .
  ?a a kgo:Assertion ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ;
     kgo:evidence_type ?evnode .
  ?evnode kgo:yamlKey ?ev .
  OPTIONAL { ?a kgo:cites/kgo:reference_number ?n }
}
"""


def _iri(local: str) -> URIRef:
    return URIRef(KG[local])


def edge(graph, s: str, p: str, o: str) -> tuple[set[int], set[str]]:
    """References and evidence types of the asserted triple kg:s kgo:p kg:o (fails if absent)."""
    rows = sparql_rows(graph, EDGE_PROVENANCE, s=_iri(s), p=URIRef(KGO[p]), o=_iri(o))
    assert rows, f"missing edge {s} {p} {o}"
    refs = {int(n) for n, _ in rows if n is not None}
    evidence = {str(ev) for _, ev in rows}
    return refs, evidence


def topic_refs(graph, s: str, p: str, o: str) -> set[int]:
    """The review's block citation (kgo:cites_for_topic) on the asserted triple."""
    q = PREFIXES + """SELECT ?n WHERE { ?a rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ;
                                      kgo:cites_for_topic/kgo:reference_number ?n }"""
    return {int(n) for (n,) in sparql_rows(graph, q, s=_iri(s), p=URIRef(KGO[p]), o=_iri(o))}


def objects(graph, s: str, p: str) -> set[str]:
    """Local ids of the objects of kg:s kgo:p."""
    q = PREFIXES + "SELECT ?o WHERE { ?s ?p ?o }"
    return {str(o).rsplit("/", 1)[-1] for (o,) in sparql_rows(graph, q, s=_iri(s),
                                                             p=URIRef(KGO[p]))}


def subjects(graph, p: str, o: str) -> set[str]:
    """Local ids of the subjects of ?s kgo:p kg:o."""
    q = PREFIXES + "SELECT ?s WHERE { ?s ?p ?o }"
    return {str(s).rsplit("/", 1)[-1] for (s,) in sparql_rows(graph, q, p=URIRef(KGO[p]),
                                                             o=_iri(o))}


# --------------------------------------------------------------------------- mechanism


def test_the_three_common_fusions_join_kmt2a_to_their_partner(graph):
    """Introduction (refs 3, 4): KMT2A fuses most commonly with AFF1, MLLT1 or MLLT3."""
    expected = {"KMT2A-AFF1": ("AFF1", "t(4;11)"), "KMT2A-MLLT1": ("MLLT1", "t(11;19)"),
                "KMT2A-MLLT3": ("MLLT3", "t(9;11)")}
    for fusion, (partner, translocation) in expected.items():
        assert objects(graph, fusion, "has_fusion_partner") == {"KMT2A", partner}
        refs, _ = edge(graph, fusion, "has_fusion_partner", partner)
        assert refs == {3, 4}
        tr = graph.value(_iri(fusion), KGO.translocation)
        assert str(tr) == translocation


def test_partner_chromosomes_as_the_introduction_gives_them(graph):
    """Introduction: KMT2A on 11q23, AFF1 on chromosome 4, MLLT1 on 19, MLLT3 on 9."""
    bands = {g: str(graph.value(_iri(g), KGO.chromosome_band))
             for g in ("KMT2A", "AFF1", "MLLT1", "MLLT3")}
    assert bands == {"KMT2A": "11q23", "AFF1": "4", "MLLT1": "19", "MLLT3": "9"}


def test_members_of_the_kmt2a_fusion_complex(graph):
    """Introduction (refs 5-10), preclinical section (refs 49-51), ref 6 title (LEDGF)."""
    members = subjects(graph, "member_of", "KMT2A-fusion-complex")
    assert members == {"KMT2A-AFF1", "KMT2A-MLLT1", "KMT2A-MLLT3", "MEN1", "DOT1L", "PSIP1",
                       "BRD4", "MLLT1", "MLLT3"}
    assert edge(graph, "MLLT1", "member_of", "KMT2A-fusion-complex")[0] == {51}
    assert edge(graph, "MLLT3", "member_of", "KMT2A-fusion-complex")[0] == {51}
    assert edge(graph, "PSIP1", "member_of", "KMT2A-fusion-complex")[0] == {6}
    # Introduction: refs 5-10 close the paragraph on menin/DOT1L biology (a block citation)
    assert edge(graph, "MEN1", "member_of", "KMT2A-fusion-complex")[0] == set()
    assert topic_refs(graph, "MEN1", "member_of", "KMT2A-fusion-complex") == set(range(5, 11))


def test_menin_is_the_adaptor_and_links_kmt2a_with_ledgf(graph):
    """Introduction (refs 5-10): menin anchors the complex on chromatin; ref 6: menin-LEDGF;
    ref 5: crystal structure of menin with its MLL binding site."""
    refs, _ = edge(graph, "MEN1", "recruits", "KMT2A-fusion-complex")
    assert not refs
    assert topic_refs(graph, "MEN1", "recruits", "KMT2A-fusion-complex") == set(range(5, 11))
    assert edge(graph, "MEN1", "binds", "PSIP1")[0] == {6}
    assert edge(graph, "MEN1", "binds", "KMT2A") == ({5}, {"structural_study"})
    assert objects(graph, "KMT2A-fusion-complex", "depends_on") == {"MEN1", "DOT1L"}


def test_dot1l_is_recruited_and_catalyses_h3k79_methylation(graph):
    """Introduction (refs 5-10, 7-9) and ref 7 title: leukemia depends on H3K79 methylation."""
    assert topic_refs(graph, "KMT2A-fusion-complex", "recruits", "DOT1L") == set(range(5, 11))
    assert edge(graph, "DOT1L", "catalyses", "H3K79-methylation")[0] == {7, 8, 9}
    assert edge(graph, "KMT2A-r-acute-leukemia", "depends_on", "H3K79-methylation")[0] == {7}
    assert {"DOT1L", "MEN1"} <= objects(graph, "KMT2A-r-ALL", "depends_on")


def test_enl_yeats_domain_is_essential_in_a_crispr_screen(graph):
    """Preclinical section (ref 52): CRISPR-Cas9 screen in KMT2A::AFF1+ cells."""
    assert edge(graph, "KMT2A-AFF1", "depends_on", "ENL-YEATS") == ({52}, {"crispr_screen"})
    assert objects(graph, "ENL-YEATS", "part_of") == {"MLLT1"}
    assert objects(graph, "AF9-YEATS", "part_of") == {"MLLT3"}


def test_brd4_and_dot1l_are_functionally_interdependent(graph):
    """Ref 49 (title): functional interdependence of BRD4 and DOT1L in MLL leukemia."""
    assert edge(graph, "BRD4", "functionally_interdependent_with", "DOT1L")[0] == {49}


# --------------------------------------------------------------------------- targets


@pytest.mark.parametrize(("drug", "target", "drug_class"), [
    ("revumenib", "MEN1", "menin-inhibitors"),
    ("ziftomenib", "MEN1", "menin-inhibitors"),
    ("pinometostat", "DOT1L", "DOT1L-inhibitors"),
    ("venetoclax", "BCL2", "BCL2-inhibitors"),
    ("lestaurtinib", "FLT3", "FLT3-inhibitors"),
    ("vorinostat", "HDAC", "HDAC-inhibitors"),
    ("TDI-11055", "ENL-YEATS", "YEATS-inhibitors"),
    ("SR-0813", "AF9-YEATS", "YEATS-inhibitors"),
    ("azacitidine", "DNA-methylation", "demethylating-agents"),
])
def test_drug_target_and_class(graph, drug, target, drug_class):
    """Treatment section (refs 11, 26, 27) and preclinical section (refs 5-10, 53-55)."""
    assert target in objects(graph, drug, "inhibits")
    assert drug_class in objects(graph, drug, "in_drug_class")
    assert target in objects(graph, drug_class, "inhibits")


def test_revumenib_inhibits_menin_citing_the_menin_references(graph):
    """Preclinical section: menin inhibitors (e.g., revumenib and ziftomenib), refs 5-10: the
    review's block citation for menin/DOT1L biology, none of them about revumenib."""
    refs, _ = edge(graph, "revumenib", "inhibits", "MEN1")
    assert not refs
    assert topic_refs(graph, "revumenib", "inhibits", "MEN1") == set(range(5, 11))


def test_revumenib_synergises_with_pinometostat_in_all_cells(graph):
    """Preclinical section (ref 45): in KMT2A-r ALL, unlike AML, quick and highly synergistic."""
    assert edge(graph, "revumenib", "synergises_with", "pinometostat") == ({45}, {"in_vitro"})
    assert objects(graph, "revumenib-pinometostat", "has_component") == {"revumenib",
                                                                         "pinometostat"}
    assert "KMT2A-r-ALL" in objects(graph, "revumenib-pinometostat", "active_against")


def test_bet_inhibitors_target_brd4(graph):
    """Preclinical section (refs 49, 50): BET inhibitors targeting BRD4; ref 50 mouse model."""
    assert edge(graph, "BET-inhibitors", "inhibits", "BRD4")[0] == {49, 50}
    assert edge(graph, "BET-inhibitors", "active_against", "KMT2A-r-ALL") == ({50},
                                                                          {"in_vivo_model"})


def test_yeats_inhibitors_cited_as_the_review_cites_them(graph):
    """Preclinical section: TDI-11055 and SR-0813 active against KMT2A-r leukemias, refs 53-55
    as printed (ref 53 describes other compounds; ref 54 TDI-11055; ref 55 SR-0813)."""
    for drug in ("TDI-11055", "SR-0813"):
        refs, _ = edge(graph, drug, "active_against", "KMT2A-r-acute-leukemia")
        assert refs == {53, 54, 55}
    assert edge(graph, "TDI-11055", "inhibits", "ENL-YEATS")[0] == {54}
    assert objects(graph, "SR-0813", "inhibits") == {"ENL-YEATS", "AF9-YEATS"}


def test_venetoclax_activity_keeps_the_printed_references(graph):
    """Preclinical section: venetoclax works on primary infant samples; refs 46-47 as printed."""
    assert edge(graph, "venetoclax", "active_against", "KMT2A-r-ALL") == ({46, 47}, {"in_vitro"})


def test_blinatumomab_is_a_cd19_bite(graph):
    """Treatment section (ref 13): bispecific T-cell engager blinatumomab targeting CD19."""
    assert edge(graph, "blinatumomab", "targets", "CD19")[0] == {13}
    assert objects(graph, "blinatumomab", "in_drug_class") == {"bispecific-T-cell-engagers"}
    assert objects(graph, "tisagenlecleucel", "targets") == {"CD19"}


def test_drugs_that_disrupt_the_fusion_complex(graph):
    """Preclinical section: menin, DOT1L, BET and YEATS inhibitors all act on the complex."""
    assert {"menin-inhibitors", "DOT1L-inhibitors", "BET-inhibitors", "YEATS-inhibitors"} <= (
        subjects(graph, "inhibits", "KMT2A-fusion-complex"))


def test_vincristine_binds_beta_tubulin(graph):
    """Developmental pharmacokinetics (ref 38): vincristine (vinca alkaloid) binds beta-tubulin."""
    assert edge(graph, "vincristine", "binds", "beta-tubulin")[0] == {38}
    assert objects(graph, "vincristine", "in_drug_class") == {"vinca-alkaloids"}


def test_mechanism_of_action_literals(graph):
    """Every drug class of the review carries a mechanism of action phrase with provenance."""
    q = PREFIXES + """SELECT ?c WHERE { ?c a kgo:DrugClass . FILTER NOT EXISTS {
        ?c kgo:mechanism_of_action ?m } }"""
    missing = {str(c).rsplit("/", 1)[-1] for (c,) in sparql_rows(graph, q)}
    assert {"menin-inhibitors", "DOT1L-inhibitors", "BET-inhibitors",
            "YEATS-inhibitors"}.isdisjoint(missing)
    moa = str(graph.value(_iri("blinatumomab"), KGO.mechanism_of_action))
    assert "CD19" in moa and "T-cell engager" in moa


# --------------------------------------------------------------------------- phenomena


def test_men1_mutations_confer_resistance_to_menin_inhibitors(graph):
    """Ref 47 (title): MEN1 mutations mediate clinical resistance to menin inhibition."""
    refs, _ = edge(graph, "MEN1-mutations", "confers_resistance_to", "menin-inhibitors")
    assert refs == {47}
    assert objects(graph, "MEN1-mutations", "variant_of") == {"MEN1"}


def test_single_agent_menin_and_dot1l_inhibition_meets_acquired_resistance(graph):
    """Preclinical section (refs 44-47): single-agent efficacy is short-lived."""
    for mech, cls in (("acquired-resistance-menin-inhibition", "menin-inhibitors"),
                      ("acquired-resistance-DOT1L-inhibition", "DOT1L-inhibitors")):
        assert edge(graph, mech, "confers_resistance_to", cls)[0] == {44, 45, 46, 47}


def test_pinometostat_resistance_acquires_myeloid_antigens(graph):
    """Lineage switching section (ref 44, Schneider et al.): resistant cells turn myeloid."""
    assert edge(graph, "acquired-resistance-DOT1L-inhibition", "confers_resistance_to",
                "pinometostat") == ({44}, {"in_vitro"})
    assert edge(graph, "acquired-resistance-DOT1L-inhibition", "has_phenotype",
                "myeloid-antigen-acquisition")[0] == {44}


def test_lineage_switch_turns_b_all_into_aml(graph):
    """Lineage switching section (ref 70): B-ALL to AML with identical KMT2A breakpoints."""
    assert objects(graph, "lineage-switch", "switches_to") == {"AML", "lineage-switched-AML"}
    assert "KMT2A-r-AML" in objects(graph, "lineage-switched-AML", "subtype_of")


def test_what_drives_lineage_switch(graph):
    """Lineage switching section: refs 69 (plasticity), 71 (bipotential progenitors),
    72 (CHD4, epigenetic regulators), 73-75 (CD19/CD22 immunotherapy), 77 (menin inhibitors)."""
    contributors = subjects(graph, "implicated_in", "lineage-switch")
    assert {"lineage-plasticity", "bipotential-progenitors", "CHD4",
            "epigenetic-dysregulation", "myeloid-potential-subclones"} <= contributors
    assert edge(graph, "CHD4", "implicated_in", "lineage-switch")[0] == {72}
    assert edge(graph, "bipotential-progenitors", "implicated_in", "lineage-switch")[0] == {71}
    risk = subjects(graph, "increases_risk_of", "lineage-switch")
    assert {"CD19-directed-immunotherapy", "CD22-directed-immunotherapy",
            "menin-inhibitors"} <= risk
    assert edge(graph, "CD19-directed-immunotherapy", "increases_risk_of",
                "lineage-switch")[0] == {73, 74, 75}
    assert edge(graph, "menin-inhibitors", "increases_risk_of", "lineage-switch")[0] == {77}
    # Hardly any switch with blinatumomab or CAR T cells (refs 13, 29, 30): not a risk edge.
    assert not {"blinatumomab", "tisagenlecleucel"} & risk
    assert edge(graph, "blinatumomab", "does_not_increase_risk_of", "lineage-switch")[0] == {13}


def test_lineage_switched_relapse_is_treated_like_aml(graph):
    """Lineage switching section (ref 76): venetoclax + azacitidine, or AML-like chemotherapy."""
    assert objects(graph, "venetoclax-azacitidine", "has_component") == {"venetoclax",
                                                                         "azacitidine"}
    assert subjects(graph, "used_to_treat", "lineage-switched-AML") >= {
        "venetoclax-azacitidine", "AML-like-chemotherapy"}
    assert edge(graph, "venetoclax-azacitidine", "used_to_treat",
                "lineage-switched-AML")[0] == {76}


def test_relapse_predictive_stem_like_cells(graph):
    """Clonal heterogeneity section (ref 68): single-cell RNA-seq found relapse-predictive cells."""
    assert edge(graph, "relapse-predictive-cells", "predicts", "relapse") == (
        {68}, {"single_cell_study"})


def test_high_eoi_mrd_goes_with_myeloid_features(graph):
    """High EOI MRD section (ref 17): myeloid co-expression more often with high MRD."""
    assert edge(graph, "myeloid-marker-coexpression", "predicts", "high-EOI-MRD")[0] == {17}
    assert edge(graph, "MRD", "predicts", "relapse")[0] == {12, 17}


def test_toxicity_and_late_effects_of_intensive_chemotherapy(graph):
    """Treatment section (refs 20-24) and preclinical section: toxic induction, late effects."""
    assert objects(graph, "intensive-chemotherapy", "has_adverse_effect") == {"toxicity",
                                                                              "late-effects"}
    # 'across nearly all organ systems20-22 ... less intense therapies,23 ... as recently
    # reviewed.24': ref 24 is a review of the topic (a block citation)
    assert edge(graph, "intensive-chemotherapy", "has_adverse_effect",
                "late-effects")[0] == {20, 21, 22, 23}
    assert topic_refs(graph, "intensive-chemotherapy", "has_adverse_effect",
                      "late-effects") == {24}


# --------------------------------------------------------------------------- CNS


def test_blinatumomab_does_not_reach_the_cns_while_car_t_cells_do(graph):
    """CNS section: blinatumomab does not penetrate the CNS; CAR T cells clear CNS disease
    (refs 85, 86); blinatumomab mainly prevents bone marrow relapse (ref 83)."""
    assert objects(graph, "blinatumomab", "not_active_in_compartment") == {"CNS"}
    assert "CNS" not in objects(graph, "blinatumomab", "active_in_compartment")
    assert edge(graph, "tisagenlecleucel", "active_in_compartment", "CNS")[0] == {85, 86}
    assert edge(graph, "blinatumomab", "prevents", "bone-marrow-relapse")[0] == {83}


def test_systemic_cns_active_agents(graph):
    """CNS section: dexamethasone, high-dose methotrexate and high-dose cytarabine."""
    active = subjects(graph, "active_in_compartment", "CNS")
    assert {"dexamethasone", "methotrexate", "cytarabine", "intrathecal-chemotherapy",
            "tisagenlecleucel"} <= active
    assert "blinatumomab" not in active


def test_ng2_and_cns_infiltration(graph):
    """CNS section (refs 87, 88): NG2 (CSPG4) expression goes with CNS infiltration."""
    assert edge(graph, "CSPG4", "implicated_in", "CNS-involvement")[0] == {87, 88}
    assert objects(graph, "NG2-directed-therapy", "targets") == {"CSPG4"}


def test_who_has_more_cns_involvement(graph):
    """CNS section: KMT2A::AFF1+ ALL and a pro-B immunophenotype; worse outcome (refs 79, 80)."""
    assert {"KMT2A-AFF1", "pro-B"} <= subjects(graph, "increases_risk_of", "CNS-involvement")
    assert edge(graph, "CNS-involvement", "predicts", "adverse-outcome")[0] == {79, 80}


def test_cns_has_a_verified_uberon_identifier(graph):
    """The CNS and bone marrow carry UBERON identifiers, checked as id_evidence records."""
    assert str(graph.value(_iri("CNS"), KGO.curie)) == "UBERON:0001017"
    assert str(graph.value(_iri("bone-marrow"), KGO.curie)) == "UBERON:0002371"


# --------------------------------------------------------------------------- pharmacology

MEASUREMENTS = PREFIXES + """
SELECT ?m ?value ?unit ?measure WHERE {
  ?of kgo:has_measurement ?m .
  ?m kgo:value ?value ; kgo:unit ?unit ; kgo:measure/kgo:yamlKey ?measure .
}
"""


RANGES = PREFIXES + """
SELECT ?m ?lo ?hi ?unit ?stated WHERE {
  ?of kgo:has_measurement ?m .
  ?m kgo:value_qualifier kgo:qualifier_range ; kgo:value_min ?lo ; kgo:value_max ?hi ;
     kgo:unit ?unit ; kgo:stated_as ?stated .
}
"""


def ranges(graph, of: str) -> dict[str, tuple[float, float, str, str]]:
    """Range measurements of one entity: id -> (min, max, unit, the review's words)."""
    rows = sparql_rows(graph, RANGES, of=_iri(of))
    return {str(m).rsplit("/", 1)[-1]: (float(lo), float(hi), str(u), str(s))
            for m, lo, hi, u, s in rows}


def qualifier(graph, mid: str) -> str:
    return str(graph.value(graph.value(_iri(mid), KGO.value_qualifier), KGO.yamlKey))


def measurements(graph, of: str) -> dict[str, tuple[float, str, str]]:
    """Measurements of one entity: id -> (value, unit, measure key)."""
    rows = sparql_rows(graph, MEASUREMENTS, of=_iri(of))
    return {str(m).rsplit("/", 1)[-1]: (float(v), str(u), str(k)) for m, v, u, k in rows}


def test_vincristine_pharmacology_numbers(graph):
    """Developmental PK: 5-fold higher beta-tubulin binding in children (ref 38); infants
    potentially underdosed below 0.05 mg/kg (refs 33, 35)."""
    ms = measurements(graph, "vincristine")
    assert ms["vincristine-tubulin-binding-children-vs-adults"] == (5.0, "fold", "FOLD_CHANGE")
    assert ms["vincristine-underdosing-threshold"] == (0.05, "mg/kg", "DOSE_THRESHOLD")
    # 'potentially underdosed with doses below 0.05 mg/kg': an upper bound on the dose
    assert qualifier(graph, "vincristine-underdosing-threshold") == "less_than"
    assert qualifier(graph, "vincristine-tubulin-binding-children-vs-adults") == "exact"
    q = PREFIXES + "SELECT ?n WHERE { ?m kgo:cites/kgo:reference_number ?n }"
    cited = sparql_rows(graph, q, m=_iri("vincristine-underdosing-threshold"))
    assert {int(n) for (n,) in cited} == {33, 35}


def test_maturation_of_metabolism_and_elimination(graph):
    """Developmental PK (refs 36, 37): CYP3A4 adult by 1-2 years; GFR/tubular secretion by
    6-12 months."""
    # 'reaches adult levels by 1-2 years of age' / 'by 6 to 12 months of age': ranges
    assert ranges(graph, "CYP3A4") == {
        "CYP3A4-adult-level-age": (1.0, 2.0, "years", "1-2 years of age")}
    assert ranges(graph, "drug-elimination") == {
        "drug-elimination-adult-level-age": (6.0, 12.0, "months", "6 to 12 months of age")}
    assert not measurements(graph, "CYP3A4") and not measurements(graph, "drug-elimination")
    assert edge(graph, "CYP3A4", "participates_in", "drug-metabolism")[0] == {36, 37}


def test_peg_asparaginase_pk_in_68_infants(graph):
    """Developmental PK (ref 39): population PK in 68 infants similar to older children."""
    assert measurements(graph, "PEG-asparaginase") == {
        "peg-asparaginase-pk-infants-studied": (68.0, "patients", "SAMPLE_SIZE")}
    findings = {str(o) for o in graph.objects(_iri("PEG-asparaginase"),
                                              KGO.pharmacokinetics_in_infants)}
    assert any("similar to older children" in f for f in findings)


def test_daunorubicin_and_methotrexate_pk_in_interfant_99(graph):
    """Developmental PK (refs 31, 34): lower daunorubicin and daunorubicinol AUC from dose
    reduction; HD-MTX steady state comparable across infant ages but lower than older children."""
    assert edge(graph, "daunorubicin", "has_active_metabolite", "daunorubicinol")[0] == {31}
    dnr = " ".join(str(o) for o in graph.objects(_iri("daunorubicin"),
                                                 KGO.pharmacokinetics_in_infants))
    assert "lower AUC" in dnr
    mtx = " ".join(str(o) for o in graph.objects(_iri("methotrexate"),
                                                 KGO.pharmacokinetics_in_infants))
    assert "comparable steady-state" in mtx and "lower than in older children" in mtx
    q = PREFIXES + """SELECT DISTINCT ?drug WHERE { ?drug kgo:pharmacokinetics_in_infants ?f }"""
    drugs = {str(d).rsplit("/", 1)[-1] for (d,) in sparql_rows(graph, q)}
    assert drugs == {"vincristine", "daunorubicin", "daunorubicinol", "methotrexate",
                     "PEG-asparaginase"}


def test_dose_reduction_may_underdose_infants(graph):
    """Age-based dose reductions: infants might be underdosed ('Although there are no
    pharmacokinetic data to support this,31-35': the block citation for infant PK)."""
    assert edge(graph, "age-based-dose-reduction", "increases_risk_of",
                "underdosing")[0] == set()
    assert topic_refs(graph, "age-based-dose-reduction", "increases_risk_of",
                      "underdosing") == {31, 32, 33, 34, 35}


def test_cns_involvement_in_non_infant_all(graph):
    """CNS section (ref 78): only 2-5% of non-infant pediatric ALL at diagnosis."""
    assert ranges(graph, "childhood-ALL")["non-infant-all-cns-at-diagnosis"] == (
        2.0, 5.0, "percent", "2-5%")


# --------------------------------------------------------------------------- preclinical


def test_vxlc_has_exactly_its_four_drugs(graph):
    """Figure 1 legend: VXLC = vincristine (V), dexamethasone (X), L-asparaginase (L),
    cytarabine (C)."""
    assert objects(graph, "VXLC", "has_component") == {"vincristine", "dexamethasone",
                                                       "L-asparaginase", "cytarabine"}
    refs, ev = edge(graph, "VXLC", "has_component", "cytarabine")
    assert ev == {"pdx_model"}
    q = PREFIXES + """SELECT ?fig WHERE { ?a rdf:subject kg:VXLC ; rdf:predicate kgo:has_component ;
        kgo:figure ?fig }"""
    assert {f for (f,) in sparql_rows(graph, q)} == {"Figure 1"}


def test_pdx_model_is_unpublished_and_mimics_remission_then_relapse(graph):
    """Figure 1 (unpublished data): NRG mice, luciferase, huCD19/CD45 monitoring, VXLC,
    remission followed by relapse; treatment from >1%, event at 50% human cells."""
    assert graph.value(_iri("pdx-model"), KGO.unpublished).toPython() is True
    assert objects(graph, "pdx-model", "tests_intervention") == {"VXLC"}
    assert {"relapse", "MRD", "infant-ALL"} <= objects(graph, "pdx-model", "models")
    ms = measurements(graph, "pdx-model")
    assert sorted(v for v, _, k in ms.values() if k == "HUMAN_CELL_ENGRAFTMENT") == [1.0, 50.0]
    assert "NRG" in str(graph.value(_iri("pdx-model"), SKOS.definition))


def test_cytarabine_is_toxic_in_the_pdx_induction(graph):
    """Preclinical section: adding cytarabine often led to dose-limiting toxicity in mice."""
    assert edge(graph, "cytarabine", "has_adverse_effect", "toxicity")[1] == {"pdx_model"}


# ------------------------------------------------------------ links to the clinical half


def test_statements_on_misattributed_references_point_at_their_conflicts(graph):
    """Refs 46-47 (venetoclax), 53 (YEATS inhibitors) and 76 (venetoclax + azacitidine) do not
    support what the review cites them for (shared/curation/discrepancies.md)."""
    q = PREFIXES + """SELECT ?c WHERE { ?a rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ;
        kgo:conflict ?c }"""
    cases = [("venetoclax", "active_against", "KMT2A-r-ALL", "venetoclax-cited-refs-46-47"),
             ("TDI-11055", "active_against", "KMT2A-r-acute-leukemia", "yeats-inhibitors-ref-53"),
             ("venetoclax-azacitidine", "used_to_treat", "lineage-switched-AML",
              "venetoclax-azacitidine-ref-76")]
    for s, p, o, conflict in cases:
        rows = sparql_rows(graph, q, s=_iri(s), p=URIRef(KGO[p]), o=_iri(o))
        assert {str(c).rsplit("/", 1)[-1] for (c,) in rows} == {conflict}


def test_triple_it_and_the_cns(graph):
    """CNS section (refs 84, 81): triple IT reduces CNS relapse but may raise marrow relapse."""
    assert edge(graph, "triple-IT", "prevents", "CNS-relapse")[0] == {84}
    assert edge(graph, "triple-IT", "increases_risk_of", "bone-marrow-relapse")[0] == {81, 84}
    assert "CNS" in objects(graph, "triple-IT", "active_in_compartment")


def test_full_dosing_raised_infectious_deaths(graph):
    """Age-based dose reductions: Interfant-21 reverted full dosing after more infectious deaths."""
    assert objects(graph, "full-dose-infant-dosing", "has_adverse_effect") == {"infectious-death"}


def test_young_infants_and_lineage_plasticity(graph):
    """Lineage switching section (ref 69): plasticity is a hallmark of KMT2A-r ALL cells,
    'particularly in infants less than 6 months of age'; the review does not say that young
    age raises the risk of a lineage switch (issue 14, smaller items)."""
    assert edge(graph, "lineage-plasticity", "most_pronounced_in", "age-under-6m")[0] == {69}
    assert "lineage-switch" not in objects(graph, "age-under-6m", "increases_risk_of")


def test_every_agent_the_review_names_is_connected(graph, curation):
    """Every agent of agents.yaml (all of them named by the review) has a curated edge."""
    agents = {e for e, f in curation.source_file.items() if f == "agents.yaml"}
    linked = {s.subject for s in curation.statements.values()} | {
        s.object for s in curation.statements.values() if s.object}
    assert agents - linked == set()


def test_literal_attributes_of_the_biology_files_are_single_valued(curation):
    """One literal per subject and datatype predicate (mechanism_of_action, chromosome_band,
    pharmacokinetics_in_infants): the networkx view keeps one value per node attribute, so a
    second value would make exports depend on triple order."""
    files = {"mechanism.yaml", "targets.yaml", "phenomena.yaml", "cns.yaml",
             "pharmacology.yaml", "preclinical.yaml"}
    seen: dict[tuple[str, str], int] = {}
    for key, st in curation.statements.items():
        if curation.source_file[key] in files and st.value is not None:
            seen[(st.subject, st.predicate)] = seen.get((st.subject, st.predicate), 0) + 1
    assert {k: n for k, n in seen.items() if n > 1} == {}
