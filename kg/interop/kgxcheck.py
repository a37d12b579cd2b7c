"""Run KGX's own validator (``kgx validate``) offline on the KGX export.

kgx 2.6 downloads the Biolink Model when it is imported (bmt's ``Toolkit()`` default) and JSON-LD
contexts when it validates. :func:`configure_offline` points both at local files before kgx is
imported: bmt's default schema at the ``schema/biolink_model.yaml`` shipped by the
``biolink-model`` package, and kgx's ``jsonld-context`` entries at a context written from that
package's ``prefixmaps/biolink_model_prefix_map.json`` plus this project's own prefixes
(:data:`kg.interop.constants.KGX_PROJECT_PREFIXES`) and, for the ``monarch_context`` /
``obo_context`` entries, the files shipped in the ``prefixcommons`` package. kgx, bmt,
biolink-model and prefixcommons are test dependencies (``pip install ".[test]"``).

    >>> from kg.interop.kgxcheck import validate            # doctest: +SKIP
    >>> validate(["exports/kg_nodes.tsv", "exports/kg_edges.tsv"])   # doctest: +SKIP
    {}
"""

from __future__ import annotations

import importlib.resources
import json
import tempfile
from pathlib import Path
from typing import Any

from .constants import BIOLINK_PACKAGE, BIOLINK_SCHEMA, KGX_PROJECT_PREFIXES

__all__ = ["configure_offline", "validate", "context_prefixes"]

_PREFIX_MAP = "prefixmaps/biolink_model_prefix_map.json"
_configured: Path | None = None


def context_prefixes() -> dict[str, str]:
    """The prefixes kgx is given: the Biolink Model's prefix map plus the project's own."""
    text = (importlib.resources.files(BIOLINK_PACKAGE) / _PREFIX_MAP).read_text("utf-8")
    prefixes: dict[str, str] = json.loads(text)
    for p, ns in KGX_PROJECT_PREFIXES.items():
        prefixes.setdefault(p, ns)
    return prefixes


def configure_offline(workdir: Path | None = None) -> Path:
    """Make bmt and kgx read local files only; returns the JSON-LD context written for kgx.

    Must run before the first ``import kgx`` in the process (kgx builds a ``Toolkit()`` at
    import). Idempotent.
    """
    global _configured
    if _configured is not None:
        return _configured
    import bmt.toolkit

    schema = str(importlib.resources.files(BIOLINK_PACKAGE) / BIOLINK_SCHEMA)
    defaults = list(bmt.toolkit.Toolkit.__init__.__defaults__ or ())
    # (schema, predicate_map): the model from the package; no predicate-mapping file is
    # shipped, and validation does not use one.
    bmt.toolkit.Toolkit.__init__.__defaults__ = (schema, {"predicate mappings": []},
                                                 *defaults[2:])
    workdir = workdir or Path(tempfile.mkdtemp(prefix="kmt2a-kg-kgx-"))
    context = workdir / "biolink_context.jsonld"
    context.write_text(json.dumps({"@context": context_prefixes()}, indent=1, sort_keys=True),
                       encoding="utf-8")
    registry = importlib.resources.files("prefixcommons") / "registry"
    import kgx.config

    cfg = kgx.config.get_config()
    cfg["jsonld-context"] = {
        "biolink": str(context),
        "monarch_context": str(registry / "monarch_context.jsonld"),
        "obo_context": str(registry / "obo_context.jsonld"),
    }
    _configured = context
    return context


def validate(paths: list[str], input_format: str = "tsv") -> dict[str, Any]:
    """``kgx validate`` on ``paths`` offline: kgx's error dictionary (empty when valid).

    Args:
        paths: the KGX node and edge files.
        input_format: KGX input format.

    Returns:
        ``{message_level: {error_type: {message: [entities]}}}`` as kgx reports it.
    """
    configure_offline()
    from kgx.cli.cli_utils import validate as kgx_validate

    return kgx_validate(inputs=paths, input_format=input_format, input_compression=None,
                        output=None)
