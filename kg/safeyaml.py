"""Read one curated file safely: libyaml's parser (CSafeLoader), with guards a hostile or
careless file cannot get past.

What is refused, each with a one-line :class:`FileProblem` naming the entry where one can be
located:

- anything that is not a regular file (a directory, a symbolic link, a FIFO...);
- files over :data:`~kg.constants.MAX_CURATION_FILE_BYTES`;
- encodings other than UTF-8 (UTF-16/32 with or without a byte-order mark, invalid UTF-8,
  NUL bytes). A UTF-8 byte-order mark and CRLF line ends are accepted (``kmt2a-kg lint --fix``
  removes them);
- tab characters anywhere;
- YAML aliases (``*name``) and merge keys (``<<``) anywhere, nested or not: curated records
  are written out in full, and refusing aliases makes "billion laughs" impossible;
- nesting deeper than :data:`~kg.constants.MAX_NESTING_DEPTH`, checked before libyaml's
  recursive composer runs (deep nesting would otherwise overflow the C stack);
- more than :data:`~kg.constants.MAX_ENTRIES_PER_FILE` records in a file;
- duplicate keys in one mapping (YAML would silently keep the last value);
- non-finite numbers (``.nan``, ``.inf``, ``1e999``).

The document is composed once by libyaml (C), checked as a node tree, and constructed from
that tree, so the guards cost one walk over the nodes, not a second parse.

>>> load_yaml_text("topic: x\\nentities: []\\n", "a.yaml")
{'topic': 'x', 'entities': []}
"""

from __future__ import annotations

import math
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .constants import MAX_CURATION_FILE_BYTES, MAX_ENTRIES_PER_FILE, MAX_NESTING_DEPTH

__all__ = [
    "FileProblem",
    "read_curated_bytes",
    "decode_curated",
    "read_curated_text",
    "load_yaml_text",
    "load_yaml_file",
    "FILE_ENTRY",
]

#: The entry name used when a problem concerns a whole file, not one record.
FILE_ENTRY = "(file)"

_SECTIONS = ("entities", "statements", "measurements", "conflicts")
_FLOAT_TAG = "tag:yaml.org,2002:float"
_MERGE_TAG = "tag:yaml.org,2002:merge"
# libyaml's composer recurses in C; below this many nesting levels it is known to be safe
# (10,000 composed fine, 100,000 crashed the interpreter). Files whose cheap upper bound on
# nesting stays below it are composed directly; others get an exact, non-recursive count first.
_SAFE_COMPOSE_DEPTH = 2_000


@dataclass(frozen=True)
class FileProblem(Exception):
    """One problem that stops a curated file from being read."""

    entry: str
    problem: str

    def __str__(self) -> str:
        return self.problem


def read_curated_bytes(path: Path, limit: int = MAX_CURATION_FILE_BYTES) -> bytes:
    """The bytes of a curated file, refusing links, directories, special files and size.

    Raises:
        FileProblem: not a regular file, or larger than ``limit`` bytes.
    """
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        raise FileProblem(FILE_ENTRY, f"missing: expected a file at {path}") from None
    if stat.S_ISLNK(st.st_mode):
        target = os.readlink(path)
        raise FileProblem(FILE_ENTRY, f"is a symbolic link (to {target}); curated files must "
                          "be regular files in the folder: copy the file here instead")
    if stat.S_ISDIR(st.st_mode):
        raise FileProblem(FILE_ENTRY, "is a directory; a curated file was expected here")
    if not stat.S_ISREG(st.st_mode):
        raise FileProblem(FILE_ENTRY, "is not a regular file (a FIFO, socket or device?); "
                          "a curated file was expected here")
    if st.st_size > limit:
        raise FileProblem(FILE_ENTRY, f"is {st.st_size:,} bytes, over the limit of "
                          f"{limit:,} bytes per curated file: split it by topic")
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    fd = os.open(path, flags)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):  # replaced between lstat and open
            raise FileProblem(FILE_ENTRY, "is not a regular file")
        with os.fdopen(fd, "rb", closefd=False) as fh:
            data = fh.read(limit + 1)
    finally:
        os.close(fd)
    if len(data) > limit:
        raise FileProblem(FILE_ENTRY, f"is over the limit of {limit:,} bytes per curated file")
    return data


_BOMS = (
    (b"\x00\x00\xfe\xff", "UTF-32 (big-endian)"),
    (b"\xff\xfe\x00\x00", "UTF-32 (little-endian)"),
    (b"\xfe\xff", "UTF-16 (big-endian)"),
    (b"\xff\xfe", "UTF-16 (little-endian)"),
)


