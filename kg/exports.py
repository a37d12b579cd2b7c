"""Exporters: one function per format, each writing atomically and deterministically."""

from __future__ import annotations

import contextlib
import errno
import glob
import json
import os
import secrets
import shutil
import tempfile
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO

from rdflib import RDF, BNode, Graph, Literal

from .constants import KGO

__all__ = [
    "atomic_writer",
    "write_atomic",
    "write_tree",
    "clean_stale",
    "turtle_bytes",
    "ntriples_bytes",
    "jsonld_bytes",
    "jsonld_document",
    "stats",
    "stats_bytes",
    "EXPORTERS",
]


@contextlib.contextmanager
def atomic_writer(path: Path, mode: str = "wb", **open_kwargs: object) -> Iterator[IO]:
    """Open a temporary file beside ``path`` for writing; on success rename it over ``path``
    (readable by all), on any error remove it and leave ``path`` as it was.

    Used for whole files (:func:`write_atomic`) and for streamed output (``kmt2a-kg merge``).
    The temporary name carries the writer's pid (``.<name>.<pid>.<random>.tmp``); those of
    writers that are no longer running (killed) are removed first.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    _remove_dead_temps(path.parent, path.name)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.{os.getpid()}.", suffix=".tmp",
                               dir=path.parent)
    try:
        with os.fdopen(fd, mode, **open_kwargs) as fh:  # type: ignore[call-overload]
            yield fh
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def _remove_dead_temps(folder: Path, name: str = "*") -> list[Path]:
    """Remove ``.<name>.<pid>.*.tmp`` (and pid-less ``.<name>.*.tmp`` of older versions)
    left in ``folder`` by writers that are no longer running."""
    removed = []
    pattern = f".{glob.escape(name) if name != '*' else '*'}.*.tmp"
    for p in sorted(folder.glob(pattern)):
        rest = p.name[1:-len(".tmp")]
        if name != "*":
            rest = rest[len(name) + 1:]
        parts = rest.split(".")
        pid = next((int(x) for x in parts if x.isdigit()), None)
        if pid is not None and _pid_alive(pid):
            continue
        with contextlib.suppress(FileNotFoundError):
            p.unlink()
        removed.append(p)
    return removed


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder and a rename,
    so that a reader never sees a half-written file and a failure leaves the old file."""
    with atomic_writer(path) as fh:
        fh.write(data)


# --- switching a whole folder of exports ----------------------------------------------------

_RENAME_EXCHANGE = 2  # linux/fs.h
_AT_FDCWD = -100


def _pid_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _owner_pid(name: str, prefix: str) -> int | None:
    """The writer's pid in a temporary name ``<prefix><pid>-...``; None if it has none."""
    rest = name[len(prefix):]
    head = rest.split("-", 1)[0].split(".", 1)[0]
    return int(head) if head.isdigit() else None


def _exchange(a: Path, b: Path) -> None:
    """Swap two directory entries atomically (Linux ``renameat2(RENAME_EXCHANGE)``).

    Raises:
        OSError: not supported here (other systems, old kernels, some file systems).
    """
    import ctypes
    import ctypes.util

    libc = ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)
    fn = getattr(libc, "renameat2", None)
    if fn is None:
        raise OSError(errno.ENOSYS, "renameat2 is not available")
    fn.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    if fn(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) != 0:
        err = ctypes.get_errno()
        raise OSError(err, os.strerror(err))


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()


def clean_stale(target: Path) -> list[Path]:
    """Remove what killed builds left around ``target`` (a folder of exports).

    Temporary folders beside it (``.exports.new-<pid>-*``, ``.exports.old-<pid>-*``) and
    temporary files inside it (``.<file>.<pid>.*.tmp``) whose writer is no longer running.
    If ``target`` itself is missing (killed between the two renames of the fallback switch)
    the previous folder is put back.

    Returns:
        The paths removed or restored.
    """
    target = Path(target)
    done: list[Path] = []
    parent = target.parent
    if parent.is_dir():
        for kind in ("old", "new"):  # restore an old folder before removing new ones
            prefix = f".{target.name}.{kind}-"
            for p in sorted(parent.glob(f"{glob.escape(prefix)}*")):
                pid = _owner_pid(p.name, prefix)
                if pid is not None and _pid_alive(pid):
                    continue
                if kind == "old" and not os.path.lexists(target):
                    os.rename(p, target)
                else:
                    _remove(p)
                done.append(p)
    if target.is_dir():
        done += _remove_dead_temps(target)
    return done


