"""Hypotheses on the curated graph: the ranking reflects the review's reasons, every
explanation edge is a curated assertion, the exports are a separate, deterministic PROV graph,
and the committed validation report is what the code computes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import RDF, Graph
from rdflib.namespace import PROV

from kg.constants import KGO
from kg.graph import assertion_iri
from kg.hypotheses.config import load_config
from kg.hypotheses.constants import EXPORT_NAMES
from kg.hypotheses.hetgraph import from_rdf
from kg.hypotheses.proposals import check_proposals, load_proposals
from kg.hypotheses.report import validation_markdown
from kg.hypotheses.score import Scorer, rank_with
from kg.hypotheses.validate import leave_one_out

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def hg(graph):
    return from_rdf(graph)


@pytest.fixture(scope="module")
def cfg():
    return load_config()


@pytest.fixture(scope="module")
def scorer(hg, cfg):
    return Scorer(hg, cfg)


@pytest.fixture(scope="module")
def top(scorer):
    return rank_with(scorer, size=2, top=10, permutations=0)


@pytest.fixture(scope="module")
def validation(hg, cfg):
    return leave_one_out(hg, cfg)


def test_revumenib_with_pinometostat_leads_for_the_review_s_reasons(top):
    """Section 'Comprehensive preclinical models...': menin and DOT1L are complementary
    co-factors of the KMT2A-fusion complex and revumenib is highly synergistic with
    pinometostat in KMT2A-r ALL (ref 45)."""
    h = top[0]
    assert h.agents == ("pinometostat", "revumenib") and h.rank == 1
    assert h.term("complementarity").value == 1.0  # MEN1 vs DOT1L: no shared target
    targets = {p.nodes[-1] for p in h.term("complementarity").paths}
    assert {"MEN1", "DOT1L"} <= targets
    syn_refs = {r for p in h.term("synergy").paths for hop in p.hops for e in hop.edges
                for r in e.refs}
    assert 45 in syn_refs
    # MEN1 mutations under menin inhibition (ref 47) do not touch pinometostat
    assert "MEN1 mutations confers resistance to revumenib, not to pinometostat" in \
        h.term("resistance_escape").summary


def test_every_explanation_edge_is_a_curated_assertion_with_provenance(top, graph):
    for h in top:
        for t in h.terms:
            for p in t.paths:
                assert p.weight > 0, (h.id, t.name)
                for hop in p.hops:
                    assert hop.edges, (h.id, t.name, p.nodes)
                    for e in hop.edges:
                        a = assertion_iri(e.key)
                        assert (a, RDF.type, KGO.Assertion) in graph, e.key
                        assert e.evidence and e.claim, e.key


def test_cns_filter_keeps_only_pairs_with_a_cns_active_agent(scorer):
    """Section 'Central nervous system involvement': CAR T cells clear CNS disease,
    blinatumomab does not penetrate the CNS (refs 85, 86)."""
    hyps = rank_with(scorer, size=2, require_cns=True, permutations=0)
    assert hyps and all(h.term("cns_coverage").value == 1 for h in hyps)
    agents = {a for h in hyps for a in h.agents}
    assert "tisagenlecleucel" in agents
    for h in hyps:
        if "blinatumomab" in h.agents:
            assert "does not reach" in h.term("cns_coverage").summary


def test_the_review_s_proposals(scorer, review_path):
    from kg.review import load_review

    review = load_review(review_path)
    checks = {c.proposal.id: c for c in check_proposals(scorer)}
    for p in load_proposals():
        assert review.contains(p.anchor), p.id
        assert len(p.anchor.split()) <= 14, p.id
    # several sides of the complex at once: every cross-class pair of menin, DOT1L, BET and
    # YEATS inhibitors ranks within the top 10% of all pairs, above every same-class pair
    multi = checks["multi-side-complex-disruption"]
    assert multi.holds, multi.verdict
    cross = [int(r[1]) for r in multi.rows if "(same class)" not in r[0]]
    same = [int(r[1]) for r in multi.rows if "(same class)" in r[0]]
    assert same and max(cross) < min(same)
    # venetoclax in place of cytarabine (COG AALL2321): better with most partners, and with
    # every other component of the induction once cytarabine's membership of that very
    # induction is not counted; the trade-off shown is cytarabine's CNS activity
    ven = checks["venetoclax-for-cytarabine"]
    assert ven.holds, ven.verdict
    n = len([r for r in ven.verdict.split("other components: ")[1].split(")")[0].split(", ")])
    assert f"for {n} of {n} without the direct-evidence term" in ven.verdict
    assert "cns_coverage -" in ven.why and "toxicity_burden +" in ven.why
    # CAR T instead of blinatumomab: better with nearly every partner, through the CNS term
    car = checks["car-t-for-cns"]
    assert car.holds and "cns_coverage +" in car.why


def test_hypotheses_ttl_is_a_separate_prov_graph(hg, cfg, graph):
    from kg.hypotheses.report import hypotheses_turtle

    hyps = rank_with(Scorer(hg, cfg), size=2, top=5, permutations=0)
    g = Graph().parse(data=hypotheses_turtle(hyps, hg, cfg).decode(), format="turtle")
    runs = set(g.subjects(RDF.type, KGO.HypothesisRun))
    assert len(runs) == 1
    nodes = set(g.subjects(RDF.type, KGO.CombinationHypothesis))
    assert len(nodes) == 5
    for n in nodes:
        assert set(g.objects(n, PROV.wasGeneratedBy)) == runs
        derived = set(g.objects(n, PROV.wasDerivedFrom))
        assert derived and all((a, RDF.type, KGO.Assertion) in graph for a in derived)
    # no curated fact is restated in the hypotheses graph
    curated = {p for p in graph.predicates(None, None) if (p, KGO.yamlKey, None) in graph}
    assert not curated & set(g.predicates(None, None))


def test_validation_recovers_the_documented_synergy(validation):
    """Revumenib + pinometostat (ref 45), held out with every edge citing only ref 45, still
    ranks in the top 5 of all pairs on mechanism alone (the exact rank is in the committed
    report, checked below)."""
    [h] = [h for h in validation.held_out if h.agents == ("pinometostat", "revumenib")]
    assert h.kind == "synergy"
    assert h.expected_rank() <= 5
    assert "revumenib--synergises_with--pinometostat" in h.removed
    groups = validation.groups()
    synergy = validation.metrics_for(groups["Documented synergy or co-factor interdependence"])
    assert synergy["model"].mrr > synergy["target_degree"].mrr > synergy["random"].mrr


def test_committed_validation_report_is_what_the_code_computes(validation, hg):
    """exports/hypotheses_validation.md holds the numbers this code computes (MRR, hits@k
    and every held-out rank). Fix with: kmt2a-kg build"""
    committed = REPO / "exports" / EXPORT_NAMES["validation"]
    if not committed.exists():
        pytest.skip("exports/hypotheses_validation.md not committed yet (run kmt2a-kg build)")
    assert committed.read_text(encoding="utf-8") == validation_markdown(validation, hg)


def test_cli_hypotheses(cli):
    res = cli("hypotheses", "--top", "3", "--permutations", "0", "--format", "tsv")
    assert res.exit_code == 0, res.output
    lines = res.output.splitlines()
    assert len(lines) == 4 and lines[0].startswith("rank\tagents\tlabels\tscore\tp_value")
    assert lines[1].split("\t")[1] == "pinometostat;revumenib"
    res = cli("hypotheses", "--top", "2", "--size", "3", "--permutations", "0",
              "--format", "json")
    assert res.exit_code == 0
    doc = json.loads(res.output)
    assert len(doc) == 2 and all(len(h["agents"]) == 3 for h in doc)
    res = cli("hypotheses", "--top", "5", "--permutations", "0", "--exclude", "revumenib",
              "--no-paths")
    assert res.exit_code == 0 and "revumenib" not in res.output.split("\n")[0]


def test_cli_hypotheses_errors_are_one_line():
    from click.testing import CliRunner

    from kg.cli import main

    res = CliRunner().invoke(main, ["hypotheses", "--exclude", "aspirin", "--permutations", "0"])
    assert res.exit_code == 1
    assert res.output.strip().splitlines() == [
        "Error: unknown agent 'aspirin': not a candidate (see `kmt2a-kg hypotheses "
        "--list-agents`)"]
    assert "Traceback" not in res.output


@pytest.mark.slow
def test_artifacts_are_deterministic(graph):
    from kg.hypotheses import artifacts as mod

    mod._CACHE.clear()
    a = mod.artifacts(graph, None)  # type: ignore[arg-type]
    mod._CACHE.clear()
    b = mod.artifacts(graph, None)  # type: ignore[arg-type]
    assert sorted(a) == sorted(EXPORT_NAMES.values())
    assert a == b


@pytest.mark.slow
def test_same_bytes_across_hash_seeds(graph, tmp_path):
    """Byte-identical hypothesis exports from processes with different PYTHONHASHSEED, both
    reading one snapshot of the graph (rdflib's triple order follows the hash seed)."""
    from tests.conftest import digests_across_hash_seeds

    digests = digests_across_hash_seeds(graph, tmp_path, (
        "from kg.hypotheses.artifacts import artifacts; a = artifacts(g, None); "
        "print(sorted((k, hashlib.sha256(v).hexdigest()) for k, v in a.items()))"))
    assert len(digests) == 1