def decode_curated(data: bytes) -> str:
    """Decode a curated file: UTF-8 only (a leading byte-order mark is dropped).

    Line ends are left as they are (YAML reads CRLF as a line break).

    Raises:
        FileProblem: UTF-16/32, NUL bytes, or invalid UTF-8 (with line and column).
    """
    for bom, name in _BOMS:
        if data.startswith(bom):
            raise FileProblem(FILE_ENTRY, f"is encoded as {name}; save it as UTF-8")
    if b"\x00" in data:
        guess = "UTF-16 or UTF-32" if data.count(b"\x00") * 4 >= len(data) else "binary data"
        raise FileProblem(FILE_ENTRY, f"contains NUL bytes (looks like {guess}); save it as "
                          "UTF-8 text")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        col = e.start - (data.rfind(b"\n", 0, e.start) + 1) + 1
        raise FileProblem(FILE_ENTRY, f"is not valid UTF-8 at line {line}, column {col} "
                          f"(byte 0x{data[e.start]:02x}); save it as UTF-8") from None


def read_curated_text(path: Path, limit: int = MAX_CURATION_FILE_BYTES) -> str:
    """:func:`read_curated_bytes` then :func:`decode_curated`."""
    return decode_curated(read_curated_bytes(path, limit))


# --- locating the entry of a line, for problems found before the YAML is composed ----------

_ITEM = re.compile(r"^(?: {0,2})- ")
_FIELD = re.compile(r"^(?:(?: {0,2})- | {2,4})(id|subject|predicate|object|value): *(.*?) *$")


def _entry_at_line(text: str, line: int) -> str:
    """The record around 1-based ``line`` (its id, or subject--predicate--object), by text.

    Used only where the YAML cannot be composed; '(file)' when no record can be located.
    """
    lines = text.splitlines()
    if not 1 <= line <= len(lines):
        return FILE_ENTRY
    start = next((i for i in range(line - 1, -1, -1) if _ITEM.match(lines[i])), None)
    if start is None:
        return FILE_ENTRY
    end = next((i for i in range(start + 1, len(lines))
                if _ITEM.match(lines[i]) or (lines[i][:1].isalpha())), len(lines))
    fields: dict[str, str] = {}
    for ln in lines[start:end]:
        m = _FIELD.match(ln)
        if m and m.group(1) not in fields:
            fields[m.group(1)] = m.group(2).strip("'\"")
    if fields.get("id"):
        return fields["id"]
    if fields.get("subject") and fields.get("predicate"):
        return f"{fields['subject']}--{fields['predicate']}--" \
               f"{fields.get('object', fields.get('value'))}"
    return f"line {line}"


# --- the checked load ---------------------------------------------------------------------


def _depth_upper_bound(text: str) -> int:
    # Block collections nest only by indentation or "- "/"k: " on one line, so their depth is
    # at most the longest line; flow collections need one bracket per level.
    longest = max((len(x) for x in text.splitlines()), default=0)
    return longest + text.count("[") + text.count("{") + 2


def _exact_depth(text: str, limit: int) -> tuple[int, int] | None:
    """(depth, line) of the first point deeper than ``limit``, from libyaml's event stream
    (no recursion), or ``None``."""
    loader = yaml.CSafeLoader(text)
    depth = 0
    try:
        while loader.check_event():
            ev = loader.get_event()
            if isinstance(ev, yaml.CollectionStartEvent):
                depth += 1
                if depth > limit:
                    return depth, ev.start_mark.line + 1
            elif isinstance(ev, yaml.CollectionEndEvent):
                depth -= 1
    finally:
        loader.dispose()
    return None


def _scalar_entry(item: yaml.Node, index: int) -> str:
    if isinstance(item, yaml.MappingNode):
        f = {k.value: v.value for k, v in item.value
             if isinstance(k, yaml.ScalarNode) and isinstance(v, yaml.ScalarNode)}
        if f.get("id"):
            return str(f["id"])
        if f.get("subject") and f.get("predicate"):
            return f"{f['subject']}--{f['predicate']}--{f.get('object', f.get('value'))}"
    return f"#{index + 1}"


def _finite(value: str) -> bool:
    low = value.lower()
    if "nan" in low or "inf" in low:
        return False
    try:
        return math.isfinite(float(low.replace("_", "")))
    except ValueError:  # YAML 1.1 sexagesimal (1:30.5): finite
        return True


