"""The graph-level gates of every build: the ``*-violation`` SPARQL checks and the SHACL
shapes (pySHACL). A hit fails the build; each is reported, like a loader error, as
``file: entry 'id': problem`` by tracing the offending node back to its curated record."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from rdflib import Graph

from .constants import KG, SHAPES_FILE

if TYPE_CHECKING:
    from .loader import Curation, CurationError

__all__ = ["ShaclReport", "validate_graph", "ShaclViolation", "violation_errors",
           "shacl_errors", "record_of"]


@dataclass(frozen=True)
class ShaclReport:
    """The outcome of a SHACL run: conformance and readable violation lines."""

    conforms: bool
    violations: list[str]


class ShaclViolation(Exception):
    """Raised by the build when the graph violates the shapes."""

    def __init__(self, report: ShaclReport, errors: list[CurationError] | None = None) -> None:
        self.report = report
        #: the violations traced back to curated records (``file: entry 'id': SHACL: ...``)
        self.errors = errors or []
        super().__init__("SHACL violations:\n" + "\n".join(report.violations))


_REPORT_QUERY = """
PREFIX sh: <http://www.w3.org/ns/shacl#>
SELECT ?focus ?path ?msg ?shape WHERE {
  ?r a sh:ValidationResult ; sh:focusNode ?focus ; sh:resultMessage ?msg ;
     sh:sourceShape ?shape .
  OPTIONAL { ?r sh:resultPath ?path }
} ORDER BY ?focus ?path ?msg
"""


def validate_graph(g: Graph, shapes: Graph | None = None) -> ShaclReport:
    """Run the project's SHACL shapes over ``g``.

    Returns:
        A report whose ``violations`` read ``focus node | path | message``.
    """
    import pyshacl

    shapes = shapes if shapes is not None else Graph().parse(SHAPES_FILE, format="turtle")
    conforms, report_graph, _ = pyshacl.validate(
        g, shacl_graph=shapes, inference="none", advanced=True, allow_warnings=False
    )
    from .graph import bind_prefixes

    nm = bind_prefixes(Graph()).namespace_manager
    lines = []
    for row in report_graph.query(_REPORT_QUERY):
        path = nm.normalizeUri(row.path) if row.path is not None else "-"
        focus = nm.normalizeUri(row.focus) if not hasattr(row.focus, "datatype") else str(
            row.focus)
        lines.append(f"{focus} | {path} | {row.msg}")
    return ShaclReport(bool(conforms), sorted(set(lines)))


def record_of(node: Any, cur: Curation) -> tuple[str, str]:
    """(file, entry) of the curated record a graph node comes from.

    Entities, measurements and conflicts are ``kg:<id>``; assertion nodes
    ``kg:assertion/<statement key>``; claims ``kg:<conflict>/claim/<n>``. A node from no
    curated record (e.g. a reference) gives ``("(graph)", <the node>)``.
    """
    text = str(node)
    for prefix in (str(KG), "kg:"):
        if text.startswith(prefix):
            local = text[len(prefix):]
            rid = local[len("assertion/"):] if local.startswith("assertion/") else (
                local.split("/", 1)[0])
            if rid in cur.source_file:
                return cur.source_file[rid], rid
    return "(graph)", text


def violation_errors(g: Graph, cur: Curation) -> list[CurationError]:
    """Run every ``queries/*-violation.rq`` check on ``g`` (Oxigraph); one error per row."""
    from .loader import CurationError
    from .sparql import check_violations

    errors = []
    for name, rows in sorted(check_violations("oxigraph", g).items()):
        for row in rows:
            cols = list(row)
            file, entry = record_of(row[cols[0]], cur)
            details = ", ".join(f"{c} {row[c]}" for c in cols[1:] if row[c] is not None)
            errors.append(CurationError(file, entry, f"{name}: {details}" if details else name))
    return errors


def shacl_errors(report: ShaclReport, cur: Curation) -> list[CurationError]:
    """The SHACL report's violations as curation errors (file and entry of the focus node)."""
    from .loader import CurationError

    errors = []
    for line in report.violations:
        focus, path, msg = (line.split(" | ", 2) + ["", ""])[:3]
        file, entry = record_of(focus, cur)
        errors.append(CurationError(file, entry, f"SHACL: {path}: {msg}"))
    return errors