def write_tree(target: Path | str, files: dict[str, bytes]) -> None:
    """Replace the folder ``target`` as a whole by one holding ``files``.

    The new folder is written beside it (``.<name>.new-<pid>-*``) and swapped in with one
    atomic exchange of the two directory entries, then the old one is removed: a reader, or a
    kill at any moment, sees ``target`` entirely old or entirely new. Files in the old folder
    that the build does not produce are carried over (hard links). Where the exchange is not
    supported the switch falls back to two renames; a kill between them leaves the old
    folder beside ``target``, which :func:`clean_stale` (run first by every build) restores.

    ``target`` stays a plain directory (what git tracks); a symbolic link to a folder is
    followed and the folder it points at is switched.
    """
    target = Path(target)
    if target.is_symlink():
        target = target.resolve()
    target = target.absolute()
    target.parent.mkdir(parents=True, exist_ok=True)
    clean_stale(target)
    new = Path(tempfile.mkdtemp(prefix=f".{target.name}.new-{os.getpid()}-", dir=target.parent))
    try:
        for name in sorted(files):
            _write_file(new / name, files[name])
        if target.is_dir():
            for p in sorted(target.iterdir()):
                if p.name in files or (p.name.startswith(".") and p.name.endswith(".tmp")):
                    continue
                _carry_over(p, new / p.name)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(new, 0o777 & ~umask)
        if not os.path.lexists(target):
            os.rename(new, target)
            return
        try:
            _exchange(new, target)
        except OSError:
            old = target.parent / f".{target.name}.old-{os.getpid()}-{secrets.token_hex(4)}"
            os.rename(target, old)
            os.rename(new, target)
            _remove(old)
            return
        _remove(new)  # after the exchange it holds the old exports
    except BaseException:
        _remove(new)
        raise


def _write_file(path: Path, data: bytes) -> None:
    with open(path, "xb") as fh:
        fh.write(data)
    os.chmod(path, 0o644)


def _carry_over(src: Path, dst: Path) -> None:
    if src.is_dir() and not src.is_symlink():
        shutil.copytree(src, dst, symlinks=True, copy_function=_link_or_copy)
    elif src.is_symlink():
        os.symlink(os.readlink(src), dst)
    else:
        _link_or_copy(str(src), str(dst))


def _link_or_copy(src: str, dst: str) -> None:
    try:
        os.link(src, dst)
    except OSError:
        shutil.copy2(src, dst)


def ntriples_bytes(g: Graph) -> bytes:
    """Sorted N-Triples (no blank nodes in the graph, so sorting makes it byte-stable)."""
    lines = g.serialize(format="nt", encoding="utf-8").decode("utf-8").splitlines()
    return ("\n".join(sorted(set(x for x in lines if x.strip()))) + "\n").encode("utf-8")


def turtle_bytes(g: Graph) -> bytes:
    """Stable Turtle (rdflib's ``longturtle`` sorts subjects and predicates)."""
    return g.serialize(format="longturtle", encoding="utf-8")


#: JSON-LD prefixes must end in '/' or '#' to act as prefixes for JSON-LD 1.1 processors; OBO
#: IRIs (``.../obo/ECO_0000033``) are written with this one instead of ``ECO:`` (``..._``).
JSONLD_EXTRA_PREFIXES = {"obo": "http://purl.obolibrary.org/obo/"}
_XSD_NS = "http://www.w3.org/2001/XMLSchema#"
_RESERVED_TERMS = {"id", "type", "graph", "context"}


def _local_name(iri: str) -> str:
    return iri.rsplit("#", 1)[-1] if "#" in iri else iri.rstrip("/").rsplit("/", 1)[-1]


