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

from rdflib import RDF, BNode, Graph, Literal

from .constants import KGO

__all__ = [
    "atomic_writer",
    "write_atomic",
    "turtle_bytes",
    "ntriples_bytes",
    "jsonld_bytes",
    "jsonld_document",
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


#: JSON-LD prefixes must end in '/' or '#' to act as prefixes for JSON-LD 1.1 processors; OBO
#: IRIs (``.../obo/ECO_0000033``) are written with this one instead of ``ECO:`` (``..._``).
JSONLD_EXTRA_PREFIXES = {"obo": "http://purl.obolibrary.org/obo/"}
_XSD_NS = "http://www.w3.org/2001/XMLSchema#"
_RESERVED_TERMS = {"id", "type", "graph", "context"}


def _local_name(iri: str) -> str:
    return iri.rsplit("#", 1)[-1] if "#" in iri else iri.rstrip("/").rsplit("/", 1)[-1]


def jsonld_document(g: Graph) -> dict[str, object]:
    """The graph as one JSON-LD document that plain-JSON users can read.

    The ``@context`` holds only the prefixes the document uses, ``id``/``type`` for
    ``@id``/``@type``, and one term per predicate named by its local name (``label``,
    ``inhibits``, ``reference_number``; a local name shared by two predicates stays a CURIE).
    Predicates whose values are all IRIs are typed ``@id``, so their values are plain strings;
    plain strings, canonical integers and booleans are JSON values; other literals are
    ``{"@value", "@type"}`` objects. Nodes sorted by id, values sorted: byte-stable.
    """
    spaces = {p: str(ns) for p, ns in g.namespace_manager.namespaces()
              if p and str(ns).endswith(("/", "#"))}
    spaces.update(JSONLD_EXTRA_PREFIXES)
    by_length = sorted(spaces.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    used: set[str] = set()

    def compact(iri: str) -> str:
        for p, ns in by_length:
            local = iri[len(ns):]
            if iri.startswith(ns) and local and not local.startswith("//"):
                used.add(p)
                return f"{p}:{local}"
        return iri

    def ref(node: object) -> str:
        return f"_:{node}" if isinstance(node, BNode) else compact(str(node))

    preds = sorted({p for p in g.predicates() if p != RDF.type}, key=str)
    names = Counter(_local_name(str(p)) for p in preds)
    terms: dict[str, object] = {}
    key_of: dict[object, str] = {}
    iri_valued: set[object] = set()
    for p in preds:
        name = _local_name(str(p))
        ok = (names[name] == 1 and name.isidentifier() and name not in _RESERVED_TERMS
              and name not in spaces)
        objs = list(g.objects(None, p))
        if all(not isinstance(o, Literal) for o in objs):
            iri_valued.add(p)
        key = name if ok else compact(str(p))
        key_of[p] = key
        if ok:
            terms[name] = {"@id": compact(str(p)), "@type": "@id"} if p in iri_valued \
                else compact(str(p))
        elif p in iri_valued:
            terms[key] = {"@id": key, "@type": "@id"}

    def value(p: object, o: object) -> object:
        if not isinstance(o, Literal):
            return ref(o) if p in iri_valued else {"@id": ref(o)}
        lex, dt = str(o), str(o.datatype) if o.datatype else ""
        if o.language:
            return {"@value": lex, "@language": o.language}
        if dt in ("", f"{_XSD_NS}string"):
            return lex
        if dt == f"{_XSD_NS}integer" and lex == str(_int_or_none(lex)):
            return int(lex)
        if dt == f"{_XSD_NS}boolean" and lex in ("true", "false"):
            return lex == "true"
        return {"@value": lex, "@type": compact(dt)}

    def sort_key(v: object) -> str:
        return json.dumps(v, sort_keys=True, ensure_ascii=False)

    nodes = []
    for s in sorted(set(g.subjects()), key=lambda x: (isinstance(x, BNode), str(x))):
        node: dict[str, object] = {"id": ref(s)}
        types = sorted(ref(o) for o in g.objects(s, RDF.type))
        if types:
            node["type"] = types[0] if len(types) == 1 else types
        by_key: dict[str, list[object]] = {}
        for p, o in g.predicate_objects(s):
            if p != RDF.type:
                by_key.setdefault(key_of[p], []).append(value(p, o))
        for k, vals in sorted(by_key.items()):
            vals.sort(key=sort_key)
            node[k] = vals[0] if len(vals) == 1 else vals
        nodes.append(node)
    for t in terms.values():  # prefixes used by the term definitions themselves
        compact(t if isinstance(t, str) else t["@id"])  # type: ignore[index]
    context: dict[str, object] = {"id": "@id", "type": "@type"}
    context.update({p: spaces[p] for p in sorted(used)})
    context.update(terms)
    return {"@context": context, "@graph": nodes}


def _int_or_none(lex: str) -> int | None:
    try:
        return int(lex)
    except ValueError:
        return None


def jsonld_bytes(g: Graph) -> bytes:
    """:func:`jsonld_document` as indented JSON with sorted keys."""
    doc = jsonld_document(g)
    return (json.dumps(doc, indent=1, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8")


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
