"""Check the ranking against the review's own combination proposals (``proposals.yaml``).

Each proposal says which comparison of the ranking shows it (see the file's header); the check
reports whether it holds and, term by term, why it does or does not.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import yaml
from pydantic import BaseModel, ConfigDict, Field

from .config import TERM_NAMES
from .constants import PROPOSALS_FILE
from .score import Scorer, competition_ranks

__all__ = ["Proposal", "ProposalCheck", "load_proposals", "check_proposals", "PROPOSALS_FILE"]



class Proposal(BaseModel):
    """One proposal of the review, with its locator and the check that shows it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    title: str
    claim: str
    section: str
    anchor: str = Field(description="At most 14 words found in the review's text.")
    refs: list[int] = Field(default_factory=list)
    kind: str = Field(pattern="^(across_classes|replace)$")
    classes: list[str] = Field(default_factory=list)
    expect_top_fraction: float = 0.1
    new: str | None = None
    old: str | None = None
    context_regimen: str | None = Field(
        None, description="A regimen whose components are the partners the review means.")


def load_proposals(path: Path | None = None) -> list[Proposal]:
    """Read the proposals file."""
    doc = yaml.safe_load((path or PROPOSALS_FILE).read_text(encoding="utf-8"))
    return [Proposal.model_validate(p) for p in doc["proposals"]]


@dataclass
class ProposalCheck:
    """Outcome of one proposal's check."""

    proposal: Proposal
    holds: bool
    verdict: str
    rows: Sequence[tuple[str, ...]] = field(default_factory=list)
    header: tuple[str, ...] = ()
    why: str = ""


def _members(scorer: Scorer, cls: str) -> list[str]:
    hg = scorer.hg
    members = sorted({e.source for e in hg.edges if e.predicate == "in_drug_class"
                      and e.target == cls and e.source in scorer.agents})
    if not members and cls in scorer.agents:
        members = [cls]
    return members


def _contrib(values: dict[str, np.ndarray], scales: dict[str, float], scorer: Scorer,
             m: int) -> dict[str, float]:
    return {t: scorer.cfg.weight(t) * float(values[t][m]) / scales[t] for t in TERM_NAMES}


def _fmt_terms(d: dict[str, float]) -> str:
    items = sorted(((k, v) for k, v in d.items() if abs(v) > 1e-9), key=lambda kv: -abs(kv[1]))
    return ", ".join(f"{k} {v:+.2f}" for k, v in items) or "no term differs"


