"""The SPARQL catalogue answers the review's questions exactly.

Each test runs a real ``queries/*.rq`` file on the graph built from the curated files and
compares the set of rows with the answer read off the review (Stutterheim et al.,
Haematologica 2025); the table or section is named next to each expected value.
"""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from kg.constants import QUERIES_DIR
from kg.sparql import get_query, list_queries, make_engine, run_spec

COMPETENCY = [q for q in list_queries() if not q.is_violation]


@pytest.fixture(scope="module")
def eng(graph):
    """The reference engine (rdflib) over the session's built graph."""
    return make_engine("rdflib", graph=graph)


def rows(eng, name: str, **params):
    """Rows of a catalogue query."""
    return run_spec(get_query(name), eng, params).rows


def col(rs, *names):
    """The set of tuples of the given columns."""
    return {tuple(r[n] for n in names) for r in rs}


# ---------------------------------------------------------------- the catalogue itself

def test_catalogue_has_at_least_25_competency_questions():
    assert len(COMPETENCY) >= 25, [q.name for q in COMPETENCY]


@pytest.mark.parametrize("spec", list_queries(), ids=lambda q: q.name)
def test_query_file_follows_the_house_format(spec):
    """Header (summary, description for questions), PREFIX block, named SELECT, ORDER BY."""
    from rdflib.plugins.sparql import prepareQuery

    text = spec.text
    assert spec.summary, f"{spec.name}: no '#+ summary:' line"
    if not spec.is_violation:
        assert spec.description, f"{spec.name}: no '#+ description:' line"
    assert re.search(r"^PREFIX\s+kgo:", text, re.M), f"{spec.name}: no explicit PREFIX block"
    assert re.search(r"^SELECT\s+(DISTINCT\s+)?\?", text, re.M), f"{spec.name}: SELECT * or none"
    assert re.search(r"^ORDER BY\s", text, re.M), f"{spec.name}: no ORDER BY"
    for p in spec.params:
        assert re.search(rf"\?{p.name}\b", text), f"{spec.name}: parameter {p.name} not used"
        assert p.doc, f"{spec.name}: parameter {p.name} has no help text"
    prepareQuery(text)  # parses in rdflib


def test_readme_lists_every_query():
    readme = (QUERIES_DIR / "README.md").read_text(encoding="utf-8")
    missing = [q.name for q in list_queries() if f"`{q.name}`" not in readme]
    assert not missing, f"queries/README.md does not list {missing}"


# ---------------------------------------------------------------- Table 2: current trials

# Table 2: trial -> (phase, start year, N, KMT2A-r status, registry number as printed).
# COG AALL2321's "Opening 2025" is recorded as start year 2025.
TABLE2_FIRST_LINE = {
    "kg:interfant-21": ("III", 2023, 160, "KMT2A-r", "NCT05327894"),
    "kg:tini2": ("I/II", 2023, 90, "KMT2A-r + KMT2A-wt", "NCT05848687"),
    "kg:cccg-iall-mpal-2022": ("III", 2022, 200, "KMT2A-r + KMT2A-wt", "ChiCTR2200064906"),
    "kg:all-baby-2021": ("III", 2021, 80, "KMT2A-r + KMT2A-wt", "NCT05029531"),
    "kg:cog-aall2321": ("II", 2025, 70, "KMT2A-r", "NCT06317662"),
}
TABLE2_SECOND_LINE = {"kg:cog-aall2121": ("I/Ib", 2024, 66, "KMT2A-r", "NCT05761171")}
COLUMNS = ("trial", "phase", "start_year", "enrolled", "kmt2a_status", "registry_id")


def _as_rows(d):
    return {(k, *v) for k, v in d.items()}


def test_table2_first_line_trials(eng):
    got = rows(eng, "trials-by-line-of-treatment", line="first line", table="Table 2")
    assert col(got, *COLUMNS) == _as_rows(TABLE2_FIRST_LINE)


def test_table2_second_line_trials(eng):
    got = rows(eng, "trials-by-line-of-treatment", line="Second", table="table 2")
    assert col(got, *COLUMNS) == _as_rows(TABLE2_SECOND_LINE)


