"""Line-aware readers of external graphs: N-Triples, Turtle and KGX TSV.

Each reader yields :class:`Triple` records (with the line they come from) and
:class:`Problem` records for malformed lines, then carries on with the rest of the file.
Files may be gzip-compressed (``.gz``). ``progress`` receives the number of bytes read so far,
for a progress bar.
"""

from __future__ import annotations

import csv
import gzip
import io
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import pyoxigraph as ox

__all__ = ["Triple", "KgxEdge", "KgxNode", "Problem", "detect_format", "read_ntriples",
           "read_turtle", "read_kgx", "FORMATS", "open_text"]

FORMATS = ("nt", "ttl", "kgx-nodes", "kgx-edges")
_NT_CHUNK = 20_000

Progress = Callable[[int], None]


@dataclass(frozen=True)
class Triple:
    """One RDF triple of an N-Triples or Turtle file (pyoxigraph terms)."""

    line: int
    subject: Any
    predicate: Any
    object: Any
    index: int = 0  # position among the triples of a multi-triple Turtle statement


@dataclass(frozen=True)
class KgxNode:
    """One row of a KGX nodes file."""

    line: int
    id: str
    categories: tuple[str, ...]
    name: str
    description: str
    synonyms: tuple[str, ...]
    xrefs: tuple[str, ...]


