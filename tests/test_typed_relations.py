"""Typed relations instead of the generic ``related_to`` (issue 14, requirement 6).

The 23 ``related_to`` edges of the graph before issue 14 each said how only in their claim text.
Each now has a predicate that says how, and the conditions, stance and qualifiers it carried in
words are data: eligibility of a trial arm (age bound, KMT2A status, MRD status), who advocates a
practice and who does not, what an agent reduces or does not reduce, the systems (in vitro, in
vivo, patients) and the time (while still on treatment, in first complete remission) a finding
holds. Expected values are read off Stutterheim et al., Haematologica 2025; each names its table
or section.
"""

from __future__ import annotations

import pytest
from rdflib import RDF, RDFS, URIRef
from rdflib.namespace import SKOS

from kg.constants import BIOLINK, KG, KGO
from kg.interop.biolink import BiolinkMapper, load_biolink_model
from kg.schema import load_ontology, load_schema
from kg.sparql import get_query, make_engine, run_spec

#: Every former related_to edge (subject, object) -> the statement that replaces it
#: (subject, predicate, object). Two edges were folded into existing typed statements: the
#: TINI2 age groups into patient groups named by the qualifiers of 'tini2 tests ziftomenib',
#: and 'Interfant-21 related_to infectious death' into the qualifiers (study, comparison, time)
#: of 'full-dose dosing has adverse effect infectious death'.
FORMER_RELATED_TO = {
    ("blinatumomab", "CNS-relapse"): ("blinatumomab", "does_not_prevent", "CNS-relapse"),
    ("NG2-directed-therapy", "CNS-relapse"):
        ("NG2-directed-therapy", "proposed_to_prevent", "CNS-relapse"),
    ("full-dose-infant-dosing", "MRD"):
        ("full-dose-infant-dosing", "associated_with_lower_rate_of", "MRD"),
    ("full-dose-infant-dosing", "relapse"):
        ("full-dose-infant-dosing", "proposed_to_prevent", "adverse-outcome"),
    ("KMT2A-fusion-complex-targeting", "lineage-switch"):
        ("KMT2A-fusion-complex-targeting", "proposed_to_prevent", "lineage-switch"),
    ("high-EOI-MRD", "AML"): ("high-EOI-MRD", "indicates_features_of", "AML"),
    ("blinatumomab", "lineage-switch"):
        ("blinatumomab", "does_not_increase_risk_of", "lineage-switch"),
    ("tisagenlecleucel", "lineage-switch"):
        ("tisagenlecleucel", "does_not_increase_risk_of", "lineage-switch"),
    ("menin-inhibitors", "lineage-switched-AML"):
        ("menin-inhibitors", "proposed_to_treat", "lineage-switched-AML"),
    ("blinatumomab", "toxicity"):
        ("blinatumomab", "adds_no_significant_adverse_effect", "toxicity"),
    ("blinatumomab", "low-leukemia-burden"):
        ("low-leukemia-burden", "favours_response_to", "blinatumomab"),
    ("KMT2A-fusion-complex-targeting", "relapse-predictive-cells"):
        ("KMT2A-fusion-complex-targeting", "proposed_to_eliminate", "relapse-predictive-cells"),
    ("pdx-model", "PTPRC"): ("pdx-model", "monitored_by_marker", "PTPRC"),
    ("pdx-model", "CD19"): ("pdx-model", "monitored_by_marker", "CD19"),
    ("pdx-model", "bispecific-T-cell-engagers"):
        ("pdx-model", "limited_for_testing", "bispecific-T-cell-engagers"),
    ("VXLC", "interfant-induction"): ("VXLC", "adapted_from", "interfant-induction"),
    ("tini2", "age-le-90d"): ("tini2-ziftomenib-le90d", "has_criterion", "age-le-90d"),
    ("tini2", "age-gt-90d"):
        ("tini2-ziftomenib-gt90d-mrd-positive", "has_criterion", "age-gt-90d"),
    ("patio-study", "interfant-21"): ("patio-study", "nested_within", "interfant-21"),
    ("interfant-study-group", "HSCT"): ("interfant-study-group", "advocates", "HSCT"),
    ("JCCG", "HSCT"): ("JCCG", "advocates", "HSCT"),
    ("COG", "HSCT"): ("COG", "does_not_advocate", "HSCT"),
    ("interfant-21", "infectious-death"):
        ("full-dose-infant-dosing", "has_adverse_effect", "infectious-death"),
}

#: Predicates added for issue 14 (typed relations).
NEW_PREDICATES = sorted({p for _, p, _ in FORMER_RELATED_TO.values()} - {
    "has_adverse_effect"} | {"member_of_approach", "most_pronounced_in", "defines_risk_group",
                             "affects_process", "proposed_to_increase_risk_of", "protocol_of"})


