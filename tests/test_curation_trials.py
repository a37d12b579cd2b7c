"""The clinical half of the graph answers with the review's trial facts, numbers and sources.

Expected values are copied from Stutterheim et al., Haematologica 2025: Table 1 (outcomes of
infant KMT2A-r ALL trials), Table 2 (current and planned trials), Table 3 (end-of-induction MRD
by age and dose intensity) and the text, each with the numbered reference the review gives.
Where the review contradicts itself or a checked source, the test asserts that both claims are
kept as a conflict. Facts are read from the built RDF graph through SPARQL with bound values.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from rdflib import URIRef

from kg.constants import KG, KGO
from tests.conftest import sparql_rows

PREFIXES = """
PREFIX kg: <https://w3id.org/kmt2a-kg/id/>
PREFIX kgo: <https://w3id.org/kmt2a-kg/ontology#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""

#: Values of a datatype property of a trial, with the table and references of each assertion.
ATTRIBUTE = PREFIXES + """
SELECT ?v ?table ?n ?conflict WHERE {
  ?t ?p ?v .
  ?a a kgo:Assertion ; rdf:subject ?t ; rdf:predicate ?p ; rdf:object ?v .
  OPTIONAL { ?a kgo:table ?table }
  OPTIONAL { ?a kgo:cites/kgo:reference_number ?n }
  OPTIONAL { ?a kgo:conflict ?conflict }
}
"""

#: Objects of an edge with the references and evidence type of each assertion.
EDGE = PREFIXES + """
SELECT ?o ?n ?ev ?conflict WHERE {
  ?s ?p ?o .
  ?a a kgo:Assertion ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ;
     kgo:evidence_type/kgo:yamlKey ?ev .
  OPTIONAL { ?a kgo:cites/kgo:reference_number ?n }
  OPTIONAL { ?a kgo:conflict ?conflict }
}
"""

#: Claims of a conflict: source label, claimed value, source CURIE, references.
CLAIMS = PREFIXES + """
SELECT ?label ?value ?sid ?n WHERE {
  ?c a kgo:Conflict ; kgo:has_claim ?cl .
  ?cl kgo:source_label ?label .
  OPTIONAL { ?cl kgo:claim_value ?value }
  OPTIONAL { ?cl kgo:source_id ?sid }
  OPTIONAL { ?cl kgo:cites/kgo:reference_number ?n }
}
"""


def _iri(local: str) -> URIRef:
    return URIRef(KG[local])


def attribute(graph, trial: str, prop: str) -> dict:
    """Value of kg:trial kgo:prop with the tables, references and conflicts of its assertions."""
    rows = sparql_rows(graph, ATTRIBUTE, t=_iri(trial), p=URIRef(KGO[prop]))
    assert rows, f"{trial} has no asserted {prop}"
    values = {v for v, *_ in rows}
    assert len(values) == 1, f"{trial} {prop}: several values {values}"
    return {
        "value": values.pop(),
        "tables": {t for _, t, _, _ in rows if t},
        "refs": {int(n) for _, _, n, _ in rows if n is not None},
        "conflicts": {str(c).rsplit("/", 1)[-1] for *_, c in rows if c},
    }


def edges(graph, s: str, p: str) -> dict[str, dict]:
    """Objects of kg:s kgo:p with references, evidence types and conflicts per object."""
    out: dict[str, dict] = {}
    for o, n, ev, c in sparql_rows(graph, EDGE, s=_iri(s), p=URIRef(KGO[p])):
        rec = out.setdefault(str(o).rsplit("/", 1)[-1],
                             {"refs": set(), "evidence": set(), "conflicts": set()})
        if n is not None:
            rec["refs"].add(int(n))
        rec["evidence"].add(str(ev))
        if c:
            rec["conflicts"].add(str(c).rsplit("/", 1)[-1])
    return out


def claims(graph, conflict: str) -> dict[str, dict]:
    """Claims of a conflict by source label."""
    out: dict[str, dict] = {}
    for label, value, sid, n in sparql_rows(graph, CLAIMS, c=_iri(conflict)):
        rec = out.setdefault(str(label), {"value": value, "source_id": sid, "refs": set()})
        if n is not None:
            rec["refs"].add(int(n))
    assert out, f"conflict {conflict} missing"
    return out


# ------------------------------------------------------------ Table 2 (current and planned trials)

TABLE2 = [
    # trial, phase, design, line, start, N, KMT2A status, includes KMT2A-wt
    ("interfant-21", "III", "single arm", "first line", 2023, 160, "KMT2A-r", False),
    ("tini2", "I/II", "single arm", "first line", 2023, 90, "KMT2A-r + KMT2A-wt", True),
    ("cccg-iall-mpal-2022", "III", "randomization", "first line", 2022, 200, "KMT2A-r + KMT2A-wt",
     True),
    ("all-baby-2021", "III", "single arm", "first line", 2021, 80, "KMT2A-r + KMT2A-wt", True),
    ("cog-aall2321", "II", "randomization", "first line", 2025, 70, "KMT2A-r", False),
    ("cog-aall2121", "I/Ib", "single arm", "second line", 2024, 66, "KMT2A-r", False),
]


