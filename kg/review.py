"""The review's text, normalised for finding anchor phrases.

The text is not shipped (CC BY-NC; the project cites it). It is looked up as described in
:func:`kg.constants.review_text_path`.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from pathlib import Path

from .constants import review_text_path

__all__ = ["normalise", "ReviewText", "load_review"]

#: HTML tags only: a literal "<" (as in "<1 year", "< 0.01%") is text, not a tag.
_TAGS = re.compile(r"</?[A-Za-z][^>]*>")
_MARKUP = re.compile(r"[*_`#|\\]")
_SPACE = re.compile(r"\s+")
_DASHES = str.maketrans({"\u2013": "-", "\u2014": "-", "\u2212": "-", "\u2010": "-", "\u2011": "-"})
_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})


def normalise(text: str) -> str:
    """Fold text for matching: NFKC, markup and HTML tags removed, dashes/quotes unified,
    whitespace collapsed, lower case.

    >>> normalise("the <i>KMT2A</i>::*AFF1*  fusion\\u2013like")
    'the kmt2a::aff1 fusion-like'
    >>> normalise("binds to  $\\\\beta$-tubulin")
    'binds to β-tubulin'
    >>> normalise("infants (<1 year of age) with MRD (< 0.01%)")
    'infants (<1 year of age) with mrd (< 0.01%)'
    """
    text = unicodedata.normalize("NFKC", text).translate(_DASHES).translate(_QUOTES)
    text = text.replace("\\beta", "β").replace("$", "")  # LaTeX math: $\\beta$ -> β
    text = _TAGS.sub("", text)
    text = _MARKUP.sub("", text)
    return _SPACE.sub(" ", text).strip().lower()


class ReviewText:
    """The review's text with a membership test for anchor phrases."""

    def __init__(self, path: Path) -> None:
        self.path = path
        raw = path.read_text(encoding="utf-8")
        # Page breaks split sentences over blank lines; normalise() joins them again.
        self._norm = normalise(raw)

    def contains(self, phrase: str) -> bool:
        """True when the whitespace- and markup-normalised phrase occurs in the review."""
        return normalise(phrase) in self._norm


@functools.lru_cache(maxsize=4)
def _load(path: str) -> ReviewText:
    return ReviewText(Path(path))


def load_review(path: Path | None = None) -> ReviewText | None:
    """Load the review's text, or return ``None`` when it cannot be found."""
    path = path or review_text_path()
    return _load(str(path)) if path else None