@pytest.fixture(scope="module")
def eng(graph):
    return make_engine("rdflib", graph=graph)


def rows(eng, name: str, **params):
    return run_spec(get_query(name), eng, params).rows


def test_there_were_23_and_none_is_left(curation):
    assert len(FORMER_RELATED_TO) == 23
    left = sorted(k for k, s in curation.statements.items() if s.predicate == "related_to")
    assert left == []


@pytest.mark.parametrize("old", sorted(FORMER_RELATED_TO), ids="--".join)
def test_each_former_related_to_edge_has_its_typed_statement(curation, old):
    s, p, o = FORMER_RELATED_TO[old]
    assert f"{s}--{p}--{o}" in curation.statements


@pytest.mark.parametrize("key", NEW_PREDICATES)
def test_each_new_predicate_is_defined_with_domain_range_and_a_biolink_mapping(key):
    """Label, definition, domain and range, and a Biolink predicate that the shipped
    biolink-model YAML has (or, for a negated predicate, its base's mapping)."""
    schema, onto, model = load_schema(), load_ontology(), load_biolink_model()
    pred = schema.predicates[key]
    assert pred.is_object and pred.domain and pred.range
    assert onto.value(pred.iri, RDFS.label) and onto.value(pred.iri, SKOS.definition)
    base = onto.value(pred.iri, KGO.negationOf) or pred.iri
    mapped = [str(o) for m in (SKOS.exactMatch, SKOS.closeMatch, SKOS.broadMatch)
              for o in onto.objects(base, m) if str(o).startswith(str(BIOLINK))]
    assert mapped, key
    assert all(model.is_predicate(m.removeprefix(str(BIOLINK))) for m in mapped), mapped


def test_negated_and_hypothesis_predicates_say_so_in_the_ontology(graph):
    """KGX maps predicates through the ontology: a negated predicate exports as its base with
    negated=True; a hypothesis predicate carries Biolink's knowledge level 'prediction'."""
    mapper = BiolinkMapper(graph)
    assert mapper.predicate(KGO.does_not_prevent) == ("biolink:preventative_for_condition", True)
    assert mapper.predicate(KGO.does_not_advocate)[1] is True
    assert mapper.predicate(KGO.adds_no_significant_adverse_effect) == (
        "biolink:has_adverse_event", True)
    levels = {str(p).rsplit("#", 1)[1] for p, v in graph.subject_objects(KGO.knowledgeLevel)
              if str(v) == "prediction"}
    assert levels == {"proposed_to_prevent", "proposed_to_eliminate", "proposed_to_treat",
                      "proposed_to_increase_risk_of"}
    assert "prediction" in load_biolink_model().enums["KnowledgeLevelEnum"]


# ------------------------------------------------------------------ stance: HSCT in CR1

def test_interfant_and_jccg_advocate_hsct_in_cr1_and_cog_does_not(eng):
    """'Treatment and outcomes': 'both the Interfant and JCCG consortia advocate that high-risk
    KMT2A-rearranged infant ALL patients should receive HSCT in first complete remission'
    (refs 12, 18); 'this is not the strategy the COG takes forward' (ref 19)."""
    got = rows(eng, "practice-stances", practice="HSCT")
    assert {(r["group"], r["stance"], r["advocates"], r["when"], r["population_list"],
             r["refs_list"]) for r in got} == {
        ("kg:interfant-study-group", "advocates", True, "in first complete remission",
         "high-risk infants with KMT2A-r ALL", "18"),
        ("kg:JCCG", "advocates", True, "in first complete remission",
         "high-risk infants with KMT2A-r ALL", "12"),
        ("kg:COG", "does not advocate", False, "in first complete remission",
         "high-risk infants with KMT2A-r ALL", "19"),
    }


def test_the_three_groups_do_not_carry_the_same_edge(graph):
    hsct = URIRef(KG["HSCT"])
    preds = {g: set(graph.predicates(URIRef(KG[g]), hsct))
             for g in ("interfant-study-group", "JCCG", "COG")}
    assert preds["interfant-study-group"] == preds["JCCG"] == {KGO.advocates}
    assert preds["COG"] == {KGO.does_not_advocate}


# ------------------------------------------------------------------ eligibility: TINI2

