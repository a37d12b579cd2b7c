"""Which curated files a command reads: the checkout it runs in, or the installed package's.

Kept free of heavy imports: ``kmt2a-kg`` calls :func:`source_note` before any command runs.
"""

from __future__ import annotations

import functools
from pathlib import Path

__all__ = ["find_checkout", "other_checkout", "source_note"]

_PACKAGE_DIR = Path(__file__).resolve().parent


def find_checkout(start: Path | None = None) -> Path | None:
    """The kmt2a-kg source checkout that contains ``start`` (default: the working directory).

    A checkout is a folder with a ``pyproject.toml`` naming the ``kmt2a-kg`` project and a
    ``kg/data/curation`` folder.
    """
    try:
        here = (start or Path.cwd()).resolve()
    except OSError:  # the working directory was removed
        return None
    for d in (here, *here.parents):
        project = d / "pyproject.toml"
        if project.is_file() and (d / "kg" / "data" / "curation").is_dir():
            try:
                head = project.read_text(encoding="utf-8", errors="replace")[:4000]
            except OSError:
                continue
            if 'name = "kmt2a-kg"' in head:
                return d
    return None


@functools.lru_cache(maxsize=1)
def other_checkout() -> Path | None:
    """The checkout around the working directory when it is not where this code lives
    (i.e. the package is installed, not editable, and run inside a clone); else ``None``."""
    found = find_checkout()
    if found is None or found == _PACKAGE_DIR.parent.resolve():
        return None
    return found


def source_note() -> str | None:
    """One line saying that the checkout's files are read and why, or ``None``."""
    found = other_checkout()
    if found is None:
        return None
    return (f"note: reading the curated files, ontology and queries of the checkout at {found} "
            f"(you are inside it), not the installed copy in {_PACKAGE_DIR}")
