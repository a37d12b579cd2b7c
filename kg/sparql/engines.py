"""Two SPARQL engines behind one small protocol: rdflib's own and Oxigraph.

An engine answers ``select(query_text, bindings)`` with a :class:`SelectResult` of plain
Python values (see :mod:`kg.sparql.results`). Bindings are RDF terms, never formatted into
the text: rdflib receives them as ``initBindings`` (pre-bound, so that its engine uses the
value while it matches each pattern); Oxigraph receives them as one ``VALUES`` row at the
start of the outermost group (:func:`kg.sparql.binding.inject_values`; its ``substitutions``
argument would need every bound variable in the projection). A remote endpoint engine
(``--endpoint URL``) binds the same way as Oxigraph and parses the JSON results with
:func:`kg.sparql.results.literal_value` and :func:`~kg.sparql.results.compact`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .constants import DEFAULT_ENGINE, ENGINE_NAMES, PREFIXES
from .errors import QueryError
from .protocol import Engine
from .results import Row, SelectResult, Value, compact, literal_value
from .terms import Term, inject_values, to_rdflib

if TYPE_CHECKING:  # rdflib is imported only by the rdflib engine
    from rdflib import Graph

__all__ = [
    "Engine",
    "RdflibEngine",
    "OxigraphEngine",
    "make_engine",
    "default_engine",
    "clear_cache",
]


def _first_line(e: BaseException) -> str:
    text = str(e).strip() or e.__class__.__name__
    return text.splitlines()[0]


def _rdflib_value(t: Any) -> Value:
    from rdflib import BNode, Literal, URIRef

    if t is None:
        return None
    if isinstance(t, URIRef):
        return compact(str(t))
    if isinstance(t, BNode):
        return f"_:{t}"
    if isinstance(t, Literal):
        return literal_value(str(t), str(t.datatype) if t.datatype else None)
    return str(t)


class RdflibEngine:
    """rdflib's pure-Python SPARQL engine over an rdflib graph (the reference engine)."""

    name = "rdflib"

    def __init__(self, graph: Graph) -> None:
        self.graph = graph

    def __len__(self) -> int:
        return len(self.graph)

    def add_file(self, path: Path | str) -> None:
        """Merge an RDF file (format guessed from its extension) into the graph."""
        try:
            self.graph.parse(str(path))
        except Exception as e:  # noqa: BLE001 - any parser error is the user's file
            raise QueryError(f"cannot load {path}: {_first_line(e)}") from None

    def select(
        self, query_text: str, bindings: Mapping[str, Term] | None = None
    ) -> SelectResult:
        """Run the query with rdflib (see :class:`Engine`)."""
        from pyparsing import ParseBaseException

        try:
            init = {k: to_rdflib(v) for k, v in bindings.items()} if bindings else None
            res = self.graph.query(query_text, initNs=PREFIXES, initBindings=init)
            if res.type == "ASK":
                return SelectResult(["result"], [{"result": bool(res.askAnswer)}])
            if res.type in ("CONSTRUCT", "DESCRIBE"):
                cols = ["subject", "predicate", "object"]
                return SelectResult(cols, [dict(zip(cols, map(_rdflib_value, t), strict=False))
                                           for t in res.graph])  # type: ignore[union-attr]
            cols = [str(v) for v in (res.vars or [])]
            rows: list[Row] = [{c: _rdflib_value(row[i]) for i, c in enumerate(cols)}  # type: ignore[index]
                               for row in res]
        except ParseBaseException as e:
            raise QueryError(f"SPARQL syntax error: {_first_line(e)}") from None
        except RecursionError:
            raise QueryError("rdflib's engine hit Python's recursion limit (a property path "
                             "on a large graph); use --engine oxigraph") from None
        except QueryError:
            raise
        except Exception as e:  # noqa: BLE001 - rdflib reports query errors as Exception
            raise QueryError(f"query failed in rdflib: {_first_line(e)}") from None
        return SelectResult(cols, rows)


def _oxigraph_value(t: Any) -> Value:
    import pyoxigraph as ox

    if t is None:
        return None
    if isinstance(t, ox.NamedNode):
        return compact(t.value)
    if isinstance(t, ox.BlankNode):
        return f"_:{t.value}"
    if isinstance(t, ox.Literal):
        if t.language:
            return t.value
        return literal_value(t.value, t.datatype.value)
    return str(t)


class OxigraphEngine:
    """Oxigraph (Rust, in-memory store): the fast engine for large merged graphs."""

    name = "oxigraph"

    def __init__(self, store: Any = None) -> None:
        import pyoxigraph as ox

        self.store = store if store is not None else ox.Store()

    @classmethod
    def from_graph(cls, graph: Graph) -> OxigraphEngine:
        """Copy an rdflib graph into a new in-memory Oxigraph store."""
        eng = cls()
        eng.add_graph(graph)
        return eng

    def __len__(self) -> int:
        return len(self.store)

    def add_graph(self, graph: Graph) -> None:
        """Add the triples of an rdflib graph (through N-Triples, the fastest route)."""
        import pyoxigraph as ox

        data = graph.serialize(format="nt", encoding="utf-8")
        self.store.load(data, format=ox.RdfFormat.N_TRIPLES)

    def add_ntriples(self, data: bytes | str) -> None:
        """Add N-Triples text."""
        import pyoxigraph as ox

        self.store.bulk_load(data, format=ox.RdfFormat.N_TRIPLES)

    def add_file(self, path: Path | str) -> None:
        """Merge an RDF file (format guessed from its extension) into the store."""
        try:
            self.store.bulk_load(path=str(path))
        except (SyntaxError, ValueError, OSError) as e:
            raise QueryError(f"cannot load {path}: {_first_line(e)}") from None

    def select(
        self, query_text: str, bindings: Mapping[str, Term] | None = None
    ) -> SelectResult:
        """Run the query with Oxigraph (see :class:`Engine`)."""
        import pyoxigraph as ox

        text = inject_values(query_text, bindings or {})
        try:
            res = self.store.query(text, prefixes=PREFIXES)
            if isinstance(res, ox.QueryBoolean):
                return SelectResult(["result"], [{"result": bool(res)}])
            if isinstance(res, ox.QueryTriples):
                cols = ["subject", "predicate", "object"]
                return SelectResult(cols, [
                    {"subject": _oxigraph_value(t.subject),
                     "predicate": _oxigraph_value(t.predicate),
                     "object": _oxigraph_value(t.object)} for t in res])
            cols = [v.value for v in res.variables]
            rows: list[Row] = [{c: _oxigraph_value(sol[c]) for c in cols} for sol in res]
        except SyntaxError as e:
            raise QueryError(f"SPARQL syntax error: {_first_line(e)}") from None
        except (OSError, ValueError, TypeError) as e:
            raise QueryError(f"query failed in oxigraph: {_first_line(e)}") from None
        return SelectResult(cols, rows)


