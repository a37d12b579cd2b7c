"""Export files of this feature, computed in memory for `kmt2a-kg build`."""

from __future__ import annotations

from rdflib import Graph

from ..loader import Curation
from .constants import HTML_EXPORT_NAME
from .data import collect
from .page import render_page

__all__ = ["artifacts"]


def artifacts(g: Graph, cur: Curation) -> dict[str, bytes]:
    """The interactive explorer of the whole graph, ``kg.html``.

    Args:
        g: the built RDF graph.
        cur: the curated records (unused: the page derives everything from ``g``).

    Returns:
        ``{"kg.html": page bytes}``, byte-identical for the same graph.
    """
    return {HTML_EXPORT_NAME: render_page(collect(g)).encode("utf-8")}
