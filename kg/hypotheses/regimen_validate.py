"""Held-out validation of regimen edits, with Table 2 as the answer key.

The current and planned trials of Table 2 are removed from the graph with every edge that is
(a) incident to one of them, (b) located in Table 2, (c) anchored in the text that reports them
(``holdout_anchor_phrases``), or (d) supported only by references among those of the edges
removed so far. On that graph every single edit of the default backbone (add, replace, add a
phase) and every sequence (each ordered pair of new phases) is ranked, and every two-edit
combination separately; the edits the field chose (``positives``) are located in their pool.

Ties are handled as in the combination validation: the rank is uniform over the tie block,
reported as its expectation (and the pessimistic end). Baselines: random order, target degree
(targets the introduced agents reach) and newest trial first (latest start year of a trial in
the held-out graph testing an introduced agent). Intervals: Wilson for hits@k, a seeded
percentile bootstrap over positives for MRR, a Monte Carlo p-value against random ranks.
"""

from __future__ import annotations

import math
import random
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from .config import Config
from .hetgraph import Edge, HetGraph
from .regimens import (
    REGIMEN_TERMS,
    Candidates,
    EditPart,
    Phase,
    RegimenConfig,
    RegimenEdit,
    RegimenScorer,
    edit_label,
    enumerate_edits,
    resulting_sequence,
    sequence_key,
)
from .validate import Metrics, tie_aware, wilson

__all__ = ["holdout_edges", "RegimenHeldOut", "RegimenValidation", "validate_regimens",
           "METHODS", "untried"]

METHODS = ("model", "target_degree", "newest_trial", "random")

_WORD = re.compile(r"[^a-z0-9]+")


def _norm(s: str) -> str:
    return _WORD.sub(" ", s.replace("*", "").lower()).strip()


def holdout_edges(hg: HetGraph, rcfg: RegimenConfig) -> list[Edge]:
    """The edges the validation removes (sorted by assertion key), by rules (a)-(d)."""
    v = rcfg.validation
    trials = set(v.holdout_trials)
    tables = set(v.holdout_tables)
    phrases = [_norm(p) for p in v.holdout_anchor_phrases]
    drop = {e.key: e for e in hg.edges
            if e.source in trials or e.target in trials or (e.table and e.table in tables)
            or any(p and p in _norm(e.anchor) for p in phrases)}
    refs = {r for e in drop.values() for r in e.refs}
    if refs:
        drop |= {e.key: e for e in hg.edges if e.refs and set(e.refs) <= refs}
    return [drop[k] for k in sorted(drop)]


@dataclass(frozen=True)
class RegimenHeldOut:
    """One edit the field chose, and where it ranked in its pool."""

    id: str
    label: str
    source: str
    parts: tuple[EditPart, ...]
    pool: str
    n: int
    better: dict[str, int]
    tied: dict[str, int]
    score: float
    terms: dict[str, float] = field(default_factory=dict)
    summaries: dict[str, str] = field(default_factory=dict)
    lost: tuple[str, ...] = ()
    kind_better: int = 0
    kind_tied: int = 1
    kind_total: int = 1

    def kind_rank(self) -> float:
        """Expected rank among the edits of the same kind(s) in the pool."""
        return self.kind_better + (self.kind_tied + 1) / 2

    def expected_rank(self, method: str = "model") -> float:
        """Rank expected under a random order of tied edits."""
        return self.better[method] + (self.tied[method] + 1) / 2

    def pessimistic_rank(self, method: str = "model") -> int:
        """Rank if every tied edit came first."""
        return self.better[method] + self.tied[method]


@dataclass
class RegimenValidation:
    """The whole held-out run."""

    removed: list[Edge]
    held_out: list[RegimenHeldOut]
    metrics: dict[str, Metrics]
    pools: dict[str, int]
    backbone: list[Phase]
    untried: list[RegimenEdit]
    rcfg: RegimenConfig = field(repr=False)
    pool_top: dict[str, list[tuple[float, str, str]]] = field(default_factory=dict)


def _bootstrap(values: list[float], b: int, seed: int) -> tuple[float, float]:
    if not values:
        return (0.0, 0.0)
    rng = random.Random(seed)
    n = len(values)
    means = sorted(sum(values[rng.randrange(n)] for _ in range(n)) / n for _ in range(b))
    return (means[int(0.025 * (b - 1))], means[int(math.ceil(0.975 * (b - 1)))])


def _p_vs_random(mrr: float, sizes: list[int], draws: int, seed: int) -> float | None:
    if not sizes:
        return None
    rng = random.Random(seed + 1)
    hits = 0
    for _ in range(draws):
        m = sum(1.0 / rng.randint(1, n) for n in sizes) / len(sizes)
        hits += m >= mrr - 1e-12
    return (1 + hits) / (1 + draws)


