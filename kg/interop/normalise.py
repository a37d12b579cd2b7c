"""Identifier normalisation for merging: one node per entity, whatever prefix or IRI form.

``hgnc:7010``, ``HGNC:7010``, ``https://identifiers.org/hgnc:7010`` and
``http://identifiers.org/hgnc/7010`` all become the curated ``kg:MEN1`` (whose preferred CURIE
is HGNC:7010). Identifiers of entities the curated graph lacks become the Bioregistry IRI that
the curated graph uses in its ``skos:exactMatch`` links (``https://bioregistry.io/hgnc:7010``).
Prefixes and URI patterns come from the Bioregistry through ``curies`` (offline).

What cannot be mapped is kept (an IRI as it is; a CURIE with an unknown prefix under
``kg:unmapped/``) and counted, so that the report can say so: nothing is dropped silently.
"""

from __future__ import annotations

import functools
import os
import tempfile
import urllib.parse
from collections import Counter
from typing import Any

from rdflib import Graph

from ..constants import KG, KGO
from .constants import UNMAPPED_NAMESPACE, VOCABULARY_NAMESPACES

__all__ = ["IdNormaliser", "bioregistry_converter", "CURATED", "NORMALISED", "VOCABULARY",
           "UNMAPPED"]

#: Outcomes of normalising one identifier.
CURATED, NORMALISED, VOCABULARY, UNMAPPED = "curated", "normalised", "vocabulary", "unmapped"


@functools.lru_cache(maxsize=1)
def bioregistry_converter() -> Any:
    """The Bioregistry's ``curies.Converter`` (offline; cached after ~2 s on first use)."""
    os.environ.setdefault("PYSTOW_HOME", os.path.join(tempfile.gettempdir(), "kmt2a-kg-pystow"))
    import curies

    return curies.get_bioregistry_converter()


class IdNormaliser:
    """Maps external identifiers onto the curated graph's nodes.

    Args:
        g: the curated graph (its entities' ``kgo:curie`` and ``kgo:xref`` values are indexed;
            a cross-reference shared by two entities maps to neither).

    Attributes:
        outcomes: occurrences by outcome (curated, normalised, vocabulary, unmapped).
        unmapped: occurrences of each identifier that could not be mapped.
    """

    def __init__(self, g: Graph) -> None:
        self.conv = bioregistry_converter()
        self.index: dict[str, str] = {}
        xref_owners: dict[str, set[str]] = {}
        for s, c in g.subject_objects(KGO.curie):
            std = self._std(str(c))
            if std and str(s).startswith(str(KG)) and "/" not in str(s)[len(str(KG)):]:
                self.index[std] = str(s)
        for s, x in g.subject_objects(KGO.xref):
            std = self._std(str(x))
            if std:
                xref_owners.setdefault(std, set()).add(str(s))
        for std, owners in xref_owners.items():
            if std not in self.index and len(owners) == 1:
                self.index[std] = next(iter(owners))
        # Project IRIs that the curated graph describes; other kg: IRIs are left alone.
        self.curated: frozenset[str] = frozenset(
            str(x) for x in g.subjects(KGO.curation_file, None) if str(x).startswith(str(KG)))
        self.outcomes: Counter[str] = Counter()
        self.unmapped: Counter[str] = Counter()
        self._cache: dict[tuple[str, bool], tuple[str, str]] = {}

    def _std(self, curie: str) -> str | None:
        try:
            return self.conv.standardize_curie(curie.strip())  # type: ignore[no-any-return]
        except (ValueError, TypeError):
            return None

    def _from_curie(self, std: str) -> tuple[str, str]:
        if std in self.index:
            return self.index[std], CURATED
        return f"https://bioregistry.io/{std}", NORMALISED

    def _resolve(self, value: str, is_curie: bool) -> tuple[str, str]:
        v = value.strip()
        if is_curie and not v.startswith(("http://", "https://")):
            std = self._std(v)
            if std:
                return self._from_curie(std)
            prefix = v.split(":", 1)[0].lower()
            if prefix == "kmt2a-kg":
                iri = str(KG) + v.split(":", 1)[1]
                return iri, CURATED if iri in self.curated else VOCABULARY
            if prefix == "biolink":
                return "https://w3id.org/biolink/vocab/" + v.split(":", 1)[1], VOCABULARY
            return UNMAPPED_NAMESPACE + urllib.parse.quote(v, safe=":"), UNMAPPED
        if v.startswith(VOCABULARY_NAMESPACES):
            return v, CURATED if v in self.curated else VOCABULARY
        try:
            compressed = self.conv.compress(v)
        except (ValueError, TypeError):
            compressed = None
        if compressed:
            std = self._std(compressed)
            if std:
                return self._from_curie(std)
        return v, UNMAPPED

    def resolve(self, value: str, is_curie: bool = False) -> tuple[str, str]:
        """The node IRI for an identifier and how it was found.

        Args:
            value: an IRI, or a CURIE when ``is_curie`` (KGX ids); a full IRI in a KGX file
                is recognised by its ``http(s)://`` scheme.
            is_curie: read ``value`` as a CURIE.

        Returns:
            (IRI, outcome): outcome is ``curated`` (a curated entity), ``normalised`` (a
            Bioregistry IRI), ``vocabulary`` (an ontology term, left alone) or ``unmapped``.

        >>> import kg                                              # doctest: +SKIP
        >>> IdNormaliser(kg.load_graph()).resolve("hgnc:7010", True)  # doctest: +SKIP
        ('https://w3id.org/kmt2a-kg/id/MEN1', 'curated')
        """
        key = (value, is_curie)
        hit = self._cache.get(key)
        if hit is None:
            hit = self._resolve(value, is_curie)
            if len(self._cache) < 2_000_000:
                self._cache[key] = hit
        self.outcomes[hit[1]] += 1
        if hit[1] == UNMAPPED:
            self.unmapped[value] += 1
        return hit
