"""Scoring on a hand-made graph: every term, its explanation and the leave-one-out, with
values derived by hand (damping w = 0.4)."""

from __future__ import annotations

import networkx as nx
import pytest

from kg.hypotheses.config import ConfigError, load_config
from kg.hypotheses.hetgraph import from_networkx
from kg.hypotheses.score import Scorer, rank
from kg.hypotheses.validate import leave_one_out, tie_aware, wilson

W = 0.4

ANC = {
    "SmallMolecule": {"Drug", "Intervention", "Entity"},
    "Biologic": {"Drug", "Intervention", "Entity"},
    "CellTherapy": {"Drug", "Intervention", "Entity"}, "DrugClass": {"Intervention", "Entity"},
    "Regimen": {"Intervention", "Entity"},
    "Gene": {"GeneticEntity", "Entity"}, "ProteinComplex": {"GeneticEntity", "Entity"},
    "FusionGene": {"GeneticEntity", "Entity"}, "SequenceVariant": {"GeneticEntity", "Entity"},
    "Disease": {"Entity"}, "LineageSwitch": {"ClinicalPhenomenon", "Entity"},
    "AnatomicalSite": {"Entity"}, "ClinicalTrial": {"Entity"},
}
NODES = {
    "menA": "SmallMolecule", "menB": "SmallMolecule", "dotA": "SmallMolecule",
    "venX": "SmallMolecule", "carT": "CellTherapy", "blin": "Biologic", "MENi": "DrugClass",
    "MEN1": "Gene", "DOT1L": "Gene", "CD19": "Gene", "FUS": "FusionGene", "CX": "ProteinComplex",
    "MEN1mut": "SequenceVariant", "DIS": "Disease", "AML": "Disease", "LS": "LineageSwitch",
    "CNS": "AnatomicalSite", "trial3": "ClinicalTrial", "trial2": "ClinicalTrial",
    "infant-ALL": "Disease",
}
EDGES = [
    ("menA", "in_drug_class", "MENi", [5]), ("menB", "in_drug_class", "MENi", [5]),
    ("MENi", "inhibits", "MEN1", [5, 6]), ("dotA", "inhibits", "DOT1L", [7]),
    ("MEN1", "member_of", "CX", [8]), ("DOT1L", "member_of", "CX", [8]),
    ("FUS", "member_of", "CX", [8]), ("FUS", "causes", "DIS", [3]),
    ("carT", "targets", "CD19", [85]), ("blin", "targets", "CD19", [13]),
    ("DIS", "depends_on", "CD19", [13]),
    ("carT", "active_in_compartment", "CNS", [85]),
    ("blin", "not_active_in_compartment", "CNS", [85]),
    ("MEN1mut", "confers_resistance_to", "MENi", [47]),
    ("menA", "synergises_with", "dotA", [45]),
    ("MENi", "increases_risk_of", "LS", [77]), ("LS", "switches_to", "AML", [70]),
    ("venX", "used_to_treat", "AML", [76]),
    ("trial3", "tests_intervention", "blin", [13]),
    ("trial3", "studies_condition", "infant-ALL", [13]),
    ("trial2", "tests_intervention", "venX", [46]),
]
def toy(extra=()):
    G = nx.MultiDiGraph()
    for n, c in NODES.items():
        phase = {"trial3": "III", "trial2": "II (randomization)"}.get(n)
        G.add_node(n, category=c, label=n, **({"phase": phase} if phase else {}))
    for s, p, o, refs in list(EDGES) + list(extra):
        G.add_edge(s, o, key=f"{s}--{p}--{o}", predicate=p, refs=refs, evidence="review_statement")
    return from_networkx(G, ANC, symmetric={"synergises_with", "functionally_interdependent_with"})


@pytest.fixture(scope="module")
def cfg():
    return load_config(overrides={"diseases": ["DIS"]})


@pytest.fixture(scope="module")
def scorer(cfg):
    return Scorer(toy(), cfg)


def test_candidates_are_the_drugs_not_their_classes(scorer):
    # MENi has member drugs, so it is not a candidate itself
    assert scorer.agents == ["blin", "carT", "dotA", "menA", "menB", "venX"]


def test_exposure_is_the_hand_derived_dwpc(scorer):
    F = scorer.F
    e = dict(zip(F.agents, F.exposure, strict=True))
    # dotA -inhibits> DOT1L -member_of> CX <member_of- FUS -causes> DIS:
    # only CX has degree > 1 (three members)
    assert e["dotA"] == pytest.approx(3 ** -W)
    # menA inherits MEN1 from its class: menA -in_drug_class> MENi (2 members) -inhibits> MEN1 ...
    assert e["menA"] == pytest.approx(2 ** -W * 3 ** -W)
    # carT -targets> CD19 (targeted by 2 agents) <depends_on- DIS
    assert e["carT"] == pytest.approx(2 ** -W)
    assert e["venX"] == 0


def test_explanations_show_the_class_path_and_sum_to_the_term(scorer):
    hyps = rank(toy(), config=scorer.cfg, permutations=0)
    [h] = [h for h in hyps if h.agents == ("dotA", "menA")]
    paths = h.term("exposure").paths
    men = [p for p in paths if p.nodes[0] == "menA"]
    assert [p.nodes for p in men] == [("menA", "MENi", "MEN1", "CX", "FUS", "DIS")]
    assert [e.predicate for hop in men[0].hops for e in hop.edges] == [
        "in_drug_class", "inhibits", "member_of", "member_of", "causes"]
    assert men[0].hops[0].edges[0].refs == (5,)
    assert sum(p.weight for p in paths) == pytest.approx(3 ** -W + 2 ** -W * 3 ** -W)
    assert h.term("exposure").value == pytest.approx((3 ** -W + 2 ** -W * 3 ** -W) / 2)
    assert "menA--synergises_with--dotA" in h.assertion_keys()


