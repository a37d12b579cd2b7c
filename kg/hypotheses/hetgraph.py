"""A typed, read-only view of the knowledge graph for path counting: nodes with a class, edges
with a predicate and their provenance, the class hierarchy and the symmetric predicates.

Built from the RDF graph through the networkx view (:func:`kg.nxview.to_networkx`), so every
node, edge and reference comes from the curated files; or from plain lists for toy graphs in
tests and for the synthetic benchmark graph.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

import networkx as nx
from rdflib import OWL, RDF, Graph

from ..constants import KGO
from ..schema import superclass_closure

__all__ = ["Node", "Edge", "HetGraph", "from_rdf", "from_networkx"]


@dataclass(frozen=True)
class Node:
    """A node: record id, ontology class key, label and literal attributes."""

    id: str
    category: str
    label: str = ""
    attrs: Mapping[str, Any] = field(default_factory=dict, compare=False, hash=False)


@dataclass(frozen=True)
class Edge:
    """One curated assertion between two nodes, with its provenance."""

    key: str
    source: str
    target: str
    predicate: str
    refs: tuple[int, ...] = ()
    evidence: str = ""
    claim: str = ""
    section: str = ""
    anchor: str = ""
    table: str = ""


@dataclass
class HetGraph:
    """Nodes, edges, class hierarchy and symmetric predicates of a heterogeneous graph.

    ``ancestors[c]`` holds ``c`` and every superclass key of ``c`` (``SmallMolecule`` ->
    ``{SmallMolecule, Drug, Intervention, Entity}``), so a metapath may name a class at any
    level of the ontology.
    """

    nodes: dict[str, Node]
    edges: list[Edge]
    ancestors: dict[str, frozenset[str]]
    symmetric: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        self.edges = sorted(self.edges, key=lambda e: e.key)
        for n in self.nodes.values():
            self.ancestors.setdefault(n.category, frozenset({n.category}))

    def is_a(self, node_id: str, class_key: str) -> bool:
        """Whether the node's class is ``class_key`` or one of its subclasses."""
        return class_key in self.ancestors[self.nodes[node_id].category]

    def of_class(self, class_key: str) -> list[str]:
        """Sorted ids of the nodes of ``class_key`` (or a subclass)."""
        return sorted(n for n in self.nodes if self.is_a(n, class_key))

    def without(self, edge_keys: Iterable[str]) -> HetGraph:
        """A copy without the given edges (for leave-one-out)."""
        drop = set(edge_keys)
        return replace(self, edges=[e for e in self.edges if e.key not in drop])

    def with_edges(self, edges: list[Edge]) -> HetGraph:
        """A copy with another edge list (for permutations)."""
        return replace(self, edges=list(edges))

    def label(self, node_id: str) -> str:
        """The node's label, or its id."""
        n = self.nodes.get(node_id)
        return n.label if n and n.label else node_id


def _class_ancestors(g: Graph) -> dict[str, frozenset[str]]:
    keys = {c: str(k) for c, k in g.subject_objects(KGO.yamlKey) if (c, RDF.type, OWL.Class) in g}
    out: dict[str, frozenset[str]] = {}
    for cls, key in keys.items():
        out[key] = frozenset(keys[c] for c in superclass_closure(g, cls) if c in keys)
    return out


def _symmetric(g: Graph) -> frozenset[str]:
    return frozenset(str(k) for p, k in g.subject_objects(KGO.yamlKey)
                     if (p, RDF.type, OWL.SymmetricProperty) in g)


def from_networkx(
    G: nx.MultiDiGraph,
    ancestors: Mapping[str, Iterable[str]] | None = None,
    symmetric: Iterable[str] = (),
) -> HetGraph:
    """Build a :class:`HetGraph` from the networkx view (nodes with ``category``, edges keyed
    by assertion id with ``predicate`` and provenance).

    Args:
        G: the MultiDiGraph from :func:`kg.nxview.to_networkx` or a toy graph shaped alike.
        ancestors: class key -> its superclass keys (each class is its own ancestor).
        symmetric: predicates that hold in both directions.

    Returns:
        The typed graph.
    """
    nodes = {}
    for nid, d in G.nodes(data=True):
        attrs = {k: v for k, v in d.items() if k not in {"category", "label"}}
        nodes[str(nid)] = Node(str(nid), str(d["category"]), str(d.get("label", nid)), attrs)
    edges = [
        Edge(
            key=str(k), source=str(s), target=str(t), predicate=str(d["predicate"]),
            refs=tuple(sorted(d.get("refs", ()))), evidence=str(d.get("evidence", "")),
            claim=str(d.get("claim", "")), section=str(d.get("section", "")),
            anchor=str(d.get("anchor", "")), table=str(d.get("table", "") or ""),
        )
        for s, t, k, d in G.edges(keys=True, data=True)
    ]
    anc = {k: frozenset({k, *v}) for k, v in (ancestors or {}).items()}
    return HetGraph(nodes, edges, anc, frozenset(symmetric))


def from_rdf(g: Graph) -> HetGraph:
    """Build a :class:`HetGraph` from the project's RDF graph (ontology merged in).

    Args:
        g: the graph from :func:`kg.build` / :func:`kg.load_graph`.

    Returns:
        The typed graph: class hierarchy and symmetric predicates are read from the ontology.
    """
    from ..nxview import to_networkx

    return from_networkx(to_networkx(g), _class_ancestors(g), _symmetric(g))