def test_first_line_trials_beyond_table2(eng):
    """Without the table filter, the first-line trials of Table 1 (upfront protocols with
    the added drug: lestaurtinib, retinoic acid, azacitidine, bortezomib/vorinostat,
    blinatumomab) come too."""
    got = {r["trial"] for r in rows(eng, "trials-by-line-of-treatment")}
    assert got == set(TABLE2_FIRST_LINE) | {
        "kg:cog-aall0631", "kg:mll-baby", "kg:cog-aall15p1", "kg:tini1", "kg:interfant-blina-pilot"}


def test_trials_including_kmt2a_wildtype(eng):
    """Table 2, 'KMT2A-r status' = KMT2A-r + KMT2A-wt."""
    got = rows(eng, "trials-including-kmt2a-wildtype")
    assert {r["trial"] for r in got} == {"kg:tini2", "kg:cccg-iall-mpal-2022", "kg:all-baby-2021"}
    assert {r["kmt2a_status"] for r in got} == {"KMT2A-r + KMT2A-wt"}


def test_unverified_registry_ids_are_flagged(eng):
    """Table 2 prints NCT05848687 (TINI2) and ChiCTR2200064906 (CCCG); neither could be
    checked (shared/curation/discrepancies.md), so they are marked as the review's claim."""
    got = rows(eng, "trials-including-kmt2a-wildtype")
    status = {r["trial"]: r["registry_id_status"] for r in got}
    assert status == {"kg:tini2": "stated by the review, not verified",
                      "kg:cccg-iall-mpal-2022": "stated by the review, not verified",
                      "kg:all-baby-2021": "verified"}


def test_trials_for_venetoclax(eng):
    """Table 2: venetoclax in CCCG-iALL/MPAL-2022 and COG AALL2321 (NCT06317662)."""
    got = rows(eng, "trials-for-drug", drug="venetoclax")
    assert {r["trial"] for r in got} == {"kg:cccg-iall-mpal-2022", "kg:cog-aall2321"}


def test_trials_for_blinatumomab(eng):
    """Table 1 (Blina pilot), Table 2 (all five first-line trials) and the COG trial of
    ref 83 (AALL1731, 'fewer bone marrow relapses with blinatumomab', CNS section)."""
    got = rows(eng, "trials-for-drug", drug="Blincyto")  # a synonym
    assert {r["trial"] for r in got} == set(TABLE2_FIRST_LINE) | {
        "kg:interfant-blina-pilot", "kg:cog-aall1731"}


def test_trials_for_a_drug_class_reach_its_members(eng):
    """Menin inhibitors: revumenib in COG AALL2121, ziftomenib in TINI2 (Table 2)."""
    got = rows(eng, "trials-for-drug", drug="menin inhibitors")
    assert col(got, "trial", "tested_label") == {
        ("kg:cog-aall2121", "revumenib"), ("kg:tini2", "ziftomenib")}


# ---------------------------------------------------------------- Table 1: outcomes

# Table 1, 5-year EFS column (other horizons as tagged in the cell). MLL-10's 66.2 is 3-year
# EFS per the text and ref 12 (conflict mll10-efs-horizon); the Western/non-Western values are
# read with the 6-year horizon of the overall cell (conflict interfant-06-subgroup-horizon).
TABLE1_EFS = [
    ("kg:interfant-blina-pilot", Decimal("81.6"), Decimal(2), None),
    ("kg:jplsg-mll10", Decimal("66.2"), Decimal(3), None),
    ("kg:tini1", Decimal("44.8"), Decimal(3), None),
    ("kg:jplsg-mll03", Decimal("43.2"), Decimal(4), None),
    ("kg:interfant-06", Decimal("40.7"), Decimal(6), "Western countries"),
    ("kg:interfant-06", Decimal("36.4"), Decimal(6), None),
    ("kg:mll-baby", Decimal("36"), Decimal(6), None),
    ("kg:interfant-99", Decimal("35.9"), Decimal(6), None),
    ("kg:cog-p9407", Decimal("35.5"), Decimal(5), None),
    ("kg:cog-aall15p1", Decimal("34.7"), Decimal(5), None),
    ("kg:cog-aall0631", Decimal("34"), Decimal(5), None),
    ("kg:interfant-06", Decimal("28.1"), Decimal(6), "non-Western countries"),
]


def test_table1_efs_ranked(eng):
    got = rows(eng, "outcomes-ranked", measure="EFS", table="Table 1")
    ranked = [(r["of"], r["value"], r["time_horizon_years"], r["subgroup"]) for r in got]
    assert ranked == TABLE1_EFS  # same rows, and in the review's order of EFS


