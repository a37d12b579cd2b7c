"""Cached p-values and graphs of the hypotheses are keyed by all they depend on: never served
for another graph, configuration, size or number of permutations (kg.hypotheses.pcache)."""

from __future__ import annotations

import numpy as np
import pytest

from kg.hypotheses.config import load_config
from kg.hypotheses.hetgraph import from_rdf
from kg.hypotheses.pcache import cached_p_values, graph_digest, load_hetgraph, pvalue_key


@pytest.fixture(scope="module")
def hg(graph):
    return from_rdf(graph)


@pytest.fixture
def own_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("KMT2A_KG_CACHE", str(tmp_path / "cache"))
    return tmp_path / "cache"


def test_key_changes_with_graph_config_size_and_permutations(hg):
    cfg = load_config()
    agents = ["a", "b", "c"]
    base = pvalue_key(hg, cfg, agents, 2, 50)
    assert pvalue_key(hg, cfg, agents, 2, 50) == base
    assert pvalue_key(hg.without([hg.edges[0].key]), cfg, agents, 2, 50) != base
    assert pvalue_key(hg, cfg.with_weights(synergy=0.0), agents, 2, 50) != base
    assert pvalue_key(hg, cfg, agents, 3, 50) != base
    assert pvalue_key(hg, cfg, agents, 2, 49) != base
    assert pvalue_key(hg, cfg, agents[:2], 2, 50) != base


def test_a_miss_computes_and_a_hit_does_not(hg, own_cache):
    cfg = load_config()
    calls = []

    def compute():
        calls.append(1)
        return np.array([0.5, 0.25])

    a = cached_p_values(hg, cfg, ["x"], 2, 7, 2, compute)
    b = cached_p_values(hg, cfg, ["x"], 2, 7, 2, compute)
    assert calls == [1] and a.tolist() == b.tolist() == [0.5, 0.25]
    cached_p_values(hg.without([hg.edges[0].key]), cfg, ["x"], 2, 7, 2, compute)
    assert calls == [1, 1], "another graph must not get the cached array"
    # An array of the wrong length (a corrupt or foreign file) is recomputed.
    cached_p_values(hg, cfg, ["x"], 2, 7, 3, lambda: np.array([1.0, 1.0, 1.0]))


def test_cached_graph_equals_the_built_one(hg, own_cache):
    first = load_hetgraph()
    again = load_hetgraph()
    assert graph_digest(first) == graph_digest(again) == graph_digest(hg)
    assert list((own_cache / "hetgraph").glob("*.pickle"))


def test_cached_graph_follows_an_edited_curated_file(data_copy, own_cache):
    before = load_hetgraph(data_copy)
    p = data_copy / "genes.yaml"
    p.write_text(p.read_text(encoding="utf-8").replace("label: MEN1 (menin)",
                                                       "label: MEN1 (menin, edited)", 1),
                 encoding="utf-8")
    after = load_hetgraph(data_copy)
    assert before.nodes["MEN1"].label == "MEN1 (menin)"
    assert after.nodes["MEN1"].label == "MEN1 (menin, edited)"
