"""RDF terms for bound parameters, without rdflib: :class:`IRI` and :class:`Lit`.

The query path (``kmt2a-kg query`` on Oxigraph) runs without importing rdflib, so parameter
values are these two small ``str`` subclasses. They compare equal to the rdflib terms of the
same value (``Lit("13", XSD_INTEGER) == rdflib.Literal(13)``); :func:`to_rdflib` converts them
for rdflib's ``initBindings``. :func:`term_sparql` and :func:`inject_values` accept both kinds.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from .errors import QueryError

__all__ = ["IRI", "Lit", "Term", "XSD", "to_rdflib", "term_sparql", "inject_values"]

XSD = "http://www.w3.org/2001/XMLSchema#"
_XSD_STRING = XSD + "string"

# IRIREF characters excluded by the SPARQL grammar.
BAD_IRI = re.compile(r'[\x00-\x20<>"{}|^`\\]')
_IRIREF = re.compile(r'<[^<>"{}|^`\\\x00-\x20]*>')

Term = Any  # IRI | Lit | an rdflib URIRef / Literal

#: A comment in a query form (``queries/<engine>/*.rq``) that :func:`inject_values` replaces
#: with the VALUES row, at every place it occurs; without it the row goes at the start of the
#: outermost group.
VALUES_MARK = "#@values"
_MARK_LINE = re.compile(r"^([ \t]*)#@values[ \t]*$", re.M)  # the mark alone on its line


class IRI(str):
    """An IRI (equal to the ``rdflib.URIRef`` of the same text)."""

    __slots__ = ()

    def __repr__(self) -> str:
        return f"IRI({str.__repr__(self)})"

    def n3(self) -> str:
        return f"<{self}>"


class Lit(str):
    """A literal: lexical form, datatype IRI (``None`` for a plain string) and language."""

    __slots__ = ("datatype", "language")
    datatype: str | None
    language: str | None

    def __new__(cls, lexical: str, datatype: str | None = None,
                language: str | None = None) -> Lit:
        obj = super().__new__(cls, lexical)
        obj.datatype = None if datatype == _XSD_STRING else datatype
        obj.language = language
        return obj

    def _key(self) -> tuple[str, str | None, str | None]:
        return (str(self), self.datatype, self.language)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Lit):
            return self._key() == other._key()
        if _is_rdflib_literal(other):
            dt = getattr(other, "datatype", None)
            dt = None if dt is None or str(dt) == _XSD_STRING else str(dt)
            return self._key() == (str(other), dt, getattr(other, "language", None))
        return False

    def __ne__(self, other: object) -> bool:
        return not self == other

    def __hash__(self) -> int:
        return hash(("Lit",) + self._key())

    def __repr__(self) -> str:
        return f"Lit({str.__repr__(self)}, datatype={self.datatype!r})"

    def toPython(self) -> Any:  # noqa: N802 - the rdflib name, so callers can use either
        dt = (self.datatype or "")[len(XSD):] if (self.datatype or "").startswith(XSD) else ""
        if dt == "integer":
            return int(self)
        if dt == "decimal":
            return Decimal(self)
        if dt == "boolean":
            return str(self) == "true"
        return str(self)

    def n3(self) -> str:
        return term_sparql(self)


def _is_rdflib_literal(t: object) -> bool:
    if "rdflib" not in sys.modules:
        return False
    from rdflib import Literal

    return isinstance(t, Literal)


def _is_rdflib_iri(t: object) -> bool:
    if "rdflib" not in sys.modules:
        return False
    from rdflib import URIRef

    return isinstance(t, URIRef)


def to_rdflib(term: Term) -> Any:
    """The rdflib term for an :class:`IRI` or :class:`Lit` (rdflib terms pass through)."""
    from rdflib import Literal, URIRef

    if isinstance(term, IRI):
        return URIRef(str(term))
    if isinstance(term, Lit):
        if term.language:
            return Literal(str(term), lang=term.language)
        return Literal(str(term), datatype=URIRef(term.datatype) if term.datatype else None)
    return term


_ECHAR = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t",
          "\b": "\\b", "\f": "\\f"}


def term_sparql(term: Term) -> str:
    r"""The SPARQL form of an IRI or literal, with every special character escaped.

    >>> print(term_sparql(Lit('say "hi" } #')))
    "say \"hi\" } #"
    """
    if isinstance(term, IRI) or _is_rdflib_iri(term):
        if BAD_IRI.search(str(term)):
            raise QueryError(f"{str(term)!r} is not a valid IRI")
        return f"<{term}>"
    if isinstance(term, Lit) or _is_rdflib_literal(term):
        body = '"' + "".join(_ECHAR.get(ch, ch) for ch in str(term)) + '"'
        if term.language:
            return f"{body}@{term.language}"
        dt = term.datatype
        if dt is not None and str(dt) != _XSD_STRING:
            return f"{body}^^{term_sparql(IRI(str(dt)))}"
        return body
    raise QueryError(f"cannot bind {term!r}: only IRIs and literals can be bound")


def _scan_to_first_brace(text: str) -> int:
    """Index of the first ``{`` outside comments, strings and IRIs, or -1."""
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c == "#":
            j = text.find("\n", i)
            i = n if j < 0 else j + 1
            continue
        if c in "\"'":
            triple = text[i:i + 3] == c * 3
            q = c * 3 if triple else c
            j = i + len(q)
            while j < n and text[j:j + len(q)] != q:
                j += 2 if text[j] == "\\" else 1
            i = j + len(q)
            continue
        if c == "<":
            m = _IRIREF.match(text, i)
            if m:
                i = m.end()
                continue
        if c == "{":
            return i
        i += 1
    return -1


def values_block(bindings: Mapping[str, Term]) -> str:
    """``VALUES (?a ?b) { (... ...) }`` for ``bindings`` (variables sorted by name)."""
    names = sorted(bindings)
    for v in names:
        if not re.match(r"^[A-Za-z_][A-Za-z0-9_]*$", v):
            raise QueryError(f"invalid variable name {v!r}")
    row = " ".join(term_sparql(bindings[v]) for v in names)
    return f"VALUES ({' '.join('?' + v for v in names)}) {{ ({row}) }}"


def inject_values(text: str, bindings: Mapping[str, Term]) -> str:
    """Add one ``VALUES`` row binding ``bindings`` at the start of the outermost group.

    >>> print(inject_values('SELECT ?x WHERE { ?x ?p ?y }', {'y': Lit('a"} b')}))
    SELECT ?x WHERE { VALUES (?y) { ("a\\"} b") } ?x ?p ?y }

    Raises:
        QueryError: the query has no group (``{ ... }``) to bind into.
    """
    if not bindings:
        return text
    if _MARK_LINE.search(text):
        # An engine-specific form places the row itself (e.g. inside each UNION branch,
        # which Oxigraph does not restrict by a VALUES outside them).
        block = values_block(bindings)
        return _MARK_LINE.sub(lambda m: m.group(1) + block, text)
    at = _scan_to_first_brace(text)
    if at < 0:
        raise QueryError("cannot bind parameters: the query has no '{ ... }' group")
    block = " " + values_block(bindings)
    return text[: at + 1] + block + text[at + 1:]