def test_table1_five_year_efs_only(eng):
    """The horizon parameter keeps the untagged cells of the 5-year column."""
    got = rows(eng, "outcomes-ranked", measure="event-free survival", table="Table 1", horizon=5)
    assert [r["of"] for r in got] == ["kg:cog-p9407", "kg:cog-aall15p1", "kg:cog-aall0631"]


def test_table1_os_ranked(eng):
    """Table 1, 5-year OS column (the Blina pilot's 93.3 is 2-year OS, conflict
    blina-pilot-efs-vs-dfs; JCCG-MLL17 is 'Awaited' and has no value)."""
    got = rows(eng, "outcomes-ranked", measure="OS", table="Table 1")
    assert [(r["of"], r["value"]) for r in got] == [
        ("kg:interfant-blina-pilot", Decimal("93.3")), ("kg:jplsg-mll10", Decimal("82")),
        ("kg:jplsg-mll03", Decimal("67.2")), ("kg:cog-aall15p1", Decimal("64")),
        ("kg:tini1", Decimal("62")), ("kg:interfant-06", Decimal("52.3")),
        ("kg:interfant-06", Decimal("48.0")), ("kg:mll-baby", Decimal("44")),
        ("kg:interfant-99", Decimal("43.2")), ("kg:cog-aall0631", Decimal("41")),
        ("kg:interfant-06", Decimal("38.1")),
    ]


def test_interfant06_table1_numbers(eng):
    """Table 1, Interfant-06 row: N 476 - 334 - 142, EFS 36.4 - 40.7 - 28.1,
    OS 48.0 - 52.3 - 38.1 (overall, Western, non-Western)."""
    got = rows(eng, "trial-outcomes", trial="Interfant-06")
    keep = {"event-free survival", "overall survival", "number of patients studied"}
    assert {(r["measure_label"], r["value"], r["subgroup"]) for r in got
            if r["measure_label"] in keep} == {
        ("event-free survival", Decimal("36.4"), None),
        ("event-free survival", Decimal("40.7"), "Western countries"),
        ("event-free survival", Decimal("28.1"), "non-Western countries"),
        ("overall survival", Decimal("48.0"), None),
        ("overall survival", Decimal("52.3"), "Western countries"),
        ("overall survival", Decimal("38.1"), "non-Western countries"),
        ("number of patients studied", Decimal(334), "Western countries"),
        ("number of patients studied", Decimal(142), "non-Western countries"),
    }


def test_awaited_outcomes_have_a_status_not_a_number(eng):
    """Table 1, JCCG-MLL17: EFS and OS 'Awaited'."""
    got = rows(eng, "trial-outcomes", trial="JCCG-MLL17")
    assert col(got, "measure_label", "value", "value_status") == {
        ("event-free survival", None, "awaited"), ("overall survival", None, "awaited")}


def test_interfant06_dfs_by_mrd_and_consolidation(eng):
    """Section 'High end-of-induction MRD levels correlate with AML-like features' (ref 17):
    6-year DFS, MRD >= 0.05%: myeloid 46% vs lymphoid 23%; MRD-negative: lymphoid 78% vs
    myeloid 45%."""
    got = rows(eng, "outcomes-by-mrd-and-consolidation")

    def key(r):
        sub = r["subgroup"]
        mrd = "high" if "0.05" in sub else "negative" if "negative" in sub else "?"
        cons = "myeloid" if "myeloid" in r["arm"] else "lymphoid" if "lymphoid" in r["arm"] else "?"
        return (mrd, cons, r["measure_label"], r["value"], r["time_horizon_years"])

    assert {key(r) for r in got} == {
        ("high", "myeloid", "disease-free survival", Decimal(46), Decimal(6)),
        ("high", "lymphoid", "disease-free survival", Decimal(23), Decimal(6)),
        ("negative", "lymphoid", "disease-free survival", Decimal(78), Decimal(6)),
        ("negative", "myeloid", "disease-free survival", Decimal(45), Decimal(6)),
    }


# ---------------------------------------------------------------- Table 3: MRD by age and dose

