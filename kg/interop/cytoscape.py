"""Cytoscape.js JSON (``elements`` with ``nodes`` and ``edges``), also opened by Cytoscape desktop.

Multivalued fields stay JSON lists; curated node attributes are JSON strings, integers, numbers
or booleans after their RDF datatype (a list when a node has several values). Keys sorted, rows
sorted by id: byte-stable.
"""

from __future__ import annotations

import json
from decimal import Decimal

from rdflib import Literal

from .cells import literal_kind
from .graphml import edge_fields, node_fields
from .view import GraphTable

__all__ = ["cytoscape_json", "json_value"]


def json_value(lit: Literal) -> object:
    """A literal as a JSON value: booleans and integers natively, decimals as numbers when the
    number prints back to the same lexical form (else as the lexical string), others as text.

    >>> from decimal import Decimal
    >>> json_value(Literal(3)), json_value(Literal(True)), json_value(Literal(Decimal("0.5")))
    (3, True, 0.5)
    """
    kind = literal_kind([lit])
    if kind == "boolean":
        return str(lit) == "true"
    if kind == "integer" and str(lit).lstrip("-").isdigit():
        return int(str(lit))
    if kind == "real":
        try:
            f = float(str(lit))
        except ValueError:
            return str(lit)
        if repr(f) == str(lit) and Decimal(repr(f)) == Decimal(str(lit)):
            return f
    return str(lit)


def cytoscape_json(t: GraphTable) -> bytes:
    """The graph in Cytoscape.js's ``elements`` format (https://js.cytoscape.org/#notation)."""
    nodes = []
    for n in t.nodes:
        data: dict[str, object] = {"id": n.id, "name": n.name, **node_fields(n)}
        for key, lits in n.attributes.items():
            if key in data:
                raise ValueError(f"node attribute {key!r} clashes with a Cytoscape.js field")
            vals = [json_value(x) for x in lits]
            data[key] = vals[0] if len(vals) == 1 else vals
        nodes.append({"data": data})
    edges = [{"data": {"id": e.id, "source": e.subject, "target": e.object,
                       "interaction": e.kgo_predicate, **edge_fields(e),
                       "references": list(e.references)}} for e in t.edges]
    doc = {"data": {"name": "kmt2a-kg"}, "directed": True, "multigraph": True,
           "elements": {"nodes": nodes, "edges": edges}}
    return (json.dumps(doc, indent=1, sort_keys=True, ensure_ascii=False) + "\n").encode()