@pytest.mark.parametrize("tid,phase,design,line,start,n,status,wt", TABLE2,
                         ids=[r[0] for r in TABLE2])
def test_table2_trial_design(graph, tid, phase, design, line, start, n, status, wt):
    """Table 2: phase, design, line of treatment, starting year, N and KMT2A-r status per trial."""
    expected = {"phase": phase, "design": design, "line_of_treatment": line, "start_year": start,
                "enrolled": n, "kmt2a_status": status, "includes_kmt2a_wildtype": wt}
    for prop, value in expected.items():
        got = attribute(graph, tid, prop)
        assert got["value"] == value, (tid, prop)
        assert "Table 2" in got["tables"], (tid, prop, got["tables"])


def test_table2_registry_numbers(curation):
    """Table 2 NCT numbers: verified ones are identifiers; TINI2/CCCG numbers stay unverified."""
    ents = curation.entities
    assert ents["interfant-21"].curie == "clinicaltrials:NCT05327894"
    assert ents["all-baby-2021"].curie == "clinicaltrials:NCT05029531"
    assert ents["cog-aall2321"].curie == "clinicaltrials:NCT06317662"
    assert ents["cog-aall2121"].curie == "clinicaltrials:NCT05761171"
    assert ents["tini2"].curie is None
    assert ents["tini2"].attributes["review_stated_registry_id"] == "NCT05848687"
    assert ents["cccg-iall-mpal-2022"].curie is None
    assert ents["cccg-iall-mpal-2022"].attributes["review_stated_registry_id"] == "ChiCTR2200064906"
    assert curation.statements["jplsg-mll10--registry_id"].value == "UMIN000004801"


TABLE2_DRUGS = {
    "interfant-21": {"blinatumomab", "triple-IT"},  # triple IT from the CNS section
    "tini2": {"blinatumomab", "bortezomib", "vorinostat", "ziftomenib"},
    "cccg-iall-mpal-2022": {"blinatumomab", "venetoclax"},
    "all-baby-2021": {"blinatumomab", "HSCT"},
    "cog-aall2321": {"blinatumomab", "venetoclax"},
    "cog-aall2121": {"revumenib"},
}


@pytest.mark.parametrize("tid", sorted(TABLE2_DRUGS))
def test_table2_interventions(graph, tid):
    """Table 2 'IMP, new drugs' column (plus Interfant-21's triple IT from the CNS section)."""
    assert set(edges(graph, tid, "tests_intervention")) == TABLE2_DRUGS[tid]


def test_tini2_ziftomenib_restricted_to_young_or_mrd_positive(curation):
    """Table 2: TINI2 gives ziftomenib only to KMT2A-r infants <=90 days, or older if MRD+."""
    st = curation.statements["tini2--tests_intervention--ziftomenib"]
    assert st.table == "Table 2"
    assert "<=90 days" in st.claim and "MRD-positive" in st.claim
    # The two groups are alternatives; their criteria are data (tests/test_typed_relations.py).
    assert st.qualifiers is not None
    assert st.qualifiers.population == ["tini2-ziftomenib-le90d",
                                        "tini2-ziftomenib-gt90d-mrd-positive"]


# ------------------------------------------------------------ Table 1 (trial facts)

TABLE1 = [
    # trial, phase (Table 1 grouping), period, N, reference of the row
    ("cog-p9407", "III", 2001, 2006, 100, 14),
    ("cog-aall0631", "III", 2008, 2014, 146, 11),
    ("interfant-99", "III", 1999, 2005, 311, 1),
    ("interfant-06", "III", 2006, 2016, 476, 2),
    ("jplsg-mll03", "III", 2004, 2009, 62, 15),
    ("jplsg-mll10", "III", 2011, 2015, 75, 12),
    ("jccg-mll17", "III", 2019, 2024, 44, None),
    ("mll-baby", "III", 2003, 2016, 100, 25),
    ("interfant-blina-pilot", "II", 2018, 2021, 30, 13),
    ("tini1", "II", 2017, 2021, 30, 27),
    ("cog-aall15p1", "II", 2017, 2019, 53, 26),
]


@pytest.mark.parametrize("tid,phase,start,end,n,ref", TABLE1, ids=[r[0] for r in TABLE1])
def test_table1_trial_facts(graph, tid, phase, start, end, n, ref):
    """Table 1: phase group, trial period and number of patients, cited to the row's reference."""
    expected = {"phase": phase, "start_year": start, "end_year": end, "enrolled": n}
    for prop, value in expected.items():
        got = attribute(graph, tid, prop)
        assert got["value"] == value, (tid, prop)
        assert "Table 1" in got["tables"]
        if ref is not None:
            assert ref in got["refs"], (tid, prop, got["refs"])


TABLE1_DRUGS = {
    "cog-p9407": set(),
    "cog-aall0631": {"lestaurtinib"},
    "interfant-99": {"VIMARAM"},
    "interfant-06": {"ADE", "MAE"},
    "jplsg-mll03": set(),
    "jplsg-mll10": set(),
    "jccg-mll17": {"clofarabine"},
    "mll-baby": {"retinoic-acid"},
    "interfant-blina-pilot": {"blinatumomab"},
    "tini1": {"bortezomib", "vorinostat"},
    "cog-aall15p1": {"azacitidine"},
}