TABLE3 = {
    ("kg:age-0-2m", "kg:jplsg-mll10", "two-thirds", Decimal(27), 3, 11),
    ("kg:age-0-2m", "kg:interfant-06", "two-thirds", Decimal(32), 8, 25),
    ("kg:age-2-4m", "kg:jplsg-mll10", "three-quarters", Decimal(63), 12, 19),
    ("kg:age-2-4m", "kg:interfant-06", "two-thirds", Decimal(49), 25, 51),
    ("kg:age-4-6m", "kg:jplsg-mll10", "full", Decimal(59), 16, 27),
    ("kg:age-4-6m", "kg:interfant-06", "two-thirds", Decimal(48), 21, 44),
    ("kg:age-6-12m", "kg:jplsg-mll10", "full", Decimal(89), 16, 18),
    ("kg:age-6-12m", "kg:interfant-06", "three-quarters", Decimal(54), 52, 97),
}


def test_table3_mrd_by_age_and_dose(eng):
    got = rows(eng, "mrd-by-age-and-dose")
    assert col(got, "age_group", "study", "dose_intensity", "value", "numerator",
               "denominator") == TABLE3
    bounds = col(got, "age_group", "age_lower_months", "age_upper_months")
    assert bounds == {("kg:age-0-2m", 0, 2), ("kg:age-2-4m", 2, 4), ("kg:age-4-6m", 4, 6),
                      ("kg:age-6-12m", 6, 12)}


def test_dose_reductions_by_age_table3(eng):
    """Section 'Age-based dose reductions': MLL-10 gave full doses from 4 months, so it
    reduced doses only below 4 months (Table 3); Interfant-06 reduced them in every age
    category below 1 year."""
    got = col(rows(eng, "dosing-by-age"), "trial", "age_group_label")
    assert {a for t, a in got if t == "kg:jplsg-mll10"} == {"0-2 months", "2-4 months"}
    assert {a for t, a in got if t == "kg:interfant-06"} == {
        "infants <1 year", "0-2 months", "2-4 months", "4-6 months", "6-12 months"}


# ---------------------------------------------------------------- drugs, targets, complex

def test_drugs_for_menin(eng):
    """'menin inhibitors (e.g., revumenib and ziftomenib)' (preclinical-models section)."""
    got = rows(eng, "drugs-for-target", target="menin")  # the synonym of MEN1
    assert {r["drug"] for r in got} == {"kg:menin-inhibitors", "kg:revumenib", "kg:ziftomenib"}


def test_targets_of_pinometostat(eng):
    """'DOT1L inhibitors (e.g., pinometostat)'; ref 46: pinometostat reduces H3K79
    methylation; DOT1L inhibitors disrupt the KMT2A-fusion complex (class level)."""
    got = rows(eng, "targets-of-drug", drug="EPZ-5676")  # a synonym
    assert col(got, "target", "via") == {
        ("kg:DOT1L", "direct"), ("kg:H3K79-methylation", "direct"),
        ("kg:KMT2A-fusion-complex", "DOT1L inhibitors")}


def test_drug_classes_and_members(eng):
    got = {r["drug_class"]: r["members_list"] for r in rows(eng, "drug-classes")}
    assert got["kg:menin-inhibitors"] == "revumenib; ziftomenib"
    assert got["kg:YEATS-inhibitors"] == "SR-0813; TDI-11055"  # refs 53-55
    assert got["kg:DOT1L-inhibitors"] == "pinometostat"


def test_complex_disruptors_and_where_they_are_tested(eng):
    """Drug -> target -> co-factor -> trial. Preclinical-models section: menin inhibitors
    (revumenib, ziftomenib), DOT1L inhibitor pinometostat, BET inhibitors (BRD4), YEATS
    inhibitors TDI-11055 and SR-0813 (MLLT1/ENL and MLLT3/AF9); Table 2: revumenib in
    NCT05761171 (COG AALL2121), ziftomenib in TINI2."""
    got = rows(eng, "complex-disruptors")
    single = {"kg:revumenib", "kg:ziftomenib", "kg:pinometostat", "kg:TDI-11055", "kg:SR-0813"}
    assert {(r["agent"], r["member"], r["trial"]) for r in got if r["agent"] in single} == {
        ("kg:revumenib", "kg:MEN1", "kg:cog-aall2121"),
        ("kg:ziftomenib", "kg:MEN1", "kg:tini2"),
        ("kg:pinometostat", "kg:DOT1L", None),
        ("kg:TDI-11055", "kg:MLLT1", None),
        ("kg:TDI-11055", "kg:MLLT3", None),  # through the YEATS-inhibitor class
        ("kg:SR-0813", "kg:MLLT1", None),
        ("kg:SR-0813", "kg:MLLT3", None),
    }
    assert {r["member"] for r in got} == {"kg:MEN1", "kg:DOT1L", "kg:BRD4", "kg:MLLT1",
                                          "kg:MLLT3"}