def compute_metrics(held: list[RegimenHeldOut], rcfg: RegimenConfig) -> dict[str, Metrics]:
    """MRR and hits@k (expected under random tie order) with intervals, per method."""
    v = rcfg.validation
    ks = sorted(v.hits_at)
    out = {}
    for method in METHODS:
        rrs: list[float] = []
        hits: dict[int, list[float]] = {k: [] for k in ks}
        for h in held:
            rr, hk = tie_aware(h.better[method], h.tied[method], ks)
            rrs.append(rr)
            for k in ks:
                hits[k].append(hk[k])
        n = len(held)
        mrr = sum(rrs) / n if n else 0.0
        hm = {k: (sum(hits[k]) / n if n else 0.0) for k in ks}
        out[method] = Metrics(method, mrr, _bootstrap(rrs, v.bootstrap, v.seed), hm,
                              {k: wilson(hm[k], n) for k in ks},
                              _p_vs_random(mrr, [h.n for h in held], v.bootstrap, v.seed)
                              if method != "random" else None)
    return out


def paired_difference(held: list[RegimenHeldOut], a: str, b: str, rcfg: RegimenConfig
                      ) -> tuple[float, tuple[float, float]]:
    """MRR of ``a`` minus MRR of ``b`` with a paired bootstrap 95% interval."""
    ks = sorted(rcfg.validation.hits_at)
    d = [tie_aware(h.better[a], h.tied[a], ks)[0] - tie_aware(h.better[b], h.tied[b], ks)[0]
         for h in held]
    if not d:
        return 0.0, (0.0, 0.0)
    return sum(d) / len(d), _bootstrap(d, rcfg.validation.bootstrap, rcfg.validation.seed + 2)


def _place(scores: np.ndarray, m: int) -> tuple[int, int]:
    s = scores[m]
    return int(np.sum(scores > s + 1e-9)), int(np.sum(np.abs(scores - s) <= 1e-9))


def _target_degree(sc: RegimenScorer) -> np.ndarray:
    total = None
    for mp in sc.cfg.metapaths(sc.cfg.target_paths):
        m = sc.pc.dwpc(mp, sc.agents)
        total = m if total is None else total + m
    assert total is not None
    return np.diff(total.tocsr().indptr).astype(float)


def _newest_trial(sc: RegimenScorer) -> np.ndarray:
    """Latest start year of a trial testing each agent (directly, through its class or a
    regimen containing it); 0 when none."""
    mcfg = sc.cfg.terms["clinical_maturity"]
    out = np.zeros(len(sc.agents))
    for mp in sc.cfg.metapaths(mcfg.trial_paths):
        m = sc.pc.dwpc(mp, sc.agents).tocsr()
        for i in range(len(sc.agents)):
            for j in m.indices[m.indptr[i]:m.indptr[i + 1]]:
                y = str(sc.hg.nodes[sc.pc.ids[j]].attrs.get("start_year", ""))
                if y.isdigit():
                    out[i] = max(out[i], float(y))
    return out


def _introduced(cands: Candidates, index: dict[str, int], k: int) -> np.ndarray:
    """(n, k) 0/1: the agents each edit brings in."""
    M = np.zeros((len(cands.parts), k))
    for r, ps in enumerate(cands.parts):
        for p in ps:
            for a in p.introduces():
                M[r, index[a]] = 1.0
    return M


def _parts_of(spec: Sequence, bb: list[Phase]) -> tuple[EditPart, ...]:
    out = []
    for p in spec:
        ph = -1
        if p.kind in ("add", "replace"):
            ph = 0 if not p.removes else next(i for i, q in enumerate(bb) if p.removes in q.agents)
        out.append(EditPart(p.kind, p.agent, ph, p.removes, p.then))
    return tuple(out)


def trials_of(sc: RegimenScorer) -> dict[str, frozenset[str]]:
    """Agent -> the clinical trials of the graph that test it (directly, through its class, or
    in a regimen)."""
    mcfg = sc.cfg.terms["clinical_maturity"]
    out: dict[str, set[str]] = {a: set() for a in sc.agents}
    for mp in sc.cfg.metapaths(mcfg.trial_paths):
        m = sc.pc.dwpc(mp, sc.agents).tocsr()
        for i, a in enumerate(sc.agents):
            out[a] |= {sc.pc.ids[j] for j in m.indices[m.indptr[i]:m.indptr[i + 1]]
                       if sc.hg.is_a(sc.pc.ids[j], "ClinicalTrial")}
    return {a: frozenset(v) for a, v in out.items()}


def untried(edit: RegimenEdit, trials: dict[str, frozenset[str]]) -> bool:
    """True when no clinical trial of the graph tests every agent the edit brings in."""
    sets = [trials.get(a, frozenset()) for a in edit.introduces()]
    return not frozenset.intersection(*sets) if sets else True