@pytest.mark.parametrize("tid", sorted(TABLE1_DRUGS))
def test_table1_drugs_tested(curation, tid):
    """Table 1 'Drug(s) tested' column, read from the statements sourced to Table 1."""
    got = {s.object for s in curation.statements.values()
           if s.subject == tid and s.predicate == "tests_intervention" and s.table == "Table 1"}
    assert got == TABLE1_DRUGS[tid]


def test_regimen_components_as_the_review_names_them(graph):
    """Table 1 footnote (ADE, MAE, VIMARAM); the text's five-drug induction, AML consolidation."""
    comp = {r: set(edges(graph, r, "has_component")) for r in
            ("ADE", "MAE", "VIMARAM", "interfant-induction", "AML-consolidation",
             "ALL-consolidation-IB", "triple-IT")}
    assert comp["MAE"] == {"mitoxantrone", "cytarabine", "etoposide"}
    assert comp["VIMARAM"] == {"vincristine", "methotrexate", "cytarabine"}
    assert comp["interfant-induction"] == {"dexamethasone", "vincristine", "L-asparaginase",
                                          "daunorubicin", "cytarabine"}
    assert comp["AML-consolidation"] == {"cytarabine", "etoposide", "daunorubicin", "methotrexate"}
    # The review names no drugs for IB consolidation or triple IT: no components invented.
    assert comp["ALL-consolidation-IB"] == set() and comp["triple-IT"] == set()


def test_ade_keeps_both_anthracyclines_with_the_conflict(graph):
    """ADE: Table 1 footnote says doxorubicin, ref 17 daunorubicin; both edges cite the conflict."""
    ade = edges(graph, "ADE", "has_component")
    assert set(ade) == {"cytarabine", "etoposide", "doxorubicin", "daunorubicin"}
    assert ade["doxorubicin"]["conflicts"] == {"ade-anthracycline"}
    assert ade["daunorubicin"]["conflicts"] == {"ade-anthracycline"}
    assert ade["daunorubicin"]["evidence"] == {"external_record"}
    assert ade["daunorubicin"]["refs"] == {17}
    cl = claims(graph, "ade-anthracycline")
    assert cl["review, Table 1 footnote"]["value"] == "doxorubicin"
    ref17 = cl["ref 17 (Stutterheim 2021 J Clin Oncol), abstract"]
    assert ref17["value"] == "daunorubicin"
    assert ref17["source_id"] == "doi:10.1200/JCO.20.02333"


def test_blina_pilot_builds_on_interfant06(graph):
    """Text: one post-induction blinatumomab course added to the Interfant-06 protocol (ref 13)."""
    assert edges(graph, "interfant-blina-pilot", "builds_on")["interfant-06"]["refs"] == {13}


def test_study_groups(graph):
    """Interfant, COG and JCCG (and JPLSG for MLL03/MLL10) run the trials named after them."""
    runs = {}
    q = PREFIXES + "SELECT ?t ?g WHERE { ?t kgo:conducted_by ?g }"
    for t, g in sparql_rows(graph, q):
        runs.setdefault(str(g).rsplit("/", 1)[-1], set()).add(str(t).rsplit("/", 1)[-1])
    assert runs["interfant-study-group"] == {"interfant-99", "interfant-06",
                                             "interfant-blina-pilot", "interfant-21"}
    cog = {"cog-p9407", "cog-aall0631", "cog-aall15p1", "cog-aall2321", "cog-aall2121"}
    assert cog <= runs["COG"]
    assert runs["JCCG"] == {"jccg-mll17"}
    assert runs["JPLSG"] == {"jplsg-mll03", "jplsg-mll10"}


def test_age_based_dose_reduction(graph):
    """Age-based dose reductions: Interfant/COG reduce <1 y; MLL-10 full from 4 months (Table 3);
    Interfant-21 planned full doses from 6 months, then reverted to Interfant-06 rules."""
    assert {"age-0-2m", "age-2-4m"} == set(edges(graph, "jplsg-mll10", "dose_reduced_in"))
    assert {"age-under-1y", "age-0-2m", "age-2-4m", "age-4-6m", "age-6-12m"} == set(
        edges(graph, "interfant-06", "dose_reduced_in"))
    assert {"age-under-6m", "age-under-1y"} == set(edges(graph, "interfant-21", "dose_reduced_in"))
    for tid in ("interfant-99", "cog-p9407", "cog-aall0631"):
        assert "age-under-1y" in edges(graph, tid, "dose_reduced_in")


def test_age_groups_bounds(curation):
    """Table 3 age categories in months (lower bound inclusive, upper exclusive)."""
    bounds = {a: (curation.entities[a].attributes["age_lower_months"],
                  curation.entities[a].attributes["age_upper_months"])
              for a in ("age-0-2m", "age-2-4m", "age-4-6m", "age-6-12m", "age-under-1y",
                        "age-under-6m")}
    assert bounds == {"age-0-2m": (0, 2), "age-2-4m": (2, 4), "age-4-6m": (4, 6),
                      "age-6-12m": (6, 12), "age-under-1y": (0, 12), "age-under-6m": (0, 6)}


