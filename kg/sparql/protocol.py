"""The protocol every engine implements (its own module, so that the binding layer and the
engines both import it and never each other)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol, runtime_checkable

from .results import SelectResult
from .terms import Term

__all__ = ["Engine"]


@runtime_checkable
class Engine(Protocol):
    """What the query layer needs from an engine."""

    name: str

    def select(self, query_text: str, bindings: Mapping[str, Term] | None = None
               ) -> SelectResult:
        """Run a query with its variables bound; rows of plain Python values."""
        ...
