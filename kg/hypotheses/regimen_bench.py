"""Benchmark of the regimen terms: every single edit and every sequence of a 5-drug backbone
with many candidate agents, scored as (edits x slots) arrays versus the obvious alternative,
re-scoring each edited regimen in a Python loop (``kmt2a-kg bench hypotheses``).

Both compute the same terms from the same per-agent arrays (synthetic, seeded) and must agree
on the sampled edits. The per-agent arrays of the real graph come from sparse DWPC (the
combination benchmark above measures that part).
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Iterator

import numpy as np

from .regimens import REGIMEN_TERMS, AgentArrays, evaluate

__all__ = ["synthetic_agents", "edit_arrays", "evaluate_loop", "run_regimen_benchmark"]


def synthetic_agents(k: int, seed: int, members: int = 6, escapes: int = 8) -> AgentArrays:
    """Per-agent arrays for ``k`` agents with skewed, seeded values."""
    rng = np.random.default_rng(seed)

    def mask(p: float, bits: int) -> np.ndarray:
        m = rng.random((k, bits)) < p
        return (m.astype(np.uint64) << np.arange(bits, dtype=np.uint64)).sum(
            axis=1, dtype=np.uint64)

    syn = np.zeros((k, k))
    i, j = rng.integers(0, k, 4 * k), rng.integers(0, k, 4 * k)
    syn[i, j] = syn[j, i] = rng.random(4 * k)
    np.fill_diagonal(syn, 0.0)
    return AgentArrays(
        [f"agent{x}" for x in range(k)], rng.exponential(0.5, k) * (rng.random(k) < 0.6),
        mask(0.05, members), [f"m{x}" for x in range(members)],
        rng.exponential(0.3, k) * (rng.random(k) < 0.3), rng.random(k) < 0.05,
        rng.random(k) < 0.02, mask(0.03, escapes), mask(0.2, escapes),
        [f"x{x}" for x in range(escapes)], rng.random(k) < 0.02, rng.random(k),
        rng.random(k), [""] * k, rng.random(k) < 0.01, syn, rng.random(k) < 0.01)


def edit_arrays(k: int, backbone: list[int]) -> tuple[np.ndarray, np.ndarray]:
    """Slot arrays of every add, replace, add-phase and sequence edit of a one-phase backbone
    (agents ``backbone``) with ``k`` agents, built without Python objects per edit."""
    nb = len(backbone)
    others = np.array([a for a in range(k) if a not in set(backbone)], dtype=np.int64)
    allag = np.arange(k, dtype=np.int64)
    L = nb + 2
    rows: list[np.ndarray] = []
    phases: list[np.ndarray] = []

    def block(n: int) -> tuple[np.ndarray, np.ndarray]:
        s = np.full((n, L), -1, dtype=np.int64)
        s[:, :nb] = backbone
        return s, np.zeros((n, L), dtype=np.int64)

    s, p = block(len(others))                       # add to the phase
    s[:, nb] = others
    rows.append(s)
    phases.append(p)
    for c in range(nb):                             # replace component c
        s, p = block(len(others))
        s[:, c] = others
        rows.append(s)
        phases.append(p)
    s, p = block(k)                                 # one new phase
    s[:, nb], p[:, nb] = allag, 1
    rows.append(s)
    phases.append(p)
    x, y = np.meshgrid(allag, allag, indexing="ij")
    keep = x != y                                    # sequences x then y
    s, p = block(int(keep.sum()))
    s[:, nb], s[:, nb + 1] = x[keep], y[keep]
    p[:, nb], p[:, nb + 1] = 1, 2
    rows.append(s)
    phases.append(p)
    return np.concatenate(rows), np.concatenate(phases)


def evaluate_loop(A: AgentArrays, slots: np.ndarray, phase: np.ndarray,
                  effective_phase: np.ndarray) -> dict[str, np.ndarray]:
    """The same terms as :func:`kg.hypotheses.regimens.evaluate`, one regimen at a time in
    plain Python (the obvious implementation; also an independent check)."""
    out = {t: np.zeros(len(slots)) for t in REGIMEN_TERMS}
    P = len(effective_phase)
    for r in range(len(slots)):
        items = [(int(a), int(ph)) for a, ph in zip(slots[r], phase[r], strict=True) if a >= 0]
        firsts, seen = [], set()
        for a, ph in items:
            if a not in seen:
                seen.add(a)
                firsts.append((a, ph))
        n = max(len(firsts), 1)
        out["exposure"][r] = sum(A.exposure[a] for a, _ in firsts)
        out["toxicity"][r] = sum(A.burden[a] for a, _ in firsts)
        out["clinical_maturity"][r] = sum(A.maturity[a] for a, _ in firsts) / n
        out["evidence"][r] = sum(A.evidence[a] for a, _ in firsts) / n
        ben = A.benefit if A.benefit is not None else np.zeros(len(A.agents), dtype=bool)
        out["patient_outcome"][r] = (sum(bool(ben[a]) for a, _ in firsts)
                                     - sum(bool(A.no_benefit[a]) for a, _ in firsts))
        out["intensity"][r] = len(firsts)
        by_phase: dict[int, int] = {}
        for a, ph in items:
            by_phase[ph] = by_phase.get(ph, 0) | int(A.members[a])
        out["complex_members"][r] = max((bin(m).count("1") for m in by_phase.values()),
                                        default=0)
        cns = 1.0 if any(A.cns_active[a] for a, _ in items) else 0.0
        cov = unc = cond = 0
        syn = 0.0
        for a, ph in firsts:
            later = [b for b, q in items if q >= ph and b != a]
            if A.cns_inactive[a] and not A.cns_active[a] and not any(A.cns_active[b]
                                                                    for b in later):
                cns -= 1
            c = 0
            for b in later:
                c |= int(A.cover[b])
            res = int(A.resist[a])
            cov += bin(res & c).count("1")
            unc += bin(res & ~c & ((1 << 64) - 1)).count("1")
            if A.condition[a]:
                met = any(q < ph and (A.exposure[b] > 0 or (q < P and effective_phase[q]))
                          for b, q in items)
                cond += 1 if met else -1
        for i, (a, ph) in enumerate(firsts):
            for b, q in firsts[i + 1:]:
                if q == ph:
                    syn += A.synergy[a, b]
        out["cns_coverage"][r] = cns
        out["escape_covered"][r], out["escape_uncovered"][r] = cov, unc
        out["low_burden_condition"][r] = cond
        out["synergy"][r] = syn
    return out


def run_regimen_benchmark(agents: int = 1_000, backbone: int = 5, sample: int = 20_000,
                          repeats: int = 3, seed: int = 1, chunk: int = 100_000
                          ) -> Iterator[str]:
    """Yield the report lines: array evaluation of every edit vs the Python loop."""
    A = synthetic_agents(agents + backbone, seed)
    bb = list(range(backbone))
    t0 = time.process_time()
    slots, phase = edit_arrays(agents + backbone, bb)
    t_build = time.process_time() - t0
    eff = np.array([True])
    n = len(slots)
    yield (f"regimen case: {agents:,} candidate agents + a {backbone}-drug backbone, "
           f"{n:,} edits (add, replace, add a phase, and every ordered sequence of two new "
           f"phases); slot arrays built in {t_build:.2f} s CPU")
    times = []
    for _ in range(repeats):
        t0 = time.process_time()
        for a in range(0, n, chunk):
            evaluate(A, slots[a:a + chunk], phase[a:a + chunk], eff)
        times.append(time.process_time() - t0)
    yield (f"arrays (numpy, chunks of {chunk:,}): all {n:,} edits in min/median/max "
           f"{min(times):.2f} / {statistics.median(times):.2f} / {max(times):.2f} s CPU "
           f"({repeats} runs; {statistics.median(times) / n * 1e6:.2f} us per edit)")
    rng = np.random.default_rng(seed + 1)
    pick = np.sort(rng.choice(n, size=min(sample, n), replace=False))
    ref = evaluate(A, slots[pick], phase[pick], eff)
    loop_times = []
    got: dict[str, np.ndarray] = {}
    for _ in range(repeats):
        t0 = time.process_time()
        got = evaluate_loop(A, slots[pick], phase[pick], eff)
        loop_times.append(time.process_time() - t0)
    worst = max(float(np.max(np.abs(got[t] - ref[t]))) for t in REGIMEN_TERMS)
    if worst > 1e-9:
        raise AssertionError(f"array and loop evaluations disagree (max |diff| {worst:.2e})")
    per = statistics.median(loop_times) / len(pick)
    yield (f"Python loop (one regimen at a time): {len(pick):,} sampled edits in min/median/max "
           f"{min(loop_times):.2f} / {statistics.median(loop_times):.2f} / "
           f"{max(loop_times):.2f} s CPU ({per * 1e6:.1f} us per edit); all {n:,} "
           f"extrapolated: {per * n:,.0f} s")
    yield (f"agreement on the sample: max |difference| over the {len(REGIMEN_TERMS)} terms = "
           f"{worst:.1e}")
    yield (f"ratio (loop extrapolated / arrays, medians): "
           f"{per * n / statistics.median(times):,.0f}x")
