"""Run catalogue queries and user queries: the Python API behind ``kmt2a-kg query``.

>>> from kg.sparql import query
>>> rows = query("trials-for-drug", drug="blinatumomab")            # doctest: +SKIP
>>> rows = query("trials-for-drug", engine="oxigraph", drug="venetoclax")  # doctest: +SKIP
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .binding import bind_params
from .catalogue import QuerySpec, get_query, list_queries, load_query_file, parse_query
from .constants import DEFAULT_ENGINE, ENGINE_NAMES
from .engines import OxigraphEngine, RdflibEngine, default_engine
from .errors import QueryError
from .protocol import Engine
from .results import Row, SelectResult, sort_list_columns

__all__ = ["query", "run", "run_spec", "resolve_engine", "check_violations"]

GraphLike = Any  # an rdflib Graph, a pyoxigraph Store or an Engine


def _is_rdflib_graph(obj: Any) -> bool:
    if "rdflib" not in sys.modules:  # nothing can be an rdflib graph before rdflib is loaded
        return False
    from rdflib import Graph

    return isinstance(obj, Graph)


def resolve_engine(engine: str | None = None, graph: GraphLike | None = None) -> Engine:
    """The engine to run on: the process's one over the built graph, or one over ``graph``.

    Args:
        engine: ``oxigraph`` or ``rdflib`` (ignored when ``graph`` is already an engine);
            ``None``: oxigraph for the built graph, rdflib for an rdflib ``Graph``, oxigraph
            for a ``pyoxigraph.Store``.
        graph: ``None`` (the curated graph), an rdflib ``Graph``, a ``pyoxigraph.Store``
            or an engine from :func:`kg.sparql.make_engine`.

    Raises:
        QueryError: an unknown engine name or graph type.
    """
    if graph is not None and isinstance(graph, Engine) and not _is_rdflib_graph(graph):
        return graph
    if engine is not None and engine not in ENGINE_NAMES:
        raise QueryError(f"unknown engine {engine!r} (one of {', '.join(ENGINE_NAMES)})")
    if graph is None:
        return default_engine(engine or DEFAULT_ENGINE)
    if _is_rdflib_graph(graph):
        engine = engine or "rdflib"
        return RdflibEngine(graph) if engine == "rdflib" else OxigraphEngine.from_graph(graph)
    try:
        import pyoxigraph as ox

        if isinstance(graph, ox.Store):
            if engine not in (None, "oxigraph"):
                raise QueryError("a pyoxigraph Store can only be queried with engine='oxigraph'")
            return OxigraphEngine(graph)
    except ImportError:  # pragma: no cover - pyoxigraph is a dependency
        pass
    raise QueryError(f"cannot query a {type(graph).__name__}: pass an rdflib Graph, a "
                     "pyoxigraph Store or an engine")


def run_spec(spec: QuerySpec, eng: Engine, params: Mapping[str, Any] | None = None) -> SelectResult:
    """Bind a parsed query's parameters and run it on an engine.

    Returns:
        Columns and rows; ``*_list`` columns have their items sorted.

    Raises:
        QueryError: a missing, unknown or ill-typed parameter, or a query error.
    """
    bindings = bind_params(spec, dict(params or {}), eng)
    res = eng.select(spec.text_for(getattr(eng, "name", "")), bindings)
    sort_list_columns(res.rows, res.columns)
    return res


def run(
    name: str | None = None,
    engine: str | None = None,
    graph: GraphLike | None = None,
    params: Mapping[str, Any] | None = None,
    file: Path | str | None = None,
    text: str | None = None,
) -> SelectResult:
    """Run a catalogue query by name, a user's ``.rq`` file, or query text.

    Args:
        name: catalogue query name (see :func:`kg.sparql.list_queries`).
        engine: ``oxigraph`` or ``rdflib`` (default: see :func:`resolve_engine`).
        graph: what to query (default: the curated graph); see :func:`resolve_engine`.
        params: parameter values by name (strings or Python values).
        file: a ``.rq`` file instead of ``name`` (its ``#+ param:`` lines are honoured).
        text: query text instead of ``name``.

    Returns:
        Columns in SELECT order and rows.

    Raises:
        QueryError: any user error, as one line.
    """
    if sum(x is not None for x in (name, file, text)) != 1:
        raise QueryError("give exactly one of a query name, --file or query text")
    if file is not None:
        spec = load_query_file(file)
    elif text is not None:
        spec = parse_query(text, "query")
    else:
        spec = get_query(str(name))
    return run_spec(spec, resolve_engine(engine, graph), params)


def query(name: str, engine: str | None = None, graph: GraphLike | None = None,
          **params: Any) -> list[Row]:
    """Rows of a catalogue query, as dicts of plain Python values.

    Args:
        name: the query's name, e.g. ``"trials-for-drug"`` (see ``kmt2a-kg queries``).
        engine: ``oxigraph`` (the default for the built graph: the faster engine) or
            ``rdflib`` (the reference engine; the default when ``graph`` is an rdflib Graph).
        graph: default the curated graph; or an rdflib Graph, a pyoxigraph Store or an
            engine built once with :func:`kg.sparql.make_engine` (best for repeated queries).
        **params: the query's parameters, e.g. ``drug="venetoclax"``.

    Returns:
        One dict per row; IRIs as compact ids (``kg:MEN1``), numbers as ``int``/``Decimal``.

    Raises:
        QueryError: an unknown query, or a missing, unknown or ill-typed parameter.
    """
    return run(name, engine=engine, graph=graph, params=params).rows


def check_violations(engine: str | None = None, graph: GraphLike | None = None
                     ) -> dict[str, list[Row]]:
    """Run every ``*-violation`` query; rows by query name (empty lists mean all is well)."""
    eng = resolve_engine(engine, graph)
    return {q.name: run_spec(q, eng).rows for q in list_queries() if q.is_violation}
