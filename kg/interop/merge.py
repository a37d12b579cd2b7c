"""Merge external graphs (KGX TSV, N-Triples, Turtle) into the curated graph.

The output is N-Triples (the curated graph first, then each source's triples), optionally
loaded into an on-disk Oxigraph store for graphs larger than memory. It answers the query
catalogue like the curated graph (``kmt2a-kg query --merge merged.nt NAME``, or
``kg.sparql.query(NAME, graph=pyoxigraph.Store.read_only(DIR), engine="oxigraph")``).

Provenance: every merged edge (a triple whose object is a node, other than ``rdf:type``) is
also reified as an ``rdf:Statement`` with ``prov:wasDerivedFrom`` its source and
``kgo:source_line`` its line; the source node (``kg:source/<sha256 prefix>``) carries the file
name, its SHA-256, its format and the ``--version`` given. KGX edge columns (publications,
knowledge source, knowledge level, ...) go onto the statement as Biolink properties; a KGX edge
with ``negated = True`` is kept only as a statement with ``biolink:negated true``, never as an
asserted triple.

Identifiers are normalised with :class:`kg.interop.normalise.IdNormaliser`, so the same entity
under two prefixes or IRI forms becomes one node. Triples that would add a label, type or other
literal to a curated entity are not merged (the curated record wins) and are counted. Malformed
lines are reported with their line numbers; the rest of the file is merged.
"""

from __future__ import annotations

import hashlib
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import pyoxigraph as ox
from rdflib import Graph

from ..constants import BIOLINK, KGO
from ..exports import atomic_writer, ntriples_bytes
from .constants import MERGE_NAMESPACE, SOURCE_NAMESPACE
from .normalise import CURATED, UNMAPPED, IdNormaliser, bioregistry_converter
from .readers import (
    KgxEdge,
    KgxNode,
    Problem,
    Triple,
    detect_format,
    read_kgx,
    read_ntriples,
    read_turtle,
)

__all__ = ["SourceReport", "MergeReport", "merge_files", "MEDIA_TYPES"]

_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_RDFS = "http://www.w3.org/2000/01/rdf-schema#"
_XSD = "http://www.w3.org/2001/XMLSchema#"
_PROV = "http://www.w3.org/ns/prov#"
_DCT = "http://purl.org/dc/terms/"
_SKOS = "http://www.w3.org/2004/02/skos/core#"
_OWL = "http://www.w3.org/2002/07/owl#"
_TYPE = f"<{_RDF}type>"

MEDIA_TYPES = {"nt": "application/n-triples", "ttl": "text/turtle",
               "kgx-nodes": "text/tab-separated-values", "kgx-edges": "text/tab-separated-values"}


