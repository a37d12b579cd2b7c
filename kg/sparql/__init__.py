"""SPARQL over the knowledge graph: the query catalogue, two engines, typed parameters.

Public API:

- :func:`query` — rows of a catalogue query (``kg.sparql.query("trials-for-drug",
  drug="venetoclax")``), on ``engine="rdflib"`` or ``"oxigraph"``;
- :func:`run` — the same with columns, for a name, a user's ``.rq`` file or text;
- :func:`list_queries` / :func:`get_query` — the catalogue in ``queries/``;
- :func:`make_engine` — an engine over the curated graph plus merged RDF files;
- :class:`Engine` — the protocol a further engine (e.g. a remote endpoint) implements.
"""

from __future__ import annotations

from .api import check_violations, query, resolve_engine, run, run_spec
from .binding import bind_params, coerce_value, inject_values, resolve_entity, term_sparql
from .catalogue import Param, QuerySpec, get_query, list_queries, load_query_file, parse_query
from .engines import (
    Engine,
    OxigraphEngine,
    RdflibEngine,
    clear_cache,
    default_engine,
    make_engine,
)
from .errors import QueryError
from .formats import format_result
from .results import SelectResult, compact, literal_value

__all__ = [
    "query",
    "run",
    "run_spec",
    "resolve_engine",
    "check_violations",
    "list_queries",
    "get_query",
    "load_query_file",
    "parse_query",
    "Param",
    "QuerySpec",
    "Engine",
    "RdflibEngine",
    "OxigraphEngine",
    "make_engine",
    "default_engine",
    "clear_cache",
    "QueryError",
    "SelectResult",
    "format_result",
    "compact",
    "literal_value",
    "bind_params",
    "coerce_value",
    "inject_values",
    "resolve_entity",
    "term_sparql",
]
