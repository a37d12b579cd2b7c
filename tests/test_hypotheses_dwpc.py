"""Path counting machinery on hand-made graphs: DWPC values derived by hand, exact simple
paths, metapath parsing, degree-preserving permutations."""

from __future__ import annotations

import random
from collections import Counter

import networkx as nx
import numpy as np
import pytest

from kg.hypotheses.dwpc import PathCounter
from kg.hypotheses.hetgraph import from_networkx
from kg.hypotheses.metagraph import MetapathError, join, parse_metapath, reverse
from kg.hypotheses.permute import permute_graph


def _graph(nodes: dict[str, str], edges: list[tuple[str, str, str]], symmetric=()):
    G = nx.MultiDiGraph()
    for n, c in nodes.items():
        G.add_node(n, category=c, label=n)
    for i, (s, t, p) in enumerate(edges):
        G.add_edge(s, t, key=f"e{i}", predicate=p, refs=[i + 1])
    return from_networkx(G, symmetric=symmetric)


@pytest.fixture(scope="module")
def figure2c():
    """The disease-gene example of Himmelstein & Baranzini 2015 (PLoS Comput Biol, Fig. 2C),
    as in hetnetpy's pathtools_test."""
    genes = "STAT3 IRF1 SUMO1 IL2RA IRF8 ITCH CXCR4".split()
    nodes = {g: "Gene" for g in genes} | {"Lung": "Tissue", "Leukocyte": "Tissue",
                                          "Crohn": "Disease", "MS": "Disease"}
    edges = [("IRF1", x, "interaction") for x in ("SUMO1", "IL2RA", "IRF8", "CXCR4")]
    edges += [("ITCH", "CXCR4", "interaction")]
    edges += [("IRF1", "Crohn", "association"), ("STAT3", "Crohn", "association")]
    edges += [(g, "MS", "association") for g in ("STAT3", "IL2RA", "IRF8", "CXCR4")]
    edges += [("IRF1", "Lung", "expression"), ("IRF1", "Leukocyte", "expression"),
              ("MS", "Leukocyte", "localization")]
    return _graph(nodes, edges, symmetric={"interaction", "association", "expression",
                                           "localization"})


def test_dwpc_reproduces_the_published_example(figure2c):
    """Fig. 2C: IRF1 to multiple sclerosis, damping 0.5."""
    pc = PathCounter(figure2c, damping=0.5)
    GeTlD = parse_metapath("Gene -expression- Tissue -localization- Disease")
    GiGaD = parse_metapath("Gene -interaction- Gene -association- Disease")
    ms = pc.index["MS"]
    assert pc.dwpc(GeTlD, ["IRF1"])[0, ms] == pytest.approx(2 ** -0.5)
    assert pc.dwpc(GiGaD, ["IRF1"])[0, ms] == pytest.approx(0.25 + 0.25 + 32 ** -0.5)
    paths = pc.paths(GiGaD, "IRF1", "MS")
    assert sorted(p.nodes[1] for p in paths) == ["CXCR4", "IL2RA", "IRF8"]
    assert sum(p.weight for p in paths) == pytest.approx(0.25 + 0.25 + 32 ** -0.5)
    # the heaviest path is through a gene with one association (IL2RA or IRF8: 1/4 each)
    assert paths[0].weight == pytest.approx(0.25)


def test_walks_that_revisit_a_node_are_not_paths():
    """On the line a - b - c there is no simple path of length 3 from a to b, although
    there are two walks (a b a b and a b c b)."""
    hg = _graph({"a": "Gene", "b": "Gene", "c": "Gene"},
                [("a", "b", "i"), ("b", "c", "i")], symmetric={"i"})
    pc = PathCounter(hg, damping=0.0)  # w = 0: plain counts
    mp = parse_metapath("Gene -i- Gene -i- Gene -i- Gene")
    W = pc.weights(mp)
    walks = np.asarray(W[0] @ W[1] @ W[2])
    assert walks[pc.index["a"], pc.index["b"]] == 2
    assert pc.dwpc(mp, ["a"])[0, pc.index["b"]] == 0
    assert pc.paths(mp, "a", "b") == []


