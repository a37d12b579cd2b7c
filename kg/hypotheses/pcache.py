"""A disk cache of permutation p-values, keyed by everything they depend on.

The p-values of a run are seeded and so reproducible, but they cost 50 rescorings of
permuted graphs. They are kept in the cache folder of :mod:`kg.built`
(``$KMT2A_KG_CACHE/pvalues/<key>.npy``) under a SHA-256 of: the graph's full content (nodes
with class, label and attributes; edges with every field; class ancestors; symmetric
predicates), the whole configuration, the candidate agents, the combination size, the number
of permutations, and the source of the scoring code (``kg/hypotheses/*.py``). Any change to
one of them gives another key, so a cached array is never served for another graph, config or
code. ``kmt2a-kg build`` fills the cache for the shipped configuration as it computes the
exports; a miss computes and stores. An unreadable or unwritable cache is skipped.
"""

from __future__ import annotations

import functools
import hashlib
import os
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from .config import Config
    from .hetgraph import HetGraph

__all__ = ["graph_digest", "pvalue_key", "cached_p_values"]

_FORMAT = "kmt2a-kg p-values v1"


@functools.lru_cache(maxsize=1)
def _code_digest() -> str:
    h = hashlib.sha256()
    for p in sorted(Path(__file__).parent.glob("*.py")):
        h.update(p.name.encode() + b"\0" + p.read_bytes() + b"\0")
    return h.hexdigest()


def graph_digest(hg: HetGraph) -> str:
    """SHA-256 of everything in a :class:`HetGraph` that scoring can read."""
    h = hashlib.sha256()
    for nid in sorted(hg.nodes):
        nd = hg.nodes[nid]
        attrs = sorted((k, repr(v)) for k, v in nd.attrs.items())
        h.update(repr((nid, nd.category, nd.label, attrs)).encode() + b"\n")
    h.update(b"edges\n")
    for e in hg.edges:
        h.update(repr((e.key, e.source, e.target, e.predicate, e.refs, e.evidence, e.claim,
                       e.section, e.anchor)).encode() + b"\n")
    h.update(repr(sorted((k, sorted(v)) for k, v in hg.ancestors.items())).encode())
    h.update(repr(sorted(hg.symmetric)).encode())
    return h.hexdigest()


def pvalue_key(hg: HetGraph, cfg: Config, agents: Sequence[str], size: int, n: int) -> str:
    """The cache key of one run's p-values."""
    h = hashlib.sha256(_FORMAT.encode())
    for part in (graph_digest(hg), cfg.model_dump_json(), "\t".join(agents), str(size), str(n),
                 _code_digest()):
        h.update(b"\0" + part.encode())
    return h.hexdigest()


def _cache_dir() -> Path:
    from ..built import cache_dir

    return cache_dir() / "pvalues"


def cached_p_values(hg: HetGraph, cfg: Config, agents: Sequence[str], size: int, n: int,
                    m: int, compute: Callable[[], np.ndarray]) -> np.ndarray:
    """The p-values from the cache when present (and of the expected length ``m``), else
    ``compute()``, stored for next time."""
    key = pvalue_key(hg, cfg, agents, size, n)
    path = _cache_dir() / f"{key}.npy"
    try:
        arr = np.load(path, allow_pickle=False)
        if arr.shape == (m,) and arr.dtype == np.float64:
            return arr
    except (OSError, ValueError):
        pass
    arr = compute()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{key}.", suffix=".npy", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as fh:
                np.save(fh, np.asarray(arr, dtype=np.float64), allow_pickle=False)
            os.replace(tmp, path)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
    except OSError:
        pass
    return arr


@functools.lru_cache(maxsize=1)
def _graph_code_digest() -> str:
    """Source of the code that turns curated files into a HetGraph: ``kg/*.py`` and
    ``kg/hypotheses/hetgraph.py``."""
    h = hashlib.sha256()
    pkg = Path(__file__).resolve().parents[1]
    for p in [*sorted(pkg.glob("*.py")), Path(__file__).parent / "hetgraph.py"]:
        h.update(p.name.encode() + b"\0" + p.read_bytes() + b"\0")
    return h.hexdigest()


def load_hetgraph(data_dir: Path | str | None = None, rebuild: bool = False) -> HetGraph:
    """The :class:`HetGraph` of the curated files as they are now, without rebuilding it
    from the YAML files each time: kept as a pickle under the hash of the inputs
    (:func:`kg.built.inputs_hash`) and of the code that builds it; a miss reads the built
    graph (:func:`kg.built.built_graph_file`: ``exports/kg.nt`` while fresh, else a rebuild).
    """
    import pickle

    from ..built import built_graph_file, cache_dir, inputs_hash
    from .hetgraph import HetGraph, from_rdf

    h = hashlib.sha256(b"kmt2a-kg hetgraph v1")
    for part in (inputs_hash(data_dir), _graph_code_digest()):
        h.update(b"\0" + part.encode())
    key = h.hexdigest()
    path = cache_dir() / "hetgraph" / f"{key}.pickle"
    if not rebuild:
        try:
            with open(path, "rb") as fh:
                hg = pickle.load(fh)
            if isinstance(hg, HetGraph):
                return hg
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
            pass
    from rdflib import Graph

    nt_path, data = built_graph_file(data_dir, rebuild=rebuild)
    g = Graph()
    if data is not None:
        g.parse(data=data, format="nt")
    else:
        g.parse(str(nt_path), format="nt")
    hg = from_rdf(g)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{key}.", suffix=".pickle", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as fh:
                pickle.dump(hg, fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
    except OSError:
        pass
    return hg
