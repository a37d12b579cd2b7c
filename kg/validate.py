"""SHACL validation of the built graph with pySHACL."""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Graph

from .constants import SHAPES_FILE

__all__ = ["ShaclReport", "validate_graph", "ShaclViolation"]


@dataclass(frozen=True)
class ShaclReport:
    """The outcome of a SHACL run: conformance and readable violation lines."""

    conforms: bool
    violations: list[str]


class ShaclViolation(Exception):
    """Raised by the build when the graph violates the shapes."""

    def __init__(self, report: ShaclReport) -> None:
        self.report = report
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