@dataclass
class SourceReport:
    """What merging one file did."""

    path: str
    format: str
    sha256: str
    version: str | None
    lines_written: int = 0  # N-Triples lines written (asserted triples and provenance)
    triples: int = 0  # asserted triples taken from the source
    edges: int = 0  # of which edges (reified with their provenance)
    negated_edges: int = 0  # KGX negated edges (kept as statements only)
    skipped_curated: int = 0  # literal/type triples about curated entities, not merged
    problems: list[Problem] = field(default_factory=list)
    outcomes: Counter[str] = field(default_factory=Counter)
    unmapped: Counter[str] = field(default_factory=Counter)

    @property
    def key(self) -> str:
        """Short stable id of the source: the first 16 hex digits of its SHA-256."""
        return self.sha256[:16]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready summary (problems in full, unmapped identifiers with counts)."""
        return {
            "path": self.path, "format": self.format, "sha256": self.sha256,
            "version": self.version, "triples": self.triples, "edges": self.edges,
            "negated_edges": self.negated_edges, "lines_written": self.lines_written,
            "skipped_curated_attributes": self.skipped_curated,
            "identifiers": dict(sorted(self.outcomes.items())),
            "unmapped_identifiers": dict(sorted(self.unmapped.items())),
            "malformed": [{"line": p.line, "problem": p.message} for p in self.problems],
        }


@dataclass
class MergeReport:
    """What a merge did, per source, and where the merged graph went."""

    curated_lines: int
    sources: list[SourceReport]
    output: str | None = None
    store: str | None = None
    store_triples: int | None = None

    def summary(self, max_problems: int = 20) -> list[str]:
        """Human-readable lines: per source counts, malformed lines, unmapped identifiers."""
        out = [f"curated graph: {self.curated_lines:,} triples"]
        for s in self.sources:
            name = Path(s.path).name
            version = f", version {s.version}" if s.version else ""
            out.append(
                f"{name} ({s.format}, sha256 {s.key}{version}):"
                f" {s.triples:,} triples merged ({s.edges:,} edges with provenance"
                f"{f', {s.negated_edges:,} negated' if s.negated_edges else ''}),"
                f" {len(s.problems):,} malformed line(s), {s.outcomes[CURATED]:,} identifier"
                f" use(s) mapped to curated entities, {len(s.unmapped):,} identifier(s)"
                f" unmapped ({s.outcomes[UNMAPPED]:,} uses), {s.skipped_curated:,} attribute"
                " triple(s) about curated entities not merged")
            for p in s.problems[:max_problems]:
                out.append(f"  {name}:{p.line}: {p.message}")
            if len(s.problems) > max_problems:
                out.append(f"  ... and {len(s.problems) - max_problems:,} more malformed lines")
            if s.unmapped:
                top = ", ".join(f"{k} ({v})" for k, v in s.unmapped.most_common(5))
                out.append(f"  unmapped identifiers (kept as they are): {top}"
                           + (" ..." if len(s.unmapped) > 5 else ""))
        if self.output:
            out.append(f"wrote {self.output}")
        if self.store:
            out.append(f"loaded into the Oxigraph store {self.store}"
                       + (f" ({self.store_triples:,} triples)" if self.store_triples else ""))
        return out

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready report."""
        return {"curated_triples": self.curated_lines, "output": self.output,
                "store": self.store, "store_triples": self.store_triples,
                "sources": [s.to_dict() for s in self.sources]}


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _lit(value: str, datatype: str | None = None) -> str:
    return str(ox.Literal(value, datatype=ox.NamedNode(datatype)) if datatype
               else ox.Literal(value))