def test_combination_partners_of_revumenib(eng):
    """'combined inhibition of menin and DOT1L may be further complemented by ... BET
    inhibitors targeting BRD4 or ... inhibitors targeting the YEATS domains'; synergy with
    pinometostat (ref 45)."""
    got = rows(eng, "combination-partners", drug="revumenib")
    assert {r["partner"] for r in got} == {
        "kg:DOT1L-inhibitors", "kg:pinometostat", "kg:BET-inhibitors", "kg:YEATS-inhibitors",
        "kg:TDI-11055", "kg:SR-0813"}
    assert {r["partner"] for r in got if r["synergy_recorded"]} == {
        "kg:DOT1L-inhibitors", "kg:pinometostat"}


def test_fusion_partners(eng):
    """Introduction: KMT2A fuses most often with AFF1 (AF4), MLLT1 (ENL) or MLLT3 (AF9)."""
    got = {r["fusion"]: r["partners_list"] for r in rows(eng, "fusion-genes")}
    assert set(got) == {"kg:KMT2A-AFF1", "kg:KMT2A-MLLT1", "kg:KMT2A-MLLT3"}
    assert all("KMT2A [11q23]" in v for v in got.values())  # 'KMT2A on chromosome 11q23'


def test_synergies(eng):
    """Ref 45: revumenib is highly synergistic with pinometostat; ref 10: complementary
    activities of DOT1L and menin inhibitors."""
    got = rows(eng, "synergies")
    assert col(got, "agent", "partner") == {("kg:revumenib", "kg:pinometostat"),
                                            ("kg:menin-inhibitors", "kg:DOT1L-inhibitors")}
    assert {r["refs_list"] for r in got if r["agent"] == "kg:revumenib"} == {"45"}


def test_ade_components_keep_both_anthracyclines_with_the_conflict(eng):
    """Table 1 footnote: ADE = cytarabine, doxorubicin, etoposide; ref 17 gives
    daunorubicin (discrepancies.md #1): both are kept, each pointing at the conflict."""
    got = rows(eng, "regimen-components", regimen="ADE")
    assert col(got, "component", "conflict") == {
        ("kg:cytarabine", None), ("kg:etoposide", None),
        ("kg:doxorubicin", "kg:ade-anthracycline"), ("kg:daunorubicin", "kg:ade-anthracycline")}


# ---------------------------------------------------------------- resistance, lineage, CNS

def test_resistance_to_pinometostat(eng):
    """Ref 44: acquired resistance to pinometostat, with myeloid surface antigens."""
    got = rows(eng, "resistance-to-drug", drug="pinometostat")
    assert {r["mechanism"] for r in got} == {"kg:acquired-resistance-DOT1L-inhibition"}
    assert {r["phenotypes_list"] for r in got} == {"acquisition of myeloid cell-surface antigens"}


def test_resistance_to_revumenib(eng):
    """Refs 44-47: acquired resistance to menin inhibitors; ref 47: MEN1 mutations."""
    got = rows(eng, "resistance-to-drug", drug="revumenib")
    assert col(got, "mechanism", "via") == {
        ("kg:acquired-resistance-menin-inhibition", "menin inhibitors"),
        ("kg:MEN1-mutations", "menin inhibitors")}


SWITCHES_TO = "acute myeloid leukemia (AML); lineage-switched KMT2A-rearranged AML"


def test_lineage_switch_risks_by_therapy(eng):
    """'Therapy-induced lineage switching': more frequent with CD19- and CD22-directed
    immunotherapies (refs 73-75) and reported with menin inhibitors (ref 77); hardly any with
    blinatumomab or CD19 CAR T cells (refs 13, 29, 30)."""
    got = rows(eng, "lineage-switch-risks")
    assert {r["therapy"] for r in got if r["relation"] == "increases risk of"} == {
        "kg:CD19-directed-immunotherapy", "kg:CD22-directed-immunotherapy",
        "kg:menin-inhibitors"}
    hardly_any = {r["therapy"] for r in got if r["relation"] == "does not increase risk of"}
    assert hardly_any == {"kg:blinatumomab", "kg:tisagenlecleucel"}
    # 'Treatment-induced lineage switching from B-ALL to AML' (ref 70)
    assert {r["switches_to_list"] for r in got} == {SWITCHES_TO}


