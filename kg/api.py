"""The Python API: build the graph, load it, view it in networkx.

>>> import kg
>>> g = kg.load_graph()                       # doctest: +SKIP
>>> G = kg.to_networkx(g)                     # doctest: +SKIP
"""

from __future__ import annotations

import functools
import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx
from rdflib import Graph

from .built import HASH_FILE, hash_file_bytes, inputs_hash
from .constants import DEFAULT_EXPORT_DIR
from .exports import EXPORTERS, clean_stale, write_tree
from .graph import build_graph
from .loader import Curation, CurationErrors, load_curation
from .nxview import to_networkx as _to_networkx
from .validate import ShaclViolation, shacl_errors, validate_graph, violation_errors

__all__ = ["BuildResult", "build", "load_graph", "to_networkx", "ARTIFACT_PROVIDERS"]

#: Providers of further export files: "module:function" taking (graph, curation) and returning
#: {file name: bytes}. Each feature (HTML, hypotheses, interop formats) registers one here;
#: build computes every file in memory before writing any, so a failure writes nothing.
ARTIFACT_PROVIDERS: list[str] = [
    "kg.viz.artifacts:artifacts",  # kg.html
    "kg.hypotheses.artifacts:artifacts",  # hypotheses.tsv/.md/.ttl, hypotheses_validation.md
    "kg.hypotheses.regimen_artifacts:artifacts",  # regimens.tsv/.md/.ttl, regimens_validation.md
    "kg.interop.artifacts:artifacts",  # KGX, GraphML, Cytoscape.js, Neo4j CSV
]


@dataclass
class BuildResult:
    """What a build produced."""

    graph: Graph
    curation: Curation
    out_dir: Path | None
    files: dict[str, int] = field(default_factory=dict)  # file name -> bytes written
    review_checked: bool = False


def _provider(spec: str) -> Callable[[Graph, Curation], dict[str, bytes]]:
    module, func = spec.split(":")
    return getattr(importlib.import_module(module), func)  # type: ignore[no-any-return]


def build(
    out_dir: Path | str | None = DEFAULT_EXPORT_DIR,
    data_dir: Path | str | None = None,
    shacl: bool = True,
    providers: list[str] | None = None,
) -> BuildResult:
    """Validate the curated files, build the RDF graph, check it with SHACL and write exports.

    Args:
        out_dir: folder for the exports; ``None`` builds without writing.
        data_dir: folder of curated files (default: the packaged curation).
        shacl: run the SHACL shapes (a violation raises :class:`ShaclViolation`).
        providers: extra artifact providers (default: :data:`ARTIFACT_PROVIDERS`).

    Raises:
        kg.loader.CurationErrors: a curated file is malformed or inconsistent, or a
            ``*-violation`` query finds rows in the built graph.
        ShaclViolation: the graph breaks a shape.

    Every export is computed in memory first, written into a new folder beside ``out_dir``
    and swapped in as a whole (:func:`kg.exports.write_tree`): on any error, or a kill at any
    moment, ``out_dir`` is entirely the previous exports or entirely the new ones.
    """
    if out_dir is not None:
        clean_stale(Path(out_dir))  # what a killed build left, even if this one fails
    cur = load_curation(Path(data_dir) if data_dir else None)
    g = build_graph(cur)
    problems = violation_errors(g, cur)
    if problems:
        raise CurationErrors(problems)
    if shacl:
        report = validate_graph(g)
        if not report.conforms:
            raise ShaclViolation(report, shacl_errors(report, cur))
    result = BuildResult(g, cur, Path(out_dir) if out_dir else None,
                         review_checked=cur.review_checked)
    if out_dir is None:
        return result
    artifacts = {name: fn(g) for name, fn in EXPORTERS.items()}
    # Beside kg.nt: the hash of the inputs it was built from, so that queries read it only
    # while it is fresh (kg.built).
    artifacts[HASH_FILE] = hash_file_bytes(inputs_hash(data_dir))
    for spec in ARTIFACT_PROVIDERS if providers is None else providers:
        artifacts.update(_provider(spec)(g, cur))
    write_tree(Path(out_dir), artifacts)
    result.files = {name: len(data) for name, data in sorted(artifacts.items())}
    return result


@functools.lru_cache(maxsize=4)
def _cached_graph(data_dir: str | None) -> Graph:
    cur = load_curation(Path(data_dir) if data_dir else None, review=False)
    return build_graph(cur)


def load_graph(data_dir: Path | str | None = None, path: Path | str | None = None) -> Graph:
    """The knowledge graph as an rdflib graph.

    Args:
        data_dir: build from these curated files (default: the packaged curation).
        path: instead, parse an exported file (``kg.ttl``, ``kg.nt``, ``kg.jsonld``).

    Returns:
        A fresh copy that the caller may modify.
    """
    if path is not None:
        return Graph().parse(str(path))
    g = Graph()
    src = _cached_graph(str(data_dir) if data_dir else None)
    for prefix, ns in src.namespaces():
        g.bind(prefix, ns, override=True)
    g += src
    return g


def to_networkx(g: Graph | None = None) -> nx.MultiDiGraph:
    """The networkx MultiDiGraph view of ``g`` (default: :func:`load_graph`)."""
    return _to_networkx(g if g is not None else load_graph())
