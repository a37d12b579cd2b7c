"""Regimen edits: change a treatment backbone of the graph and score the whole regimen after it.

A backbone is a sequence of phases, each a Regimen of the graph with its ``has_component``
agents (default: the Interfant five-drug induction). An edit is one or two of:

- ``add``: an agent given with the components of a phase;
- ``replace``: an agent given instead of one component;
- ``add_phase``: a new phase with one agent after the backbone (post-induction);
- ``sequence``: two new phases after the backbone, agent A then agent B;

and the score's terms (``regimens.yaml``) are computed on the resulting sequence as a whole:
exposure, KMT2A-fusion complex members hit, toxicity, CNS coverage of the sequence, resistance
and lineage switch covered by a partner or a later agent, the low-leukemia-burden condition,
clinical maturity, evidence, outcome in patients (benefit or none), the number of agents, and
synergy within a phase. The per-agent quantities are the combination hypotheses' DWPC arrays
(:mod:`kg.hypotheses.features`);
every regimen is evaluated at once on (edits x slots) index arrays, so all single and two-edit
changes of a five-drug backbone cost a few array operations.

>>> import kg.hypotheses.regimens as kr
>>> best = kr.rank_regimen_edits(top=3)            # doctest: +SKIP
>>> best[0].label, best[0].score                   # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path as FsPath
from typing import Any

import numpy as np
import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from rdflib import Graph

from .config import Config, ConfigError, PathSpec, _paths, _spec, load_config
from .constants import REGIMENS_CONFIG_FILE
from .dwpc import Path, PathCounter, PathHop
from .features import Features, compute_features, exposure_metapaths
from .hetgraph import HetGraph, from_rdf
from .metagraph import Metapath, Step, parse_metapath, reverse

__all__ = [
    "REGIMEN_TERMS", "KINDS", "RegimenConfig", "load_regimen_config", "Phase", "EditPart",
    "RegimenTerm", "RegimenEdit", "RegimenScorer", "rank_regimen_edits", "backbones",
    "REGIMENS_CONFIG_FILE",
]

REGIMEN_TERMS = ("exposure", "complex_members", "toxicity", "intensity", "cns_coverage",
                 "escape_covered", "escape_uncovered", "low_burden_condition",
                 "clinical_maturity", "evidence", "patient_outcome", "synergy")
KINDS = ("add", "replace", "add_phase", "sequence")


# ---------------------------------------------------------------------------- configuration

class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class RegimenTermConfig(_Strict):
    """One term: weight and what it measures."""

    weight: float = Field(description="Weight of the scaled change of the term.")
    description: str = Field("", description="What the term measures, for reports.")


class PartSpec(_Strict):
    """One part of an edit, as written in the validation's answer key."""

    kind: str
    agent: str
    removes: str = ""
    then: str = ""


class Positive(_Strict):
    """An edit the field chose (Table 2 or the text)."""

    id: str
    label: str
    source: str
    parts: list[PartSpec]


class RegimenValidationConfig(_Strict):
    """Held-out validation settings."""

    holdout_trials: list[str]
    holdout_tables: list[str] = Field(default_factory=list)
    holdout_anchor_phrases: list[str] = Field(default_factory=list)
    positives: list[Positive]
    hits_at: list[int] = Field(default_factory=lambda: [1, 3, 10])
    bootstrap: int = 2000
    seed: int = 0


class RegimenConfig(_Strict):
    """The regimen scoring configuration (``kg/hypotheses/regimens.yaml``)."""

    version: int = 1
    default_backbone: list[str]
    terms: dict[str, RegimenTermConfig]
    complexes: list[str]
    member_paths: list[PathSpec]
    hit_paths: list[PathSpec]
    synergy_paths: list[PathSpec]
    condition_nodes: list[str]
    condition_paths: list[PathSpec]
    effective_paths: list[PathSpec]
    evidence_predicates: list[str]
    evidence_levels: dict[str, float]
    validation: RegimenValidationConfig
    explain_max_paths: int = 4
    export_top: int = 50
    report_top: int = 10

    _check = field_validator("member_paths", "hit_paths", "synergy_paths", "condition_paths",
                             "effective_paths")(_paths)

    @field_validator("terms")
    @classmethod
    def _known_terms(cls, v: dict[str, RegimenTermConfig]) -> dict[str, RegimenTermConfig]:
        unknown, missing = sorted(set(v) - set(REGIMEN_TERMS)), sorted(set(REGIMEN_TERMS) - set(v))
        if unknown or missing:
            raise ValueError(f"unknown terms {unknown}, missing terms {missing}; "
                             f"expected {list(REGIMEN_TERMS)}")
        return v

    def weight(self, term: str) -> float:
        """The weight of a term."""
        return self.terms[term].weight

    def metapaths(self, specs: list[PathSpec]) -> list[Metapath]:
        """Parse metapath entries."""
        return [parse_metapath(*_spec(s)) for s in specs]