def test_cns_activity(eng):
    """CNS section: dexamethasone, high-dose methotrexate and cytarabine are CNS-active;
    blinatumomab does not penetrate the CNS; CAR T cells clear CNS disease (refs 85, 86);
    intrathecal (triple) therapy treats the CNS; triple IT lowers CNS relapses (CCG-1952)."""
    got = rows(eng, "cns-activity")
    assert {r["therapy"] for r in got if r["relation"] == "not active in compartment"} == {
        "kg:blinatumomab"}
    assert {r["therapy"] for r in got if r["relation"] == "active in compartment"} == {
        "kg:dexamethasone", "kg:methotrexate", "kg:cytarabine", "kg:tisagenlecleucel",
        "kg:CD19-CAR-T-cells", "kg:intrathecal-chemotherapy", "kg:triple-IT"}
    assert col([r for r in got if r["relation"] == "prevents"], "therapy", "phenomenon_label") == {
        ("kg:triple-IT", "CNS relapse")}


def test_cns_facts_of_the_trials(eng):
    """CNS section: Interfant-06 13.8% CNS at diagnosis; of 213 relapses 24% (N=50) involved
    the CNS, 11% isolated, 13% combined; 50 of 442 (11%); 28% in 'AALL1331' (ref 81,
    conflict aall1331-cited-as-ref-81: held by AALL1131, the trial ref 81 reports) and 20% in
    DCOG ALL11; Blina pilot: all 4 of 30
    relapses involved the CNS."""
    trials = {"kg:interfant-06", "kg:cog-aall1131", "kg:cog-aall1331", "kg:dcog-all11",
              "kg:interfant-blina-pilot"}
    got = [r for r in rows(eng, "cns-trial-facts") if r["of"] in trials]
    assert col(got, "of", "measure_label", "value", "numerator", "denominator") == {
        ("kg:interfant-06", "CNS involvement at diagnosis", Decimal("13.8"), None, None),
        ("kg:interfant-06", "share of relapses involving the CNS", Decimal(24), 50, 213),
        ("kg:interfant-06", "share of relapses that were isolated CNS relapses", Decimal(11),
         None, None),
        ("kg:interfant-06", "share of relapses in bone marrow and CNS combined", Decimal(13),
         None, None),
        ("kg:interfant-06", "CNS relapses among all patients in CR1", Decimal(11), 50, 442),
        ("kg:cog-aall1131", "share of relapses involving the CNS", Decimal(28), None, None),
        ("kg:dcog-all11", "share of relapses involving the CNS", Decimal(20), None, None),
        ("kg:interfant-blina-pilot", "share of relapses involving the CNS", Decimal(100), 4, 4),
    }


# ---------------------------------------------------------------- pharmacology

def test_vincristine_pharmacokinetics(eng):
    """'Developmental changes in pharmacokinetics': 5-fold higher beta-tubulin binding in
    children (ref 38); underdosing below 0.05 mg/kg (refs 33, 35)."""
    got = rows(eng, "pharmacokinetics", drug="vincristine")
    assert {(r["fact"], r["qualifier"], r["value"], r["unit"]) for r in got
            if r["value"] is not None} == {
        ("dose threshold", "less_than", Decimal("0.05"), "mg/kg"),
        ("fold difference", "exact", Decimal(5), "fold")}


def test_maturation_ages(eng):
    """CYP3A4 reaches adult levels by 1-2 years; elimination by 6 to 12 months (refs 36, 37)."""
    got = rows(eng, "pharmacokinetics")
    assert {(r["subject"], r["qualifier"], r["value"], r["value_min"], r["value_max"], r["unit"])
            for r in got if r["fact"] == "age at which adult levels are reached"} == {
        ("kg:CYP3A4", "range", None, Decimal(1), Decimal(2), "years"),
        ("kg:drug-elimination", "range", None, Decimal(6), Decimal(12), "months")}


# ---------------------------------------------------------------- evidence and conflicts

