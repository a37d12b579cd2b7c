"""Exporters: one function per format, each writing atomically and deterministically."""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO

from rdflib import RDF, Graph

from .constants import KGO

__all__ = [
    "atomic_writer",
    "write_atomic",
    "turtle_bytes",
    "ntriples_bytes",
    "jsonld_bytes",
    "stats",
    "stats_bytes",
    "EXPORTERS",
]


@contextlib.contextmanager
def atomic_writer(path: Path, mode: str = "wb", **open_kwargs: object) -> Iterator[IO]:
    """Open a temporary file beside ``path`` for writing; on success rename it over ``path``
    (readable by all), on any error remove it and leave ``path`` as it was.

    Used for whole files (:func:`write_atomic`) and for streamed output (``kmt2a-kg merge``).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, mode, **open_kwargs) as fh:  # type: ignore[call-overload]
            yield fh
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder and a rename,
    so that a reader never sees a half-written file and a failure leaves the old file."""
    with atomic_writer(path) as fh:
        fh.write(data)


def ntriples_bytes(g: Graph) -> bytes:
    """Sorted N-Triples (no blank nodes in the graph, so sorting makes it byte-stable)."""
    lines = g.serialize(format="nt", encoding="utf-8").decode("utf-8").splitlines()
    return ("\n".join(sorted(set(x for x in lines if x.strip()))) + "\n").encode("utf-8")


def turtle_bytes(g: Graph) -> bytes:
    """Stable Turtle (rdflib's ``longturtle`` sorts subjects and predicates)."""
    return g.serialize(format="longturtle", encoding="utf-8")


def jsonld_bytes(g: Graph) -> bytes:
    """JSON-LD with the project's context; nodes sorted by ``@id``, keys sorted."""
    context = {p: str(ns) for p, ns in g.namespace_manager.namespaces() if p}
    doc = json.loads(g.serialize(format="json-ld", context=context, auto_compact=True))
    nodes = doc.get("@graph", [doc] if "@id" in doc else [])

    def norm(x: object) -> object:
        if isinstance(x, list):
            items = [norm(i) for i in x]
            return sorted(items, key=lambda i: json.dumps(i, sort_keys=True))
        if isinstance(x, dict):
            return {k: norm(v) for k, v in x.items()}
        return x

    out = {
        "@context": dict(sorted(context.items())),
        "@graph": sorted((norm(n) for n in nodes), key=lambda n: str(n.get("@id"))),  # type: ignore[union-attr]
    }
    return (json.dumps(out, indent=1, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8")


def stats(g: Graph) -> dict[str, object]:
    """Counts of triples, instances by class and triples by predicate."""
    by_class = Counter(
        g.namespace_manager.normalizeUri(c)
        for s, c in g.subject_objects(RDF.type)
        if str(c).startswith(str(KGO)) and str(s).startswith("https://w3id.org/kmt2a-kg/id/")
    )
    by_pred = Counter(
        g.namespace_manager.normalizeUri(p)
        for s, p, _ in g
        if str(s).startswith("https://w3id.org/kmt2a-kg/id/")
    )
    assertions = sum(1 for _ in g.subjects(RDF.type, KGO.Assertion))
    return {
        "triples": len(g),
        "assertions": assertions,
        "instances_by_class": dict(sorted(by_class.items())),
        "triples_by_predicate": dict(sorted(by_pred.items())),
    }


def stats_bytes(g: Graph) -> bytes:
    """``stats`` as sorted, indented JSON."""
    return (json.dumps(stats(g), indent=2, sort_keys=True) + "\n").encode("utf-8")


#: File name -> function producing its bytes from the graph. ``build`` writes them all.
EXPORTERS: dict[str, Callable[[Graph], bytes]] = {
    "kg.ttl": turtle_bytes,
    "kg.nt": ntriples_bytes,
    "kg.jsonld": jsonld_bytes,
    "stats.json": stats_bytes,
}