def test_tini2_ziftomenib_eligibility_is_data(eng):
    """Table 2, TINI2: 'Ziftomenib only for KMT2A-r patients <=90 days of age at diagnosis OR
    KMT2A-r patients >90 days of age at diagnosis with MRD-positive disease after induction
    intensification'."""
    got = rows(eng, "eligibility", trial="tini2")
    assert {(r["intervention"], r["group"], r["criterion"], r["age_upper_days_inclusive"],
             r["age_lower_days_exclusive"], r["assessed"]) for r in got} == {
        ("kg:ziftomenib", "kg:tini2-ziftomenib-le90d", "kg:age-le-90d", 90, None, None),
        ("kg:ziftomenib", "kg:tini2-ziftomenib-le90d", "kg:KMT2A-r-ALL", None, None, None),
        ("kg:ziftomenib", "kg:tini2-ziftomenib-gt90d-mrd-positive", "kg:age-gt-90d", None, 90,
         None),
        ("kg:ziftomenib", "kg:tini2-ziftomenib-gt90d-mrd-positive", "kg:KMT2A-r-ALL", None,
         None, None),
        ("kg:ziftomenib", "kg:tini2-ziftomenib-gt90d-mrd-positive", "kg:MRD", None, None,
         "after induction intensification"),
    }
    # Only ziftomenib is restricted: blinatumomab, bortezomib and vorinostat are for all.
    assert {r["intervention"] for r in rows(eng, "eligibility")} == {"kg:ziftomenib"}


# ------------------------------------------------------------------ reduces / does not reduce

def test_blinatumomab_reduces_marrow_but_not_cns_relapse(eng):
    """CNS section: 'a COG trial showed fewer bone marrow relapses with blinatumomab but no
    impact on CNS relapse rates' (ref 83); in the Blina pilot all relapses involved the CNS
    (ref 13)."""
    got = rows(eng, "intervention-effects", therapy="blinatumomab")
    by = {(r["relation"], r["phenomenon"]): r for r in got}
    assert by[("prevents", "kg:bone-marrow-relapse")]["negated"] is False
    cns = by[("does not prevent", "kg:CNS-relapse")]
    assert (cns["negated"], cns["hypothesis"], cns["refs_list"]) == (True, False, "13; 83")
    tox = by[("adds no significant adverse effect", "kg:toxicity")]
    assert (tox["negated"], tox["study"]) == (True, "kg:interfant-blina-pilot")
    assert by[("does not increase risk of", "kg:lineage-switch")]["negated"] is True


def test_what_prevents_cns_relapse_and_what_does_not(eng):
    """CNS section: triple IT reduced CNS relapses in non-infants (CCG-1952, ref 84);
    blinatumomab did not (refs 13, 83); NG2-directed therapy 'may reduce CNS disease and
    relapse, provided that such therapies are able to cross the blood-brain barrier' (87, 88)."""
    got = rows(eng, "intervention-effects", phenomenon="CNS-relapse")
    assert {(r["therapy"], r["relation"], r["negated"], r["hypothesis"]) for r in got} == {
        ("kg:triple-IT", "prevents", False, False),
        ("kg:blinatumomab", "does not prevent", True, False),
        ("kg:NG2-directed-therapy", "proposed to prevent", False, True),
    }
    ng2 = next(r for r in got if r["therapy"] == "kg:NG2-directed-therapy")
    assert "blood-brain barrier" in ng2["provided_that"]


def test_full_dosing_findings_carry_study_comparison_and_patients(eng):
    """Age-based dose reductions, Table 3: infants older than 6 months had better EOI MRD
    with full doses in MLL-10 than dose-reduced in Interfant-06 (ref 12); Interfant-21's full
    doses from 6 months gave more infectious deaths in induction than Interfant-06."""
    got = rows(eng, "intervention-effects", therapy="full-dose-infant-dosing")
    by = {(r["relation"], r["phenomenon"]): r for r in got}
    mrd = by[("associated with a lower rate of", "kg:MRD")]
    assert (mrd["study"], mrd["compared_with"], mrd["population_list"]) == (
        "kg:jplsg-mll10", "kg:interfant-06", "6-12 months")
    inf = by[("has adverse effect", "kg:infectious-death")]
    assert (inf["study"], inf["compared_with"], inf["when"]) == (
        "kg:interfant-21", "kg:interfant-06", "during induction")
    assert by[("proposed to prevent", "kg:adverse-outcome")]["hypothesis"] is True


# ------------------------------------------------------------------ systems and time

def test_findings_made_in_vitro(eng):
    """In vitro: cytarabine sensitivity of infant ALL blasts (ref 16); acquired resistance to
    menin and DOT1L inhibitors 'in exposed leukemia samples in vitro as well as in actual
    patients' (refs 44-47); the ENL YEATS domain essential 'both in vitro and in vivo' (52)."""
    got = rows(eng, "findings-by-system", system="in_vitro")
    assert {(r["subject"], r["object"], r["systems_list"]) for r in got} == {
        ("kg:cytarabine", "kg:infant-ALL", "in vitro"),
        ("kg:acquired-resistance-menin-inhibition", "kg:menin-inhibitors",
         "in patients; in vitro"),
        ("kg:acquired-resistance-DOT1L-inhibition", "kg:DOT1L-inhibitors",
         "in patients; in vitro"),
        ("kg:KMT2A-AFF1", "kg:ENL-YEATS", "in vitro; in vivo"),
    }