@dataclass(frozen=True)
class KgxEdge:
    """One row of a KGX edges file; ``props`` holds the other Biolink edge columns."""

    line: int
    subject: str
    predicate: str
    object: str
    negated: bool
    props: dict[str, tuple[str, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class Problem:
    """A malformed line: where, and what is wrong with it."""

    line: int
    message: str


def open_text(path: Path) -> IO[str]:
    """Open a (possibly gzip-compressed) UTF-8 text file."""
    if path.suffix == ".gz":
        return io.TextIOWrapper(gzip.open(path, "rb"), encoding="utf-8", newline="")
    return path.open(encoding="utf-8", newline="")


def detect_format(path: Path) -> str:
    """``nt``, ``ttl``, ``kgx-nodes`` or ``kgx-edges`` from the suffix (and a TSV's header).

    Raises:
        ValueError: an unsupported suffix or a TSV that is neither KGX nodes nor edges.
    """
    name = path.name.lower().removesuffix(".gz")
    if name.endswith(".nt"):
        return "nt"
    if name.endswith(".ttl"):
        return "ttl"
    if name.endswith(".tsv"):
        with open_text(path) as fh:
            header = fh.readline().rstrip("\r\n").split("\t")
        if {"subject", "predicate", "object"} <= set(header):
            return "kgx-edges"
        if "id" in header:
            return "kgx-nodes"
        raise ValueError(f"{path}: a KGX TSV needs an 'id' column (nodes) or 'subject', "
                         "'predicate' and 'object' columns (edges)")
    raise ValueError(f"{path}: unsupported format (use .nt, .ttl or KGX .tsv, optionally .gz)")


def _first_line(e: BaseException) -> str:
    text = e.msg if isinstance(e, SyntaxError) and e.msg else str(e)
    return (text.strip().splitlines() or [e.__class__.__name__])[0]


def _is_content(line: str) -> bool:
    s = line.strip()
    return bool(s) and not s.startswith("#")


def read_ntriples(path: Path, progress: Progress | None = None) -> Iterator[Triple | Problem]:
    """Triples of an N-Triples file; each malformed line becomes a :class:`Problem`.

    Lines are parsed in chunks (fast); a chunk that fails is parsed line by line to find
    the malformed lines.
    """
    with open_text(path) as fh:
        chunk: list[tuple[int, str]] = []
        for n, line in enumerate(fh, start=1):
            if _is_content(line):
                chunk.append((n, line))
            if len(chunk) >= _NT_CHUNK:
                yield from _nt_chunk(chunk)
                chunk = []
                if progress:
                    progress(fh.buffer.tell() if hasattr(fh, "buffer") else 0)
        if chunk:
            yield from _nt_chunk(chunk)
        if progress:
            progress(-1)


def _nt_chunk(chunk: list[tuple[int, str]]) -> Iterator[Triple | Problem]:
    text = "".join(line if line.endswith("\n") else line + "\n" for _, line in chunk)
    try:
        quads = list(ox.parse(text.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES))
    except SyntaxError:
        quads = None
    if quads is not None and len(quads) == len(chunk):
        for (n, _), q in zip(chunk, quads, strict=True):
            yield Triple(n, q.subject, q.predicate, q.object)
        return
    for n, line in chunk:
        try:
            qs = list(ox.parse(line.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES))
        except SyntaxError as e:
            msg = re.sub(r"line \d+ ", "", _first_line(e)).replace("at between", "between")
            yield Problem(n, msg)
            continue
        if len(qs) != 1:
            yield Problem(n, f"expected one triple on the line, found {len(qs)}")
            continue
        yield Triple(n, qs[0].subject, qs[0].predicate, qs[0].object)


# Turtle statement splitting: tokens that may contain '.' or brackets are skipped whole.
_TTL_TOKENS = re.compile(
    r'#[^\n]*'
    r'|"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n]|\\.)*"'
    r"|'(?:[^'\\\n]|\\.)*'"
    r'|<[^<>"{}|^`\\\x00-\x20]*>'
    r'|[\[\(]|[\]\)]'
    r'|\.(?=[\s#]|$)',
    re.S,
)
_SPARQL_DIRECTIVE = re.compile(
    r'\s*(?:PREFIX\s+[^\s:]*:\s*<[^<>\s]*>|BASE\s+<[^<>\s]*>)', re.I)
_TTL_DIRECTIVE = re.compile(r'\s*(?:@prefix|@base|PREFIX|BASE)\b', re.I)


def _turtle_statements(text: str) -> Iterator[tuple[int, str]]:
    """(line where the text starts, text) of each top-level Turtle statement or directive.

    The text runs from the end of the previous statement, so it may start with blank
    lines and comments.
    """
    pos, depth, start, n = 0, 0, 0, len(text)
    while start < n:
        m_dir = _SPARQL_DIRECTIVE.match(text, start)
        if m_dir and depth == 0:
            yield text.count("\n", 0, start) + 1, text[start:m_dir.end()]
            start = pos = m_dir.end()
            continue
        m = _TTL_TOKENS.search(text, pos)
        if m is None:
            break
        tok = m.group(0)
        if tok in ("[", "("):
            depth += 1
        elif tok in ("]", ")"):
            depth = max(0, depth - 1)
        elif tok == "." and depth == 0:
            yield text.count("\n", 0, start) + 1, text[start:m.end()]
            start = m.end()
        pos = m.end()
    rest = text[start:]
    if rest.strip() and not all(not _is_content(x) for x in rest.splitlines()):
        yield text.count("\n", 0, start) + 1, rest


def _strip_comments(stmt: str) -> str:
    """The statement without the blank lines and comment lines before it."""
    lines = stmt.split("\n")
    while lines and not _is_content(lines[0]):
        lines.pop(0)
    return "\n".join(lines)


def _leading_newlines(stmt: str) -> int:
    i = 0
    lines = 0
    while i < len(stmt):
        if stmt[i] == "\n":
            lines += 1
        elif stmt[i] == "#":
            j = stmt.find("\n", i)
            if j < 0:
                break
            i = j
            continue
        elif not stmt[i].isspace():
            break
        i += 1
    return lines


def read_turtle(path: Path, progress: Progress | None = None) -> Iterator[Triple | Problem]:
    """Triples of a Turtle file; a malformed statement becomes a :class:`Problem` and the
    reader resumes at the next statement.

    Statements are split at top-level ``.`` outside strings, IRIs and comments, then parsed
    one by one with the prefixes declared so far, so that each triple knows its line.
    """
    with open_text(path) as fh:
        text = fh.read()
    header = ""
    done = 0
    for raw_line, stmt in _turtle_statements(text):
        line = raw_line + _leading_newlines(stmt)
        is_directive = bool(_TTL_DIRECTIVE.match(_strip_comments(stmt)))
        try:
            quads = list(ox.parse((header + stmt).encode("utf-8"), format=ox.RdfFormat.TURTLE))
        except SyntaxError as e:
            msg = _first_line(e)
            yield Problem(line, _relocate(msg, header.count("\n"), raw_line))
            continue
        if is_directive:
            header += _strip_comments(stmt).strip() + "\n"
            continue
        for i, q in enumerate(quads):
            yield Triple(line, q.subject, q.predicate, q.object, i)
        done += len(stmt)
        if progress and done > 1_000_000:
            progress(done)
            done = 0
    if progress:
        progress(-1)


def _relocate(msg: str, header_lines: int, raw_line: int) -> str:
    """Rewrite 'line N' of a parser message (on header + statement) into file lines."""
    def fix(m: re.Match[str]) -> str:
        return f"line {raw_line + max(0, int(m.group(1)) - header_lines - 1)}"

    return re.sub(r"line (\d+)", fix, msg)


_KGX_NODE_REQUIRED = ("id",)
_KGX_EDGE_REQUIRED = ("subject", "predicate", "object")
#: KGX edge columns carried onto the merged statement (as Biolink properties).
KGX_EDGE_PROPS = ("id", "category", "publications", "primary_knowledge_source",
                  "aggregator_knowledge_source", "knowledge_level", "agent_type",
                  "has_evidence", "provided_by")


def _multi(value: str) -> tuple[str, ...]:
    return tuple(v.strip() for v in value.split("|") if v.strip())


def _curie_problem(value: str, column: str) -> str | None:
    if value.startswith(("http://", "https://")):
        return None
    prefix, sep, local = value.partition(":")
    if not sep or not prefix or not local or any(c.isspace() for c in value):
        return f"{column} {value!r} is not a CURIE (prefix:local) or an IRI"
    return None


def read_kgx(path: Path, kind: str, progress: Progress | None = None
             ) -> Iterator[KgxNode | KgxEdge | Problem]:
    """Rows of a KGX nodes or edges TSV (``kind``: ``kgx-nodes`` or ``kgx-edges``).

    A row with the wrong number of cells, a missing required value or an id that is not a
    CURIE becomes a :class:`Problem`; ``header_extra`` columns are carried or ignored.
    """
    with open_text(path) as fh:
        reader = csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
        try:
            header = next(reader)
        except StopIteration:
            return
        required = _KGX_EDGE_REQUIRED if kind == "kgx-edges" else _KGX_NODE_REQUIRED
        col = {c: i for i, c in enumerate(header)}
        for i, row in enumerate(reader):
            n = reader.line_num
            if progress and i % 50_000 == 0:
                progress(fh.buffer.tell() if hasattr(fh, "buffer") else 0)
            if not row or all(not c.strip() for c in row):
                continue
            if len(row) != len(header):
                yield Problem(n, f"expected {len(header)} tab-separated cells, found {len(row)}")
                continue
            rec = {c: row[j].strip() for c, j in col.items()}
            missing = [c for c in required if not rec.get(c)]
            if missing:
                yield Problem(n, f"empty required column(s): {', '.join(missing)}")
                continue
            bad = next((p for c in required if (p := _curie_problem(rec[c], c))), None)
            if bad:
                yield Problem(n, bad)
                continue
            if kind == "kgx-nodes":
                yield KgxNode(n, rec["id"], _multi(rec.get("category", "")), rec.get("name", ""),
                              rec.get("description", ""), _multi(rec.get("synonym", "")),
                              _multi(rec.get("xref", "")))
            else:
                neg = rec.get("negated", "").lower()
                if neg not in ("", "true", "false"):
                    yield Problem(n, f"negated must be True or False, got {rec['negated']!r}")
                    continue
                props = {k: _multi(rec[k]) for k in KGX_EDGE_PROPS if rec.get(k)}
                yield KgxEdge(n, rec["subject"], rec["predicate"], rec["object"],
                              neg == "true", props)
        if progress:
            progress(-1)
