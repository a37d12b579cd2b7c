"""Engine-independent result rows: RDF terms become plain Python values.

IRIs become compact ids (``kg:MEN1``, ``kgo:EFS``) when their namespace is known, else the
full IRI; string literals become ``str``; integers ``int``; decimals ``Decimal``; doubles
``float``; booleans ``bool``; unbound variables ``None``. Rows from any engine compare equal.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from .constants import LIST_SEPARATOR, LIST_SUFFIX, PREFIXES

__all__ = [
    "SelectResult", "compact", "literal_value", "canonical_decimal", "Value", "Row",
    "sort_list_columns",
]

Value = Any  # str | int | Decimal | float | bool | None
Row = dict[str, Value]

_XSD = PREFIXES["xsd"]
_INTEGER_TYPES = {
    _XSD + t for t in ("integer", "int", "long", "short", "byte", "nonNegativeInteger",
                       "positiveInteger", "negativeInteger", "nonPositiveInteger",
                       "unsignedInt", "unsignedLong", "unsignedShort", "unsignedByte")
}
# Longest namespace first, so that a prefix never shadows a more specific one.
_BY_LENGTH = sorted(PREFIXES.items(), key=lambda kv: -len(kv[1]))
_LOCAL = re.compile(r"^[^\s<>\"{}|^`\\]*$")


@dataclass
class SelectResult:
    """Columns (in SELECT order) and rows of a SELECT query."""

    columns: list[str]
    rows: list[Row] = field(default_factory=list)


def compact(iri: str) -> str:
    """``kg:MEN1`` for ``https://w3id.org/kmt2a-kg/id/MEN1``; unknown namespaces stay full."""
    for prefix, ns in _BY_LENGTH:
        if iri.startswith(ns) and _LOCAL.match(iri[len(ns):]):
            return f"{prefix}:{iri[len(ns):]}"
    return iri


def literal_value(lexical: str, datatype: str | None) -> Value:
    """The Python value of a literal from its lexical form and datatype IRI."""
    if datatype is None or datatype in (_XSD + "string", PREFIXES["rdf"] + "langString"):
        return lexical
    try:
        if datatype in _INTEGER_TYPES:
            return int(lexical)
        if datatype == _XSD + "decimal":
            return canonical_decimal(Decimal(lexical))
        if datatype in (_XSD + "double", _XSD + "float"):
            return float(lexical)
        if datatype == _XSD + "boolean":
            return lexical.strip() in ("true", "1")
    except (ValueError, InvalidOperation):
        return lexical
    return lexical


def canonical_decimal(d: Decimal) -> Decimal:
    """One form per number (``24`` for 24.0, ``36.4`` for 36.40), whatever the engine wrote.

    >>> canonical_decimal(Decimal("24.0")), canonical_decimal(Decimal("0.050"))
    (Decimal('24'), Decimal('0.05'))
    """
    if d == d.to_integral_value():
        return d.quantize(Decimal(1))
    return d.normalize()


def _natural(item: str) -> tuple[int, Decimal | str]:
    try:
        return (0, Decimal(item))
    except InvalidOperation:
        return (1, item.lower())


def sort_list_columns(rows: list[Row], columns: list[str]) -> None:
    """Sort the items of ``*_list`` columns in place (numbers numerically, text by case).

    An empty list (``GROUP_CONCAT`` over no value) becomes ``None``.
    """
    lists = [c for c in columns if c.endswith(LIST_SUFFIX)]
    if not lists:
        return
    for row in rows:
        for c in lists:
            v = row.get(c)
            if isinstance(v, str):
                items = sorted(set(v.split(LIST_SEPARATOR)) - {""}, key=_natural)
                row[c] = LIST_SEPARATOR.join(items) if items else None
