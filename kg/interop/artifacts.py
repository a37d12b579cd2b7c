"""Export files of the interop feature, computed in memory for ``kmt2a-kg build``.

KGX TSV, GraphML, Cytoscape.js JSON and Neo4j import CSVs. (``kg.ttl``, ``kg.nt`` and
``kg.jsonld`` are written by :mod:`kg.exports`.)
"""

from __future__ import annotations

from rdflib import Graph

from ..loader import Curation
from .constants import CYTOSCAPE, GRAPHML, KGX_EDGES, KGX_NODES, NEO4J_EDGES, NEO4J_NODES
from .cytoscape import cytoscape_json
from .graphml import graphml_bytes
from .kgx import edges_tsv, nodes_tsv
from .neo4j import edges_csv, nodes_csv
from .view import graph_table

__all__ = ["artifacts"]


def artifacts(g: Graph, cur: Curation | None = None) -> dict[str, bytes]:
    """File name -> bytes of every interop export of ``g``.

    Args:
        g: the built graph.
        cur: the curation (unused: every export derives from the graph alone).

    Returns:
        KGX nodes/edges TSV, GraphML, Cytoscape.js JSON and Neo4j nodes/edges CSV.
    """
    t = graph_table(g)
    return {
        KGX_NODES: nodes_tsv(t),
        KGX_EDGES: edges_tsv(t),
        GRAPHML: graphml_bytes(t),
        CYTOSCAPE: cytoscape_json(t),
        NEO4J_NODES: nodes_csv(t),
        NEO4J_EDGES: edges_csv(t),
    }