def test_relapse_while_still_on_treatment(eng):
    """Clonal heterogeneity: 'About two-thirds ... relapse within 2 years of diagnosis while
    still being actively treated' (refs 1, 2)."""
    got = rows(eng, "findings-by-system", during="on_treatment")
    assert {(r["subject"], r["relation"], r["object"], r["when"]) for r in got} == {
        ("kg:relapse", "occurs in", "kg:KMT2A-r-ALL", "while still on treatment")}


# ------------------------------------------------------------------ risk groups

def test_high_risk_criteria_include_white_cell_count(eng):
    """'High-risk patients are identified by clinical characteristics (i.e., age <6 months,
    high white blood cell counts at diagnosis and central nervous system [CNS] disease), where
    minimal residual disease (MRD) response additionally proved highly informative' (12, 17)."""
    got = rows(eng, "risk-group-criteria", group="high-risk-KMT2A-r-infants")
    assert {(r["criterion"], r["combination"], r["refs_list"]) for r in got} == {
        (f"kg:{c}", "combination not stated", "12; 17")
        for c in ("age-under-6m", "high-WBC-at-diagnosis", "CNS-involvement", "MRD")}


# ------------------------------------------------------------------ smaller items

def test_blinatumomab_and_tisagenlecleucel_are_cd19_directed_immunotherapies(graph):
    """'Therapy-induced lineage switching': 'studies with blinatumomab and CD19-directed CAR
    T-cell therapy' (refs 13, 29, 30)."""
    members = {str(s).rsplit("/", 1)[1] for s in graph.subjects(
        KGO.member_of_approach, URIRef(KG["CD19-directed-immunotherapy"]))}
    assert members == {"blinatumomab", "tisagenlecleucel"}


def test_no_cd3e_entity(curation, review_path):
    """The review never names CD3 or CD3E; the orphan entity is gone."""
    text = review_path.read_text(encoding="utf-8")
    assert "CD3" not in text
    assert "CD3E" not in curation.entities


def test_historical_efs_40_vs_45_is_a_conflict(eng):
    """Abstract: 'at best ~40%'; Introduction: '5-year event-free survival rates of at best
    45%' (refs 1, 2, 11, 12); also 'did not exceed 5-year event-free survival rates of 50%'."""
    got = rows(eng, "conflicts")
    mine = [r for r in got if r["conflict"] == "kg:historical-efs-40-vs-45"]
    assert {r["claim_value"] for r in mine} == {"~40%", "45% (5-year)", "<=50% (5-year)"}


def test_qualifier_values_are_checked_on_load(data_copy):
    """An unknown time or system, or a population that is not a patient group, age group or
    disease, is an error naming file, entry and the known values."""
    from kg.loader import CurationErrors, load_curation

    path = data_copy / "phenomena.yaml"
    text = path.read_text(encoding="utf-8")
    bad = text.replace("during: on_treatment", "during: at_teatime", 1).replace(
        "systems: [in_vitro, patients]", "systems: [in_silico, patients]", 1)
    assert bad != text
    path.write_text(bad, encoding="utf-8")
    with pytest.raises(CurationErrors) as e:
        load_curation(data_copy, review=False)
    msg = str(e.value)
    assert "unknown temporal context 'at_teatime'" in msg and "on_treatment" in msg
    assert "unknown experimental system 'in_silico'" in msg
    tr = data_copy / "trials.yaml"
    tr.write_text(tr.read_text(encoding="utf-8").replace(
        "population: [high-risk-KMT2A-r-infants]", "population: [MEN1]", 1), encoding="utf-8")
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CurationErrors) as e:
        load_curation(data_copy, review=False)
    assert "qualifier population 'MEN1' is a Gene" in str(e.value)


def test_age_bounds_in_days_are_typed(graph):
    """Table 2 counts TINI2's ages in days: <=90 (inclusive) and >90 (exclusive)."""
    assert graph.value(URIRef(KG["age-le-90d"]), KGO.age_upper_days_inclusive).toPython() == 90
    assert graph.value(URIRef(KG["age-gt-90d"]), KGO.age_lower_days_exclusive).toPython() == 90
    assert (URIRef(KG["age-le-90d"]), RDF.type, KGO.AgeGroup) in graph
