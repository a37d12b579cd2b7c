"""Export files of the regimen edits, computed in memory for `kmt2a-kg build`."""

from __future__ import annotations

from rdflib import Graph

from ..blas import single_threaded
from ..loader import Curation
from .config import load_config
from .constants import REGIMEN_EXPORT_NAMES
from .hetgraph import from_rdf
from .regimen_report import (
    regimen_run_id,
    regimens_markdown,
    regimens_tsv,
    regimens_turtle,
    regimens_validation_markdown,
)
from .regimen_validate import validate_regimens
from .regimens import RegimenScorer, load_regimen_config

__all__ = ["artifacts"]

_CACHE: dict[str, dict[str, bytes]] = {}


@single_threaded
def artifacts(g: Graph, cur: Curation) -> dict[str, bytes]:
    """File name -> bytes: ``regimens.tsv`` (every single edit and sequence of the default
    backbone with its term values; the explained best ``export_top`` also list their
    assertions), ``regimens.md`` (the best edits, single or two-edit, explained),
    ``regimens.ttl`` (a separate PROV graph of the best ``export_top``) and
    ``regimens_validation.md`` (Table 2 held out).
    Deterministic: no randomness but the seeded bootstrap, no timestamps."""
    hg = from_rdf(g)
    cfg, rcfg = load_config(), load_regimen_config()
    key = regimen_run_id(hg, rcfg, rcfg.default_backbone) + cfg.model_dump_json()
    if key in _CACHE:
        return dict(_CACHE[key])
    sc = RegimenScorer(hg, cfg, rcfg)
    singles = sc.rank(max_edits=1, explain=False)
    explained = {e.id: e for e in sc.rank(max_edits=1, top=rcfg.export_top)}
    singles = [explained.get(e.id, e) for e in singles]
    n_all = len(sc.rank(explain=False))
    best = sc.rank(top=max(rcfg.export_top, rcfg.report_top))
    out = {
        REGIMEN_EXPORT_NAMES["tsv"]: regimens_tsv(singles).encode(),
        REGIMEN_EXPORT_NAMES["md"]: regimens_markdown(best[: rcfg.report_top], hg, rcfg,
                                                      n_total=n_all).encode(),
        REGIMEN_EXPORT_NAMES["ttl"]: regimens_turtle(best[: rcfg.export_top], hg, rcfg),
        REGIMEN_EXPORT_NAMES["validation"]: regimens_validation_markdown(
            validate_regimens(hg, cfg, rcfg), hg).encode(),
    }
    _CACHE[key] = out
    return dict(out)
