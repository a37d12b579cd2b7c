"""One BLAS thread for the small dense products of the hypotheses.

numpy's bundled OpenBLAS starts one thread per core. On a loaded 2-core machine its
busy-waiting costs more than the arithmetic of a 171×171 product (2.88 ms CPU with 2 threads,
0.34 ms with 1; ``/work/shared/TOOLING.md``), so every dense step of the hypotheses runs on one
thread: the command line sets ``OPENBLAS_NUM_THREADS=1`` before numpy is imported (unless the
user set it), and library calls go through :func:`one_thread`, which limits the already loaded
BLAS with threadpoolctl for the duration of the call.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

__all__ = ["one_thread", "single_threaded", "default_to_one_thread"]

F = TypeVar("F", bound=Callable[..., Any])

_THREAD_VARS = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")
_depth = 0


def default_to_one_thread() -> None:
    """Before numpy is imported: one BLAS/OpenMP thread unless the environment says otherwise."""
    for var in _THREAD_VARS:
        os.environ.setdefault(var, "1")


@contextmanager
def one_thread() -> Iterator[None]:
    """Limit BLAS (and OpenMP) to one thread inside the block; re-entrant and cheap when
    nested (only the outermost block touches the thread pools)."""
    global _depth
    if _depth:
        _depth += 1
        try:
            yield
        finally:
            _depth -= 1
        return
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # pragma: no cover - threadpoolctl is a dependency
        limiter = None
    else:
        limiter = threadpool_limits(limits=1)
    _depth = 1
    try:
        yield
    finally:
        _depth = 0
        if limiter is not None:
            limiter.restore_original_limits()


def single_threaded(fn: F) -> F:
    """Decorator: run ``fn`` inside :func:`one_thread`."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        with one_thread():
            return fn(*args, **kwargs)

    return wrapper  # type: ignore[return-value]
