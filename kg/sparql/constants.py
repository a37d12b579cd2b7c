"""Names and settings of the SPARQL layer (paths live in :mod:`kg.constants`)."""

from __future__ import annotations

from ..constants import BIOLINK_IRI, KG_IRI, KGO_IRI

__all__ = [
    "PREFIXES",
    "ENGINE_NAMES",
    "DEFAULT_ENGINE",
    "FORMATS",
    "LIST_SUFFIX",
    "LIST_SEPARATOR",
    "VIOLATION_SUFFIX",
    "QUERY_SUFFIX",
    "PARAM_TYPES",
]

#: Prefixes every engine knows (user files may omit their PREFIX block) and that results use
#: to compact IRIs. Order matters for compaction: longer namespaces first.
PREFIXES: dict[str, str] = {
    "kg": KG_IRI,
    "kgo": KGO_IRI,
    "biolink": BIOLINK_IRI,
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "prov": "http://www.w3.org/ns/prov#",
    "RO": "http://purl.obolibrary.org/obo/RO_",
    "BFO": "http://purl.obolibrary.org/obo/BFO_",
    "ECO": "http://purl.obolibrary.org/obo/ECO_",
}

#: Engines behind :func:`kg.sparql.query` (issue 6 adds a remote endpoint).
ENGINE_NAMES: tuple[str, ...] = ("rdflib", "oxigraph")

#: The default engine: the faster one on every catalogue query (``kmt2a-kg bench sparql``).
DEFAULT_ENGINE = "oxigraph"

#: Output formats of ``kmt2a-kg query``.
FORMATS: tuple[str, ...] = ("table", "csv", "tsv", "json", "md")

#: Columns whose name ends with this suffix hold ``GROUP_CONCAT`` lists; their items are
#: sorted after the query so that results do not depend on the engine's grouping order.
LIST_SUFFIX = "_list"
LIST_SEPARATOR = "; "

#: Catalogue files whose name ends with this are integrity checks that must return no rows.
VIOLATION_SUFFIX = "-violation"
QUERY_SUFFIX = ".rq"

#: Parameter types a ``#+ param:`` header line may declare.
PARAM_TYPES: tuple[str, ...] = ("string", "integer", "decimal", "boolean", "iri", "entity")
