"""A remote SPARQL 1.1 endpoint as a query engine (``kmt2a-kg query --endpoint URL NAME``).

Implements the :class:`kg.sparql.Engine` protocol: ``select(query_text, bindings)``. The
parameters reach the endpoint as a ``VALUES`` row added by :func:`kg.sparql.inject_values`
(never spliced into the text), the catalogue's prefixes are declared in front, and the query
travels by HTTP POST (form-encoded ``query=``, the SPARQL 1.1 Protocol form that Oxigraph,
Fuseki, GraphDB and Virtuoso all accept), with ``default-graph-uri`` when a named graph is
given. JSON results become the same plain values that the in-process engines return, so rows
compare equal across engines.

>>> from kg.sparql import query
>>> eng = RemoteEngine("http://127.0.0.1:7878/query")              # doctest: +SKIP
>>> query("trials-for-drug", graph=eng, drug="venetoclax")          # doctest: +SKIP
"""

from __future__ import annotations

import base64
import json
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping
from typing import Any

from rdflib.term import Identifier

__all__ = ["RemoteEngine", "engine_for_endpoint", "prefix_block"]

_ACCEPT = "application/sparql-results+json, application/n-triples;q=0.9"


def prefix_block(prefixes: Mapping[str, str]) -> str:
    """``PREFIX`` declarations for ``prefixes`` (the query's own ones, placed after, win)."""
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in sorted(prefixes.items()))


class RemoteEngine:
    """Queries sent to a SPARQL 1.1 query endpoint over HTTP.

    Args:
        endpoint: the query URL (Oxigraph ``http://host:7878/query``, Fuseki
            ``http://host:3030/ds/sparql``, GraphDB ``http://host:7200/repositories/id``).
        timeout_s: socket timeout per request.
        auth: HTTP basic credentials (user, password), if the endpoint needs them.
        default_graph: sent as the SPARQL 1.1 Protocol's ``default-graph-uri``: the named graph
            the queries read (stores such as Virtuoso otherwise answer from the union of all
            their graphs, system graphs included).
    """

    name = "remote"

    def __init__(self, endpoint: str, timeout_s: float = 300.0,
                 auth: tuple[str, str] | None = None,
                 default_graph: str | None = None) -> None:
        parts = urllib.parse.urlsplit(endpoint)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            from kg.sparql import QueryError

            raise QueryError(f"--endpoint must be an http(s) URL, got {endpoint!r}")
        self.endpoint = endpoint
        self.timeout_s = timeout_s
        self.auth = auth
        self.default_graph = default_graph

    def _post(self, text: str) -> tuple[str, bytes]:
        from kg.sparql import QueryError

        headers = {"Accept": _ACCEPT,
                   "Content-Type": "application/x-www-form-urlencoded; charset=utf-8"}
        if self.auth:
            token = base64.b64encode(f"{self.auth[0]}:{self.auth[1]}".encode()).decode()
            headers["Authorization"] = f"Basic {token}"
        form = {"query": text}
        if self.default_graph:
            form["default-graph-uri"] = self.default_graph
        body = urllib.parse.urlencode(form).encode("utf-8")
        req = urllib.request.Request(self.endpoint, data=body, headers=headers, method="POST")
        try:
            with urllib.request.urlopen(req, timeout=self.timeout_s) as resp:  # noqa: S310
                return resp.headers.get_content_type(), resp.read()
        except urllib.error.HTTPError as e:
            detail = e.read().decode("utf-8", "replace").strip().splitlines()
            raise QueryError(f"{self.endpoint} answered HTTP {e.code}: "
                             f"{detail[0] if detail else e.reason}") from None
        except (urllib.error.URLError, OSError) as e:
            raise QueryError(f"cannot reach {self.endpoint}: "
                             f"{getattr(e, 'reason', e)}") from None

    def select(self, query_text: str,
               bindings: Mapping[str, Identifier] | None = None) -> Any:
        """Run the query on the endpoint (see :class:`kg.sparql.Engine`).

        Returns:
            A :class:`kg.sparql.SelectResult`; ASK gives one ``result`` column, CONSTRUCT
            and DESCRIBE give ``subject``/``predicate``/``object`` rows.

        Raises:
            kg.sparql.QueryError: the endpoint refused the query or could not be reached.
        """
        from kg.sparql import QueryError, SelectResult, compact, inject_values, literal_value
        from kg.sparql.constants import PREFIXES

        def value(b: dict[str, Any] | None) -> Any:
            if b is None:
                return None
            kind = b["type"]
            if kind == "uri":
                return compact(b["value"])
            if kind == "bnode":
                return f"_:{b['value']}"
            if b.get("xml:lang"):
                return b["value"]
            return literal_value(b["value"], b.get("datatype"))

        text = prefix_block(PREFIXES) + inject_values(query_text, bindings or {})
        ctype, body = self._post(text)
        if ctype in ("application/n-triples", "text/plain", "application/n-quads"):
            return _triples_result(body)
        try:
            doc = json.loads(body.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError):
            raise QueryError(f"{self.endpoint} did not answer with SPARQL JSON results "
                             f"(got {ctype})") from None
        if "boolean" in doc:
            return SelectResult(["result"], [{"result": bool(doc["boolean"])}])
        cols = list(doc.get("head", {}).get("vars", []))
        rows = [{c: value(sol.get(c)) for c in cols}
                for sol in doc.get("results", {}).get("bindings", [])]
        return SelectResult(cols, rows)


def _triples_result(body: bytes) -> Any:
    import pyoxigraph as ox

    from kg.sparql import SelectResult, compact, literal_value

    def value(t: Any) -> Any:
        if isinstance(t, ox.NamedNode):
            return compact(t.value)
        if isinstance(t, ox.BlankNode):
            return f"_:{t.value}"
        return t.value if t.language else literal_value(t.value, t.datatype.value)

    cols = ["subject", "predicate", "object"]
    rows = [{"subject": value(t.subject), "predicate": value(t.predicate),
             "object": value(t.object)}
            for t in ox.parse(body, format=ox.RdfFormat.N_TRIPLES)]
    return SelectResult(cols, rows)


def engine_for_endpoint(url: str, user: str | None = None, password: str | None = None,
                        default_graph: str | None = None) -> RemoteEngine:
    """The hook ``kmt2a-kg query --endpoint URL`` calls: an engine over a remote endpoint.

    Args:
        url: the SPARQL 1.1 query endpoint.
        user: HTTP basic user, if the endpoint needs one.
        password: its password.
        default_graph: the named graph to query (``default-graph-uri``), if not the store's
            default.
    """
    return RemoteEngine(url, auth=(user, password or "") if user else None,
                        default_graph=default_graph)
