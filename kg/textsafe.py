"""Text from the graph made inert in the human-facing text exports (Markdown, TSV, CSV).

Labels, claims and other curated strings are data: in a Markdown report they must not become
HTML (``<script>``), links or emphasis, and in a TSV/CSV opened in a spreadsheet they must not
become formulas (``=HYPERLINK(...)``). The machine-loading exports (KGX, Neo4j CSV) keep values
exactly and are checked instead (``tests/test_interop_roundtrip.py``).
"""

from __future__ import annotations

import html
import re

__all__ = ["md_text", "md_cell", "spreadsheet_cell", "FORMULA_TRIGGERS"]

#: First characters that make a spreadsheet treat a cell as a formula (OWASP "CSV injection").
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n")
_MD_SPECIAL = re.compile(r"([\\`*_\[\]|#~!])")
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def md_text(text: str) -> str:
    """``text`` for Markdown prose or a table cell: HTML special characters as entities,
    Markdown punctuation backslash-escaped, newlines as spaces.

    >>> md_text("<script>alert(1)</script> *x* [a](b) | c")
    '&lt;script&gt;alert(1)&lt;/script&gt; \\\\*x\\\\* \\\\[a\\\\](b) \\\\| c'
    >>> md_text("KMT2A::AFF1 t(4;11)")
    'KMT2A::AFF1 t(4;11)'
    """
    text = " ".join(str(text).splitlines())
    return _MD_SPECIAL.sub(r"\\\1", html.escape(text, quote=False))


md_cell = md_text


def spreadsheet_cell(text: str) -> str:
    """``text`` for a TSV/CSV cell: a value that a spreadsheet would run as a formula gets a
    leading apostrophe (numbers such as ``-0.5`` stay as they are).

    >>> spreadsheet_cell("=HYPERLINK(\\"x\\")"), spreadsheet_cell("-0.5"), spreadsheet_cell("MEN1")
    ('\\'=HYPERLINK("x")', '-0.5', 'MEN1')
    """
    text = str(text)
    if text.startswith(FORMULA_TRIGGERS) and not _NUMBER.fullmatch(text):
        return "'" + text
    return text
