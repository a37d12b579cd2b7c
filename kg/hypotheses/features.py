"""Per-agent and per-pair quantities behind the score's terms, computed as DWPC matrices.

Everything here is read from the graph through the metapaths of the configuration; the
scoring module combines these arrays into the terms of each combination.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp

from .config import Config
from .dwpc import PathCounter
from .hetgraph import HetGraph
from .metagraph import Metapath, join, reverse

__all__ = ["Features", "compute_features", "candidates", "exposure_metapaths", "phase_level"]


@dataclass
class Features:
    """The arrays of one graph (``k`` candidate agents, ``d`` diseases).

    Attributes:
        agents: candidate ids, sorted; index ``i`` in every array below.
        exposure: (k,) summed DWPC agent -> disease over the exposure metapaths.
        targets: (k, n) DWPC agent -> disease-relevant target (zero elsewhere).
        complementarity: (k, k) 1 - cosine of the target vectors (0 if either is empty).
        resistance: (k, r) DWPC agent <- resistance mechanism (columns: ``mechanisms``).
        escape: (k, k) directed: escape[a, b] = resistance escape of b for a.
        switch: (k, s) DWPC agent -> disease its lineage switch leads to (``switch_targets``).
        activity: (k, s) DWPC agent -> those diseases (active against / used to treat).
        cns_active, cns_inactive: (k,) DWPC agent -> the CNS site.
        toxicity: (k, k) shared adverse effects. synergy: (k, k) direct evidence.
        burden: (k,) documented adverse effects of each agent (DWPC).
        no_benefit: (k,) DWPC of the agent's tested_without_benefit_in paths to the disease.
        benefit: (k,) DWPC of its improves_outcome_in paths to the disease.
        maturity: (k,) level of clinical maturity in [0, 1]; ``maturity_source``: the trial
            or model that sets it ("" when none).
    """

    agents: list[str]
    exposure: np.ndarray
    targets: sp.csr_matrix
    complementarity: np.ndarray
    mechanisms: list[str]
    resistance: np.ndarray
    escape: np.ndarray
    switch_targets: list[str]
    switch: np.ndarray
    activity: np.ndarray
    cns_active: np.ndarray
    cns_inactive: np.ndarray
    toxicity: np.ndarray
    burden: np.ndarray
    synergy: np.ndarray
    maturity: np.ndarray
    maturity_source: list[str]
    counter: PathCounter = field(repr=False)
    no_benefit: np.ndarray | None = None
    benefit: np.ndarray | None = None


def candidates(hg: HetGraph, cfg: Config) -> list[str]:
    """Candidate agents: nodes of the candidate classes, plus drug classes no drug belongs to
    (when the configuration asks for them)."""
    out = set()
    for c in cfg.candidate_classes:
        out.update(hg.of_class(c))
    if cfg.include_memberless_drug_classes:
        with_members = {e.target for e in hg.edges
                        if e.predicate == "in_drug_class" and e.source in hg.nodes
                        and hg.is_a(e.source, "Drug")}
        out.update(c for c in hg.of_class("DrugClass") if c not in with_members)
    return sorted(out)


def _cats(pc: PathCounter, classes: tuple[str, ...]) -> set[int]:
    return pc.categories(classes)


def exposure_metapaths(pc: PathCounter, cfg: Config) -> list[Metapath]:
    """Target paths joined to dependency paths (where their classes meet), then the direct
    paths; each one a metapath from an agent to a disease."""
    out: list[Metapath] = []
    for t in cfg.metapaths(cfg.target_paths):
        for d in cfg.metapaths(cfg.dependency_paths):
            a, b = _cats(pc, t.nodes[-1]), _cats(pc, d.nodes[0])
            if not a & b:
                continue
            junction = d.nodes[0] if b <= a else t.nodes[-1] if a <= b else d.nodes[0]
            out.append(join(t, d, junction))
    out += cfg.metapaths(cfg.terms["exposure"].direct_paths)
    return out


def _sum_dwpc(pc: PathCounter, mps: list[Metapath], rows: list[str]) -> sp.csr_matrix:
    total = sp.csr_matrix((len(rows), pc.n))
    for mp in mps:
        total = total + mp.weight * pc.dwpc(mp, rows)
    return sp.csr_matrix(total)


def _cols(pc: PathCounter, ids: list[str]) -> np.ndarray:
    return np.array([pc.index[i] for i in ids], dtype=np.int64)


def phase_level(phase: str, levels: dict[str, float], default: float) -> float:
    """Maturity level of a trial from its phase attribute (``III``, ``I/II``, ``II (single
    arm)`` ...): the highest phase it names.

    >>> phase_level("I/II (single arm)", {"III": 1.0, "II": 0.7, "I": 0.5}, 0.5)
    0.7
    """
    import re

    found = [levels[p] for p in re.findall(r"\b(I{1,3}|IV)\b", phase or "") if p in levels]
    return max(found) if found else default


def compute_features(hg: HetGraph, cfg: Config, agents: Sequence[str] | None = None
                     ) -> Features:
    """Compute every array of :class:`Features` for one graph.

    Args:
        hg: the graph (real, held-out or permuted).
        cfg: the configuration.
        agents: the candidates (default: :func:`candidates`); fixed across permutations.

    Returns:
        The arrays, with the path counter used (for explanations).
    """
    pc = PathCounter(hg, cfg.damping)
    agents = list(agents) if agents is not None else candidates(hg, cfg)
    k = len(agents)
    diseases = [d for d in cfg.diseases if d in pc.index]
    dis = _cols(pc, diseases)

    # exposure: agent -> disease
    expo = _sum_dwpc(pc, exposure_metapaths(pc, cfg), agents)
    exposure = np.asarray(expo[:, dis].sum(axis=1)).ravel() if len(dis) else np.zeros(k)

    # targets relevant to the disease (a dependency path leads from them to the disease)
    relevant = np.zeros(pc.n, dtype=bool)
    if len(dis):
        for d in cfg.metapaths(cfg.dependency_paths):
            reach = pc.dwpc(reverse(d), diseases)
            relevant[np.unique(reach.indices)] = True
    excluded = cfg.terms["complementarity"].exclude_target_classes
    if excluded:
        relevant &= ~pc.mask(tuple(excluded))
    T = _sum_dwpc(pc, cfg.metapaths(cfg.target_paths), agents)
    T = sp.csr_matrix(T @ sp.diags(relevant.astype(float)))
    T.eliminate_zeros()
    norms = np.sqrt(np.asarray(T.multiply(T).sum(axis=1)).ravel())
    Tn = sp.diags(np.where(norms > 0, 1 / np.where(norms > 0, norms, 1), 0)) @ T
    cos = (Tn @ Tn.T).toarray()
    has = norms > 0
    comp = np.where(np.outer(has, has), 1.0 - cos, 0.0)
    np.fill_diagonal(comp, 0.0)
    comp = np.clip(comp, 0.0, 1.0)

    # resistance: agent <- mechanism (DWPC is the same walked either way)
    term = cfg.terms["resistance_escape"]
    R = _sum_dwpc(pc, [reverse(m) for m in cfg.metapaths(term.resistance_paths)], agents)
    mech_idx = np.unique(R.indices)
    resistance = R[:, mech_idx].toarray() if len(mech_idx) else np.zeros((k, 0))
    mechanisms = [pc.ids[i] for i in mech_idx]
    defeated = resistance > 0
    reaches = exposure > 0
    # escape_res[a, b] = sum over mechanisms defeating a but not b (b reaching the disease)
    esc_res = resistance @ (~defeated).T.astype(float) * reaches[None, :]

    S = _sum_dwpc(pc, cfg.metapaths(term.switch_paths), agents)
    sw_idx = np.unique(S.indices)
    switch = S[:, sw_idx].toarray() if len(sw_idx) else np.zeros((k, 0))
    A = _sum_dwpc(pc, cfg.metapaths(term.activity_paths), agents)
    activity = A[:, sw_idx].toarray() if len(sw_idx) else np.zeros((k, 0))
    esc_lin = switch @ activity.T
    escape = esc_res + esc_lin
    np.fill_diagonal(escape, 0.0)

    # CNS
    cns = cfg.terms["cns_coverage"]
    if cns.site and cns.site in pc.index:
        s = pc.index[cns.site]
        cns_active = _sum_dwpc(pc, cfg.metapaths(cns.active_paths), agents)[:, s].toarray().ravel()
        cns_inactive = _sum_dwpc(pc, cfg.metapaths(cns.inactive_paths),
                                 agents)[:, s].toarray().ravel()
    else:
        cns_active = cns_inactive = np.zeros(k)

    ag = _cols(pc, agents)
    tox = _sum_dwpc(pc, cfg.metapaths(cfg.terms["toxicity_overlap"].pair_paths),
                    agents)[:, ag].toarray()
    syn = _sum_dwpc(pc, cfg.metapaths(cfg.terms["synergy"].pair_paths), agents)[:, ag].toarray()
    for m in (tox, syn):
        np.fill_diagonal(m, 0.0)
    burden = np.asarray(_sum_dwpc(pc, cfg.metapaths(cfg.terms["toxicity_burden"].agent_paths),
                                  agents).sum(axis=1)).ravel()

    mat = cfg.terms["clinical_maturity"]
    maturity = np.zeros(k)
    source = [""] * k
    trials = _sum_dwpc(pc, cfg.metapaths(mat.trial_paths), agents)
    infant = {e.source for e in hg.edges
              if e.predicate == "studies_condition" and e.target in mat.infant_conditions}
    for i in range(k):
        lo, hi = trials.indptr[i], trials.indptr[i + 1]
        for j in trials.indices[lo:hi]:
            node = hg.nodes[pc.ids[j]]
            level = phase_level(str(node.attrs.get("phase", "")), mat.phase_levels,
                                mat.unphased_trial_level)
            if node.id not in infant:
                level *= mat.other_trial_factor
            if level > maturity[i]:
                maturity[i], source[i] = level, node.id
    pre = _sum_dwpc(pc, cfg.metapaths(mat.preclinical_paths), agents)
    for i in range(k):
        lo, hi = pre.indptr[i], pre.indptr[i + 1]
        if hi > lo and mat.preclinical_level > maturity[i]:
            maturity[i], source[i] = mat.preclinical_level, pc.ids[pre.indices[lo]]

    outcome = cfg.terms["patient_outcome"]

    def _to_disease(specs: list) -> np.ndarray:
        if not len(dis) or not specs:
            return np.zeros(k)
        m = _sum_dwpc(pc, cfg.metapaths(specs), agents)
        return np.asarray(m[:, dis].sum(axis=1)).ravel()

    no_benefit = _to_disease(outcome.no_benefit_paths)
    benefit = _to_disease(outcome.benefit_paths)

    return Features(agents, exposure, T, comp, mechanisms, resistance, escape,
                    [pc.ids[i] for i in sw_idx], switch, activity, cns_active, cns_inactive,
                    tox, burden, syn, maturity, source, pc, no_benefit, benefit)