class _Merger:
    """Writes one source's triples, normalised, with provenance, as N-Triples lines."""

    def __init__(self, out: IO[str], norm: IdNormaliser, rep: SourceReport) -> None:
        self.out = out
        self.norm = norm
        self.rep = rep
        self.src = f"<{SOURCE_NAMESPACE}{rep.key}>"
        self.conv = bioregistry_converter()
        self._pred_cache: dict[str, str | None] = {}
        self._bnodes: dict[str, str] = {}  # parser's label -> stable label (first-seen order)

    def emit(self, s: str, p: str, o: str) -> None:
        self.out.write(f"{s} {p} {o} .\n")
        self.rep.lines_written += 1

    def source_node(self, name: str) -> None:
        r = self.rep
        self.emit(self.src, _TYPE, f"<{_PROV}Entity>")
        self.emit(self.src, f"<{_DCT}title>", _lit(name))
        self.emit(self.src, f"<{_DCT}identifier>", _lit(f"sha256:{r.sha256}"))
        self.emit(self.src, f"<{_DCT}format>", _lit(MEDIA_TYPES[r.format]))
        if r.version:
            self.emit(self.src, f"<{_OWL}versionInfo>", _lit(r.version))

    def node(self, term: Any) -> tuple[str, str]:
        """N-Triples form of a subject/object node and its normalisation outcome."""
        if isinstance(term, ox.NamedNode):
            iri, how = self.norm.resolve(term.value)
            return f"<{iri}>", how
        if isinstance(term, ox.BlankNode):
            # Anonymous nodes get random labels from the parser: number them in file order
            # (byte-stable output), per source (no clash between files).
            label = self._bnodes.setdefault(term.value, f"s{self.rep.key}b{len(self._bnodes)}")
            return f"_:{label}", "blank"
        return str(term), "literal"

    def statement(self, line: int, index: int | None, s: str, p: str, o: str,
                  extra: Iterable[tuple[str, str]] = ()) -> None:
        local = f"{line}" if index is None else f"{line}.{index}"
        st = f"<{MERGE_NAMESPACE}{self.rep.key}/{local}>"
        self.emit(st, _TYPE, f"<{_RDF}Statement>")
        self.emit(st, f"<{_RDF}subject>", s)
        self.emit(st, f"<{_RDF}predicate>", p)
        self.emit(st, f"<{_RDF}object>", o)
        self.emit(st, f"<{_PROV}wasDerivedFrom>", self.src)
        self.emit(st, f"<{KGO.source_line}>", _lit(str(line), _XSD + "integer"))
        for prop, value in extra:
            self.emit(st, prop, value)

    def rdf(self, t: Triple, multi: bool) -> None:
        s, s_how = self.node(t.subject)
        p = str(t.predicate)
        if p == _TYPE:
            o = str(t.object) if not isinstance(t.object, ox.BlankNode) else self.node(t.object)[0]
            o_how = "vocabulary"
        else:
            o, o_how = self.node(t.object)
        if s_how == CURATED and (o_how == "literal" or p == _TYPE):
            self.rep.skipped_curated += 1
            return
        self.emit(s, p, o)
        self.rep.triples += 1
        if o_how != "literal" and p != _TYPE:
            self.rep.edges += 1
            self.statement(t.line, t.index if multi else None, s, p, o)

    def _predicate(self, value: str) -> str | None:
        if value not in self._pred_cache:
            iri: str | None
            if value.startswith(("http://", "https://")):
                iri = value
            elif value.startswith("biolink:"):
                iri = str(BIOLINK) + value[len("biolink:"):]
            else:
                try:
                    iri = self.conv.expand(value)
                except (ValueError, TypeError):
                    iri = None
            try:
                self._pred_cache[value] = str(ox.NamedNode(iri)) if iri else None
            except ValueError:
                self._pred_cache[value] = None
        return self._pred_cache[value]

    def _kgx_node(self, value: str, line: int) -> str | None:
        iri, how = self.norm.resolve(value, is_curie=True)
        try:
            return str(ox.NamedNode(iri))
        except ValueError:
            self.rep.problems.append(Problem(line, f"{value!r} does not make a valid IRI"))
            return None

    def kgx_node(self, n: KgxNode) -> None:
        iri, how = self.norm.resolve(n.id, is_curie=True)
        try:
            node = str(ox.NamedNode(iri))
        except ValueError:
            self.rep.problems.append(Problem(n.line, f"id {n.id!r} does not make a valid IRI"))
            return
        facts: list[tuple[str, str]] = []
        for cat in n.categories:
            if not cat.startswith("biolink:"):
                self.rep.problems.append(Problem(n.line, f"category {cat!r} is not a "
                                                         "biolink: CURIE (skipped)"))
                continue
            facts.append((_TYPE, f"<{BIOLINK}{cat[len('biolink:'):]}>"))
        if n.name:
            facts.append((f"<{_RDFS}label>", _lit(n.name)))
        if n.description:
            facts.append((f"<{_SKOS}definition>", _lit(n.description)))
        facts += [(f"<{KGO.synonym}>", _lit(x)) for x in n.synonyms]
        facts += [(f"<{KGO.xref}>", _lit(x)) for x in n.xrefs]
        if how == CURATED:
            self.rep.skipped_curated += len(facts)
            return
        for p, o in facts:
            self.emit(node, p, o)
            self.rep.triples += 1

    def kgx_edge(self, e: KgxEdge) -> None:
        p = self._predicate(e.predicate)
        if p is None:
            self.rep.problems.append(Problem(e.line, f"predicate {e.predicate!r} has no known "
                                                     "prefix (use biolink:... or an IRI)"))
            return
        s = self._kgx_node(e.subject, e.line)
        o = self._kgx_node(e.object, e.line)
        if s is None or o is None:
            return
        extra: list[tuple[str, str]] = []
        for k, values in sorted(e.props.items()):
            prop = f"<{_DCT}identifier>" if k == "id" else f"<{BIOLINK}{k}>"
            extra += [(prop, _lit(v)) for v in values]
        if e.negated:
            extra.append((f"<{BIOLINK}negated>", _lit("true", _XSD + "boolean")))
            self.rep.negated_edges += 1
        else:
            self.emit(s, p, o)
            self.rep.triples += 1
        self.rep.edges += 1
        self.statement(e.line, None, s, p, o, extra)


