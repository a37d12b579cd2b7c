"""Parameter typing and binding: values reach a query as RDF terms in a ``VALUES`` block.

User values are never formatted into the query text: each value is first turned into an
RDF term (:class:`kg.sparql.terms.IRI` / :class:`~kg.sparql.terms.Lit`, equal to rdflib's
``URIRef`` / ``Literal``) whose N-Triples form escapes every quote, brace and newline, and the
terms are added as one ``VALUES (?a ?b) { (... ...) }`` row at the start of the outermost group.
The same mechanism serves every engine, including a remote endpoint. Imports go one way:
this module uses :mod:`.protocol` and :mod:`.terms`; the engines never import it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from .catalogue import Param, QuerySpec
from .constants import PREFIXES
from .errors import QueryError
from .protocol import Engine
from .terms import BAD_IRI as _BAD_IRI
from .terms import IRI, XSD, Lit, Term, inject_values, term_sparql

__all__ = [
    "coerce_value", "bind_params", "inject_values", "resolve_entity", "expand_iri", "term_sparql",
]

_INT = re.compile(r"^[+-]?\d+$")
_DEC = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")
_TRUE = {"true", "yes", "1", "y"}
_FALSE = {"false", "no", "0", "n"}
# IRIREF characters excluded by the SPARQL grammar.
_CURIE = re.compile(r"^([A-Za-z][A-Za-z0-9_.-]*):(.*)$")


def expand_iri(value: str) -> IRI | None:
    """A full IRI for ``value`` (``http...`` or a CURIE with a known prefix), else ``None``.

    Raises:
        QueryError: the IRI holds characters an IRI may not contain.
    """
    v = value.strip()
    if v.startswith("<") and v.endswith(">"):
        v = v[1:-1]
    if re.match(r"^(https?|urn|file):", v):
        iri = v
    else:
        m = _CURIE.match(v)
        if not m or m[1] not in PREFIXES:
            return None
        iri = PREFIXES[m[1]] + m[2]
    if _BAD_IRI.search(iri):
        raise QueryError(f"{value!r} is not a valid IRI (spaces, quotes, braces and angle "
                         "brackets are not allowed)")
    return IRI(iri)


def coerce_value(param: Param, value: Any) -> Term | str:
    """Turn a raw value (from the command line or Python) into an RDF term.

    Args:
        param: the declared parameter.
        value: a string, or a Python int/Decimal/float/bool.

    Returns:
        An RDF term; for ``entity`` parameters the stripped text, resolved later by
        :func:`resolve_entity` against the graph.

    Raises:
        QueryError: the value does not fit the declared type.
    """
    t = param.type
    bad = QueryError(f"parameter {param.name!r} must be {_article(t)}, got {value!r}")
    if t == "integer":
        if isinstance(value, bool):
            raise bad
        if isinstance(value, int):
            return Lit(str(value), XSD + "integer")
        if isinstance(value, str) and _INT.match(value.strip()):
            return Lit(str(int(value.strip())), XSD + "integer")
        raise bad
    if t == "decimal":
        if isinstance(value, bool):
            raise bad
        if isinstance(value, (int, float, Decimal)):
            return _decimal(Decimal(str(value)))
        if isinstance(value, str) and _DEC.match(value.strip()):
            try:
                return _decimal(Decimal(value.strip()))
            except InvalidOperation:
                raise bad from None
        raise bad
    if t == "boolean":
        if isinstance(value, bool):
            return Lit("true" if value else "false", XSD + "boolean")
        if isinstance(value, str) and value.strip().lower() in _TRUE | _FALSE:
            return Lit("true" if value.strip().lower() in _TRUE else "false", XSD + "boolean")
        raise bad
    if not isinstance(value, str):
        value = str(value)
    if t == "iri":
        iri = expand_iri(value)
        if iri is None:
            raise QueryError(f"parameter {param.name!r} must be an IRI or a CURIE with a known "
                             f"prefix ({', '.join(PREFIXES)}), got {value!r}")
        return iri
    if t == "entity":
        if not value.strip():
            raise QueryError(f"parameter {param.name!r} must name an entity, got an empty value")
        return value.strip()
    return Lit(value)


def _decimal(d: Decimal) -> Lit:
    if not d.is_finite():
        raise QueryError(f"not a finite number: {d}")
    return Lit(format(d, "f"), XSD + "decimal")


def _article(t: str) -> str:
    return {"integer": "an integer", "decimal": "a number", "boolean": "true or false",
            "iri": "an IRI", "entity": "an entity id or label"}.get(t, f"a {t}")


_LOOKUP_EXACT = """
SELECT DISTINCT ?e ?how WHERE {
  { ?e <http://www.w3.org/2000/01/rdf-schema#label> ?q . BIND(1 AS ?how) }
  UNION { ?e <https://w3id.org/kmt2a-kg/ontology#synonym> ?q . BIND(2 AS ?how) }
  UNION { ?e <https://w3id.org/kmt2a-kg/ontology#curie> ?q . BIND(3 AS ?how) }
  UNION { ?e <https://w3id.org/kmt2a-kg/ontology#xref> ?q . BIND(3 AS ?how) }
}"""
_LOOKUP_NOCASE = """
SELECT DISTINCT ?e ?how WHERE {
  { ?e <http://www.w3.org/2000/01/rdf-schema#label> ?l . BIND(1 AS ?how) }
  UNION { ?e <https://w3id.org/kmt2a-kg/ontology#synonym> ?l . BIND(2 AS ?how) }
  UNION { ?e <https://w3id.org/kmt2a-kg/ontology#curie> ?l . BIND(3 AS ?how) }
  UNION { ?e <https://w3id.org/kmt2a-kg/ontology#xref> ?l . BIND(3 AS ?how) }
  FILTER(isIRI(?e) && LCASE(STR(?l)) = LCASE(STR(?q)))
}"""
_EXISTS = "SELECT ?p WHERE { ?e ?p ?o } LIMIT 1"


def resolve_entity(engine: Engine, text: str, param: str = "entity") -> IRI:
    """Find the entity a user means by an id, IRI, CURIE, label or synonym.

    Tries, in order: a full IRI or ``kg:``/``kgo:`` CURIE; ``kg:<text>`` and
    ``kgo:<text>`` as ids; an exact label, synonym or identifier (``HGNC:7010``); the same
    ignoring case. Among several matches a label beats a synonym beats an identifier.

    Raises:
        QueryError: nothing matches, or several entities match equally well.
    """
    iri = expand_iri(text) if _CURIE.match(text) or text.startswith("<") else None
    candidates = [iri] if iri is not None else []
    if not _BAD_IRI.search(text):
        candidates += [IRI(PREFIXES["kg"] + text), IRI(PREFIXES["kgo"] + text)]
    for c in candidates:
        if engine.select(_EXISTS, {"e": c}).rows:
            return c
    for lookup in (_LOOKUP_EXACT, _LOOKUP_NOCASE):
        rows = engine.select(lookup, {"q": Lit(text)}).rows
        if not rows:
            continue
        best = min(r["how"] for r in rows)
        hits = sorted({r["e"] for r in rows if r["how"] == best})
        if len(hits) == 1:
            return IRI(_expand_compact(hits[0]))
        shown = ", ".join(hits[:6]) + (", ..." if len(hits) > 6 else "")
        raise QueryError(f"parameter {param!r}: {text!r} matches {len(hits)} entities "
                         f"({shown}); give the id instead")
    raise QueryError(f"parameter {param!r}: no entity has the id, label or synonym {text!r} "
                     "(try 'kmt2a-kg query find-entity --param text=...')")


def _expand_compact(value: str) -> str:
    m = _CURIE.match(value)
    if m and m[1] in PREFIXES:
        return PREFIXES[m[1]] + m[2]
    return value


def bind_params(
    spec: QuerySpec, values: Mapping[str, Any], engine: Engine
) -> dict[str, Term]:
    """Check and type the values of a query's parameters.

    Args:
        spec: the query.
        values: raw values by parameter name (missing ones take their default).
        engine: used to resolve ``entity`` parameters.

    Returns:
        RDF terms by variable name, for :func:`inject_values`.

    Raises:
        QueryError: an unknown, missing or ill-typed parameter.
    """
    unknown = sorted(set(values) - {p.name for p in spec.params})
    if unknown:
        known = ", ".join(p.name for p in spec.params) or "none"
        raise QueryError(f"query {spec.name!r} has no parameter {unknown[0]!r} "
                         f"(its parameters: {known})")
    out: dict[str, Term] = {}
    for p in spec.params:
        raw = values.get(p.name)
        if raw is None or (isinstance(raw, str) and raw == "" and p.optional):
            if p.default is not None:
                raw = p.default
            elif p.optional:
                continue
            else:
                raise QueryError(f"query {spec.name!r} needs parameter {p.name!r} ({p.type}): "
                                 f"add --param {p.name}=VALUE")
        term = coerce_value(p, raw)
        if p.type == "entity":
            term = resolve_entity(engine, str(term), p.name)
        out[p.name] = term  # type: ignore[assignment]
    return out
