"""Combination-therapy hypotheses for KMT2A-rearranged infant ALL, explained by the graph.

>>> import kg.hypotheses as kh
>>> hyps = kh.rank(size=2, top=5)                 # doctest: +SKIP
>>> hyps[0].labels, hyps[0].score, hyps[0].p_value  # doctest: +SKIP
>>> hyps[0].term("synergy").paths[0].hops[0].edges[0].refs  # doctest: +SKIP

Scores are sums of weighted terms read from degree-weighted path counts (DWPC) over metapaths
in ``config.yaml``; every term carries the paths (assertions, references) behind it.
"""

from .config import Config, ConfigError, load_config
from .score import Hypothesis, Scorer, Term, rank, rank_with
from .validate import Validation, leave_one_out

__all__ = [
    "rank",
    "rank_with",
    "Hypothesis",
    "Term",
    "Scorer",
    "Config",
    "ConfigError",
    "load_config",
    "leave_one_out",
    "Validation",
]
