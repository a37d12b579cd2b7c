"""The SPARQL catalogue: ``queries/*.rq`` files with grlc-style headers.

A header is a run of ``#+`` comment lines at the top of the file::

    #+ summary: Drugs that act on a target
    #+ description: Direct and drug-class-level links, with evidence.
    #+ param: target (entity, default: MEN1) — id, label or synonym of the target
    #+ param: year (integer, optional) — only trials that started in or after this year

A parameter binds the SPARQL variable of the same name (``?target``) through a ``VALUES``
block; an optional parameter that is not given leaves its variable unbound.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..constants import QUERIES_DIR
from .constants import PARAM_TYPES, QUERY_SUFFIX, VIOLATION_SUFFIX
from .errors import QueryError

__all__ = ["Param", "QuerySpec", "parse_query", "load_query_file", "list_queries", "get_query"]

_HEADER = re.compile(r"^#\+\s*(?P<key>[A-Za-z_]+)\s*:\s*(?P<value>.*?)\s*$")
_PARAM = re.compile(
    r"^(?P<name>[A-Za-z][A-Za-z0-9_]*)\s*\((?P<spec>[^)]*)\)\s*(?:—|–|--|-|:)?\s*(?P<doc>.*)$"
)


@dataclass(frozen=True)
class Param:
    """A declared query parameter."""

    name: str
    type: str
    default: str | None = None
    optional: bool = False
    doc: str = ""

    @property
    def required(self) -> bool:
        """True when the caller must give a value (no default, not optional)."""
        return self.default is None and not self.optional

    def describe(self) -> str:
        """Short form for listings, e.g. ``drug=revumenib (entity)``."""
        if self.default is not None:
            return f"{self.name}={self.default} ({self.type})"
        return f"{self.name} ({self.type}, {'optional' if self.optional else 'required'})"


@dataclass(frozen=True)
class QuerySpec:
    """One catalogue query: its name, header and text."""

    name: str
    text: str
    summary: str = ""
    description: str = ""
    params: tuple[Param, ...] = ()
    path: Path | None = None
    tags: tuple[str, ...] = field(default_factory=tuple)
    #: (engine name, text) for engines that run another form of the same query (same rows):
    #: ``queries/<engine>/<name>.rq``, e.g. Oxigraph's ``LATERAL`` forms.
    forms: tuple[tuple[str, str], ...] = ()

    def text_for(self, engine: str) -> str:
        """The text an engine runs: its own form when there is one, else :attr:`text`."""
        return next((t for e, t in self.forms if e == engine), self.text)

    @property
    def is_violation(self) -> bool:
        """Integrity checks (``*-violation.rq``) must return no rows."""
        return self.name.endswith(VIOLATION_SUFFIX)

    def param(self, name: str) -> Param | None:
        """The declared parameter called ``name``, if any."""
        return next((p for p in self.params if p.name == name), None)


def _parse_param(line: str, where: str) -> Param:
    m = _PARAM.match(line)
    if not m:
        raise QueryError(f"{where}: malformed '#+ param:' line {line!r}; expected "
                         "'name (type, default: value) — help'")
    parts = [s.strip() for s in m["spec"].split(",", 1)]
    ptype = parts[0]
    if ptype not in PARAM_TYPES:
        raise QueryError(f"{where}: parameter {m['name']!r} has unknown type {ptype!r} "
                         f"(one of {', '.join(PARAM_TYPES)})")
    default: str | None = None
    optional = False
    if len(parts) == 2:
        rest = parts[1]
        if rest == "optional":
            optional = True
        elif rest.startswith("default:"):
            default = rest[len("default:"):].strip()
        else:
            raise QueryError(f"{where}: parameter {m['name']!r}: expected 'default: value' "
                             f"or 'optional', got {rest!r}")
    return Param(m["name"], ptype, default, optional, m["doc"].strip())


def parse_query(text: str, name: str, path: Path | None = None) -> QuerySpec:
    """Parse the header of a query's text.

    Args:
        text: the SPARQL text with its ``#+`` header.
        name: the query's name (its file name without ``.rq``).
        path: where it was read from.

    Returns:
        The parsed query.

    Raises:
        QueryError: a malformed header line.
    """
    where = str(path) if path else name
    fields: dict[str, list[str]] = {}
    params: list[Param] = []
    for line in text.splitlines():
        m = _HEADER.match(line.strip())
        if not m:
            continue
        key, value = m["key"].lower(), m["value"]
        if key == "param":
            p = _parse_param(value, where)
            if any(q.name == p.name for q in params):
                raise QueryError(f"{where}: parameter {p.name!r} declared twice")
            params.append(p)
        else:
            fields.setdefault(key, []).append(value)
    tags = tuple(t.strip() for v in fields.get("tags", []) for t in v.split(",") if t.strip())
    return QuerySpec(
        name=name,
        text=text,
        summary=" ".join(fields.get("summary", [])),
        description=" ".join(fields.get("description", [])),
        params=tuple(params),
        path=path,
        tags=tags,
    )


def load_query_file(path: Path | str) -> QuerySpec:
    """Read a user's ``.rq`` file (the header is optional).

    Raises:
        QueryError: the file cannot be read or its header is malformed.
    """
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise QueryError(f"cannot read query file {p}: {e.__class__.__name__}: "
                         f"{getattr(e, 'strerror', None) or e}") from None
    return parse_query(text, p.stem, p)


def list_queries(directory: Path | str | None = None) -> list[QuerySpec]:
    """Every query of the catalogue, sorted by name.

    Args:
        directory: folder of ``.rq`` files (default: the packaged ``queries/``).

    Returns:
        The parsed queries.
    """
    d = Path(directory) if directory else QUERIES_DIR
    return [_with_forms(parse_query(p.read_text(encoding="utf-8"), p.stem, p), d)
            for p in sorted(d.glob(f"*{QUERY_SUFFIX}"))]


def _with_forms(spec: QuerySpec, d: Path) -> QuerySpec:
    """Attach the engine-specific forms found in ``d/<engine>/<name>.rq``."""
    from dataclasses import replace

    forms = tuple((sub.name, (sub / f"{spec.name}{QUERY_SUFFIX}").read_text(encoding="utf-8"))
                  for sub in sorted(d.iterdir())
                  if sub.is_dir() and (sub / f"{spec.name}{QUERY_SUFFIX}").is_file())
    return replace(spec, forms=forms) if forms else spec


def get_query(name: str, directory: Path | str | None = None) -> QuerySpec:
    """The catalogue query called ``name`` (with or without ``.rq``).

    Raises:
        QueryError: no query has that name (the message suggests close names).
    """
    stem = name[: -len(QUERY_SUFFIX)] if name.endswith(QUERY_SUFFIX) else name
    d = Path(directory) if directory else QUERIES_DIR
    path = d / f"{stem}{QUERY_SUFFIX}"
    if "/" not in stem and "\\" not in stem and path.is_file():
        return _with_forms(parse_query(path.read_text(encoding="utf-8"), stem, path), d)
    names = [p.stem for p in sorted(d.glob(f"*{QUERY_SUFFIX}"))]
    close = difflib.get_close_matches(stem, names, n=3, cutoff=0.5)
    hint = f"; did you mean {', '.join(close)}?" if close else ""
    raise QueryError(f"unknown query {name!r}{hint} (run 'kmt2a-kg queries' to list them)")
