"""CURIE checks and resolvable IRIs, using the Bioregistry offline.

``bioregistry`` is imported lazily (it takes about a second and a half) and told to keep its
cache out of the home directory unless ``PYSTOW_HOME`` is already set. What the checks read
from it, per prefix (the normalised prefix and its local-id pattern), is kept in a small JSON
file in the cache folder of :mod:`kg.built`, keyed by the installed bioregistry version, so
that ``validate`` and ``build`` import it only when a prefix is new: the answers are the same.
"""

from __future__ import annotations

import functools
import json
import os
import re
import tempfile
from pathlib import Path

__all__ = ["check_curie", "curie_iri"]


@functools.lru_cache(maxsize=1)
def _bioregistry():  # type: ignore[no-untyped-def]
    os.environ.setdefault("PYSTOW_HOME", os.path.join(tempfile.gettempdir(), "kmt2a-kg-pystow"))
    import bioregistry

    return bioregistry


class _PrefixInfo:
    """prefix -> (normalised prefix or None, pattern or None), cached on disk per version."""

    def __init__(self) -> None:
        self._data: dict[str, list[str | None]] | None = None
        self._path: Path | None = None
        self._dirty = False

    def _load(self) -> dict[str, list[str | None]]:
        if self._data is None:
            self._data = {}
            try:
                from importlib.metadata import version

                from .built import cache_dir

                self._path = cache_dir() / f"bioregistry-{version('bioregistry')}-prefixes.json"
                loaded = json.loads(self._path.read_text(encoding="utf-8"))
                if isinstance(loaded, dict):
                    self._data = loaded
            except (OSError, ValueError, ImportError):
                pass
        return self._data

    def get(self, prefix: str) -> tuple[str | None, str | None]:
        data = self._load()
        hit = data.get(prefix)
        if hit is not None and len(hit) == 2:
            return hit[0], hit[1]
        br = _bioregistry()
        norm = br.normalize_prefix(prefix)
        pattern = br.get_pattern(norm) if norm is not None else None
        data[prefix] = [norm, pattern]
        self._save()
        return norm, pattern

    def _save(self) -> None:
        if self._path is None or self._data is None:
            return
        try:
            self._path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".bioregistry.", dir=self._path.parent)
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(self._data, fh, sort_keys=True)
            os.replace(tmp, self._path)
        except OSError:
            pass


_PREFIXES = _PrefixInfo()


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
    norm, pattern = _PREFIXES.get(prefix)
    if norm is None:
        return f"unknown prefix '{prefix}' (not in the Bioregistry)"
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
    norm = _PREFIXES.get(prefix)[0] or prefix.lower()
    return f"https://bioregistry.io/{norm}:{local}"