def check_proposals(scorer: Scorer, proposals: list[Proposal] | None = None
                    ) -> list[ProposalCheck]:
    """Check every proposal against the ranking of all pairs.

    Args:
        scorer: a scorer of the graph.
        proposals: default: the shipped file.

    Returns:
        One check per proposal.
    """
    proposals = proposals if proposals is not None else load_proposals()
    combos, values, scores, scales = scorer.score_all(2)
    ranks = competition_ranks(scores)
    agents = scorer.agents
    where = {frozenset((agents[int(c[0])], agents[int(c[1])])): m for m, c in enumerate(combos)}
    lab = scorer.hg.label
    n = len(combos)
    out = []
    for p in proposals:
        if p.kind == "across_classes":
            groups = {c: _members(scorer, c) for c in p.classes}
            pairs = sorted({frozenset((a, b)) for i, c1 in enumerate(p.classes)
                            for c2 in p.classes[i + 1:] for a in groups[c1] for b in groups[c2]
                            if a != b}, key=lambda s: sorted(s))
            rows = []
            for pair in pairs:
                m = where[pair]
                a, b = sorted(pair)
                rows.append((f"{lab(a)} + {lab(b)}", str(int(ranks[m])), f"{scores[m]:.3f}",
                             _fmt_terms(_contrib(values, scales, scorer, m))))
            rows.sort(key=lambda r: (int(r[1]), r[0]))
            cutoff = max(1, int(p.expect_top_fraction * n))
            within = sum(1 for r in rows if int(r[1]) <= cutoff)
            missing = [c for c, g in groups.items() if not g]
            holds = bool(rows) and within == len(rows)
            ranks_sorted = sorted(int(r[1]) for r in rows)
            median = ranks_sorted[len(ranks_sorted) // 2] if rows else 0
            verdict = (f"{within} of {len(rows)} cross-class pairs rank within the top "
                       f"{p.expect_top_fraction:.0%} ({cutoff} of {n} pairs); ranks "
                       f"{ranks_sorted[0] if rows else '-'} to {ranks_sorted[-1] if rows else '-'},"
                       f" median {median}")
            if missing:
                verdict += f"; no candidate agent for {', '.join(missing)}"
            same = sorted({frozenset((a, b)) for c in p.classes for a in groups[c]
                           for b in groups[c] if a < b}, key=lambda s: sorted(s))
            for pair in same:
                m = where[pair]
                a, b = sorted(pair)
                rows.append((f"{lab(a)} + {lab(b)} (same class)", str(int(ranks[m])),
                             f"{scores[m]:.3f}", _fmt_terms(_contrib(values, scales, scorer, m))))
            if same:
                same_ranks = sorted(int(ranks[where[s]]) for s in same)
                verdict += (f"; pairs from the same class (one side twice) rank "
                            f"{same_ranks[0]} to {same_ranks[-1]}")
            why = ""
            if rows and not holds:
                worst = rows[-1]
                why = (f"Lowest: {worst[0]} at rank {worst[1]} ({worst[3]}): it lacks the "
                       "terms the top pairs have.")
            out.append(ProposalCheck(p, holds, verdict, rows,
                                     ("pair", "rank", "score", "term contributions"), why))
        else:
            assert p.new and p.old
            if p.new not in agents or p.old not in agents:
                out.append(ProposalCheck(p, False, f"{p.new} or {p.old} is not a candidate"))
                continue
            wins = ties = losses = 0
            diff = {t: 0.0 for t in TERM_NAMES}
            rows = []
            lost: list[str] = []
            partners = [a for a in agents if a not in (p.new, p.old)]
            for q in partners:
                mn, mo = where[frozenset((p.new, q))], where[frozenset((p.old, q))]
                d = scores[mn] - scores[mo]
                wins += d > 1e-9
                losses += d < -1e-9
                ties += abs(d) <= 1e-9
                cn, co = _contrib(values, scales, scorer, mn), _contrib(values, scales, scorer, mo)
                for t in TERM_NAMES:
                    diff[t] += (cn[t] - co[t]) / len(partners)
                if d < -1e-9:
                    own = {t: cn[t] - co[t] for t in TERM_NAMES}
                    lost.append(f"{lab(q)} ({_fmt_terms(own)})")
                rows.append((lab(q), str(int(ranks[mn])), str(int(ranks[mo])), f"{d:+.3f}"))
            rows.sort(key=lambda r: (int(r[1]), r[0]))
            holds = wins > losses
            verdict = (f"{lab(p.new)} + partner outranks {lab(p.old)} + the same partner for "
                       f"{wins} of {len(partners)} partners ({ties} ties, {losses} losses)")
            if p.context_regimen:
                backbone = sorted({e.target for e in scorer.hg.edges
                                   if e.source == p.context_regimen
                                   and e.predicate == "has_component"} & set(partners))
                def no_syn(m: int) -> float:
                    return float(scores[m]) - _contrib(values, scales, scorer, m)["synergy"]

                bw = [q for q in backbone if scores[where[frozenset((p.new, q))]]
                      > scores[where[frozenset((p.old, q))]] + 1e-9]
                bw_ns = [q for q in backbone if no_syn(where[frozenset((p.new, q))])
                         > no_syn(where[frozenset((p.old, q))]) + 1e-9]
                verdict += (f"; within {lab(p.context_regimen)} (the other components: "
                            f"{', '.join(lab(q) for q in backbone) or 'none in the graph'}) "
                            f"for {len(bw)} of {len(backbone)}, and for {len(bw_ns)} of "
                            f"{len(backbone)} without the direct-evidence term (which credits "
                            f"{lab(p.old)} for being in the very regimen it would leave)")
            why = (f"Mean difference by term ({lab(p.new)} minus {lab(p.old)}): "
                   f"{_fmt_terms(diff)}.")
            if lost:
                why += f" Where {lab(p.old)} does better: " + "; ".join(lost) + "."
            out.append(ProposalCheck(
                p, holds, verdict, rows,
                ("partner", f"rank with {lab(p.new)}", f"rank with {lab(p.old)}",
                 "score difference"), why))
    return out
