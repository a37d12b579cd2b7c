"""Names, file names and settings of the interoperability layer (paths live here, not in code).

Nothing here is a fact about the disease: these are conventions of the formats (KGX, Neo4j,
Graph Store Protocol) and of this project as a knowledge source.
"""

from __future__ import annotations

from ..constants import KG

__all__ = [
    "INFORES",
    "LOCAL_PREFIX",
    "LOCAL_NAMESPACE",
    "KNOWLEDGE_LEVEL",
    "AGENT_TYPE",
    "BIOLINK_PACKAGE",
    "BIOLINK_SCHEMA",
    "BIOLINK_FACTS",
    "KGX_NODES",
    "KGX_EDGES",
    "GRAPHML",
    "CYTOSCAPE",
    "NEO4J_NODES",
    "NEO4J_EDGES",
    "MULTI_SEPARATOR",
    "NEO4J_ARRAY_SEPARATOR",
    "SERVER_HOST",
    "DEFAULT_PORT",
    "SERVER_START_TIMEOUT_S",
    "OXIGRAPH_BINARY",
    "PASSWORD_ENV_VAR",
    "RDF_MEDIA_TYPES",
    "MERGE_NAMESPACE",
    "SOURCE_NAMESPACE",
    "UNMAPPED_NAMESPACE",
    "VOCABULARY_NAMESPACES",
    "KGX_PROJECT_PREFIXES",
    "KGX_ID_PREFIXES",
]

#: This graph as a knowledge source in the Biolink/Translator registry convention.
INFORES = "infores:kmt2a-kg"
#: CURIE prefix of entities that have no standard identifier (``kmt2a-kg:interfant-06``).
LOCAL_PREFIX = "kmt2a-kg"
LOCAL_NAMESPACE = str(KG)
#: Biolink ``knowledge_level`` / ``agent_type`` of every curated edge: a curator read the
#: review and asserted the statement by hand.
KNOWLEDGE_LEVEL = "knowledge_assertion"
AGENT_TYPE = "manual_agent"

#: The Biolink Model that the ``biolink-model`` package ships (package, resource path), and the
#: file of its facts shipped beside :mod:`kg.interop.biolink` (made from it, kept equal by a test).
BIOLINK_PACKAGE = "biolink_model"
BIOLINK_SCHEMA = "schema/biolink_model.yaml"
BIOLINK_FACTS = "biolink_model_facts.json"

#: Export file names written by ``kmt2a-kg build`` (KGX names follow ``<name>_nodes.tsv``).
KGX_NODES = "kg_nodes.tsv"
KGX_EDGES = "kg_edges.tsv"
GRAPHML = "kg.graphml"
CYTOSCAPE = "kg.cyjs"
NEO4J_NODES = "kg_neo4j_nodes.csv"
NEO4J_EDGES = "kg_neo4j_edges.csv"

#: KGX multivalued fields are pipe-separated. neo4j-admin's default array delimiter is ';',
#: which occurs inside values (``t(4;11)``), so the Neo4j CSVs use '|' as well
#: (``--array-delimiter="|"``).
MULTI_SEPARATOR = "|"
NEO4J_ARRAY_SEPARATOR = "|"

#: The SPARQL server: loopback only, Oxigraph's usual port.
SERVER_HOST = "127.0.0.1"
DEFAULT_PORT = 7878
SERVER_START_TIMEOUT_S = 60.0
#: Name of the server executable that the ``oxigraph`` pip package installs.
OXIGRAPH_BINARY = "oxigraph"

#: Environment variable holding the HTTP basic password for ``push --user`` / ``--endpoint``.
PASSWORD_ENV_VAR = "KMT2A_KG_PASSWORD"
#: Media types of RDF files by suffix, for the Graph Store Protocol.
RDF_MEDIA_TYPES: dict[str, str] = {
    ".nt": "application/n-triples",
    ".ttl": "text/turtle",
    ".jsonld": "application/ld+json",
    ".rdf": "application/rdf+xml",
    ".owl": "application/rdf+xml",
    ".nq": "application/n-quads",
    ".trig": "application/trig",
}

#: IRIs minted by ``kmt2a-kg merge``: reified merged statements, sources, unmappable ids.
MERGE_NAMESPACE = f"{KG}merged/"
SOURCE_NAMESPACE = f"{KG}source/"
UNMAPPED_NAMESPACE = f"{KG}unmapped/"

#: Namespaces of vocabularies (never entity identifiers): merge leaves their IRIs alone.
VOCABULARY_NAMESPACES: tuple[str, ...] = (
    "https://w3id.org/kmt2a-kg/",
    "https://w3id.org/biolink/vocab/",
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "http://www.w3.org/2000/01/rdf-schema#",
    "http://www.w3.org/2002/07/owl#",
    "http://www.w3.org/2001/XMLSchema#",
    "http://www.w3.org/2004/02/skos/core#",
    "http://www.w3.org/ns/prov#",
    "http://purl.org/dc/terms/",
    "http://purl.org/dc/elements/1.1/",
    "http://purl.obolibrary.org/obo/RO_",
    "http://purl.obolibrary.org/obo/BFO_",
    "http://www.geneontology.org/formats/oboInOwl#",
)

#: Prefixes of KGX ids that the Biolink Model's prefix map lacks, registered with kgx (in the
#: JSON-LD context it validates against, :mod:`kg.interop.kgxcheck`). IRIs as the Bioregistry
#: gives them (``bioregistry.get_resource(p).get_uri_format()``); ``CLINICALTRIALS`` is the
#: prefix that Biolink's ``ClinicalTrial`` class names in its ``id_prefixes``.
KGX_PROJECT_PREFIXES: dict[str, str] = {
    LOCAL_PREFIX: LOCAL_NAMESPACE,
    "CLINICALTRIALS": "https://www.clinicaltrials.gov/study/",
    "FPLX": "https://sorgerlab.github.io/famplex/",
    "infores": "https://w3id.org/information-resource-registry/",
}

#: KGX node ids use the Biolink Model's spelling of a prefix where it differs from the
#: Bioregistry's (Biolink ``ClinicalTrial.id_prefixes``: ``CLINICALTRIALS``); the curated
#: spelling stays among the node's xrefs.
KGX_ID_PREFIXES: dict[str, str] = {"clinicaltrials": "CLINICALTRIALS"}
