"""Conversions between pyoxigraph terms, SPARQL JSON results and rdflib terms.

The project's in-process results are rdflib terms; results from Oxigraph (in-process or over
HTTP) are converted here so that both compare equal.
"""

from __future__ import annotations

from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

__all__ = ["from_oxigraph", "from_sparql_json", "to_oxigraph", "graph_from_oxigraph"]

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def from_oxigraph(term: Any) -> Node:
    """An rdflib term equal to a pyoxigraph ``NamedNode``, ``BlankNode`` or ``Literal``."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        dt = term.datatype.value
        # RDF 1.1 simple literals are xsd:string; rdflib keeps them without a datatype.
        return Literal(term.value, datatype=None if dt == _XSD_STRING else URIRef(dt))
    raise TypeError(f"unsupported term {term!r}")


def to_oxigraph(term: Node) -> Any:
    """The pyoxigraph term equal to an rdflib term."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"unsupported term {term!r}")


def from_sparql_json(binding: dict[str, Any]) -> Node:
    """An rdflib term from one value of SPARQL 1.1 JSON results (``{"type": ..., ...}``)."""
    kind, value = binding["type"], binding["value"]
    if kind == "uri":
        return URIRef(value)
    if kind == "bnode":
        return BNode(value)
    if kind in ("literal", "typed-literal"):
        if binding.get("xml:lang"):
            return Literal(value, lang=binding["xml:lang"])
        dt = binding.get("datatype")
        return Literal(value, datatype=URIRef(dt) if dt and dt != _XSD_STRING else None)
    raise ValueError(f"unknown SPARQL JSON term type {kind!r}")


def graph_from_oxigraph(triples: Any) -> Graph:
    """An rdflib graph holding pyoxigraph triples (or quads, whose graph name is ignored)."""
    g = Graph()
    for t in triples:
        g.add((from_oxigraph(t.subject), from_oxigraph(t.predicate), from_oxigraph(t.object)))
    return g
