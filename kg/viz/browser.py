"""Open a page in headless Chromium (Debian's package) and record what it does.

Used by the browser tests and by ``kmt2a-kg bench viz``. Every request the page makes and
every console message and page error is recorded, so that a caller can assert that nothing
left the file and nothing failed.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .constants import CHROMIUM, CHROMIUM_ARGS

__all__ = ["PageLog", "chromium_available", "open_page", "LOCAL_SCHEMES"]

#: URL schemes that do not leave the machine.
LOCAL_SCHEMES = ("file://", "data:", "blob:", "about:")


@dataclass
class PageLog:
    """What a page did while open."""

    requests: list[str] = field(default_factory=list)
    console: list[tuple[str, str]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def external_requests(self) -> list[str]:
        """Requests to anything but the file itself and in-memory URLs."""
        return [u for u in self.requests if not u.startswith(LOCAL_SCHEMES)]

    @property
    def console_errors(self) -> list[str]:
        """Console messages of type error, and uncaught page errors."""
        return [t for kind, t in self.console if kind == "error"] + self.errors


def chromium_available() -> bool:
    """True when Debian's chromium and the playwright package are installed."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return False
    return CHROMIUM.exists()


@contextmanager
def open_page(
    path: Path, width: int = 1400, height: int = 900, wait: bool = True,
    timeout_ms: int = 60_000, fragment: str = "",
) -> Iterator[tuple[Any, PageLog]]:
    """Open an HTML file in headless Chromium.

    Args:
        path: the HTML file.
        width: viewport width in pixels.
        height: viewport height in pixels.
        wait: wait until the page reports it has drawn and settled.
        timeout_ms: how long to wait for that.
        fragment: a URL fragment (``#MEN1`` opens the page on that node).

    Yields:
        The playwright page and the :class:`PageLog` filled while it is open.
    """
    from playwright.sync_api import sync_playwright

    log = PageLog()
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": width, "height": height})
            page.on("request", lambda r: log.requests.append(r.url))
            page.on("console", lambda m: log.console.append((m.type, m.text)))
            page.on("pageerror", lambda e: log.errors.append(str(e)))
            page.goto(Path(path).resolve().as_uri() + fragment)
            if wait:
                page.wait_for_function(
                    # a function, not an expression: playwright evals expressions, and the
                    # page's Content Security Policy forbids eval
                    "() => !!window.__kgviz_timing && window.__kgviz_timing.settled !== null",
                    timeout=timeout_ms, polling=50,
                )
            yield page, log
        finally:
            browser.close()
