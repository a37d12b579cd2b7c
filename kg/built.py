"""The built graph that queries read, and whether it is fresh.

``kmt2a-kg build`` writes ``exports/kg.nt`` and beside it ``exports/kg.inputs.sha256``: a
content hash of the inputs the graph is built from (every curated file and the ontology).
A query does not rebuild the graph from the YAML files: it loads the N-Triples file whose
recorded hash equals the hash of the inputs as they are now. Candidates, in order:

1. ``exports/`` in the working directory (where ``kmt2a-kg build`` writes by default);
2. ``exports/`` of the source checkout, or the copy shipped in the wheel
   (``kg/_shipped/exports/``) for a plain install;
3. the cache folder (``$KMT2A_KG_CACHE``, else ``$XDG_CACHE_HOME/kmt2a-kg``, else
   ``~/.cache/kmt2a-kg``), where an earlier query left a graph it rebuilt.

When none matches (a curated file was edited since the last build) the graph is rebuilt from
the curated files, written to the cache, and one line on stderr says so and what to run to
update ``exports/``; ``rebuild=True`` (``--rebuild``) forces that. A stale graph is never read.

This module only hashes and looks up; reading and validating the curated files is
:mod:`kg.loader`'s, writing ``exports/`` is :func:`kg.api.build`'s.
"""

from __future__ import annotations

import hashlib
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from . import constants
from .constants import ONTOLOGY_DIR, PACKAGE_DIR, REPO_DIR

__all__ = [
    "GRAPH_FILE",
    "HASH_FILE",
    "CACHE_ENV_VAR",
    "inputs_hash",
    "inputs_signature",
    "hash_file_bytes",
    "recorded_hash",
    "candidate_dirs",
    "fresh_graph_file",
    "built_graph_file",
]

GRAPH_FILE = "kg.nt"
HASH_FILE = "kg.inputs.sha256"
CACHE_ENV_VAR = "KMT2A_KG_CACHE"
_SCHEME = "kmt2a-kg inputs v1"
_KEEP_CACHED = 8


def default_data_dir() -> Path:
    """The curated files a command reads when given none (the loader's default; issue 12
    decides checkout vs installed folder there, this follows it)."""
    return constants.DATA_DIR


def _input_files(data_dir: Path) -> list[tuple[str, Path]]:
    files = [(f"curation/{p.relative_to(data_dir).as_posix()}", p)
             for p in data_dir.rglob("*")
             if p.is_file() and not p.name.startswith(".") and "__pycache__" not in p.parts
             and not p.name.lower().startswith("readme")]
    files += [(f"ontology/{p.name}", p) for p in ONTOLOGY_DIR.glob("*.ttl")]
    return sorted(files)


def inputs_signature(data_dir: Path | str | None = None) -> tuple:
    """Names, sizes and modification times of the inputs: a cheap check of whether
    :func:`inputs_hash` needs computing again."""
    d = Path(data_dir) if data_dir else default_data_dir()
    out = []
    for name, path in _input_files(d):
        st = path.stat()
        out.append((name, st.st_size, st.st_mtime_ns))
    return tuple(out)


def inputs_hash(data_dir: Path | str | None = None) -> str:
    """SHA-256 (hex) of the graph's inputs: every curated file under ``data_dir`` (default:
    the packaged curation) except READMEs, and the ontology's Turtle files; names and bytes."""
    d = Path(data_dir) if data_dir else default_data_dir()
    h = hashlib.sha256(_SCHEME.encode())
    for name, path in _input_files(d):
        data = path.read_bytes()
        h.update(b"\0" + name.encode() + b"\0" + str(len(data)).encode() + b"\0")
        h.update(data)
    return h.hexdigest()


def hash_file_bytes(digest: str) -> bytes:
    """The content of ``kg.inputs.sha256`` for a digest."""
    return f"{digest}  curated files and ontology ({_SCHEME})\n".encode()


def recorded_hash(folder: Path) -> str | None:
    """The digest recorded beside ``folder/kg.nt``, or ``None`` when either is missing."""
    try:
        if not (folder / GRAPH_FILE).is_file():
            return None
        text = (folder / HASH_FILE).read_text(encoding="utf-8")
    except OSError:
        return None
    parts = text.split()
    return parts[0] if parts else None


def cache_dir() -> Path:
    env = os.environ.get(CACHE_ENV_VAR)
    if env:
        return Path(env)
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "kmt2a-kg"


def candidate_dirs() -> list[Path]:
    """Folders that may hold a built ``kg.nt`` with its hash, in the order they are tried."""
    shipped = PACKAGE_DIR / "_shipped" / "exports"
    out = [Path.cwd() / "exports", shipped if shipped.is_dir() else REPO_DIR / "exports"]
    seen: list[Path] = []
    for p in out:
        rp = p.resolve()
        if rp not in seen:
            seen.append(rp)
    return seen


def fresh_graph_file(digest: str) -> Path | None:
    """A built ``kg.nt`` whose recorded inputs hash is ``digest`` (see the module doc)."""
    for d in candidate_dirs():
        if recorded_hash(d) == digest:
            return d / GRAPH_FILE
    cached = cache_dir() / digest
    if recorded_hash(cached) == digest:
        return cached / GRAPH_FILE
    return None


def _write_cache(digest: str, nt: bytes) -> Path | None:
    """Store a rebuilt graph in the cache; ``None`` when the cache is not writable."""
    root = cache_dir()
    dest = root / digest
    try:
        dest.mkdir(parents=True, exist_ok=True)
        for name, data in ((GRAPH_FILE, nt), (HASH_FILE, hash_file_bytes(digest))):
            fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=dest)
            try:
                with os.fdopen(fd, "wb") as fh:
                    fh.write(data)
                os.replace(tmp, dest / name)
            finally:
                if os.path.exists(tmp):
                    os.unlink(tmp)
        _prune(root, keep=dest)
    except OSError:
        return None
    return dest / GRAPH_FILE


def _prune(root: Path, keep: Path) -> None:
    entries = sorted((p for p in root.iterdir() if p.is_dir() and len(p.name) == 64),
                     key=lambda p: p.stat().st_mtime, reverse=True)
    import shutil

    for p in entries[_KEEP_CACHED:]:
        if p != keep:
            shutil.rmtree(p, ignore_errors=True)


def _note(line: str) -> None:
    sys.stderr.write(f"note: {line}\n")


def built_graph_file(
    data_dir: Path | str | None = None,
    rebuild: bool = False,
    note: Callable[[str], None] | None = _note,
) -> tuple[Path | None, bytes | None]:
    """The N-Triples of the graph for the current curated files.

    Returns:
        ``(path, None)`` for a fresh built file, or ``(path_or_None, data)`` after a rebuild
        (``path`` is the cached copy, ``None`` if the cache could not be written).

    Raises:
        kg.loader.CurationErrors: a rebuild found the curated files invalid.
    """
    digest = inputs_hash(data_dir)
    if not rebuild:
        found = fresh_graph_file(digest)
        if found is not None:
            return found, None
    from .exports import ntriples_bytes
    from .graph import build_graph
    from .loader import load_curation

    cur = load_curation(Path(data_dir) if data_dir else default_data_dir(), review=False)
    nt = ntriples_bytes(build_graph(cur))
    path = _write_cache(digest, nt)
    if note is not None and not rebuild:
        if data_dir:
            note(f"built the graph of {data_dir} (kept in {cache_dir()} for the next queries)")
        else:
            note("the curated files changed since the last 'kmt2a-kg build'; rebuilt the "
                 "graph for this query (run 'kmt2a-kg build' to update exports/)")
    return path, nt
