"""Export files of this feature, computed in memory for `kmt2a-kg build`."""

from __future__ import annotations

from rdflib import Graph

from ..blas import single_threaded
from ..loader import Curation
from .config import load_config
from .constants import EXPORT_NAMES
from .hetgraph import from_rdf
from .proposals import check_proposals
from .report import (
    hypotheses_markdown,
    hypotheses_tsv,
    hypotheses_turtle,
    run_id,
    validation_markdown,
)
from .score import Scorer, rank_with
from .validate import leave_one_out

__all__ = ["artifacts"]

_CACHE: dict[str, dict[str, bytes]] = {}


@single_threaded
def artifacts(g: Graph, cur: Curation) -> dict[str, bytes]:
    """File name -> bytes: ``hypotheses.tsv`` (every pair), ``hypotheses.md`` (the best pairs
    explained, CNS-covering pairs, the review's proposals), ``hypotheses.ttl`` (a separate
    PROV graph) and ``hypotheses_validation.md`` (leave-one-out). Deterministic: seeded
    permutations and bootstrap, no timestamps; cached per graph and configuration within a
    process."""
    hg = from_rdf(g)
    cfg = load_config()
    key = run_id(hg, cfg)
    if key in _CACHE:
        return dict(_CACHE[key])
    scorer = Scorer(hg, cfg)
    everything = rank_with(scorer, size=2)
    cns = rank_with(scorer, size=2, require_cns=True, top=cfg.report_top)
    triples = rank_with(scorer, size=3, top=cfg.report_top, permutations=0)
    checks = check_proposals(scorer)
    validation = leave_one_out(hg, cfg)
    out = {
        EXPORT_NAMES["tsv"]: hypotheses_tsv(everything).encode(),
        EXPORT_NAMES["md"]: hypotheses_markdown(everything[: cfg.report_top], hg, cfg, checks,
                                                cns, n_total=len(everything),
                                                triples=triples).encode(),
        EXPORT_NAMES["ttl"]: hypotheses_turtle(everything[: cfg.export_top], hg, cfg),
        EXPORT_NAMES["validation"]: validation_markdown(validation, hg).encode(),
    }
    _CACHE[key] = out
    return dict(out)