def test_text_cited_trials(graph):
    """Trials cited in the text only: ELIANA (ref 28), the COG blinatumomab trial (ref 83),
    CCG-1952 (ref 84) and AALL1131 (ref 81) with triple IT."""
    assert edges(graph, "eliana", "tests_intervention")["tisagenlecleucel"]["refs"] == {28}
    assert edges(graph, "cog-aall1731", "tests_intervention")["blinatumomab"]["refs"] == {83}
    assert edges(graph, "ccg-1952", "tests_intervention")["triple-IT"]["refs"] == {84}
    assert edges(graph, "cog-aall1131", "tests_intervention")["triple-IT"]["refs"] == {81}
    patio = edges(graph, "patio-study", "nested_within")
    assert set(patio) == {"interfant-21"}
    assert patio["interfant-21"]["evidence"] == {"clinical_trial_registration"}


# ------------------------------------------------------------ conflicts about trial facts


def test_mll10_phase_conflict(graph):
    """Table 1 groups MLL-10 under phase III; its UMIN registration says phase II."""
    assert attribute(graph, "jplsg-mll10", "phase")["conflicts"] == {"mll10-phase"}
    cl = claims(graph, "mll10-phase")
    assert cl["review, Table 1"]["value"] == "III"
    reg = cl["UMIN-CTR record UMIN000004801"]
    assert reg["value"] == "II" and reg["source_id"] == "uminctr:UMIN000004801"


def test_aall2121_phase_conflict(graph):
    """NCT05761171: phase I/Ib in Table 2, phase II in the text and in the registry."""
    got = attribute(graph, "cog-aall2121", "phase")
    assert got["value"] == "I/Ib" and got["conflicts"] == {"aall2121-phase"}
    cl = claims(graph, "aall2121-phase")
    assert {k: v["value"] for k, v in cl.items()} == {
        "review, Table 2": "I/Ib", "review, text": "II",
        "ClinicalTrials.gov record NCT05761171": "Phase 2"}


def test_aall2321_population_conflict(graph):
    """AALL2321: Table 2 says KMT2A-r only, N=70; the registry enrols KMT2A-R and germline, 153."""
    for prop in ("enrolled", "kmt2a_status", "includes_kmt2a_wildtype"):
        assert attribute(graph, "cog-aall2321", prop)["conflicts"] == {"aall2321-population"}
    cl = claims(graph, "aall2321-population")
    assert cl["review, Table 2"]["value"] == "KMT2A-r; N=70"
    reg = cl["ClinicalTrials.gov record NCT06317662"]
    assert reg["value"] == "KMT2A-R + KMT2A-germline; N=153"
    assert reg["source_id"] == "clinicaltrials:NCT06317662"


def test_interfant21_start_year_conflict(graph):
    """Interfant-21 starts in 2023 per Table 2; the registry gives 2022-12-15."""
    got = attribute(graph, "interfant-21", "start_year")
    assert got["value"] == 2023 and got["conflicts"] == {"interfant21-start-year"}
    assert claims(graph, "interfant21-start-year")["ClinicalTrials.gov record NCT05327894"][
        "value"] == "2022-12-15"


def test_enrollment_conflicts_keep_the_review_value(graph):
    """P9407 (N=100 vs ref 14's n=147, unverified) and AALL15P1 (53 vs registry 78)."""
    p9407 = attribute(graph, "cog-p9407", "enrolled")
    assert p9407["value"] == 100 and p9407["conflicts"] == {"p9407-cohort"}
    aall15p1 = attribute(graph, "cog-aall15p1", "enrolled")
    assert aall15p1["value"] == 53 and aall15p1["conflicts"] == {"aall15p1-enrollment"}
    assert claims(graph, "aall15p1-enrollment")["ClinicalTrials.gov record NCT02828358"][
        "value"] == "78"


def test_aall1331_misattribution_conflict(graph):
    """The text cites 'AALL1331' with ref 81, which reports AALL1131: the facts sit on AALL1131,
    the conflict keeps the review's wording and both registrations."""
    assert "triple-IT" not in edges(graph, "cog-aall1331", "tests_intervention")
    assert edges(graph, "cog-aall1131", "tests_intervention")["triple-IT"]["conflicts"] == {
        "aall1331-cited-as-ref-81"}
    cl = claims(graph, "aall1331-cited-as-ref-81")
    assert cl["review, reference list (ref 81)"]["value"] == "AALL1131"
    assert cl["ClinicalTrials.gov record of AALL1331"]["source_id"] == \
        "clinicaltrials:NCT02101853"


def test_conflict_records_are_complete(curation):
    """Every conflict in conflicts.yaml keeps >=2 claims, at least one anchored in the review, and
    every clinical record pointing at a conflict is listed in its 'concerns'."""
    mine = {cid: c for cid, c in curation.conflicts.items()
            if curation.source_file[cid] == "conflicts.yaml"}
    assert len(mine) >= 11
    for cid, c in mine.items():
        assert len(c.claims) >= 2, cid
        assert any(cl.anchor for cl in c.claims), cid
    clinical = {"trials.yaml", "regimens.yaml", "outcomes.yaml"}
    for rid, rec in [*curation.statements.items(), *curation.measurements.items()]:
        if rec.conflict and curation.source_file[rid] in clinical:
            assert rid in mine[rec.conflict].concerns, (rid, rec.conflict)


