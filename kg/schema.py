"""The graph's schema, read from the ontology: classes, predicates, their domains and ranges.

Code holds no list of classes or predicates; adding one to ``ontology/kmt2a-kg.ttl`` makes it
available to the curated files.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

from rdflib import OWL, RDF, RDFS, Graph, URIRef
from rdflib.namespace import XSD

from .constants import KGO, ONTOLOGY_FILE

__all__ = ["Predicate", "Schema", "load_schema", "load_ontology", "superclass_closure"]


@dataclass(frozen=True)
class Predicate:
    """A curated predicate: its IRI, whether it links entities or carries a literal."""

    key: str
    iri: URIRef
    is_object: bool
    domain: frozenset[URIRef] = field(default_factory=frozenset)
    range: frozenset[URIRef] = field(default_factory=frozenset)
    datatype: URIRef | None = None


@dataclass(frozen=True)
class Schema:
    """Classes (with their superclasses), predicates, evidence types and measures."""

    classes: dict[str, URIRef]
    ancestors: dict[URIRef, frozenset[URIRef]]
    predicates: dict[str, Predicate]
    evidence_types: dict[str, URIRef]
    measures: dict[str, URIRef]
    labels: dict[URIRef, str]
    #: Values of the statement qualifiers that come from the ontology: ``temporal_contexts``
    #: (kgo:TemporalContext) and ``systems`` (kgo:ExperimentalSystem), yamlKey -> IRI.
    temporal_contexts: dict[str, URIRef] = field(default_factory=dict)
    systems: dict[str, URIRef] = field(default_factory=dict)

    def is_a(self, cls: URIRef, allowed: frozenset[URIRef]) -> bool:
        """True when ``cls`` is one of ``allowed`` or a subclass of one."""
        return bool(self.ancestors.get(cls, frozenset({cls})) & allowed)


def superclass_closure(g: Graph, cls: URIRef) -> frozenset[URIRef]:
    """``cls`` and every class above it along ``rdfs:subClassOf`` in ``g``."""
    seen = {cls}
    todo = [cls]
    while todo:
        for sup in g.objects(todo.pop(), RDFS.subClassOf):
            if isinstance(sup, URIRef) and sup not in seen:
                seen.add(sup)
                todo.append(sup)
    return frozenset(seen)


@functools.lru_cache(maxsize=1)
def load_ontology() -> Graph:
    """Parse ``ontology/kmt2a-kg.ttl``."""
    return Graph().parse(ONTOLOGY_FILE, format="turtle")


@functools.lru_cache(maxsize=1)
def load_schema() -> Schema:
    """Read the schema from the ontology."""
    g = load_ontology()
    key = KGO.yamlKey
    classes: dict[str, URIRef] = {}
    for c in g.subjects(RDF.type, OWL.Class):
        k = g.value(c, key)
        if k is not None:
            classes[str(k)] = URIRef(c)
    ancestors = {c: superclass_closure(g, c) for c in classes.values()}
    predicates: dict[str, Predicate] = {}
    for kind, is_obj in ((OWL.ObjectProperty, True), (OWL.DatatypeProperty, False)):
        for p in g.subjects(RDF.type, kind):
            k = g.value(p, key)
            if k is None:
                continue
            dom = frozenset(URIRef(x) for x in g.objects(p, KGO.domainIncludes)) or frozenset(
                URIRef(x) for x in g.objects(p, RDFS.domain)
            )
            rng = frozenset(URIRef(x) for x in g.objects(p, KGO.rangeIncludes))
            dt = g.value(p, RDFS.range) if not is_obj else None
            predicates[str(k)] = Predicate(
                str(k), URIRef(p), is_obj, dom, rng, URIRef(dt) if dt else XSD.string
            )
    evidence = {str(g.value(e, key)): URIRef(e) for e in g.subjects(RDF.type, KGO.EvidenceType)}
    measures = {str(g.value(m, key)): URIRef(m) for m in g.subjects(RDF.type, KGO.Measure)}
    labels = {URIRef(s): str(o) for s, o in g.subject_objects(RDFS.label) if isinstance(s, URIRef)}
    temporal = {str(g.value(t, key)): URIRef(t) for t in g.subjects(RDF.type, KGO.TemporalContext)}
    systems = {str(g.value(t, key)): URIRef(t) for t in g.subjects(RDF.type, KGO.ExperimentalSystem)}
    return Schema(classes, ancestors, predicates, evidence, measures, labels,
                  temporal_contexts=temporal, systems=systems)