def engine_for_ntriples(name: str, path: Path | None = None, data: bytes | None = None
                        ) -> RdflibEngine | OxigraphEngine:
    """An engine over an N-Triples file (or its bytes): the built graph."""
    if name not in ENGINE_NAMES:
        raise QueryError(f"unknown engine {name!r} (one of {', '.join(ENGINE_NAMES)})")
    if name == "oxigraph":
        import pyoxigraph as ox

        eng = OxigraphEngine()
        if data is not None:
            eng.store.bulk_load(data, format=ox.RdfFormat.N_TRIPLES)
        else:
            eng.store.bulk_load(path=str(path), format=ox.RdfFormat.N_TRIPLES)
        return eng
    from rdflib import Graph

    from ..graph import bind_prefixes

    g = bind_prefixes(Graph())
    if data is not None:
        g.parse(data=data, format="nt")
    else:
        g.parse(str(path), format="nt")
    return RdflibEngine(g)


def built_engine(name: str = DEFAULT_ENGINE, data_dir: Path | str | None = None,
                 rebuild: bool = False) -> RdflibEngine | OxigraphEngine:
    """A new engine over the built graph of the curated files as they are now (see
    :mod:`kg.built`: the exported ``kg.nt`` when its recorded inputs hash matches, else a
    rebuild, cached; ``rebuild=True`` forces one)."""
    from ..built import built_graph_file

    path, data = built_graph_file(data_dir, rebuild=rebuild)
    return engine_for_ntriples(name, path, data)


def make_engine(
    name: str = DEFAULT_ENGINE,
    graph: Graph | None = None,
    merge: Iterable[Path | str] = (),
    data_dir: Path | str | None = None,
    rebuild: bool = False,
) -> RdflibEngine | OxigraphEngine:
    """An engine over the curated graph (or ``graph``), with extra RDF files merged in.

    Args:
        name: ``oxigraph`` (default, fast) or ``rdflib`` (the reference engine).
        graph: an rdflib graph to query (default: the built knowledge graph).
        merge: RDF files (Turtle, N-Triples, ...) to add, e.g. a larger background graph.
        data_dir: the built graph of these curated files.
        rebuild: rebuild the graph from the curated files even if a fresh one is built.

    Returns:
        A ready engine; build it once and pass it as ``graph=`` to run many queries.

    Raises:
        QueryError: an unknown engine name or a file that cannot be loaded.
        kg.loader.CurationErrors: the graph had to be rebuilt and the curated files are invalid.
    """
    if name not in ENGINE_NAMES:
        raise QueryError(f"unknown engine {name!r} (one of {', '.join(ENGINE_NAMES)})")
    merge = list(merge)
    eng: RdflibEngine | OxigraphEngine
    if graph is None:
        eng = built_engine(name, data_dir, rebuild)  # a new engine: merging touches no cache
    elif name == "rdflib":
        eng = RdflibEngine(graph)
    else:
        eng = OxigraphEngine.from_graph(graph)
    for path in merge:
        eng.add_file(path)
    return eng


class _DefaultEngines:
    """Engines over the built graph kept for the process, reloaded when the curated files
    change (a stat of each input file per call; the hash only when one changed)."""

    def __init__(self) -> None:
        self._engines: dict[str, tuple[tuple, str, RdflibEngine | OxigraphEngine]] = {}

    def get(self, name: str) -> RdflibEngine | OxigraphEngine:
        from ..built import inputs_hash, inputs_signature

        sig = inputs_signature()
        held = self._engines.get(name)
        if held is not None and held[0] == sig:
            return held[2]
        digest = inputs_hash()
        if held is not None and held[1] == digest:
            self._engines[name] = (sig, digest, held[2])
            return held[2]
        eng = built_engine(name)
        self._engines[name] = (sig, digest, eng)
        return eng

    def clear(self) -> None:
        self._engines.clear()


_DEFAULTS = _DefaultEngines()


def default_engine(name: str = DEFAULT_ENGINE) -> RdflibEngine | OxigraphEngine:
    """The process's engine over the built knowledge graph, reloaded when a curated file
    changed since it was loaded."""
    if name not in ENGINE_NAMES:
        raise QueryError(f"unknown engine {name!r} (one of {', '.join(ENGINE_NAMES)})")
    return _DEFAULTS.get(name)


def clear_cache() -> None:
    """Forget the process's default engines (the next query loads the built graph again)."""
    _DEFAULTS.clear()