# ------------------------------------------------------------ outcomes (typed numbers)

#: One measurement of a study with its qualifiers and provenance.
MEASUREMENTS = PREFIXES + """
SELECT ?m ?measure ?value ?status ?h ?sub ?arm ?num ?den ?age ?dose ?table ?q ?lo ?hi ?stated
       ?n ?conflict WHERE {
  ?of kgo:has_measurement ?m .
  ?m kgo:measure/kgo:yamlKey ?measure .
  OPTIONAL { ?m kgo:value ?value }
  OPTIONAL { ?m kgo:value_qualifier/kgo:yamlKey ?q }
  OPTIONAL { ?m kgo:value_min ?lo }
  OPTIONAL { ?m kgo:value_max ?hi }
  OPTIONAL { ?m kgo:stated_as ?stated }
  OPTIONAL { ?m kgo:value_status ?status }
  OPTIONAL { ?m kgo:time_horizon_years ?h }
  OPTIONAL { ?m kgo:subgroup ?sub }
  OPTIONAL { ?m kgo:arm ?arm }
  OPTIONAL { ?m kgo:numerator ?num }
  OPTIONAL { ?m kgo:denominator ?den }
  OPTIONAL { ?m kgo:age_group ?age }
  OPTIONAL { ?m kgo:dose_intensity ?dose }
  OPTIONAL { ?m kgo:table ?table }
  OPTIONAL { ?m kgo:cites/kgo:reference_number ?n }
  OPTIONAL { ?m kgo:conflict ?conflict }
}
"""
_FIELDS = ("measure", "value", "status", "horizon", "subgroup", "arm", "num", "den", "age",
           "dose", "table", "qualifier", "min", "max", "stated_as")


def measurements(graph, of: str) -> dict[str, dict]:
    """Measurements of kg:of by id, with values as Python numbers and local ids."""
    out: dict[str, dict] = {}
    for row in sparql_rows(graph, MEASUREMENTS, of=_iri(of)):
        m, *vals, n, conflict = row
        rec = out.setdefault(str(m).rsplit("/", 1)[-1], {"refs": set(), "conflict": None})
        for k, v in zip(_FIELDS, vals, strict=True):
            if isinstance(v, Decimal):
                v = float(v)
            if k == "age" and v is not None:
                v = str(v).rsplit("/", 1)[-1]
            rec[k] = v
        if n is not None:
            rec["refs"].add(int(n))
        if conflict:
            rec["conflict"] = str(conflict).rsplit("/", 1)[-1]
    return out


def pick(ms: dict[str, dict], **where) -> dict:
    """The one measurement matching every qualifier given."""
    hits = [m for m in ms.values() if all(m.get(k) == v for k, v in where.items())]
    assert len(hits) == 1, (where, hits)
    return hits[0]


def test_interfant06_headline_outcome(graph):
    """Table 1: Interfant-06 included 476 KMT2A-r infants; 6-year EFS 36.4%, OS 48.0% (ref 2)."""
    assert attribute(graph, "interfant-06", "enrolled")["value"] == 476
    ms = measurements(graph, "interfant-06")
    efs = pick(ms, measure="EFS", subgroup=None, arm=None)
    assert (efs["value"], efs["horizon"], efs["table"], efs["refs"]) == (36.4, 6.0, "Table 1", {2})
    os_ = pick(ms, measure="OS", subgroup=None)
    assert (os_["value"], os_["horizon"], os_["refs"]) == (48.0, 5.0, {2})


@pytest.mark.parametrize("subgroup,n,efs,os_", [
    ("Western countries", 334, 40.7, 52.3),
    ("non-Western countries", 142, 28.1, 38.1),
])
def test_interfant06_western_subgroups(graph, subgroup, n, efs, os_):
    """Table 1: Interfant-06 Western (334; EFS 40.7, OS 52.3) / non-Western (142; 28.1, 38.1)."""
    ms = measurements(graph, "interfant-06")
    assert pick(ms, measure="SAMPLE_SIZE", subgroup=subgroup)["value"] == n
    e = pick(ms, measure="EFS", subgroup=subgroup)
    assert (e["value"], e["refs"], e["conflict"]) == (efs, {2}, "interfant-06-subgroup-horizon")
    assert pick(ms, measure="OS", subgroup=subgroup)["value"] == os_


TABLE1_OUTCOMES = [
    # trial, EFS value, EFS horizon, OS value, OS horizon; horizon from the '(n y)' tag, else 5
    ("cog-p9407", 35.5, 5, None, None),
    ("cog-aall0631", 34, 5, 41, 5),
    ("interfant-99", 35.9, 6, 43.2, 5),
    ("jplsg-mll03", 43.2, 4, 67.2, 5),
    ("mll-baby", 36, 6, 44, 5),
    ("tini1", 44.8, 3, 62, 5),
    ("cog-aall15p1", 34.7, 5, 64, 5),
]