def jsonld_document(g: Graph) -> dict[str, object]:
    """The graph as one JSON-LD document that plain-JSON users can read.

    The ``@context`` holds only the prefixes the document uses, ``id``/``type`` for
    ``@id``/``@type``, and one term per predicate named by its local name (``label``,
    ``inhibits``, ``reference_number``; a local name shared by two predicates stays a CURIE).
    Predicates whose values are all IRIs are typed ``@id``, so their values are plain strings;
    plain strings, canonical integers and booleans are JSON values; other literals are
    ``{"@value", "@type"}`` objects. Nodes sorted by id, values sorted: byte-stable.
    """
    spaces = {p: str(ns) for p, ns in g.namespace_manager.namespaces()
              if p and str(ns).endswith(("/", "#"))}
    spaces.update(JSONLD_EXTRA_PREFIXES)
    by_length = sorted(spaces.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    used: set[str] = set()

    def compact(iri: str) -> str:
        for p, ns in by_length:
            local = iri[len(ns):]
            if iri.startswith(ns) and local and not local.startswith("//"):
                used.add(p)
                return f"{p}:{local}"
        return iri

    def ref(node: object) -> str:
        return f"_:{node}" if isinstance(node, BNode) else compact(str(node))

    preds = sorted({p for p in g.predicates() if p != RDF.type}, key=str)
    names = Counter(_local_name(str(p)) for p in preds)
    terms: dict[str, object] = {}
    key_of: dict[object, str] = {}
    iri_valued: set[object] = set()
    for p in preds:
        name = _local_name(str(p))
        ok = (names[name] == 1 and name.isidentifier() and name not in _RESERVED_TERMS
              and name not in spaces)
        objs = list(g.objects(None, p))
        if all(not isinstance(o, Literal) for o in objs):
            iri_valued.add(p)
        key = name if ok else compact(str(p))
        key_of[p] = key
        if ok:
            terms[name] = {"@id": compact(str(p)), "@type": "@id"} if p in iri_valued \
                else compact(str(p))
        elif p in iri_valued:
            terms[key] = {"@id": key, "@type": "@id"}

    def value(p: object, o: object) -> object:
        if not isinstance(o, Literal):
            return ref(o) if p in iri_valued else {"@id": ref(o)}
        lex, dt = str(o), str(o.datatype) if o.datatype else ""
        if o.language:
            return {"@value": lex, "@language": o.language}
        if dt in ("", f"{_XSD_NS}string"):
            return lex
        if dt == f"{_XSD_NS}integer" and lex == str(_int_or_none(lex)):
            return int(lex)
        if dt == f"{_XSD_NS}boolean" and lex in ("true", "false"):
            return lex == "true"
        return {"@value": lex, "@type": compact(dt)}

    def sort_key(v: object) -> str:
        return json.dumps(v, sort_keys=True, ensure_ascii=False)

    nodes = []
    for s in sorted(set(g.subjects()), key=lambda x: (isinstance(x, BNode), str(x))):
        node: dict[str, object] = {"id": ref(s)}
        types = sorted(ref(o) for o in g.objects(s, RDF.type))
        if types:
            node["type"] = types[0] if len(types) == 1 else types
        by_key: dict[str, list[object]] = {}
        for p, o in g.predicate_objects(s):
            if p != RDF.type:
                by_key.setdefault(key_of[p], []).append(value(p, o))
        for k, vals in sorted(by_key.items()):
            vals.sort(key=sort_key)
            node[k] = vals[0] if len(vals) == 1 else vals
        nodes.append(node)
    for t in terms.values():  # prefixes used by the term definitions themselves
        compact(t if isinstance(t, str) else t["@id"])  # type: ignore[index]
    context: dict[str, object] = {"id": "@id", "type": "@type"}
    context.update({p: spaces[p] for p in sorted(used)})
    context.update(terms)
    return {"@context": context, "@graph": nodes}


def _int_or_none(lex: str) -> int | None:
    try:
        return int(lex)
    except ValueError:
        return None


def jsonld_bytes(g: Graph) -> bytes:
    """:func:`jsonld_document` as indented JSON with sorted keys."""
    doc = jsonld_document(g)
    return (json.dumps(doc, indent=1, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8")


def stats(g: Graph) -> dict[str, object]:
    """Counts of triples, instances by class and triples by predicate."""
    by_class = Counter(
        g.namespace_manager.normalizeUri(c)
        for s, c in g.subject_objects(RDF.type)
        if str(c).startswith(str(KGO)) and str(s).startswith("https://w3id.org/kmt2a-kg/id/")
    )
    by_pred = Counter(
        g.namespace_manager.normalizeUri(p)
        for s, p, _ in g
        if str(s).startswith("https://w3id.org/kmt2a-kg/id/")
    )
    assertions = sum(1 for _ in g.subjects(RDF.type, KGO.Assertion))
    return {
        "triples": len(g),
        "assertions": assertions,
        "instances_by_class": dict(sorted(by_class.items())),
        "triples_by_predicate": dict(sorted(by_pred.items())),
    }


def stats_bytes(g: Graph) -> bytes:
    """``stats`` as sorted, indented JSON."""
    return (json.dumps(stats(g), indent=2, sort_keys=True) + "\n").encode("utf-8")


#: File name -> function producing its bytes from the graph. ``build`` writes them all.
EXPORTERS: dict[str, Callable[[Graph], bytes]] = {
    "kg.ttl": turtle_bytes,
    "kg.nt": ntriples_bytes,
    "kg.jsonld": jsonld_bytes,
    "stats.json": stats_bytes,
}
