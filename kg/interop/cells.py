"""Multivalued cells of the tabular exports (KGX TSV, Neo4j CSV, GraphML), joined losslessly.

A list is joined with a separator that none of its values may contain: if one does, the export
fails and names the value, instead of silently rewriting it (``t(4;11)`` must stay ``t(4;11)``).
"""

from __future__ import annotations

from collections.abc import Iterable

__all__ = ["join_multi", "xml_safe", "literal_kind"]


def join_multi(values: Iterable[object], sep: str, where: str = "") -> str:
    """``values`` joined with ``sep``; raises if a value contains ``sep`` (the join would not
    split back into the same values).

    >>> join_multi(["t(4;11)", "KMT2A::AFF1"], "|")
    't(4;11)|KMT2A::AFF1'
    >>> join_multi(["a|b"], "|", "synonym of X")
    Traceback (most recent call last):
    ...
    ValueError: synonym of X: value 'a|b' contains the multivalue separator '|'
    """
    out = []
    for v in values:
        text = str(v)
        if sep in text:
            raise ValueError(f"{where or 'cell'}: value {text!r} contains the multivalue "
                             f"separator {sep!r}")
        out.append(text)
    return sep.join(out)


def xml_safe(text: str, where: str = "") -> str:
    """``text`` unchanged if XML 1.0 can carry it, else ``ValueError`` naming the character
    (GraphML cannot hold most C0 control characters, even escaped)."""
    for ch in text:
        o = ord(ch)
        if (o < 0x20 and ch not in "\t\n\r") or 0xFFFE <= o <= 0xFFFF or 0xD800 <= o <= 0xDFFF:
            raise ValueError(f"{where or 'value'}: character U+{o:04X} cannot be written to XML")
    return text


_XSD = "http://www.w3.org/2001/XMLSchema#"
_INTEGER_TYPES = {f"{_XSD}{n}" for n in (
    "integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger",
    "nonPositiveInteger", "negativeInteger", "unsignedInt", "unsignedLong", "unsignedShort",
    "gYear")}
_REAL_TYPES = {f"{_XSD}{n}" for n in ("decimal", "double", "float")}


def literal_kind(literals: Iterable[object]) -> str:
    """The one scalar kind of a column of RDF literals: ``boolean``, ``integer``, ``real`` or
    ``string`` (mixed or other datatypes are strings).

    >>> from rdflib import Literal
    >>> literal_kind([Literal(3), Literal(5)]), literal_kind([Literal(True)])
    ('integer', 'boolean')
    >>> from decimal import Decimal
    >>> literal_kind([Literal(Decimal("0.5")), Literal(2)]), literal_kind([Literal("x")])
    ('real', 'string')
    """
    kinds = set()
    for lit in literals:
        dt = str(getattr(lit, "datatype", None) or "")
        if dt == f"{_XSD}boolean":
            kinds.add("boolean")
        elif dt in _INTEGER_TYPES:
            kinds.add("integer")
        elif dt in _REAL_TYPES:
            kinds.add("real")
        else:
            kinds.add("string")
    if kinds == {"integer", "real"}:
        return "real"
    return kinds.pop() if len(kinds) == 1 else "string"