@pytest.mark.parametrize("tid,efs,efs_h,os_,os_h", TABLE1_OUTCOMES,
                         ids=[r[0] for r in TABLE1_OUTCOMES])
def test_table1_survival(graph, tid, efs, efs_h, os_, os_h):
    """Table 1 EFS and OS columns with the horizon each value carries."""
    ms = {k: v for k, v in measurements(graph, tid).items() if v["table"] == "Table 1"}
    e = pick(ms, measure="EFS")
    assert (e["value"], e["horizon"]) == (efs, efs_h)
    if os_ is None:
        assert not [m for m in ms.values() if m["measure"] == "OS"]  # '-' in Table 1
    else:
        o = pick(ms, measure="OS")
        assert (o["value"], o["horizon"]) == (os_, os_h)


def test_jccg_mll17_outcomes_awaited(graph):
    """Table 1: JCCG-MLL17 (clofarabine, 44 patients) EFS and OS 'Awaited'."""
    ms = measurements(graph, "jccg-mll17")
    assert {(m["measure"], m["status"], m["value"]) for m in ms.values()} == {
        ("EFS", "awaited", None), ("OS", "awaited", None)}


def test_mll10_efs_conflict_keeps_both_sources(graph):
    """MLL-10 66.2%: Table 1's 5-year column vs the text's and ref 12's (PMID:32845001) 3 years."""
    ms = measurements(graph, "jplsg-mll10")
    t1 = pick(ms, measure="EFS", table="Table 1")
    assert (t1["value"], t1["horizon"], t1["conflict"]) == (66.2, 3.0, "mll10-efs-horizon")
    text = pick(ms, measure="EFS", table=None)
    assert (text["value"], text["horizon"], text["refs"]) == (66.0, 3.0, {12})
    cl = claims(graph, "mll10-efs-horizon")
    assert cl["review, Table 1"]["value"] == "66.2% at 5 years"
    assert cl["review, Table 1"]["refs"] == {12}
    assert cl["review, text"]["value"] == "66% at 3 years"
    src = cl["ref 12 (Tomizawa 2020 Blood)"]
    assert (src["value"], src["source_id"]) == ("66.2% at 3 years", "PMID:32845001")


TABLE3 = [
    # age group, study, dose intensity, %, numerator, denominator
    ("age-0-2m", "jplsg-mll10", "two-thirds", 27, 3, 11),
    ("age-0-2m", "interfant-06", "two-thirds", 32, 8, 25),
    ("age-2-4m", "jplsg-mll10", "three-quarters", 63, 12, 19),
    ("age-2-4m", "interfant-06", "two-thirds", 49, 25, 51),
    ("age-4-6m", "jplsg-mll10", "full", 59, 16, 27),
    ("age-4-6m", "interfant-06", "two-thirds", 48, 21, 44),
    ("age-6-12m", "jplsg-mll10", "full", 89, 16, 18),
    ("age-6-12m", "interfant-06", "three-quarters", 54, 52, 97),
]


def test_table3_all_rows(graph):
    """Table 3: end-of-induction MRD remission (<0.01%) by age group and dose intensity, 8 rows."""
    got = set()
    for study in ("jplsg-mll10", "interfant-06"):
        for m in measurements(graph, study).values():
            if m["measure"] == "EOI_MRD_REMISSION":
                assert m["table"] == "Table 3"
                got.add((m["age"], study, m["dose"], m["value"], m["num"], m["den"]))
    assert got == {(a, s, d, float(v), n, dn) for a, s, d, v, n, dn in TABLE3}


def test_interfant06_consolidation_by_mrd(graph):
    """Ref 17 (post-hoc Interfant-06): 6-year DFS by end-of-induction MRD and consolidation type."""
    ms = measurements(graph, "interfant-06")
    dfs = {(m["subgroup"], m["arm"]): m for m in ms.values()
           if m["measure"] == "DFS" and m["horizon"] == 6.0}
    assert {k: v["value"] for k, v in dfs.items()} == {
        ("EOI MRD >=0.05%", "myeloid (AML-style) consolidation"): 46,
        ("EOI MRD >=0.05%", "lymphoid (ALL-style IB) consolidation"): 23,
        ("EOI MRD negative", "lymphoid (ALL-style IB) consolidation"): 78,
        ("EOI MRD negative", "myeloid (AML-style) consolidation"): 45,
    }
    assert all(v["refs"] == {17} for v in dfs.values())
    co = {m["subgroup"]: m["value"] for m in ms.values() if m["measure"] == "MYELOID_COEXPRESSION"}
    assert co == {"high EOI MRD": 80, "negative EOI MRD": 50}
    assert pick(ms, measure="MRD_POSITIVE_EOI")["value"] == 80  # "over 80%", ref 17


