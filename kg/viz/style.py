"""Colours, shapes and links: how classes, evidence types and identifiers are drawn.

>>> class_colour("Gene")
'#332288'
>>> registry_url("HGNC:7135")
'https://bioregistry.io/HGNC:7135'
>>> doi_url("10.3324/haematol.2024.285642")
'https://doi.org/10.3324/haematol.2024.285642'
"""

from __future__ import annotations

import hashlib
from urllib.parse import quote

from .constants import (
    CLASS_COLOURS,
    CLASS_STYLES,
    DOI_URL,
    EVIDENCE_GROUP_COLOURS,
    EVIDENCE_GROUPS,
    GROUP_SHAPES,
    PUBMED_URL,
    REGISTRY_URL,
)

__all__ = ["class_colour", "class_shape", "evidence_colour", "evidence_group", "darker", "registry_url",
           "doi_url", "pubmed_url"]


def _hashed_colour(key: str) -> str:
    h = hashlib.sha256(key.encode()).digest()
    return "#" + "".join(f"{96 + b % 128:02x}" for b in h[:3])


def class_colour(key: str) -> str:
    """Fill colour of a class (a stable colour derived from the key when unlisted)."""
    return CLASS_COLOURS.get(key) or _hashed_colour(key)


def class_shape(group: str, key: str = "") -> str:
    """vis-network shape of a class: its own (:data:`CLASS_STYLES`), else its top-level
    group's, else ``dot``."""
    if key in CLASS_STYLES:
        return CLASS_STYLES[key][1]
    return GROUP_SHAPES.get(group, "dot")


def evidence_group(key: str) -> str:
    """Group of an evidence type: clinical, preclinical, review or external."""
    return EVIDENCE_GROUPS.get(key, "review")


def evidence_colour(key: str) -> str:
    """Edge colour of an evidence type, by its group (clinical, preclinical, review ...)."""
    return EVIDENCE_GROUP_COLOURS.get(EVIDENCE_GROUPS.get(key, "review"), "#8a8a8a")


def darker(colour: str, factor: float = 0.7) -> str:
    """A darker shade of a ``#rrggbb`` colour (for borders).

    >>> darker("#ffffff", 0.5)
    '#808080'
    """
    rgb = [int(colour[i:i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(c * factor):02x}" for c in rgb)


def registry_url(curie: str) -> str:
    """The Bioregistry page that resolves a CURIE."""
    return REGISTRY_URL + quote(curie, safe=":/._-")


def doi_url(doi: str) -> str:
    """The resolver link of a DOI."""
    return DOI_URL + quote(doi, safe="/._-;():")


def pubmed_url(pmid: str) -> str:
    """The PubMed page of a PMID."""
    return PUBMED_URL + quote(pmid, safe="") + "/"
