"""Score combinations of agents with transparent terms, rank them, and explain each score.

Each term is computed from DWPC arrays (:mod:`kg.hypotheses.features`); the score is
``sum(weight * value / scale)`` with the weights of the configuration, and each term of a
hypothesis carries the concrete paths (every edge with its assertion id and references)
behind its value. A p-value compares the score with the scores the same combination gets on
degree-preserving permutations of the graph.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from itertools import combinations

import numpy as np
from rdflib import Graph

from ..blas import single_threaded
from .config import TERM_NAMES, Config, load_config
from .dwpc import Path, PathCounter
from .features import Features, compute_features, exposure_metapaths
from .hetgraph import HetGraph, from_rdf
from .metagraph import Metapath, reverse
from .pcache import cached_p_values
from .permute import permute_graph

__all__ = [
    "Term",
    "Hypothesis",
    "Scorer",
    "rank",
    "rank_with",
    "p_values",
    "combos_of",
    "term_values",
    "combine",
    "TERM_NAMES",
]


@dataclass(frozen=True)
class Term:
    """One term of a hypothesis's score.

    Attributes:
        name: term name (see ``config.yaml``).
        value: raw value from the graph.
        scale: the run's largest absolute value of the term (1 when it is 0).
        weight: the configured weight.
        contribution: ``weight * value / scale``, what the term adds to the score.
        summary: one line saying where the value comes from.
        paths: the paths behind the value, heaviest first, each edge with its references.
    """

    name: str
    value: float
    scale: float
    weight: float
    contribution: float
    summary: str
    paths: tuple[Path, ...] = ()


@dataclass(frozen=True)
class Hypothesis:
    """A ranked combination with its score, terms, explanations and permutation p-value."""

    agents: tuple[str, ...]
    labels: tuple[str, ...]
    score: float
    rank: int
    terms: tuple[Term, ...]
    p_value: float | None = None

    @property
    def id(self) -> str:
        """Stable identifier: the agent ids joined by ``+``."""
        return "+".join(self.agents)

    def term(self, name: str) -> Term:
        """The term called ``name``."""
        return next(t for t in self.terms if t.name == name)

    @property
    def explanations(self) -> dict[str, tuple[Path, ...]]:
        """Term name -> the paths that justify it."""
        return {t.name: t.paths for t in self.terms}

    def assertion_keys(self) -> list[str]:
        """Every assertion id that any explanation path uses, sorted."""
        return sorted({e.key for t in self.terms for p in t.paths for h in p.hops
                       for e in h.edges})


def combos_of(k: int, size: int) -> np.ndarray:
    """All combinations of ``size`` agents out of ``k`` as an (m, size) index array, in
    lexicographic order."""
    rows = list(combinations(range(k), size))
    return np.array(rows, dtype=np.int64).reshape(len(rows), size)


def _pairs(size: int) -> list[tuple[int, int]]:
    return list(combinations(range(size), 2))


def term_values(F: Features, combos: np.ndarray) -> dict[str, np.ndarray]:
    """Raw value of every term for every combination.

    Args:
        F: the graph's arrays.
        combos: (m, size) agent indices.

    Returns:
        Term name -> (m,) values.
    """
    m, size = combos.shape
    pairs = _pairs(size)
    out: dict[str, np.ndarray] = {}
    out["exposure"] = F.exposure[combos].mean(axis=1)
    out["complementarity"] = np.mean(
        [F.complementarity[combos[:, i], combos[:, j]] for i, j in pairs], axis=0)
    out["resistance_escape"] = np.sum(
        [F.escape[combos[:, i], combos[:, j]] + F.escape[combos[:, j], combos[:, i]]
         for i, j in pairs], axis=0)
    risk = np.zeros(m)
    if F.switch.shape[1]:
        active = F.activity > 0
        for i in range(size):
            covered = np.zeros((m, F.switch.shape[1]), dtype=bool)
            for j in range(size):
                if j != i:
                    covered |= active[combos[:, j]]
            risk += (F.switch[combos[:, i]] * ~covered).sum(axis=1)
    out["lineage_switch_risk"] = risk
    act = F.cns_active[combos].max(axis=1) > 0
    inact = F.cns_inactive[combos].max(axis=1) > 0
    out["cns_coverage"] = np.where(act, 1.0, np.where(inact, -1.0, 0.0))
    out["toxicity_overlap"] = np.sum(
        [F.toxicity[combos[:, i], combos[:, j]] for i, j in pairs], axis=0)
    out["toxicity_burden"] = F.burden[combos].sum(axis=1)
    out["clinical_maturity"] = F.maturity[combos].mean(axis=1)
    k = len(F.agents)
    nb = F.no_benefit if F.no_benefit is not None else np.zeros(k)
    ben = F.benefit if F.benefit is not None else np.zeros(k)
    out["patient_outcome"] = (ben - nb)[combos].sum(axis=1)
    out["synergy"] = np.sum([F.synergy[combos[:, i], combos[:, j]] for i, j in pairs], axis=0)
    return out


def scales_of(values: dict[str, np.ndarray]) -> dict[str, float]:
    """Per term, the largest absolute value over the combinations (1 when it is 0)."""
    out = {}
    for k, v in values.items():
        mx = float(np.max(np.abs(v))) if len(v) else 0.0
        out[k] = mx if mx > 0 else 1.0
    return out


def combine(values: dict[str, np.ndarray], scales: dict[str, float], cfg: Config
            ) -> np.ndarray:
    """The scores: ``sum over terms of weight * value / scale``."""
    total = np.zeros(len(next(iter(values.values()))))
    for name in TERM_NAMES:
        w = cfg.weight(name)
        if w:
            total = total + w * values[name] / scales[name]
    return np.round(total, 12)


def competition_ranks(scores: np.ndarray) -> np.ndarray:
    """Rank 1 for the best; tied scores share the best rank among them."""
    order = -scores
    s = np.sort(order)
    return np.searchsorted(s, order, side="left") + 1


class Scorer:
    """Scores every combination of one graph and explains chosen ones.

    Args:
        hg: the graph.
        cfg: the configuration.
        agents: the candidate agents (default: from the graph and the configuration).
    """

    def __init__(self, hg: HetGraph, cfg: Config, agents: Sequence[str] | None = None) -> None:
        self.hg = hg
        self.cfg = cfg
        self.F = compute_features(hg, cfg, agents)
        self.pc: PathCounter = self.F.counter
        self._exposure_mps = exposure_metapaths(self.pc, cfg)
        self._row_cache: dict[tuple[str, str], list[str]] = {}
        self.p_cache: dict[tuple[int, int], np.ndarray] = {}

    @property
    def agents(self) -> list[str]:
        """Candidate agent ids (index order of the arrays)."""
        return self.F.agents

    def score_all(self, size: int, scales: dict[str, float] | None = None
                  ) -> tuple[np.ndarray, dict[str, np.ndarray], np.ndarray, dict[str, float]]:
        """Score every combination of ``size`` agents.

        Returns:
            (combos, raw term values, scores, scales used).
        """
        combos = combos_of(len(self.agents), size)
        values = term_values(self.F, combos)
        sc = scales or scales_of(values)
        return combos, values, combine(values, sc, self.cfg), sc

    # ---------------------------------------------------------------- explanations

    def _paths(self, mps: Iterable[Metapath], source: str,
               targets: Iterable[str] | None = None) -> list[Path]:
        out: list[Path] = []
        tset = None if targets is None else set(targets)
        for mp in mps:
            key = (mp.text, source)
            if key not in self._row_cache:
                row = self.pc.dwpc(mp, [source])
                self._row_cache[key] = sorted(self.pc.ids[j] for j in row.indices)
            for t in self._row_cache[key]:
                if tset is None or t in tset:
                    out += [p if mp.weight == 1 else replace(p, weight=p.weight * mp.weight)
                            for p in self.pc.paths(mp, source, t)]
        out.sort(key=lambda p: (-p.weight, p.metapath, p.nodes))
        return out

    def _top(self, paths: list[Path]) -> list[Path]:
        """Every path (reports show the heaviest ``explain_max_paths`` per agent and term;
        the TSV, JSON and Turtle exports link all of them)."""
        return paths

    def _lab(self, n: str) -> str:
        return self.hg.label(n)

    def explain(self, combo: Sequence[int], values: dict[str, float],
                scales: dict[str, float]) -> tuple[Term, ...]:
        """The terms of one combination with summaries and paths.

        Args:
            combo: agent indices.
            values: raw term values of this combination.
            scales: scales of the run.

        Returns:
            One :class:`Term` per term, in the configuration's order.
        """
        cfg, F = self.cfg, self.F
        ags = [self.agents[i] for i in combo]
        idx = list(combo)
        diseases = [d for d in cfg.diseases if d in self.pc.index]
        notes: dict[str, str] = {}
        paths: dict[str, list[Path]] = {n: [] for n in TERM_NAMES}

        # exposure
        bits = []
        for a, i in zip(ags, idx, strict=False):
            ps = self._paths(self._exposure_mps, a, diseases)
            paths["exposure"] += self._top(ps)
            via = sorted({p.nodes[1] if len(p.nodes) > 2 else p.nodes[-1] for p in ps})
            bits.append(f"{self._lab(a)} {F.exposure[i]:.3g}"
                        + (f" (via {', '.join(self._lab(v) for v in via[:4])})" if via else
                           " (no path to the disease)"))
        notes["exposure"] = "; ".join(bits)

        # complementarity: disease-relevant targets of each agent
        tsets = {}
        for a, i in zip(ags, idx, strict=False):
            row = F.targets.getrow(i)
            tsets[a] = {self.pc.ids[j] for j in row.indices}
            paths["complementarity"] += self._top(
                self._paths(cfg.metapaths(cfg.target_paths), a, tsets[a]))
        shared = set.intersection(*tsets.values()) if tsets else set()
        notes["complementarity"] = "; ".join(
            f"{self._lab(a)} -> {', '.join(sorted(self._lab(t) for t in ts)) or 'no known target'}"
            for a, ts in tsets.items()) + (
            f"; shared: {', '.join(sorted(self._lab(t) for t in shared))}" if shared else
            "; no shared target")

        # resistance escape and lineage switch
        term = cfg.terms["resistance_escape"]
        res_mps = [reverse(m) for m in cfg.metapaths(term.resistance_paths)]
        sw_mps = cfg.metapaths(term.switch_paths)
        act_mps = cfg.metapaths(term.activity_paths)
        esc_bits, risk_bits = [], []
        for a, i in zip(ags, idx, strict=False):
            partners = [(b, j) for b, j in zip(ags, idx, strict=False) if b != a]
            mech = {F.mechanisms[c] for c in np.nonzero(F.resistance[i] > 0)[0]}
            for m in sorted(mech):
                escapers = [b for b, j in partners
                            if F.exposure[j] > 0 and m not in
                            {F.mechanisms[c] for c in np.nonzero(F.resistance[j] > 0)[0]}]
                if escapers:
                    paths["resistance_escape"] += self._top(self._paths(res_mps, a, [m]))
                    esc_bits.append(f"{self._lab(m)} confers resistance to {self._lab(a)}, "
                                    f"not to {', '.join(self._lab(b) for b in escapers)}")
            for c, dz in enumerate(F.switch_targets):
                if F.switch[i, c] <= 0:
                    continue
                cover = [b for b, j in partners if F.activity[j, c] > 0]
                sw = self._top(self._paths(sw_mps, a, [dz]))
                if cover:
                    paths["resistance_escape"] += sw
                    for b in cover:
                        paths["resistance_escape"] += self._top(self._paths(act_mps, b, [dz]))
                    esc_bits.append(f"lineage switch after {self._lab(a)} to {self._lab(dz)}, "
                                    f"treated by {', '.join(self._lab(b) for b in cover)}")
                else:
                    paths["lineage_switch_risk"] += sw
                    risk_bits.append(f"lineage switch after {self._lab(a)} to {self._lab(dz)}, "
                                     "no partner active against it")
        notes["resistance_escape"] = "; ".join(esc_bits) or "no documented escape"
        notes["lineage_switch_risk"] = "; ".join(risk_bits) or "no uncovered lineage switch"

        # CNS
        cns = cfg.terms["cns_coverage"]
        cns_bits = []
        if cns.site and cns.site in self.pc.index:
            for a, i in zip(ags, idx, strict=False):
                if F.cns_active[i] > 0:
                    paths["cns_coverage"] += self._top(
                        self._paths(cfg.metapaths(cns.active_paths), a, [cns.site]))
                    cns_bits.append(f"{self._lab(a)} acts in the {self._lab(cns.site)}")
                if F.cns_inactive[i] > 0:
                    paths["cns_coverage"] += self._top(
                        self._paths(cfg.metapaths(cns.inactive_paths), a, [cns.site]))
                    cns_bits.append(f"{self._lab(a)} does not reach the {self._lab(cns.site)}")
        notes["cns_coverage"] = "; ".join(cns_bits) or "nothing documented about the CNS"

        # pairwise terms
        for name, mat in (("toxicity_overlap", F.toxicity), ("synergy", F.synergy)):
            mps = cfg.metapaths(cfg.terms[name].pair_paths)
            bits = []
            for x, y in _pairs(len(idx)):
                if mat[idx[x], idx[y]] > 0:
                    ps = self._paths(mps, ags[x], [ags[y]])
                    paths[name] += self._top(ps)
                    mids = sorted({n for p in ps for n in p.nodes[1:-1]})
                    bits.append(f"{self._lab(ags[x])} + {self._lab(ags[y])} via "
                                + ", ".join(self._lab(n) for n in mids[:5]))
            notes[name] = "; ".join(bits) or "none documented"

        # toxicity of each agent
        bits = []
        mps = cfg.metapaths(cfg.terms["toxicity_burden"].agent_paths)
        for a, i in zip(ags, idx, strict=True):
            if F.burden[i] > 0:
                ps = self._paths(mps, a)
                paths["toxicity_burden"] += self._top(ps)
                bits.append(f"{self._lab(a)}: "
                            + ", ".join(sorted({self._lab(p.nodes[-1]) for p in ps})))
        notes["toxicity_burden"] = "; ".join(bits) or "no adverse effect documented"

        # maturity
        mcfg = cfg.terms["clinical_maturity"]
        bits = []
        for a, i in zip(ags, idx, strict=False):
            ps = self._paths(cfg.metapaths(mcfg.trial_paths), a)
            ps += self._paths(cfg.metapaths(mcfg.preclinical_paths), a)
            best: str = F.maturity_source[i]
            ps.sort(key=lambda p: p.nodes[-1] != best)  # the deciding trial first
            paths["clinical_maturity"] += self._top(ps)
            if best:
                phase = self.hg.nodes[best].attrs.get("phase")
                where = self._lab(best) + (f", phase {phase}" if phase else "")
                bits.append(f"{self._lab(a)} {F.maturity[i]:.2g} ({where})")
            else:
                bits.append(f"{self._lab(a)} 0 (no trial or model in the graph)")
        notes["clinical_maturity"] = "; ".join(bits)

        # what trials in patients showed: documented benefit, or no benefit (Table 1)
        bits = []
        oc = cfg.terms["patient_outcome"]
        k = len(self.agents)
        nb = F.no_benefit if F.no_benefit is not None else np.zeros(k)
        ben = F.benefit if F.benefit is not None else np.zeros(k)
        for a, i in zip(ags, idx, strict=True):
            for arr, specs, words in ((ben, oc.benefit_paths, "improved outcome"),
                                      (nb, oc.no_benefit_paths, "did not improve outcome")):
                if arr[i] > 0:
                    ps = self._paths(cfg.metapaths(specs), a, diseases)
                    paths["patient_outcome"] += self._top(ps)
                    sites = sorted({self._lab(p.nodes[1]) for p in ps})
                    bits.append(f"{self._lab(a)} {words} in patients ({', '.join(sites)})")
        notes["patient_outcome"] = "; ".join(bits) or "no outcome in patients documented"

        out = []
        for name in TERM_NAMES:
            v, s, w = float(values[name]), float(scales[name]), cfg.weight(name)
            out.append(Term(name, v, s, w, round(w * v / s, 12), notes[name],
                            tuple(paths[name])))
        return tuple(out)


@single_threaded
def p_values(hg: HetGraph, cfg: Config, agents: Sequence[str], size: int,
             observed: np.ndarray, scales: dict[str, float], n: int | None = None
             ) -> np.ndarray:
    """Permutation p-values of every combination's score.

    For each of ``n`` degree-preserving permutations (seeded) the combinations are rescored
    with the observed run's scales; ``p = (1 + #{permuted score >= observed}) / (1 + n)``.
    """
    pcfg = cfg.permutations
    n = pcfg.n if n is None else n
    ge = np.zeros(len(observed))
    for r in range(n):
        perm, _ = permute_graph(hg, pcfg.seed + r, pcfg.swaps_per_edge)
        sc = Scorer(perm, cfg, agents)
        _, _, scores, _ = sc.score_all(size, scales)
        ge += scores >= observed - 1e-9
    return (1.0 + ge) / (1.0 + n)


def _resolve(hg: HetGraph, agents: Sequence[str], names: Iterable[str]) -> set[str]:
    out = set()
    by_label = {hg.label(a).lower(): a for a in agents}
    for name in names:
        if name in agents:
            out.add(name)
        elif name.lower() in by_label:
            out.add(by_label[name.lower()])
        else:
            raise ValueError(f"unknown agent {name!r}: not a candidate (see `kmt2a-kg "
                             "hypotheses --list-agents`)")
    return out


def _to_het(graph: Graph | HetGraph | None) -> HetGraph:
    if isinstance(graph, HetGraph):
        return graph
    if graph is None:
        from ..api import load_graph

        graph = load_graph()
    return from_rdf(graph)


@single_threaded
def rank(
    graph: Graph | HetGraph | None = None,
    size: int = 2,
    top: int | None = None,
    require_cns: bool = False,
    exclude: Iterable[str] = (),
    config: Config | str | None = None,
    permutations: int | None = None,
) -> list[Hypothesis]:
    """Rank combinations of ``size`` agents for KMT2A-rearranged infant ALL.

    Args:
        graph: the RDF graph (default: :func:`kg.load_graph`) or a :class:`HetGraph`.
        size: agents per combination (2 or 3).
        top: keep the best ``top`` (default: all).
        require_cns: keep only combinations with an agent documented to act in the CNS.
        exclude: agent ids or labels to leave out.
        config: a :class:`Config`, a path to a YAML file, or ``None`` for the shipped one.
        permutations: number of permutations for p-values (default: the configuration's;
            0 skips them and leaves ``p_value`` as ``None``).

    Returns:
        Hypotheses, best first, each with its terms, explanations and p-value.

    Raises:
        ValueError: ``size`` is not 2 or 3, or an excluded agent is unknown.
    """
    if size not in (2, 3):
        raise ValueError(f"size must be 2 or 3, not {size}")
    cfg = config if isinstance(config, Config) else load_config(config)
    return rank_with(Scorer(_to_het(graph), cfg), size, top, require_cns, exclude,
                     permutations)


@single_threaded
def rank_with(
    scorer: Scorer,
    size: int = 2,
    top: int | None = None,
    require_cns: bool = False,
    exclude: Iterable[str] = (),
    permutations: int | None = None,
) -> list[Hypothesis]:
    """:func:`rank` on an existing :class:`Scorer` (p-values are cached on it)."""
    if size not in (2, 3):
        raise ValueError(f"size must be 2 or 3, not {size}")
    hg, cfg = scorer.hg, scorer.cfg
    agents = scorer.agents
    excluded = _resolve(hg, agents, exclude)
    combos, values, scores, scales = scorer.score_all(size)
    ranks = competition_ranks(scores)
    keep = np.array([not (set(agents[i] for i in c) & excluded) for c in combos], dtype=bool)
    if require_cns:
        keep &= values["cns_coverage"] > 0
    order = sorted(np.nonzero(keep)[0], key=lambda m: (-scores[m], tuple(combos[m])))
    if top is not None:
        order = order[:top]
    nperm = cfg.permutations.n if permutations is None else permutations
    pv = None
    if nperm and order:
        key = (size, nperm)
        if key not in scorer.p_cache:
            scorer.p_cache[key] = cached_p_values(
                hg, cfg, agents, size, nperm, len(scores),
                lambda: p_values(hg, cfg, agents, size, scores, scales, nperm))
        pv = scorer.p_cache[key]
    out = []
    for m in order:
        combo = tuple(int(i) for i in combos[m])
        vals = {k: float(v[m]) for k, v in values.items()}
        out.append(Hypothesis(
            agents=tuple(agents[i] for i in combo),
            labels=tuple(hg.label(agents[i]) for i in combo),
            score=float(scores[m]),
            rank=int(ranks[m]),
            terms=scorer.explain(combo, vals, scales),
            p_value=float(pv[m]) if pv is not None else None,
        ))
    return out