def _progress_bar(path: Path, enabled: bool) -> tuple[Callable[[int], None] | None, Any]:
    if not enabled:
        return None, None
    from tqdm import tqdm

    total = None if path.suffix == ".gz" else path.stat().st_size
    bar = tqdm(total=total, unit="B", unit_scale=True, desc=path.name, leave=False)

    def update(pos: int) -> None:
        target = (total or bar.n) if pos < 0 else pos
        if target > bar.n:
            bar.update(target - bar.n)

    return update, bar


def merge_files(
    paths: Iterable[Path | str],
    graph: Graph | None = None,
    out: Path | str | None = None,
    store: Path | str | None = None,
    version: str | None = None,
    progress: bool = False,
    include_curated: bool = True,
) -> MergeReport:
    """Merge external graph files into the curated graph.

    Args:
        paths: KGX nodes/edges ``.tsv``, ``.nt`` or ``.ttl`` files (optionally ``.gz``).
        graph: the graph to merge into (default: the curated graph, :func:`kg.load_graph`).
        out: the merged N-Triples file to write (atomically).
        store: an Oxigraph store folder to load the merged graph into (on disk).
        version: the sources' version, recorded on each source node.
        progress: show a progress bar per file (stderr).
        include_curated: write the curated graph's triples first.

    Returns:
        The report: per source, counts, malformed lines, unmapped identifiers.

    Raises:
        ValueError: a file of an unsupported format, or neither ``out`` nor ``store``.
        FileNotFoundError: a missing file.
    """
    from .server import load_store

    if out is None and store is None:
        raise ValueError("give an output file (-o merged.nt) or a store folder (--store DIR)")
    files = [Path(p) for p in paths]
    for f in files:
        if not f.is_file():
            raise FileNotFoundError(f"{f}: no such file")
    formats = [detect_format(f) for f in files]
    if graph is None:
        from ..api import load_graph

        graph = load_graph()
    norm = IdNormaliser(graph)
    target = Path(out) if out else Path(tempfile.mkdtemp(prefix="kmt2a-kg-merge-")) / "merged.nt"
    target.parent.mkdir(parents=True, exist_ok=True)
    reports: list[SourceReport] = []
    curated = ntriples_bytes(graph) if include_curated else b""
    with atomic_writer(target, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(curated.decode("utf-8"))
        for f, fmt in zip(files, formats, strict=True):
            rep = SourceReport(str(f), fmt, _sha256(f), version)
            norm.outcomes, norm.unmapped = rep.outcomes, rep.unmapped
            m = _Merger(fh, norm, rep)
            m.source_node(f.name)
            update, bar = _progress_bar(f, progress)
            try:
                if fmt in ("nt", "ttl"):
                    reader = read_ntriples(f, update) if fmt == "nt" else read_turtle(f, update)
                    for item in reader:
                        if isinstance(item, Problem):
                            rep.problems.append(item)
                        else:
                            m.rdf(item, multi=fmt == "ttl")
                else:
                    for rec in read_kgx(f, fmt, update):
                        if isinstance(rec, Problem):
                            rep.problems.append(rec)
                        elif isinstance(rec, KgxNode):
                            m.kgx_node(rec)
                        else:
                            m.kgx_edge(rec)
            finally:
                if bar is not None:
                    bar.close()
            rep.problems.sort(key=lambda p: p.line)
            reports.append(rep)
    report = MergeReport(curated.count(b"\n"), reports, output=str(target) if out else None)
    if store is not None:
        load_store(Path(store), [target])
        report.store = str(store)
        st = ox.Store.read_only(str(store))
        report.store_triples = len(st)
        del st
        if out is None:
            target.unlink()
            target.parent.rmdir()
    return report