def test_complementarity_separates_same_target_from_different_targets(scorer):
    F = scorer.F
    i = {a: k for k, a in enumerate(F.agents)}
    assert F.complementarity[i["menA"], i["menB"]] == 0  # both hit MEN1 (through the class)
    assert F.complementarity[i["menA"], i["dotA"]] == 1  # MEN1 vs DOT1L
    assert F.complementarity[i["carT"], i["blin"]] == 0  # both CD19
    assert F.complementarity[i["venX"], i["dotA"]] == 0  # venX has no known target


def test_resistance_escape_and_lineage_switch(scorer):
    by = {h.agents: h for h in rank(toy(), config=scorer.cfg, permutations=0)}
    # MEN1 mutations defeat the menin-inhibitor class; dotA escapes them and reaches DIS
    esc = by[("dotA", "menA")].term("resistance_escape")
    assert esc.value == pytest.approx(2 ** -W)
    assert "MEN1mut confers resistance to menA, not to dotA" in esc.summary
    # menA's class raises the risk of a switch to AML; dotA does not cover it, venX treats AML
    assert by[("dotA", "menA")].term("lineage_switch_risk").value == pytest.approx(2 ** -W)
    assert by[("menA", "venX")].term("lineage_switch_risk").value == 0
    assert by[("menA", "venX")].term("resistance_escape").value == pytest.approx(2 ** -W)
    assert by[("menA", "menB")].term("lineage_switch_risk").value == pytest.approx(2 * 2 ** -W)


def test_cns_coverage_and_require_cns(scorer):
    hyps = rank(toy(), config=scorer.cfg, permutations=0)
    cns = {h.agents: h.term("cns_coverage").value for h in hyps}
    assert cns[("carT", "menA")] == 1
    assert cns[("blin", "menA")] == -1  # blinatumomab-like agent documented not to reach it
    assert cns[("dotA", "menA")] == 0
    assert cns[("blin", "carT")] == 1
    only = rank(toy(), config=scorer.cfg, permutations=0, require_cns=True)
    assert all("carT" in h.agents for h in only) and len(only) == 5
    # with every term on, the synergy pair still leads; excluding menA changes the leader
    assert hyps[0].agents == ("dotA", "menA")
    assert rank(toy(), config=scorer.cfg, permutations=0, exclude=["menA"])[0].agents == (
        "carT", "menB")


def test_maturity_reads_the_trial_phase_and_population(scorer):
    m = dict(zip(scorer.F.agents, scorer.F.maturity, strict=True))
    assert m["blin"] == 1.0  # phase III trial in infant ALL
    assert m["venX"] == pytest.approx(0.7 * 0.5)  # phase II trial, not in infants
    assert m["menA"] == 0.0


def test_rank_rejects_bad_input(scorer):
    with pytest.raises(ValueError, match="size must be 2 or 3"):
        rank(toy(), size=4, config=scorer.cfg)
    with pytest.raises(ValueError, match="unknown agent 'aspirin'"):
        rank(toy(), config=scorer.cfg, exclude=["aspirin"], permutations=0)


def test_size_three_and_p_values(scorer):
    hyps = rank(toy(), size=3, top=3, config=scorer.cfg, permutations=5)
    assert len(hyps[0].agents) == 3
    assert all(1 / 6 <= h.p_value <= 1 for h in hyps)  # (1 + k) / (1 + 5)


def test_leave_one_out_on_the_toy_ranks_with_ties(scorer):
    v = leave_one_out(toy(), scorer.cfg)
    [h] = v.held_out
    assert h.agents == ("dotA", "menA") and h.kind == "synergy"
    assert h.removed == ("menA--synergises_with--dotA",)
    # without the synergy edge dotA+menA ties with dotA+menB, behind carT+menA and carT+menB
    assert (h.better["model"], h.tied["model"]) == (2, 2)
    assert h.expected_rank() == 3.5 and h.pessimistic_rank() == 4
    assert v.metrics["model"].mrr == pytest.approx((1 / 3 + 1 / 4) / 2)
    assert v.metrics["random"].mrr == pytest.approx(sum(1 / k for k in range(1, 16)) / 15)


def test_tie_aware_metrics_and_wilson():
    rr, hits = tie_aware(2, 2, [1, 3, 10])
    assert rr == pytest.approx((1 / 3 + 1 / 4) / 2)
    assert hits == {1: 0.0, 3: 0.5, 10: 1.0}
    lo, hi = wilson(0.5, 10)
    assert (round(lo, 4), round(hi, 4)) == (0.2366, 0.7634)


def test_config_errors_name_the_field(tmp_path):
    bad = tmp_path / "c.yaml"
    bad.write_text("damping: 0.4\n")
    with pytest.raises(ConfigError, match="diseases"):
        load_config(bad)
    text = load_config().model_dump()
    text["target_paths"] = ["Drug =inhibits> Gene"]
    import yaml

    bad.write_text(yaml.safe_dump(text))
    with pytest.raises(ConfigError, match="target_paths"):
        load_config(bad)


def test_metapath_weights_scale_their_dwpc():
    """config.yaml counts use in patients (used_to_treat) at half weight: venX's only path
    to AML is 'venX -used_to_treat> AML' (degrees 1 and 1), so its exposure is 0.5."""
    cfg = load_config(overrides={"diseases": ["AML"]})
    sc = Scorer(toy(), cfg)
    e = dict(zip(sc.F.agents, sc.F.exposure, strict=True))
    assert e["venX"] == pytest.approx(0.5)
    [p] = sc._paths(sc._exposure_mps, "venX", ["AML"])
    assert p.weight == pytest.approx(0.5)