def test_blina_pilot_outcomes_and_conflict(graph):
    """Blina pilot (ref 13): 2-year DFS 49 -> 82%, OS 66 -> 93% in the text; Table 1 prints EFS 81.6
    (2 y) and OS 93.3; all 4 relapses among 30 infants involved the CNS."""
    ms = measurements(graph, "interfant-blina-pilot")
    assert pick(ms, measure="DFS", arm="blinatumomab")["value"] == 82
    assert pick(ms, measure="OS", arm="blinatumomab", table=None)["value"] == 93
    comparator = "comparator: Interfant-06 chemotherapy without blinatumomab"
    assert pick(ms, measure="DFS", arm=comparator)["value"] == 49
    assert pick(ms, measure="OS", arm=comparator)["value"] == 66
    t1 = pick(ms, measure="EFS", table="Table 1")
    assert (t1["value"], t1["horizon"], t1["conflict"]) == (81.6, 2.0, "blina-pilot-efs-vs-dfs")
    assert pick(ms, measure="OS", table="Table 1")["value"] == 93.3
    rel = pick(ms, measure="RELAPSES")
    assert (rel["value"], rel["num"], rel["den"]) == (4, 4, 30)
    assert pick(ms, measure="CNS_RELAPSE_SHARE")["value"] == 100
    assert set(claims(graph, "blina-pilot-efs-vs-dfs")) == {"review, Table 1", "review, text"}


def test_interfant06_cns_and_relapse_numbers(graph):
    """CNS section (ref 2): 13.8% CNS at diagnosis; 213/442 relapsed in CR1, 24% (N=50) involving
    the CNS, 11% isolated, 13% combined; 50/442 (11%) CNS relapses. Lineage switch 5/231 (2%)."""
    ms = measurements(graph, "interfant-06")
    expect = {
        "CNS_INVOLVEMENT_AT_DIAGNOSIS": (13.8, None, None),
        "RELAPSES": (213, 213, 442),
        "CNS_RELAPSE_SHARE": (24, 50, 213),
        "ISOLATED_CNS_RELAPSE_SHARE": (11, None, None),
        "COMBINED_BM_CNS_RELAPSE_SHARE": (13, None, None),
        "CNS_RELAPSE_INCIDENCE": (11, 50, 442),
        "LINEAGE_SWITCH_SHARE": (2, 5, 231),
    }
    for measure, (value, num, den) in expect.items():
        m = pick(ms, measure=measure)
        assert (m["value"], m["num"], m["den"]) == (value, num, den), measure
    assert pick(ms, measure="LINEAGE_SWITCH_SHARE")["conflict"] == "interfant-06-relapse-count"
    assert pick(ms, measure="RELAPSES")["conflict"] == "interfant-06-relapse-count"


def test_cns_relapse_comparators(graph):
    """Non-infant comparators: 28% in 'AALL1331' (ref 81, the AALL1131 paper), 20% in DCOG ALL11
    (ref 82), 1-2% of all patients in childhood ALL (refs 81, 82)."""
    assert not measurements(graph, "cog-aall1331")  # the 28% is ref 81's, i.e. AALL1131's
    a = pick(measurements(graph, "cog-aall1131"), measure="CNS_RELAPSE_SHARE")
    assert (a["value"], a["refs"], a["conflict"]) == (28, {81}, "aall1331-cited-as-ref-81")
    d = pick(measurements(graph, "dcog-all11"), measure="CNS_RELAPSE_SHARE")
    assert (d["value"], d["refs"]) == (20, {82})
    # 'compared to 1-2% in childhood ALL': one range, not two exact values
    c = pick(measurements(graph, "childhood-ALL"), measure="CNS_RELAPSE_INCIDENCE")
    assert (c["qualifier"], c["min"], c["max"], c["value"], c["stated_as"]) == (
        "range", 1, 2, None, "1-2%")


def test_disease_level_numbers(graph):
    """Introduction/relapse section: KMT2A-r infant ALL 5-year EFS at best 45% (refs 1, 2, 11, 12);
    about two-thirds relapse within 2 years (refs 1, 2)."""
    ms = measurements(graph, "KMT2A-r-ALL")
    efs = pick(ms, measure="EFS", horizon=5.0)
    # 'With 5-year event-free survival rates of at best 45%': an upper bound
    assert (efs["value"], efs["horizon"], efs["refs"]) == (45, 5.0, {1, 2, 11, 12})
    assert (efs["qualifier"], efs["stated_as"]) == ("at_most", "at best 45%")
    # The abstract's 'at best ~40%' (no horizon) is kept beside it, under one conflict.
    abstract = pick(ms, measure="EFS", horizon=None)
    assert (abstract["value"], abstract["conflict"]) == (40, "historical-efs-40-vs-45")
    assert efs["conflict"] == "historical-efs-40-vs-45"
    # 'About two-thirds ... relapse within 2 years of diagnosis': approximately, horizon 2 years
    early = pick(ms, measure="EARLY_RELAPSE_SHARE")
    assert early["value"] == pytest.approx(66.7)
    assert (early["qualifier"], early["horizon"], early["stated_as"]) == (
        "approximately", 2.0, "About two-thirds")


# ------------------------------------------------------------ the review's known contradictions

