"""The one exception type of the query layer: a user error with a one-line message."""

from __future__ import annotations

__all__ = ["QueryError"]


class QueryError(ValueError):
    """A user error in a query, its name or its parameters (the message is one line)."""

    def __init__(self, message: str) -> None:
        super().__init__(" ".join(str(message).split()))
