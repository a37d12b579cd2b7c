"""kmt2a-kg: a sourced knowledge graph of KMT2A-rearranged infant acute lymphoblastic leukemia.

Built from Stutterheim et al., Haematologica 2025 (doi:10.3324/haematol.2024.285642).

Public API: :func:`build`, :func:`load_graph`, :func:`to_networkx`.
"""

from __future__ import annotations

from .api import BuildResult, build, load_graph, to_networkx
from .loader import CurationError, CurationErrors, load_curation

__all__ = [
    "BuildResult",
    "build",
    "load_graph",
    "to_networkx",
    "load_curation",
    "CurationError",
    "CurationErrors",
]
__version__ = "0.1.0"
