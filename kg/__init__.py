"""kmt2a-kg: a sourced knowledge graph of KMT2A-rearranged infant acute lymphoblastic leukemia.

Built from Stutterheim et al., Haematologica 2025 (doi:10.3324/haematol.2024.285642).

Public API:

- :func:`build` — validate the curated files, build the graph, write ``exports/``;
- :func:`load_graph` — the graph as an rdflib ``Graph``;
- :func:`to_networkx` — its networkx ``MultiDiGraph`` view;
- :func:`query` — rows of a SPARQL catalogue query (``kg.query("drugs-for-target",
  target="menin")``); more in :mod:`kg.sparql`;
- :func:`rank_regimen_edits` — ranked, explained edits of a treatment backbone (add,
  replace, add a phase, sequence);
- :func:`rank_hypotheses` — ranked, explained combination hypotheses; more in
  :mod:`kg.hypotheses`.

Heavy modules (SPARQL engines, hypotheses) are imported on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from .api import BuildResult, build, load_graph, to_networkx
    from .loader import CurationError, CurationErrors, load_curation

# Imported on first access (PEP 562), so that `import kg` and `kmt2a-kg --help` do not pay for
# rdflib, networkx and pydantic.
_LAZY = {
    "BuildResult": "api",
    "build": "api",
    "load_graph": "api",
    "to_networkx": "api",
    "CurationError": "loader",
    "CurationErrors": "loader",
    "load_curation": "loader",
}

__all__ = [
    "BuildResult",
    "build",
    "load_graph",
    "to_networkx",
    "query",
    "rank_hypotheses",
    "rank_regimen_edits",
    "load_curation",
    "CurationError",
    "CurationErrors",
]
__version__ = "0.1.0"


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'kg' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


def query(name: str, engine: str | None = None, graph: Any = None, **params: Any) -> list[dict]:
    """Rows of a catalogue query as dicts (see :func:`kg.sparql.query`).

    >>> rows = query("targets-of-drug", drug="revumenib")   # doctest: +SKIP
    """
    from .sparql import query as _query

    return _query(name, engine=engine, graph=graph, **params)


def rank_hypotheses(**kwargs: Any) -> list[Any]:
    """Ranked combination hypotheses with their terms and paths (see
    :func:`kg.hypotheses.rank`: ``size``, ``top``, ``require_cns``, ``exclude``, ``config``)."""
    from .hypotheses import rank

    return rank(**kwargs)


def rank_regimen_edits(**kwargs: Any) -> list[Any]:
    """Ranked, explained edits of a treatment backbone (see
    :func:`kg.hypotheses.regimens.rank_regimen_edits`: ``backbone``, ``top``, ``only``,
    ``phase``, ``exclude``, ``require_cns``, ``max_edits``, ``config``).

    >>> best = rank_regimen_edits(top=3)                  # doctest: +SKIP
    >>> best[0].label, best[0].term("cns_coverage").summary  # doctest: +SKIP
    """
    from .hypotheses.regimens import rank_regimen_edits as _rank

    return _rank(**kwargs)