#: Every discrepancy of the curation aids that touches the clinical half, plus one found while
#: curating (methotrexate in AML consolidation), with its kind.
EXPECTED_CONFLICTS = {
    "ade-anthracycline": "external",  # Table 1 footnote doxorubicin vs ref 17 daunorubicin
    "aml-consolidation-methotrexate": "internal",  # text list vs Table 1 ADE/MAE
    "venetoclax-cited-refs-46-47": "external",  # refs 46/47 are not about venetoclax
    "aall1331-cited-as-ref-81": "external",  # ref 81 reports AALL1131
    "refs-22-79-duplicate": "internal",  # the same paper twice
    "mll10-efs-horizon": "internal",  # 5-year column vs 3-year text and ref 12
    "mll10-os-horizon": "internal",  # OS 82 under '5-year OS' in a row of 3-year results
    "tini1-os-horizon": "internal",  # OS 62 under '5-year OS' next to a '(3 y)' EFS
    "mll10-phase": "external",  # Table 1 phase III vs UMIN phase II
    "aall2121-phase": "internal",  # Table 2 I/Ib vs text and registry phase II
    "aall2321-population": "external",  # KMT2A-r/70 vs KMT2A-R + germline/153
    "interfant21-start-year": "external",  # 2023 vs 2022-12-15
    "p9407-cohort": "external",  # 100/35.5 vs ref 14's 147/42.3 (unverified)
    "aall15p1-enrollment": "external",  # 53 vs registry 78
    "blina-pilot-efs-vs-dfs": "internal",  # Table 1 EFS column vs text DFS
    "interfant-06-subgroup-horizon": "internal",  # untagged subgroup values in a (6 y) cell
    "interfant-06-relapse-count": "internal",  # 5 of 231 vs 213 of 442
    "venetoclax-azacitidine-ref-76": "internal",  # ref 76 is a TCF3::HLF editorial
    "yeats-inhibitors-ref-53": "internal",  # ref 53 describes other compounds
    "historical-efs-40-vs-45": "internal",  # abstract ~40% vs introduction 45% (vs <=50%)
}


def test_every_known_contradiction_is_a_conflict(graph):
    """Each discrepancy is a kgo:Conflict of the right kind, >=2 claims, >=1 concerned record."""
    q = PREFIXES + """
    SELECT ?c ?kind (COUNT(DISTINCT ?cl) AS ?claims) (COUNT(DISTINCT ?x) AS ?concerns) WHERE {
      ?c a kgo:Conflict ; kgo:kind ?kind ; kgo:has_claim ?cl ; kgo:concerns ?x ;
         kgo:curation_file "conflicts.yaml" .
    } GROUP BY ?c ?kind"""
    got = {str(c).rsplit("/", 1)[-1]: (kind, int(n), int(k))
           for c, kind, n, k in sparql_rows(graph, q)}
    assert {c: kind for c, (kind, _, _) in got.items()} == EXPECTED_CONFLICTS
    assert all(n >= 2 and k >= 1 for _, n, k in got.values())


def test_external_claims_name_their_source(curation):
    """Claims from outside the review carry a verified CURIE or say how (and whether) they were
    checked; the P9407 and ref 53 claims say they are unverified."""
    for cid in EXPECTED_CONFLICTS:
        for cl in curation.conflicts[cid].claims:
            if cl.anchor is None:
                assert cl.verification, (cid, cl.source_label)
    p9407 = [cl for cl in curation.conflicts["p9407-cohort"].claims if cl.anchor is None]
    assert [cl.value for cl in p9407] == ["n=147; EFS 42.3%"]
    assert "UNVERIFIED" in p9407[0].verification and p9407[0].source_id is None
    ref53 = [cl for cl in curation.conflicts["yeats-inhibitors-ref-53"].claims if cl.anchor is None]
    assert "UNVERIFIED" in ref53[0].verification


def test_duplicate_and_miscited_references(graph):
    """Refs 22 and 79 are the same paper; refs 46-47 (venetoclax), 76 (venetoclax + azacitidine)
    and 53 (TDI-11055, SR-0813) are kept as printed, with the cited works' topics as claims."""
    dup = claims(graph, "refs-22-79-duplicate")
    assert {frozenset(v["refs"]) for v in dup.values()} == {frozenset({22}), frozenset({79})}
    ven = claims(graph, "venetoclax-cited-refs-46-47")
    assert ven["review, reference list (ref 46)"]["value"] == "pinometostat"
    assert ven["review, reference list (ref 47)"]["value"] == "MEN1 resistance mutations"
    assert claims(graph, "venetoclax-azacitidine-ref-76")["review, reference list (ref 76)"][
        "value"] == "TCF3::HLF editorial"
    assert claims(graph, "yeats-inhibitors-ref-53")["review, text"]["refs"] == {53, 54, 55}


def test_relapse_count_conflict(graph):
    """Interfant-06: lineage switches were 5 of 231 relapses, but the CNS section counts 213."""
    cl = claims(graph, "interfant-06-relapse-count")
    assert {v["value"] for v in cl.values()} == {"231 relapses", "213 relapses"}
    assert cl["review, text (ref 2)"]["refs"] == {2}


def test_unverified_registry_numbers_are_not_identifiers(curation):
    """A registry number nobody could verify (TINI2, CCCG) is never a curie or xref of any trial."""
    for ent in curation.entities.values():
        ids = {ent.curie, *ent.xrefs}
        assert not any(i and ("NCT05848687" in i or "ChiCTR2200064906" in i) for i in ids), ent.id