@pytest.mark.parametrize("dense_below", [0, 10_000], ids=["sparse", "dense"])
def test_sparse_dwpc_equals_path_enumeration_on_random_graphs(dense_below):
    """Inclusion-exclusion over colliding positions gives exactly the enumerated paths,
    with scipy sparse matrices and with dense arrays alike."""
    rng = random.Random(7)
    for _ in range(8):
        nodes = {f"n{i}": rng.choice(["A", "B"]) for i in range(18)}
        edges = []
        for _ in range(60):
            s, t = rng.sample(sorted(nodes), 2)
            edges.append((s, t, rng.choice(["p", "q"])))
        hg = _graph(nodes, edges, symmetric={"q"})
        pc = PathCounter(hg, damping=0.4, dense_below=dense_below)
        for text in ("A -p> * -p> * -p> *", "* -q- * -q- * -q- *", "* -p> B <p- * -q- *",
                     "A -p> B -p> A -p> B"):
            mp = parse_metapath(text)
            M = pc.dwpc(mp).toarray()
            for s in pc.ids:
                for t in pc.ids:
                    expected = sum(p.weight for p in pc.paths(mp, s, t))
                    assert M[pc.index[s], pc.index[t]] == pytest.approx(expected, abs=1e-12)


def test_metapath_text_round_trips_and_errors_name_the_token():
    mp = parse_metapath(
        "Drug -in_drug_class> DrugClass -inhibits|targets> Gene <depends_on- Disease")
    assert str(reverse(reverse(mp))) == str(mp)
    assert str(reverse(mp)) == ("Disease -depends_on> Gene <inhibits|targets- DrugClass "
                                "<in_drug_class- Drug")
    joined = join(parse_metapath("Drug -inhibits> GeneticEntity"),
                  parse_metapath("Gene <depends_on- Disease"), ("Gene",))
    assert str(joined) == "Drug -inhibits> Gene <depends_on- Disease"
    with pytest.raises(MetapathError, match="'=inhibits>'"):
        parse_metapath("Drug =inhibits> Gene")
    with pytest.raises(MetapathError, match="expected"):
        parse_metapath("Drug -inhibits>")


def test_edge_swaps_keep_every_degree_and_are_seeded():
    rng = random.Random(3)
    nodes = {f"d{i}": "Drug" for i in range(10)} | {f"g{i}": "Gene" for i in range(15)}
    edges = sorted({(f"d{rng.randrange(10)}", f"g{rng.randrange(15)}", "inhibits")
                    for _ in range(40)})
    edges += sorted({tuple(sorted(rng.sample([f"g{i}" for i in range(15)], 2))) + ("binds",)
                     for _ in range(20)})
    hg = _graph(nodes, edges, symmetric={"binds"})
    a, stats = permute_graph(hg, seed=1)
    b, _ = permute_graph(hg, seed=1)
    assert [(e.source, e.target) for e in a.edges] == [(e.source, e.target) for e in b.edges]
    assert stats["swaps"] > 0

    def degrees(g):
        return Counter((e.predicate, n, side) for e in g.edges
                       for n, side in ((e.source, "s"), (e.target, "t")))

    assert degrees(a) == degrees(hg)
    assert {(e.source, e.target) for e in a.edges} != {(e.source, e.target) for e in hg.edges}
    assert len({(e.source, e.target) for e in a.edges}) == len(a.edges)  # no duplicates
    assert all(e.source != e.target for e in a.edges)
    # the permuted graph's DWPC differs, its step degrees do not
    pc0, pc1 = PathCounter(hg), PathCounter(a)
    mp = parse_metapath("Drug -inhibits> Gene")
    A0 = pc0.step_matrices(mp.nodes[0], mp.steps[0], mp.nodes[1])[0]
    A1 = pc1.step_matrices(mp.nodes[0], mp.steps[0], mp.nodes[1])[0]
    assert np.array_equal(np.asarray(A0.sum(axis=1)), np.asarray(A1.sum(axis=1)))


def test_benchmark_sparse_and_networkx_enumeration_agree(cli):
    """The benchmark's two methods compute the same DWPC (checked inside on every sampled
    drug's targets); here on a small synthetic graph through the CLI."""
    res = cli("bench", "hypotheses", "--nodes", "800", "--edges", "6000", "--drugs", "40",
              "--sample", "4")
    assert res.exit_code == 0, res.output
    assert "sparse and enumeration agree" in res.output
    assert "ratio (networkx extrapolated / sparse)" in res.output