def _check_nodes(root: yaml.Node, max_depth: int, max_entries: int) -> None:
    """Walk the composed tree once: aliases, merge keys, duplicate keys, depth, non-finite
    numbers, entry count."""
    entries = 0
    if isinstance(root, yaml.MappingNode):
        for k, v in root.value:
            if (isinstance(k, yaml.ScalarNode) and k.value in _SECTIONS
                    and isinstance(v, yaml.SequenceNode)):
                entries += len(v.value)
    if entries > max_entries:
        raise FileProblem(FILE_ENTRY, f"has {entries:,} entries, over the limit of "
                          f"{max_entries:,} per curated file: split it by topic")
    seen: set[int] = set()
    # (node, depth, entry name or None while above the records)
    stack: list[tuple[yaml.Node, int, str | None]] = [(root, 1, None)]
    while stack:
        node, depth, entry = stack.pop()
        where = entry or FILE_ENTRY
        line = node.start_mark.line + 1
        if id(node) in seen:
            raise FileProblem(where, f"YAML alias of the anchor at line {line}: aliases "
                              "(*name) are not allowed in curated files; write the value out")
        seen.add(id(node))
        if depth > max_depth:
            raise FileProblem(where, f"nesting deeper than {max_depth} levels at line {line}")
        if isinstance(node, yaml.ScalarNode):
            if node.tag == _FLOAT_TAG and not _finite(node.value):
                raise FileProblem(where, f"non-finite number '{node.value}' at line {line}: "
                                  "give a finite number (or value_status for a missing one)")
            continue
        # Children are pushed in reverse so that they are visited in document order: an
        # anchor always comes before its aliases, so the second visit is the alias.
        if isinstance(node, yaml.SequenceNode):
            for i in range(len(node.value) - 1, -1, -1):
                child = node.value[i]
                child_entry = entry
                if entry is None and depth == 2:
                    child_entry = _scalar_entry(child, i)
                stack.append((child, depth + 1, child_entry))
            continue
        keys: dict[tuple[str, str], int] = {}
        children: list[tuple[yaml.Node, int, str | None]] = []
        for k, v in node.value:
            if k.tag == _MERGE_TAG:
                raise FileProblem(where, f"YAML merge key '<<' at line {k.start_mark.line + 1}:"
                                  " merge keys are not allowed in curated files")
            if isinstance(k, yaml.ScalarNode):
                key = (k.tag, k.value)
                if key in keys:
                    raise FileProblem(where, f"duplicate key '{k.value}' at line "
                                      f"{k.start_mark.line + 1} (first at line {keys[key]}): "
                                      "YAML would keep only the last value")
                keys[key] = k.start_mark.line + 1
            children += [(k, depth + 1, entry), (v, depth + 1, entry)]
        stack.extend(reversed(children))


def load_yaml_text(
    text: str,
    name: str = "<text>",
    max_depth: int = MAX_NESTING_DEPTH,
    max_entries: int = MAX_ENTRIES_PER_FILE,
) -> Any:
    """Parse one curated YAML document with libyaml, refusing what the module docstring lists.

    Args:
        text: the decoded file (see :func:`decode_curated`).
        name: the file name, for messages that YAML itself raises.

    Returns:
        The document as plain Python objects (``None`` for an empty file).

    Raises:
        FileProblem: the entry (or '(file)') and a one-line problem.
    """
    tab = text.find("\t")
    if tab >= 0:
        line = text.count("\n", 0, tab) + 1
        col = tab - (text.rfind("\n", 0, tab) + 1) + 1
        raise FileProblem(_entry_at_line(text, line), f"tab character at line {line}, column "
                          f"{col}: curated files use spaces only")
    if _depth_upper_bound(text) > min(max_depth, _SAFE_COMPOSE_DEPTH):
        try:
            deep = _exact_depth(text, max_depth)
        except yaml.YAMLError as e:
            raise _yaml_problem(text, e) from None
        if deep is not None:
            raise FileProblem(_entry_at_line(text, deep[1]),
                              f"nesting deeper than {max_depth} levels at line {deep[1]}")
    loader = yaml.CSafeLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        _check_nodes(node, max_depth, max_entries)
        return loader.construct_document(node)
    except yaml.YAMLError as e:
        raise _yaml_problem(text, e) from None
    finally:
        loader.dispose()


def _yaml_problem(text: str, e: yaml.YAMLError) -> FileProblem:
    mark = getattr(e, "problem_mark", None)
    where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
    problem = getattr(e, "problem", None) or str(e).splitlines()[0]
    context, cmark = getattr(e, "context", None), getattr(e, "context_mark", None)
    if context and cmark is not None:
        problem += f" ({context} started at line {cmark.line + 1})"
    at = cmark if cmark is not None else mark
    entry = _entry_at_line(text, min(at.line + 1, text.count("\n") or 1)) if at else FILE_ENTRY
    return FileProblem(entry, f"malformed YAML{where}: {problem}")


def load_yaml_file(path: Path, **limits: int) -> Any:
    """Read, decode and parse one curated YAML file with every guard (see the module doc).

    This is the one YAML reader of the package; other modules call it rather than
    ``yaml.safe_load``.

    Raises:
        FileProblem: the entry (or '(file)') and a one-line problem.
    """
    size = limits.pop("max_bytes", MAX_CURATION_FILE_BYTES)
    return load_yaml_text(read_curated_text(Path(path), size), Path(path).name, **limits)