def validate_regimens(hg: HetGraph, cfg: Config, rcfg: RegimenConfig,
                      untried_top: int = 10) -> RegimenValidation:
    """Hold out Table 2, rank the edits of the default backbone, locate the field's choices.

    Args:
        hg: the full graph.
        cfg: the combination configuration (per-agent quantities).
        rcfg: the regimen configuration (terms, hold-out rules, positives).
        untried_top: how many top-ranked edits no trial of the graph tests to report.

    Returns:
        Removed edges, each positive's rank per method, metrics, and the untried top edits.
    """
    removed = holdout_edges(hg, rcfg)
    held_graph = hg.without(e.key for e in removed)
    full = RegimenScorer(hg, cfg, rcfg)
    sc = RegimenScorer(held_graph, cfg, rcfg, full.agents)
    bb = sc.backbone()
    k = len(sc.agents)
    deg, newest = _target_degree(sc), _newest_trial(sc)
    pools = {"single edits and sequences": enumerate_edits(bb, sc.agents, max_edits=1)}
    both = enumerate_edits(bb, sc.agents, max_edits=2)
    keep = [r for r, ps in enumerate(both.parts) if len(ps) == 2]
    pools["two-edit combinations"] = Candidates([both.parts[r] for r in keep],
                                                both.slots[keep], both.phase[keep])
    scored = {}
    for name, c in pools.items():
        values, base, scores, scales = sc.score(bb, c)
        intro = _introduced(c, sc._index, k)
        where = {sequence_key(resulting_sequence(bb, ps)): r for r, ps in enumerate(c.parts)}
        scored[name] = (c, values, base, scores, scales, intro @ deg, intro @ newest, where)
    pool_top = {}
    for name, (c, _, _, scores, *_rest) in scored.items():
        order = sorted(range(len(c.parts)), key=lambda r: (-scores[r], r))[:10]
        pool_top[name] = [(float(scores[r]), "+".join(p.kind for p in c.parts[r]),
                           edit_label(held_graph, bb, c.parts[r])) for r in order]
    lost_by_agent: dict[str, list[str]] = {}
    for e in removed:
        for a in (e.source, e.target):
            lost_by_agent.setdefault(a, []).append(e.key)
    held: list[RegimenHeldOut] = []
    for pos in rcfg.validation.positives:
        parts = _parts_of(pos.parts, bb)
        pool = "two-edit combinations" if len(parts) == 2 else "single edits and sequences"
        c, values, base, scores, scales, dscore, nscore, where = scored[pool]
        m = where[sequence_key(resulting_sequence(bb, parts))]
        n = len(c.parts)
        better, tied = {}, {}
        for method, s in (("model", scores), ("target_degree", dscore),
                          ("newest_trial", nscore)):
            better[method], tied[method] = _place(s, m)
        better["random"], tied["random"] = 0, n
        vals = {t: float(values[t][m]) for t in REGIMEN_TERMS}
        terms = sc.explain(bb, c.parts[m], vals, base, scales)
        contrib = {t.name: t.contribution for t in terms if abs(t.contribution) > 1e-12}
        lost = sorted({key for p in parts for a in p.introduces()
                       for key in lost_by_agent.get(a, [])})
        same = np.array([tuple(p.kind for p in ps) == tuple(p.kind for p in c.parts[m])
                         for ps in c.parts])
        kb, kt = _place(np.where(same, scores, -np.inf), m)
        held.append(RegimenHeldOut(pos.id, pos.label, pos.source, c.parts[m], pool, n,
                                   better, tied, float(scores[m]), contrib,
                                   {t.name: t.summary for t in terms}, tuple(lost), kb, kt,
                                   int(same.sum())))
    metrics = compute_metrics(held, rcfg)
    # the hypotheses a user came for: top edits on the full graph that no trial tests
    ranked = full.rank(max_edits=2, explain=False)
    tested = trials_of(full)
    picked = [e for e in ranked if untried(e, tested)][:untried_top]
    fbb = full.backbone()
    fc = enumerate_edits(fbb, full.agents, max_edits=2)
    values, base, scores, scales = full.score(fbb, fc)
    fwhere = {sequence_key(resulting_sequence(fbb, ps)): r for r, ps in enumerate(fc.parts)}
    out_untried = []
    for ed in picked:
        r = fwhere[sequence_key(ed.sequence)]
        vals = {t: float(values[t][r]) for t in REGIMEN_TERMS}
        out_untried.append(RegimenEdit(ed.parts, edit_label(hg, fbb, ed.parts), ed.sequence,
                                       ed.score, ed.rank, full.explain(fbb, ed.parts, vals, base,
                                                                       scales), ed.backbone))
    sizes = {name: len(v[0].parts) for name, v in scored.items()}
    return RegimenValidation(removed, held, metrics, sizes, bb, out_untried, rcfg, pool_top)