def test_evidence_behind_an_edge(eng, curation):
    """The synergy of revumenib with pinometostat rests on ref 45 (Adriaanse 2024), in vitro;
    its DOI/PMID are the checked ones from references.tsv."""
    got = rows(eng, "evidence-for-edge", subject="revumenib", predicate="synergises with",
               object="pinometostat")
    ref45 = curation.references[45]
    assert col(got, "reference", "evidence_type", "doi", "pmid") == {
        (45, "in vitro", ref45.doi, ref45.pmid)}
    assert all(r["section"] and r["anchor"] and r["claim"] for r in got)


def test_evidence_lists_every_cited_reference_in_its_role(eng):
    """'revumenib and ziftomenib) may be attractive options.5-10': refs 5-10 are the review's
    block citation for menin/DOT1L biology (none is about revumenib), so their role is 'topic';
    pinometostat -> DOT1L also cites ref 46 (Stein 2018, the pinometostat trial) for the claim."""
    got = rows(eng, "evidence-for-edge", subject="revumenib", predicate="inhibits",
               object="MEN1")
    assert col(got, "reference", "citation_role") == {(n, "topic") for n in range(5, 11)}
    assert {r["evidence_level"] for r in got} == {"E"}
    got = rows(eng, "evidence-for-edge", subject="pinometostat", predicate="inhibits",
               object="DOT1L")
    assert col(got, "reference", "citation_role") == (
        {(n, "topic") for n in range(5, 11)} | {(46, "claim")})


def test_conflicts_about_the_revumenib_trial(eng):
    """Table 2 gives COG AALL2121 as phase I/Ib, the text as phase II, the registry record
    Phase 2 (discrepancies.md #6)."""
    got = rows(eng, "conflicts", about="cog-aall2121")
    assert col(got, "conflict", "claim_value") == {
        ("kg:aall2121-phase", "I/Ib"), ("kg:aall2121-phase", "II"),
        ("kg:aall2121-phase", "Phase 2")}


def test_reference_lookup(eng):
    """Ref 13: van der Sluis 2023, N Engl J Med (the Blina pilot)."""
    got = rows(eng, "references", reference=13)
    assert len(got) == 1 and got[0]["reference"] == 13
    assert got[0]["title"].startswith("Blinatumomab added to chemotherapy in infant")
    assert got[0]["citing_records"] > 0


# ---------------------------------------------------------------- gaps

def test_gap_complex_members_without_drug(eng):
    """Menin links the fusion to LEDGF (PSIP1, ref 6); no drug acts on LEDGF or on the
    fusion proteins themselves in the review."""
    got = rows(eng, "gap-complex-members-without-drug")
    assert {r["member"] for r in got} == {"kg:KMT2A-AFF1", "kg:KMT2A-MLLT1", "kg:KMT2A-MLLT3",
                                          "kg:PSIP1"}


def test_gap_targeted_drugs_without_infant_trial(eng):
    """Targeted agents the review discusses but no infant trial tests: pinometostat,
    TDI-11055, SR-0813 (preclinical) and tisagenlecleucel (infants excluded from ELIANA)."""
    got = rows(eng, "gap-drugs-without-infant-trial")
    assert {r["drug"] for r in got if r["drug_class_label"]} == {
        "kg:pinometostat", "kg:TDI-11055", "kg:SR-0813", "kg:tisagenlecleucel"}
    assert {r["other_trials_list"] for r in got if r["drug"] == "kg:tisagenlecleucel"} == {"ELIANA"}


def test_gap_preclinical_only_targets(eng):
    """BRD4 (BET inhibitors, refs 49-50, a mouse model), the YEATS domains (refs 52-55) and
    NG2/CSPG4 (refs 87-88) have only preclinical support."""
    got = rows(eng, "gap-preclinical-only-targets")
    assert {r["target"] for r in got} == {"kg:BRD4", "kg:ENL-YEATS", "kg:AF9-YEATS", "kg:CSPG4"}


def test_transitive_dependencies(eng):
    """Introduction: the fusion's leukemogenic activity depends on menin and DOT1L (refs
    5-10); the MLLT1 YEATS domain is essential in KMT2A::AFF1 cells (ref 52, CRISPR screen)."""
    got = rows(eng, "transitive-dependencies")
    assert col(got, "dependency", "acted_on_by_list") == {
        ("kg:DOT1L", "DOT1L inhibitors; pinometostat"),
        ("kg:MEN1", "menin inhibitors; revumenib; ziftomenib")}
    got = rows(eng, "transitive-dependencies", entity="KMT2A::AFF1")
    assert {r["dependency"] for r in got} == {"kg:ENL-YEATS"}
