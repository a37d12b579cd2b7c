"""Leave-one-out validation: does the score recover documented combinations it is not told?

Positives are the pairs of candidate agents that the direct-evidence term (``synergy``) links
on the full graph: a documented synergy, a named combination regimen, co-factors that depend
on each other. For each positive: remove the edges that document it (their predicate is one of
``validation.evidence_predicates`` and they lie on its synergy paths) and every edge whose
references are all among theirs, drop the synergy term, rescore every pair, and record the
held-out pair's rank.

Ties are ranked realistically: with ``b`` pairs scoring strictly higher and ``t`` pairs tied
(the held-out one included), the rank is uniform on ``b+1 .. b+t`` under a random tie order.
We report the expectation under that order (reciprocal rank ``mean(1/(b+k))``, hits@k
``clip((k-b)/t, 0, 1)``) and the pessimistic rank ``b+t``. Baselines: random order (every
pair tied) and target degree only (number of targets an agent reaches). Intervals for so few
positives: Wilson score intervals for hits@k, a seeded percentile bootstrap over positives for
MRR, and a Monte Carlo p-value of the MRR against random ranking.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from ..blas import single_threaded
from .config import Config
from .features import Features
from .hetgraph import Edge, HetGraph
from .score import Scorer, combos_of

__all__ = [
    "HeldOut", "Metrics", "Validation", "leave_one_out", "compute_metrics", "paired_difference",
    "wilson", "tie_aware",
]


@dataclass(frozen=True)
class HeldOut:
    """One positive held out: the pair, what documents it, and where it ranked."""

    agents: tuple[str, str]
    evidence: tuple[Edge, ...]
    removed: tuple[str, ...]
    n_pairs: int
    better: dict[str, int]
    tied: dict[str, int]
    score: float
    terms: dict[str, float] = field(default_factory=dict)

    @property
    def kind(self) -> str:
        """``synergy``, ``interdependence`` or ``regimen``: the strongest evidence kind."""
        preds = {e.predicate for e in self.evidence}
        if "synergises_with" in preds:
            return "synergy"
        if "functionally_interdependent_with" in preds:
            return "interdependence"
        return "regimen"

    def expected_rank(self, method: str = "model") -> float:
        """Rank expected under a random order of tied pairs."""
        return self.better[method] + (self.tied[method] + 1) / 2

    def pessimistic_rank(self, method: str = "model") -> int:
        """Rank if every tied pair came first."""
        return self.better[method] + self.tied[method]


@dataclass(frozen=True)
class Metrics:
    """MRR and hits@k of one method, with intervals."""

    method: str
    mrr: float
    mrr_ci: tuple[float, float]
    hits: dict[int, float]
    hits_ci: dict[int, tuple[float, float]]
    p_vs_random: float | None = None


@dataclass
class Validation:
    """The whole leave-one-out run."""

    held_out: list[HeldOut]
    metrics: dict[str, Metrics]
    n_agents: int
    n_pairs: int
    config: Config = field(repr=False)

    def groups(self) -> dict[str, list[HeldOut]]:
        """Positives by kind: all; synergy or interdependence; named regimens only."""
        return {
            "All documented combinations": list(self.held_out),
            "Documented synergy or co-factor interdependence": [
                h for h in self.held_out if h.kind in ("synergy", "interdependence")],
            "Named regimens only (has_component)": [
                h for h in self.held_out if h.kind == "regimen"],
        }

    def metrics_for(self, held: list[HeldOut]) -> dict[str, Metrics]:
        """Metrics of every method on a subset of the positives."""
        return compute_metrics(held, self.config, self.n_pairs)


def tie_aware(better: int, tied: int, ks: Sequence[int]) -> tuple[float, dict[int, float]]:
    """Expected reciprocal rank and hits@k when the rank is uniform on better+1..better+tied.

    >>> tie_aware(0, 1, [1, 3])
    (1.0, {1: 1.0, 3: 1.0})
    >>> tie_aware(1, 2, [1, 2])
    (0.41666666666666663, {1: 0.0, 2: 0.5})
    """
    rr = sum(1.0 / (better + j) for j in range(1, tied + 1)) / tied
    hits = {k: min(1.0, max(0.0, (k - better) / tied)) for k in ks}
    return rr, hits


def wilson(p: float, n: int, z: float = 1.959963984540054) -> tuple[float, float]:
    """Wilson score interval for a proportion ``p`` observed on ``n`` trials (95% default).

    >>> tuple(round(x, 3) for x in wilson(1.0, 4))
    (0.51, 1.0)
    """
    if n == 0:
        return (0.0, 1.0)
    den = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / den
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / den
    return (max(0.0, centre - half), min(1.0, centre + half))


def _bootstrap(values: list[float], b: int, seed: int) -> tuple[float, float]:
    if not values:
        return (0.0, 0.0)
    rng = random.Random(seed)
    n = len(values)
    means = sorted(sum(values[rng.randrange(n)] for _ in range(n)) / n for _ in range(b))
    return (means[int(0.025 * (b - 1))], means[int(math.ceil(0.975 * (b - 1)))])


def _positives(F: Features) -> list[tuple[int, int]]:
    k = len(F.agents)
    return [(i, j) for i in range(k) for j in range(i + 1, k) if F.synergy[i, j] > 0]


def _evidence(scorer: Scorer, a: str, b: str, preds: set[str]) -> list[Edge]:
    cfg = scorer.cfg
    out: dict[str, Edge] = {}
    for mp in cfg.metapaths(cfg.terms["synergy"].pair_paths):
        for p in scorer.pc.paths(mp, a, b):
            for h in p.hops:
                for e in h.edges:
                    if e.predicate in preds:
                        out[e.key] = e
    return [out[k] for k in sorted(out)]


def _held_out_edges(hg: HetGraph, evidence: list[Edge]) -> list[str]:
    refs = {r for e in evidence for r in e.refs}
    drop = {e.key for e in evidence}
    if refs:
        drop |= {e.key for e in hg.edges if e.refs and set(e.refs) <= refs}
    return sorted(drop)


def _target_degree(F: Features, scorer: Scorer) -> np.ndarray:
    """Number of distinct nodes each agent reaches through the target paths."""
    cfg = scorer.cfg
    total = None
    for mp in cfg.metapaths(cfg.target_paths):
        m = scorer.pc.dwpc(mp, F.agents)
        total = m if total is None else total + m
    assert total is not None
    return np.diff(total.tocsr().indptr).astype(float)


def _place(scores: np.ndarray, m: int) -> tuple[int, int]:
    s = scores[m]
    better = int(np.sum(scores > s + 1e-9))
    tied = int(np.sum(np.abs(scores - s) <= 1e-9))
    return better, tied


@single_threaded
def leave_one_out(hg: HetGraph, cfg: Config) -> Validation:
    """Run the leave-one-out validation on a graph.

    Args:
        hg: the graph.
        cfg: the configuration.

    Returns:
        Every held-out positive with its rank, and metrics for the model and the baselines.
    """
    full = Scorer(hg, cfg)
    agents = full.agents
    preds = set(cfg.validation.evidence_predicates)
    no_syn = cfg.with_weights(synergy=0.0)
    combos = combos_of(len(agents), 2)
    where = {(int(c[0]), int(c[1])): m for m, c in enumerate(combos)}
    sorted(cfg.validation.hits_at)
    held: list[HeldOut] = []
    for i, j in _positives(full.F):
        a, b = agents[i], agents[j]
        ev = _evidence(full, a, b, preds)
        removed = _held_out_edges(hg, ev)
        sc = Scorer(hg.without(removed), no_syn, agents)
        _, values, scores, scales = sc.score_all(2)
        m = where[(i, j)]
        contrib = {t: no_syn.weight(t) * float(values[t][m]) / scales[t] for t in values
                   if abs(no_syn.weight(t) * float(values[t][m])) > 1e-12}
        deg = _target_degree(sc.F, sc)
        deg_scores = deg[combos[:, 0]] + deg[combos[:, 1]]
        bm, tm = _place(scores, m)
        bd, td = _place(deg_scores, m)
        held.append(HeldOut((a, b), tuple(ev), tuple(removed), len(combos),
                            {"model": bm, "target_degree": bd, "random": 0},
                            {"model": tm, "target_degree": td, "random": len(combos)},
                            float(scores[m]), contrib))
    metrics = compute_metrics(held, cfg, len(combos))
    return Validation(held, metrics, len(agents), len(combos), cfg)


def compute_metrics(held: list[HeldOut], cfg: Config, n_pairs: int) -> dict[str, Metrics]:
    """MRR and hits@k (expected under random tie order) with intervals, per method."""
    v = cfg.validation
    ks = sorted(v.hits_at)
    metrics = {}
    for method in ("model", "target_degree", "random"):
        rrs: list[float] = []
        hits: dict[int, list[float]] = {k: [] for k in ks}
        for h in held:
            rr, hk = tie_aware(h.better[method], h.tied[method], ks)
            rrs.append(rr)
            for k in ks:
                hits[k].append(hk[k])
        n = len(held)
        mrr = sum(rrs) / n if n else 0.0
        hit_means = {k: (sum(hits[k]) / n if n else 0.0) for k in ks}
        metrics[method] = Metrics(
            method, mrr, _bootstrap(rrs, v.bootstrap, v.seed),
            hit_means, {k: wilson(hit_means[k], n) for k in ks},
            _p_vs_random(mrr, n, n_pairs, v.bootstrap, v.seed) if method != "random"
            else None)
    return metrics


def paired_difference(held: list[HeldOut], a: str, b: str, cfg: Config
                      ) -> tuple[float, tuple[float, float]]:
    """MRR of method ``a`` minus MRR of ``b`` on the same positives, with a paired
    percentile-bootstrap 95% interval (resampling positives)."""
    ks = sorted(cfg.validation.hits_at)
    diffs = [tie_aware(h.better[a], h.tied[a], ks)[0] - tie_aware(h.better[b], h.tied[b], ks)[0]
             for h in held]
    if not diffs:
        return 0.0, (0.0, 0.0)
    return sum(diffs) / len(diffs), _bootstrap(diffs, cfg.validation.bootstrap,
                                                cfg.validation.seed + 2)


def _p_vs_random(mrr: float, n: int, n_pairs: int, draws: int, seed: int) -> float | None:
    """Monte Carlo p-value: how often uniform random ranks reach this MRR."""
    if n == 0:
        return None
    rng = random.Random(seed + 1)
    hits = 0
    for _ in range(draws):
        m = sum(1.0 / rng.randint(1, n_pairs) for _ in range(n)) / n
        hits += m >= mrr - 1e-12
    return (1 + hits) / (1 + draws)
