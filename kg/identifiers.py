"""CURIE checks and resolvable IRIs, using the Bioregistry offline.

``bioregistry`` is imported lazily (it takes about a second) and told to keep its cache out
of the home directory unless ``PYSTOW_HOME`` is already set.
"""

from __future__ import annotations

import functools
import os
import re
import tempfile

__all__ = ["check_curie", "curie_iri"]


@functools.lru_cache(maxsize=1)
def _bioregistry():  # type: ignore[no-untyped-def]
    os.environ.setdefault("PYSTOW_HOME", os.path.join(tempfile.gettempdir(), "kmt2a-kg-pystow"))
    import bioregistry

    return bioregistry


@functools.lru_cache(maxsize=4096)
def check_curie(curie: str) -> str | None:
    """Check a CURIE's prefix and local identifier against the Bioregistry.

    Returns:
        ``None`` when valid, else a one-line description of the problem.

    >>> check_curie("HGNC:7010") is None
    True
    >>> check_curie("HGNC:MEN1")
    "local id 'MEN1' does not match the pattern of prefix 'hgnc' (^\\\\d{1,5}$)"
    """
    prefix, sep, local = curie.partition(":")
    if not sep or not prefix or not local:
        return f"'{curie}' is not a CURIE (prefix:local)"
    br = _bioregistry()
    norm = br.normalize_prefix(prefix)
    if norm is None:
        return f"unknown prefix '{prefix}' (not in the Bioregistry)"
    pattern = br.get_pattern(norm)
    if pattern and not re.fullmatch(pattern, local):
        return f"local id '{local}' does not match the pattern of prefix '{norm}' ({pattern})"
    return None


@functools.lru_cache(maxsize=4096)
def curie_iri(curie: str) -> str:
    """A resolvable IRI for a valid CURIE, through the Bioregistry's resolver.

    >>> curie_iri("HGNC:7010")
    'https://bioregistry.io/hgnc:7010'
    """
    prefix, _, local = curie.partition(":")
    norm = _bioregistry().normalize_prefix(prefix) or prefix.lower()
    return f"https://bioregistry.io/{norm}:{local}"