def load_regimen_config(path: FsPath | str | None = None) -> RegimenConfig:
    """Read and check a regimen configuration file (default: the shipped one).

    Raises:
        ConfigError: the file is missing, not YAML, or a field is wrong (named).
    """
    p = FsPath(path) if path else REGIMENS_CONFIG_FILE
    try:
        doc = yaml.load(p.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    except (OSError, yaml.YAMLError) as e:
        raise ConfigError(f"{p}: cannot read the configuration: {e}") from e
    if not isinstance(doc, dict):
        raise ConfigError(f"{p}: expected a mapping at the top level")
    try:
        return RegimenConfig.model_validate(doc)
    except ValidationError as e:
        first = e.errors()[0]
        loc = ".".join(str(x) for x in first["loc"])
        raise ConfigError(f"{p}: {loc}: {first['msg'].removeprefix('Value error, ')}") from e


# ---------------------------------------------------------------------------- data model

@dataclass(frozen=True)
class Phase:
    """One phase of a treatment sequence: its name and the agents given together in it."""

    name: str
    agents: tuple[str, ...]
    regimen: str = ""  # the backbone regimen it comes from ("" for an added phase)


@dataclass(frozen=True)
class EditPart:
    """One change to the backbone.

    Attributes:
        kind: ``add``, ``replace``, ``add_phase`` or ``sequence``.
        agent: the agent introduced (for ``sequence``: the first).
        phase: index of the backbone phase changed (``add``, ``replace``); -1 otherwise.
        removes: the component replaced (``replace``).
        then: the second agent of a ``sequence``.
    """

    kind: str
    agent: str
    phase: int = -1
    removes: str = ""
    then: str = ""

    def introduces(self) -> tuple[str, ...]:
        """Agents this part brings in."""
        return (self.agent, self.then) if self.then else (self.agent,)


@dataclass(frozen=True)
class RegimenTerm:
    """One term of an edit's score, computed on the regimen after the edit.

    Attributes:
        name: term name (``regimens.yaml``).
        value: the term on the whole regimen after the edit.
        backbone_value: the term on the backbone.
        scale: the run's largest absolute change of the term (1 when it is 0).
        weight: configured weight.
        contribution: ``weight * (value - backbone_value) / scale``.
        summary: where the value comes from, in words.
        paths: the paths behind it, each edge with its assertion and references.
    """

    name: str
    value: float
    backbone_value: float
    scale: float
    weight: float
    contribution: float
    summary: str
    paths: tuple[Path, ...] = ()


@dataclass(frozen=True)
class RegimenEdit:
    """A ranked edit with its resulting sequence, score and terms."""

    parts: tuple[EditPart, ...]
    label: str
    sequence: tuple[Phase, ...]
    score: float
    rank: int
    terms: tuple[RegimenTerm, ...] = ()
    backbone: tuple[str, ...] = ()

    @property
    def id(self) -> str:
        """Stable identifier, e.g. ``replace-cytarabine-by-venetoclax``."""
        return "+".join(_part_id(p) for p in self.parts)

    @property
    def kinds(self) -> tuple[str, ...]:
        """The kinds of the parts."""
        return tuple(p.kind for p in self.parts)

    def introduces(self) -> tuple[str, ...]:
        """Agents the edit brings in."""
        return tuple(a for p in self.parts for a in p.introduces())

    def removes(self) -> tuple[str, ...]:
        """Components the edit takes out."""
        return tuple(p.removes for p in self.parts if p.removes)

    def term(self, name: str) -> RegimenTerm:
        """The term called ``name``."""
        return next(t for t in self.terms if t.name == name)

    def assertion_keys(self) -> list[str]:
        """Every assertion id the explanation paths use, sorted."""
        return sorted({e.key for t in self.terms for p in t.paths for h in p.hops
                       for e in h.edges})


def _part_id(p: EditPart) -> str:
    if p.kind == "replace":
        return f"replace-{p.removes}-by-{p.agent}"
    if p.kind == "sequence":
        return f"sequence-{p.agent}-then-{p.then}"
    if p.kind == "add_phase":
        return f"add-phase-{p.agent}"
    return f"add-{p.agent}"


# ---------------------------------------------------------------------------- backbones

def backbones(hg: HetGraph) -> list[str]:
    """Regimens of the graph with components (usable as backbone phases), sorted."""
    with_parts = {e.source for e in hg.edges if e.predicate == "has_component"}
    return sorted(r for r in hg.of_class("Regimen") if r in with_parts)


def _resolve_backbone(hg: HetGraph, names: Sequence[str]) -> list[str]:
    out = []
    by_label = {hg.label(r).lower(): r for r in hg.of_class("Regimen")}
    for n in names:
        r = n if n in hg.nodes and hg.is_a(n, "Regimen") else by_label.get(n.lower())
        if r is None:
            raise ValueError(f"unknown backbone {n!r}: not a Regimen of the graph (see "
                             "`kmt2a-kg regimens --list-backbones`)")
        out.append(r)
    return out


# ---------------------------------------------------------------------------- per-agent arrays

@dataclass
class AgentArrays:
    """Per-agent quantities the regimen terms combine (index = position in ``agents``)."""

    agents: list[str]
    exposure: np.ndarray
    members: np.ndarray          # uint64 bit mask over ``member_ids``
    member_ids: list[str]
    burden: np.ndarray
    cns_active: np.ndarray       # bool
    cns_inactive: np.ndarray     # bool
    resist: np.ndarray           # uint64: mechanisms defeating the agent, and switches after it
    cover: np.ndarray            # uint64: mechanisms it escapes, switches it treats
    escape_ids: list[str]
    condition: np.ndarray        # bool: works best at low leukemia burden
    maturity: np.ndarray
    evidence: np.ndarray
    evidence_edge: list[str]
    no_benefit: np.ndarray       # bool: tested in patients without improving outcome
    synergy: np.ndarray          # (k, k)
    benefit: np.ndarray | None = None  # bool: documented to improve outcome in patients


def _bits(mat: np.ndarray) -> np.ndarray:
    """Rows of a boolean matrix as uint64 bit masks (at most 64 columns)."""
    if mat.shape[1] > 64:
        raise NotImplementedError(f"{mat.shape[1]} columns: at most 64 members or mechanisms")
    w = (np.uint64(1) << np.arange(mat.shape[1], dtype=np.uint64))
    return (mat.astype(np.uint64) * w[None, :]).sum(axis=1, dtype=np.uint64) if mat.shape[1] \
        else np.zeros(mat.shape[0], dtype=np.uint64)


def _sum_rows(pc: PathCounter, mps: list[Metapath], rows: list[str]) -> Any:
    total = None
    for mp in mps:
        m = mp.weight * pc.dwpc(mp, rows)
        total = m if total is None else total + m
    return total


def agent_arrays(F: Features, hg: HetGraph, rcfg: RegimenConfig) -> AgentArrays:
    """The regimen quantities of every candidate agent, from the combination features."""
    pc = F.counter
    agents = F.agents
    k = len(agents)
    # complex members: genes that are members of the complexes, hit by an agent
    members: set[str] = set()
    cx = [c for c in rcfg.complexes if c in pc.index]
    for mp in rcfg.metapaths(rcfg.member_paths):
        if cx:
            r = pc.dwpc(mp, cx)
            members |= {pc.ids[j] for j in r.indices}
    member_ids = sorted(members)
    H = _sum_rows(pc, rcfg.metapaths(rcfg.hit_paths), agents)
    cols = np.array([pc.index[m] for m in member_ids], dtype=np.int64)
    hit = (H[:, cols].toarray() > 0) if len(cols) else np.zeros((k, 0), dtype=bool)
    # resistance and lineage switch: what befalls an agent, and what covers it
    defeated = F.resistance > 0
    reaches = F.exposure > 0
    escapes = (~defeated) & reaches[:, None]
    resist = np.concatenate([defeated, F.switch > 0], axis=1)
    cover = np.concatenate([escapes, F.activity > 0], axis=1)
    escape_ids = list(F.mechanisms) + list(F.switch_targets)
    # the low-burden condition
    cond_nodes = [c for c in rcfg.condition_nodes if c in pc.index]
    condition = np.zeros(k, dtype=bool)
    if cond_nodes:
        C = _sum_rows(pc, rcfg.metapaths(rcfg.condition_paths), agents)
        condition = np.asarray(C[:, [pc.index[c] for c in cond_nodes]].sum(axis=1)).ravel() > 0
    # evidence: the strongest evidence type among the agent's own statements
    levels = rcfg.evidence_levels
    preds = set(rcfg.evidence_predicates)
    idx = {a: i for i, a in enumerate(agents)}
    evidence = np.zeros(k)
    evidence_edge = [""] * k
    for e in hg.edges:  # sorted by key: ties keep the first key
        i = idx.get(e.source)
        if i is None or e.predicate not in preds:
            continue
        lv = levels.get(e.evidence, 0.0)
        if lv > evidence[i]:
            evidence[i], evidence_edge[i] = lv, e.key
    nb = F.no_benefit if F.no_benefit is not None else np.zeros(k)
    ben = F.benefit if F.benefit is not None else np.zeros(k)
    S = _sum_rows(pc, rcfg.metapaths(rcfg.synergy_paths), agents)
    syn = (S[:, [pc.index[x] for x in agents]].toarray() if S is not None
           else np.zeros((k, k)))
    np.fill_diagonal(syn, 0.0)
    return AgentArrays(
        agents, F.exposure.copy(), _bits(hit), member_ids, F.burden.copy(),
        F.cns_active > 0, F.cns_inactive > 0, _bits(resist), _bits(cover), escape_ids,
        condition, F.maturity.copy(), evidence, evidence_edge, nb > 0, syn, ben > 0)


# ---------------------------------------------------------------------------- evaluation

def _popcount(x: np.ndarray) -> np.ndarray:
    """Set bits of each uint64 mask (numpy >= 2 has ``bitwise_count``; numpy 1.x, which the
    test extra's kgx 2.6 -> pyarrow < 16 pins, counts the bits of each byte instead)."""
    if hasattr(np, "bitwise_count"):
        return np.bitwise_count(x).astype(np.int64)
    b = np.ascontiguousarray(x, dtype=np.uint64)
    by = b.view(np.uint8).reshape(*b.shape, 8)
    return np.unpackbits(by, axis=-1).sum(axis=-1).astype(np.int64)


def evaluate(A: AgentArrays, slots: np.ndarray, phase: np.ndarray,
             effective_phase: np.ndarray) -> dict[str, np.ndarray]:
    """Every term for every regimen, given as slot arrays.

    Args:
        A: per-agent arrays.
        slots: (n, L) agent indices of each regimen's slots, -1 where empty.
        phase: (n, L) phase position of each slot (0 = first phase).
        effective_phase: (P,) whether each backbone phase's regimen acts against the disease.

    Returns:
        Term name -> (n,) values on the whole regimen.
    """
    n, L = slots.shape
    valid = slots >= 0
    a = np.where(valid, slots, 0)
    # an agent in two slots counts once (the first slot)
    same = (a[:, :, None] == a[:, None, :]) & valid[:, :, None] & valid[:, None, :]
    earlier = np.tril(np.ones((L, L), dtype=bool), -1)
    first = valid & ~(same & earlier[None]).any(axis=2)
    fw = first.astype(float)
    out: dict[str, np.ndarray] = {}
    out["exposure"] = (A.exposure[a] * fw).sum(axis=1)
    out["toxicity"] = (A.burden[a] * fw).sum(axis=1)
    # members hit at once: the most members the agents of one phase hit together
    mem = np.where(valid, A.members[a], np.uint64(0))
    samephase = phase[:, :, None] == phase[:, None, :]
    together = np.bitwise_or.reduce(np.where(samephase, mem[:, None, :], np.uint64(0)), axis=2)
    out["complex_members"] = _popcount(together).max(axis=1).astype(float)
    nfirst = np.maximum(first.sum(axis=1), 1)
    out["clinical_maturity"] = (A.maturity[a] * fw).sum(axis=1) / nfirst
    out["evidence"] = (A.evidence[a] * fw).sum(axis=1) / nfirst
    ben = A.benefit if A.benefit is not None else np.zeros(len(A.agents), dtype=bool)
    out["patient_outcome"] = ((ben[a] & first).sum(axis=1)
                              - (A.no_benefit[a] & first).sum(axis=1)).astype(float)
    out["intensity"] = first.sum(axis=1).astype(float)
    # later-or-same phase partners (another slot, another agent)
    later = (phase[:, None, :] >= phase[:, :, None]) & valid[:, None, :] & valid[:, :, None]
    later &= ~same
    act = A.cns_active[a] & valid
    inact = A.cns_inactive[a] & first & ~A.cns_active[a]
    covered_cns = (later & act[:, None, :]).any(axis=2)
    out["cns_coverage"] = act.any(axis=1).astype(float) - (inact & ~covered_cns).sum(axis=1)
    cov = np.bitwise_or.reduce(np.where(later, A.cover[a][:, None, :], np.uint64(0)), axis=2)
    res = np.where(first, A.resist[a], np.uint64(0))
    out["escape_covered"] = _popcount(res & cov).sum(axis=1).astype(float)
    out["escape_uncovered"] = _popcount(res & ~cov).sum(axis=1).astype(float)
    # condition: an earlier phase that acts against the disease
    P = len(effective_phase)
    backbone_eff = (effective_phase[np.clip(phase, 0, P - 1)] & (phase < P) if P
                    else np.zeros_like(valid))
    eff = valid & ((A.exposure[a] > 0) | backbone_eff)
    before = (phase[:, None, :] < phase[:, :, None]) & eff[:, None, :]
    met = before.any(axis=2)
    cond = A.condition[a] & first
    out["low_burden_condition"] = ((cond & met).sum(axis=1)
                                   - (cond & ~met).sum(axis=1)).astype(float)
    # synergy within a phase (each unordered pair of distinct agents once)
    pair = (phase[:, :, None] == phase[:, None, :]) & first[:, :, None] & first[:, None, :]
    pair &= np.triu(np.ones((L, L), dtype=bool), 1)[None] & ~same
    out["synergy"] = (A.synergy[a[:, :, None], a[:, None, :]] * pair).sum(axis=(1, 2))
    return out


# ---------------------------------------------------------------------------- enumeration

@dataclass
class Candidates:
    """Edits of one backbone as slot arrays, with their parts."""

    parts: list[tuple[EditPart, ...]]
    slots: np.ndarray
    phase: np.ndarray


def _single_parts(bb: list[Phase], agents: list[str], kinds: Iterable[str]) -> list[EditPart]:
    kinds = set(kinds)
    out: list[EditPart] = []
    for pi, ph in enumerate(bb):
        if "add" in kinds:
            out += [EditPart("add", x, pi) for x in agents if x not in ph.agents]
        if "replace" in kinds:
            out += [EditPart("replace", x, pi, removes=c) for c in ph.agents
                    for x in agents if x not in ph.agents]
    if "add_phase" in kinds:
        out += [EditPart("add_phase", x) for x in agents]
    if "sequence" in kinds:
        out += [EditPart("sequence", x, then=y) for x in agents for y in agents if x != y]
    return out


def _compatible(p: EditPart, q: EditPart) -> bool:
    if p.kind in ("add_phase", "sequence") and q.kind in ("add_phase", "sequence"):
        return False  # two new-phase edits are a sequence
    if p.kind == "sequence" or q.kind == "sequence":
        return False
    if set(p.introduces()) & set(q.introduces()):
        return False
    if p.removes and q.removes and (p.removes, p.phase) == (q.removes, q.phase):
        return False
    for x, y in ((p, q), (q, p)):  # adding the component another part removes is no edit
        if y.removes and x.phase == y.phase and x.agent == y.removes:
            return False
    return True


def enumerate_edits(bb: list[Phase], agents: list[str], kinds: Iterable[str] = KINDS,
                    max_edits: int = 2) -> Candidates:
    """All single edits of a backbone and (``max_edits`` 2) all compatible pairs of them.

    Two parts combine when they bring in different agents, do not both replace the same
    component, and are not two new-phase edits (that is a ``sequence``).
    """
    singles = _single_parts(bb, agents, kinds)
    raw: list[tuple[EditPart, ...]] = [(p,) for p in singles]
    if max_edits >= 2:
        sc = [p for p in singles if p.kind != "sequence"]
        raw += [(p, q) for p, q in combinations(sc, 2) if _compatible(p, q)]
    # two spellings of one regimen (add x, replace c by y / add y, replace c by x): keep one
    seen: set[tuple] = set()
    parts: list[tuple[EditPart, ...]] = []
    for ps in raw:
        key = sequence_key(resulting_sequence(bb, ps))
        if key not in seen:
            seen.add(key)
            parts.append(ps)
    index = {a: i for i, a in enumerate(agents)}
    base = [(index[x], pi) for pi, ph in enumerate(bb) for x in ph.agents]
    P = len(bb)
    L = len(base) + 2 * max(1, max_edits)
    n = len(parts)
    slots = np.full((n, L), -1, dtype=np.int64)
    phase = np.zeros((n, L), dtype=np.int64)
    nb = len(base)
    if nb:
        slots[:, :nb] = [b[0] for b in base]
        phase[:, :nb] = [b[1] for b in base]
    for r, ps in enumerate(parts):
        pos = nb
        for p in ps:
            ai = index[p.agent]
            if p.kind == "replace":
                j = next(s for s, b in enumerate(base)
                         if b[1] == p.phase and agents[b[0]] == p.removes)
                slots[r, j] = ai
            elif p.kind == "add":
                slots[r, pos], phase[r, pos] = ai, p.phase
                pos += 1
            elif p.kind == "add_phase":
                slots[r, pos], phase[r, pos] = ai, P
                pos += 1
            else:
                slots[r, pos], phase[r, pos] = ai, P
                slots[r, pos + 1], phase[r, pos + 1] = index[p.then], P + 1
                pos += 2
    return Candidates(parts, slots, phase)


def sequence_key(seq: Sequence[Phase]) -> tuple[tuple[str, ...], ...]:
    """What a sequence gives, phase by phase (order within a phase does not matter)."""
    return tuple(tuple(sorted(ph.agents)) for ph in seq)


def resulting_sequence(bb: list[Phase], parts: Sequence[EditPart]) -> tuple[Phase, ...]:
    """The phases after applying the parts to the backbone."""
    phases = [list(ph.agents) for ph in bb]
    extra: list[list[str]] = []
    for p in parts:
        if p.kind == "add":
            phases[p.phase].append(p.agent)
        elif p.kind == "replace":
            ph = phases[p.phase]
            ph[ph.index(p.removes)] = p.agent
        elif p.kind == "add_phase":
            extra.append([p.agent])
        else:
            extra += [[p.agent], [p.then]]
    out = [Phase(ph.name, tuple(a), ph.regimen) for ph, a in zip(bb, phases, strict=True)]
    out += [Phase(f"post-{bb[-1].name if bb else 'backbone'} {i + 1}", tuple(a))
            for i, a in enumerate(extra)]
    return tuple(out)


# ---------------------------------------------------------------------------- scoring

def competition_ranks(scores: np.ndarray) -> np.ndarray:
    """Rank 1 for the best; tied scores share the best rank among them."""
    s = np.sort(-scores)
    return np.searchsorted(s, -scores, side="left") + 1


def scaled_scores(values: dict[str, np.ndarray], base: dict[str, float], rcfg: RegimenConfig,
                  scales: dict[str, float] | None = None
                  ) -> tuple[np.ndarray, dict[str, float]]:
    """``sum(weight * (value - backbone) / scale)`` and the scales used."""
    n = len(next(iter(values.values())))
    sc = dict(scales or {})
    total = np.zeros(n)
    for t in REGIMEN_TERMS:
        d = values[t] - base[t]
        if t not in sc:
            mx = float(np.max(np.abs(d))) if n else 0.0
            sc[t] = mx if mx > 1e-12 else 1.0
        w = rcfg.weight(t)
        if w:
            total = total + w * d / sc[t]
    return np.round(total, 12), sc


class RegimenScorer:
    """Per-agent arrays of one graph, and the scoring and explanation of edits on it.

    Args:
        hg: the graph.
        cfg: the combination configuration (metapaths of the per-agent quantities).
        rcfg: the regimen configuration.
        agents: candidate agents (default: the combination candidates).
    """

    def __init__(self, hg: HetGraph, cfg: Config, rcfg: RegimenConfig,
                 agents: Sequence[str] | None = None) -> None:
        self.hg, self.cfg, self.rcfg = hg, cfg, rcfg
        self.F = compute_features(hg, cfg, agents)
        self.pc: PathCounter = self.F.counter
        self.A = agent_arrays(self.F, hg, rcfg)
        self.agents = self.F.agents
        self._index = {a: i for i, a in enumerate(self.agents)}
        self._exposure_mps = exposure_metapaths(self.pc, cfg)
        self._rows: dict[tuple[str, str], list[str]] = {}
        self._last: tuple | None = None

    # -- backbones

    def backbone(self, names: Sequence[str] | None = None) -> list[Phase]:
        """The backbone's phases (default: the configuration's)."""
        regs = _resolve_backbone(self.hg, list(names or self.rcfg.default_backbone))
        out = []
        for r in regs:
            comps = sorted(e.target for e in self.hg.edges
                           if e.predicate == "has_component" and e.source == r)
            missing = [c for c in comps if c not in self._index]
            if missing:
                raise ValueError(f"backbone {r}: components {missing} are not candidate agents")
            out.append(Phase(self.hg.label(r), tuple(comps), r))
        return out

    def effective(self, bb: list[Phase]) -> np.ndarray:
        """Whether each backbone phase's regimen acts against the disease (a path)."""
        dis = [d for d in self.cfg.diseases if d in self.pc.index]
        out = np.zeros(len(bb), dtype=bool)
        for i, ph in enumerate(bb):
            if ph.regimen and dis:
                for mp in self.rcfg.metapaths(self.rcfg.effective_paths):
                    r = self.pc.dwpc(mp, [ph.regimen])
                    if any(self.pc.ids[j] in dis for j in r.indices):
                        out[i] = True
        return out

    # -- scoring

    def score(self, bb: list[Phase], cands: Candidates, scales: dict[str, float] | None = None
              ) -> tuple[dict[str, np.ndarray], dict[str, float], np.ndarray, dict[str, float]]:
        """(values, backbone values, scores, scales) of the candidate edits."""
        eff = self.effective(bb)
        values = evaluate(self.A, cands.slots, cands.phase, eff)
        bslots = cands.slots[:1].copy()
        nb = sum(len(p.agents) for p in bb)
        bslots[:, nb:] = -1
        if nb:
            bslots[0, :nb] = [self._index[x] for p in bb for x in p.agents]
        bvals = evaluate(self.A, bslots, cands.phase[:1], eff)
        base = {t: float(v[0]) for t, v in bvals.items()}
        scores, sc = scaled_scores(values, base, self.rcfg, scales)
        return values, base, scores, sc

    # -- explanations

    def _paths(self, mps: Iterable[Metapath], source: str,
               targets: Iterable[str] | None = None) -> list[Path]:
        out: list[Path] = []
        tset = None if targets is None else set(targets)
        if source not in self.pc.index:
            return out
        for mp in mps:
            key = (mp.text, source)
            if key not in self._rows:
                row = self.pc.dwpc(mp, [source])
                self._rows[key] = sorted(self.pc.ids[j] for j in row.indices)
            for t in self._rows[key]:
                if tset is None or t in tset:
                    out += self.pc.paths(mp, source, t)
        out.sort(key=lambda p: (-p.weight, p.metapath, p.nodes))
        return out

    def _edge_path(self, key: str) -> list[Path]:
        e = next((x for x in self.hg.edges if x.key == key), None)
        if e is None:
            return []
        st = Step((e.predicate,), "forward")
        return [Path(f"{self.hg.nodes[e.source].category} -{e.predicate}> "
                     f"{self.hg.nodes[e.target].category}", (e.source, e.target),
                     (PathHop(e.source, e.target, st, (e,)),), 1.0)]

    def explain(self, bb: list[Phase], parts: Sequence[EditPart], values: dict[str, float],
                base: dict[str, float], scales: dict[str, float]) -> tuple[RegimenTerm, ...]:
        """The terms of one edit with summaries and paths."""
        lab = self.hg.label
        cfg, rcfg, F, A = self.cfg, self.rcfg, self.F, self.A
        seq = resulting_sequence(bb, parts)
        new = [a for p in parts for a in p.introduces()]
        gone = [p.removes for p in parts if p.removes]
        changed = new + gone
        diseases = [d for d in cfg.diseases if d in self.pc.index]
        ix = self._index
        notes: dict[str, str] = {}
        paths: dict[str, list[Path]] = {t: [] for t in REGIMEN_TERMS}
        sign = {a: "+" for a in new} | {a: "-" for a in gone}

        bits = []
        for a in changed:
            ps = self._paths(self._exposure_mps, a, diseases)
            paths["exposure"] += ps
            bits.append(f"{sign[a]}{lab(a)} {F.exposure[ix[a]]:.3g}")
        notes["exposure"] = "; ".join(bits) or "unchanged"

        mem = A.member_ids
        hit_mps = rcfg.metapaths(rcfg.hit_paths)

        def hits(a: str) -> set[str]:
            m = int(A.members[ix[a]])
            return {mem[b] for b in range(len(mem)) if m >> b & 1}

        def best_phase(phases: Sequence[Phase]) -> tuple[set[str], str]:
            top: tuple[set[str], str] = (set(), "")
            for ph in phases:
                hs = set().union(*[hits(x) for x in ph.agents]) if ph.agents else set()
                if len(hs) > len(top[0]):
                    top = (hs, ph.name)
            return top

        before, _ = best_phase(bb)
        after, where = best_phase(seq)
        for a in changed:
            hs = hits(a)
            if hs:
                paths["complex_members"] += self._paths(hit_mps, a, hs)
        notes["complex_members"] = (
            f"{len(after)} member(s) hit together"
            + (f" in {where}: {', '.join(lab(m) for m in sorted(after))}" if after else "")
            + (f" (backbone: {len(before)})" if len(before) != len(after) else ""))

        tox_mps = cfg.metapaths(cfg.terms["toxicity_burden"].agent_paths)
        bits = []
        for a in changed:
            if A.burden[ix[a]] > 0:
                ps = self._paths(tox_mps, a)
                paths["toxicity"] += ps
                what = ", ".join(sorted({lab(p.nodes[-1]) for p in ps}))
                bits.append(f"{'adds' if sign[a] == '+' else 'removes'} {lab(a)}'s {what}")
        notes["toxicity"] = "; ".join(bits) or "no documented adverse effect added or removed"

        cns = cfg.terms["cns_coverage"]
        act_mps, inact_mps = cfg.metapaths(cns.active_paths), cfg.metapaths(cns.inactive_paths)
        bits = []
        if cns.site:
            for k, ph in enumerate(seq):
                for a in ph.agents:
                    if A.cns_inactive[ix[a]] and not A.cns_active[ix[a]]:
                        later = [b for q in seq[k:] for b in q.agents
                                 if b != a and A.cns_active[ix[b]]]
                        paths["cns_coverage"] += self._paths(inact_mps, a, [cns.site])
                        if later:
                            paths["cns_coverage"] += self._paths(act_mps, later[-1], [cns.site])
                            bits.append(f"{lab(a)} does not reach the CNS; "
                                        f"{lab(later[-1])} in the same or a later phase does")
                        else:
                            bits.append(f"{lab(a)} does not reach the CNS and no agent of its "
                                        "own or a later phase does")
            for a in new:
                if A.cns_active[ix[a]]:
                    paths["cns_coverage"] += self._paths(act_mps, a, [cns.site])
                    bits.append(f"{lab(a)} acts in the CNS")
            active = [a for ph in seq for a in ph.agents if A.cns_active[ix[a]]]
            if active and not bits:
                bits.append(f"CNS-active agents in the sequence: "
                            f"{', '.join(sorted({lab(a) for a in active}))}")
        notes["cns_coverage"] = "; ".join(bits) or "nothing documented about the CNS"

        term = cfg.terms["resistance_escape"]
        res_mps = [reverse(m) for m in cfg.metapaths(term.resistance_paths)]
        sw_mps, act2 = cfg.metapaths(term.switch_paths), cfg.metapaths(term.activity_paths)
        cov_bits, unc_bits = [], []
        ids = A.escape_ids
        nmech = len(F.mechanisms)
        for k, ph in enumerate(seq):
            for a in ph.agents:
                r = int(A.resist[ix[a]])
                if not r:
                    continue
                partners = [b for q in seq[k:] for b in q.agents if b != a]
                for bit in range(len(ids)):
                    if not r >> bit & 1:
                        continue
                    x = ids[bit]
                    by = [b for b in partners if int(A.cover[ix[b]]) >> bit & 1]
                    mech = bit < nmech
                    if a not in changed and not any(b in changed for b in by):
                        continue  # untouched by the edit
                    ps = (self._paths(res_mps, a, [x]) if mech else self._paths(sw_mps, a, [x]))
                    what = (f"{lab(x)} (defeats {lab(a)})" if mech
                            else f"lineage switch after {lab(a)} to {lab(x)}")
                    if by:
                        paths["escape_covered"] += ps
                        for b in by[:2]:
                            paths["escape_covered"] += (
                                self._paths(self._exposure_mps, b, diseases)[:1] if mech
                                else self._paths(act2, b, [x]))
                        cov_bits.append(f"{what}: covered by {', '.join(lab(b) for b in by)}")
                    else:
                        paths["escape_uncovered"] += ps
                        unc_bits.append(f"{what}: no partner or later agent covers it")
        notes["escape_covered"] = "; ".join(cov_bits) or "no change"
        notes["escape_uncovered"] = "; ".join(unc_bits) or "no change"

        cond_mps = rcfg.metapaths(rcfg.condition_paths)
        bits = []
        for k, ph in enumerate(seq):
            for a in ph.agents:
                if A.condition[ix[a]] and a in new:
                    paths["low_burden_condition"] += self._paths(cond_mps, a, rcfg.condition_nodes)
                    earlier = [q for q in seq[:k]]
                    if earlier:
                        for q in earlier:
                            if q.regimen:
                                paths["low_burden_condition"] += self._paths(
                                    rcfg.metapaths(rcfg.effective_paths), q.regimen, diseases)
                        bits.append(f"{lab(a)} needs a low leukemia burden: given after "
                                    f"{', '.join(q.name for q in earlier)}")
                    else:
                        bits.append(f"{lab(a)} needs a low leukemia burden but is given in the "
                                    "first phase, with no induction before it")
        notes["low_burden_condition"] = "; ".join(bits) or "no condition involved"

        mcfg = cfg.terms["clinical_maturity"]
        bits = []
        for a in changed:
            i = ix[a]
            ps = self._paths(cfg.metapaths(mcfg.trial_paths), a)
            ps += self._paths(cfg.metapaths(mcfg.preclinical_paths), a)
            best = F.maturity_source[i]
            ps.sort(key=lambda p: p.nodes[-1] != best)
            paths["clinical_maturity"] += ps[:3]
            where = (f" ({lab(best)}" + (f", phase {self.hg.nodes[best].attrs.get('phase')}"
                                         if self.hg.nodes[best].attrs.get("phase") else "")
                     + ")") if best else " (no trial or model in the graph)"
            bits.append(f"{sign[a]}{lab(a)} {F.maturity[i]:.2g}{where}")
        notes["clinical_maturity"] = "; ".join(bits) or "unchanged"

        bits = []
        for a in changed:
            key = A.evidence_edge[ix[a]]
            if key:
                paths["evidence"] += self._edge_path(key)
                e = next(x for x in self.hg.edges if x.key == key)
                bits.append(f"{sign[a]}{lab(a)} {A.evidence[ix[a]]:.2g} ({e.evidence})")
            else:
                bits.append(f"{sign[a]}{lab(a)} 0 (no statement of target or activity)")
        notes["evidence"] = "; ".join(bits) or "unchanged"

        oc = cfg.terms["patient_outcome"]
        ben = A.benefit if A.benefit is not None else np.zeros(len(self.agents), dtype=bool)
        bits = []
        for a in changed:
            for arr, specs, words in ((ben, oc.benefit_paths, "improved outcome"),
                                      (A.no_benefit, oc.no_benefit_paths,
                                       "did not improve outcome")):
                if arr[ix[a]]:
                    paths["patient_outcome"] += self._paths(cfg.metapaths(specs), a, diseases)
                    bits.append(f"{sign[a]}{lab(a)} {words} in patients")
        notes["patient_outcome"] = "; ".join(bits) or "no outcome in patients documented"

        n_before = len({x for ph in bb for x in ph.agents})
        n_after = len({x for ph in seq for x in ph.agents})
        notes["intensity"] = (f"{n_before} -> {n_after} agents" if n_after != n_before
                              else f"{n_after} agents (unchanged)")

        syn_mps = rcfg.metapaths(rcfg.synergy_paths)
        bits = []
        for ph in seq:
            for x, y in combinations(ph.agents, 2):
                if (x in changed or y in changed) and A.synergy[ix[x], ix[y]] > 0:
                    paths["synergy"] += self._paths(syn_mps, x, [y])
                    bits.append(f"{lab(x)} + {lab(y)} in {ph.name}")
        notes["synergy"] = "; ".join(bits) or "none documented within a phase"

        out = []
        for t in REGIMEN_TERMS:
            v, bv, s, w = float(values[t]), float(base[t]), float(scales[t]), rcfg.weight(t)
            out.append(RegimenTerm(t, v, bv, s, w, round(w * (v - bv) / s, 12), notes[t],
                                   tuple(_dedup(paths[t]))))
        return tuple(out)

    def explain_edit(self, bb: list[Phase], parts: Sequence[EditPart]
                     ) -> tuple[RegimenTerm, ...]:
        """The terms of an edit of the last :meth:`rank` run (same scales)."""
        if self._last is None or self._last[0] != sequence_key(bb):
            raise ValueError("rank() this backbone first")
        _, where, values, base, scales = self._last
        r = where[sequence_key(resulting_sequence(bb, parts))]
        return self.explain(bb, parts, {t: float(v[r]) for t, v in values.items()}, base,
                            scales)

    # -- ranking

    def rank(self, backbone: Sequence[str] | None = None, top: int | None = None,
             only: Iterable[str] = (), phase: str | None = None, exclude: Iterable[str] = (),
             require_cns: bool = False, max_edits: int = 2, explain: bool = True
             ) -> list[RegimenEdit]:
        """Rank every edit of a backbone (see :func:`rank_regimen_edits`)."""
        bb = self.backbone(backbone)
        kinds = set(only) or set(KINDS)
        unknown = kinds - set(KINDS)
        if unknown:
            raise ValueError(f"unknown edit kind(s) {sorted(unknown)}: choose from {list(KINDS)}")
        excluded = _resolve_agents(self.hg, self.agents, exclude)
        cands = enumerate_edits(bb, self.agents, kinds, max_edits)
        values, base, scores, scales = self.score(bb, cands)
        where = {sequence_key(resulting_sequence(bb, ps)): r for r, ps in enumerate(cands.parts)}
        self._last = (sequence_key(bb), where, values, base, scales)
        ranks = competition_ranks(scores)
        keep = np.ones(len(cands.parts), dtype=bool)
        for r, ps in enumerate(cands.parts):
            if excluded & {a for p in ps for a in p.introduces()}:
                keep[r] = False
            elif phase is not None and not _touches(bb, ps, phase):
                keep[r] = False
        if require_cns:
            keep &= values["cns_coverage"] >= 1
        order = sorted(np.nonzero(keep)[0], key=lambda r: (-scores[r], _sort_key(cands.parts[r])))
        if top:
            order = order[:top]
        names = tuple(p.regimen for p in bb)
        rcfg = self.rcfg
        out = []
        for r in map(int, order):
            ps = cands.parts[r]
            vals = {t: float(v[r]) for t, v in values.items()}
            terms = (self.explain(bb, ps, vals, base, scales) if explain else tuple(
                RegimenTerm(t, vals[t], base[t], scales[t], rcfg.weight(t),
                            round(rcfg.weight(t) * (vals[t] - base[t]) / scales[t], 12), "")
                for t in REGIMEN_TERMS))
            out.append(RegimenEdit(ps, edit_label(self.hg, bb, ps), resulting_sequence(bb, ps),
                                   float(scores[r]), int(ranks[r]), terms, names))
        return out


def _dedup(paths: list[Path]) -> list[Path]:
    seen, out = set(), []
    for p in paths:
        k = (p.metapath, p.nodes)
        if k not in seen:
            seen.add(k)
            out.append(p)
    return out


def _sort_key(parts: tuple[EditPart, ...]) -> tuple:
    return (len(parts), tuple((KINDS.index(p.kind), p.agent, p.then, p.removes, p.phase)
                              for p in parts))


def _touches(bb: list[Phase], parts: Sequence[EditPart], phase: str) -> bool:
    want = phase.lower()
    for p in parts:
        if p.kind in ("add", "replace"):
            ph = bb[p.phase]
            if want in (ph.name.lower(), ph.regimen.lower()):
                return True
        elif want in ("post", "new", "post-induction"):
            return True
    return False


def _resolve_agents(hg: HetGraph, agents: Sequence[str], names: Iterable[str]) -> set[str]:
    out = set()
    by_label = {hg.label(a).lower(): a for a in agents}
    for n in names:
        if n in agents:
            out.add(n)
        elif n.lower() in by_label:
            out.add(by_label[n.lower()])
        else:
            raise ValueError(f"unknown agent {n!r}: not a candidate (see `kmt2a-kg hypotheses "
                             "--list-agents`)")
    return out


def edit_label(hg: HetGraph, bb: list[Phase], parts: Sequence[EditPart]) -> str:
    """The edit in words: ``replace cytarabine by venetoclax in Interfant five-drug induction``."""
    lab = hg.label
    bits = []
    for p in parts:
        if p.kind == "add":
            bits.append(f"add {lab(p.agent)} to {bb[p.phase].name}")
        elif p.kind == "replace":
            bits.append(f"replace {lab(p.removes)} by {lab(p.agent)} in {bb[p.phase].name}")
        elif p.kind == "add_phase":
            bits.append(f"then {lab(p.agent)} (new phase after the backbone)")
        else:
            bits.append(f"then {lab(p.agent)}, then {lab(p.then)} (two new phases)")
    return "; ".join(bits)


def _to_het(graph: Graph | HetGraph | None) -> HetGraph:
    if isinstance(graph, HetGraph):
        return graph
    if graph is None:
        from ..api import load_graph

        graph = load_graph()
    return from_rdf(graph)


def rank_regimen_edits(
    graph: Graph | HetGraph | None = None,
    backbone: Sequence[str] | str | None = None,
    top: int | None = None,
    only: Iterable[str] = (),
    phase: str | None = None,
    exclude: Iterable[str] = (),
    require_cns: bool = False,
    max_edits: int = 2,
    config: RegimenConfig | str | None = None,
    hypotheses_config: Config | str | None = None,
) -> list[RegimenEdit]:
    """Rank every edit of a treatment backbone for KMT2A-rearranged infant ALL.

    Args:
        graph: the RDF graph (default: :func:`kg.load_graph`) or a :class:`HetGraph`.
        backbone: regimen ids or labels, one per phase in order (default: the Interfant
            five-drug induction).
        top: keep the best ``top`` (default: all).
        only: edit kinds to keep (``add``, ``replace``, ``add_phase``, ``sequence``); a
            two-edit combination is kept when all its parts are of these kinds.
        phase: keep edits that change this backbone phase (regimen id or label), or ``post``
            for edits adding phases after the backbone.
        exclude: agents (ids or labels) an edit may not bring in.
        require_cns: keep edits whose whole sequence covers the CNS (``cns_coverage`` >= 1).
        max_edits: 1 for single edits only, 2 to add every compatible pair of single edits.
        config: a :class:`RegimenConfig`, a YAML path, or ``None`` for ``regimens.yaml``.
        hypotheses_config: the combination configuration the per-agent arrays come from.

    Returns:
        Edits, best first, each with its resulting sequence, score and explained terms.

    Raises:
        ValueError: an unknown backbone, edit kind or agent.
    """
    rcfg = config if isinstance(config, RegimenConfig) else load_regimen_config(config)
    cfg = (hypotheses_config if isinstance(hypotheses_config, Config)
           else load_config(hypotheses_config))
    if isinstance(backbone, str):
        backbone = [backbone]
    from ..blas import one_thread

    with one_thread():
        scorer = RegimenScorer(_to_het(graph), cfg, rcfg)
        return scorer.rank(backbone, top, only, phase, exclude, require_cns, max_edits)


_KIND_ALIASES = {"phase": "add_phase", "add-phase": "add_phase"}


def normalise_kinds(kinds: Iterable[str]) -> list[str]:
    """CLI spellings (``phase``, ``add-phase``) to kind names."""
    return [_KIND_ALIASES.get(k, k) for k in kinds]
