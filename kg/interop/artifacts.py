"""Export files of this feature, computed in memory for `kmt2a-kg build`."""

from __future__ import annotations

from rdflib import Graph

from ..loader import Curation

__all__ = ["artifacts"]


def artifacts(g: Graph, cur: Curation) -> dict[str, bytes]:
    """File name -> bytes, written atomically into exports/ by the build (stub)."""
    return {}
