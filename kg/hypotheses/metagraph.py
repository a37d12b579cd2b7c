"""Metapaths: typed walks through the graph's schema, written as text in the config file.

A metapath alternates node classes and edge steps::

    Drug -in_drug_class> DrugClass -inhibits> Gene -member_of> ProteinComplex <depends_on- Disease

- a node position is an ontology class key (any subclass matches: ``Drug`` matches
  ``SmallMolecule``), several joined by ``|`` (``ResistanceMechanism|SequenceVariant``), or
  ``*`` for any class;
- a step is ``-p>`` (subject to object), ``<p-`` (object to subject) or ``-p-`` (either way,
  the form for symmetric predicates); ``|`` joins predicates (``-inhibits|targets>``).

>>> mp = parse_metapath("Drug -inhibits> Gene <depends_on- Disease")
>>> len(mp), mp.nodes[1], mp.steps[1].direction
(2, ('Gene',), 'backward')
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

__all__ = ["Step", "Metapath", "parse_metapath", "reverse", "join", "MetapathError"]

_EDGE = re.compile(r"^(?:-([A-Za-z_|]+)>|<([A-Za-z_|]+)-|-([A-Za-z_|]+)-)$")
_NODE = re.compile(r"^(?:\*|[A-Za-z][A-Za-z0-9_]*(?:\|[A-Za-z][A-Za-z0-9_]*)*)$")


class MetapathError(ValueError):
    """A metapath's text cannot be parsed."""


@dataclass(frozen=True)
class Step:
    """One edge step: the predicates it follows and in which direction."""

    predicates: tuple[str, ...]
    direction: str  # "forward", "backward" or "both"

    def arrow(self) -> str:
        """The step written back as text (``-inhibits>``)."""
        p = "|".join(self.predicates)
        return {"forward": f"-{p}>", "backward": f"<{p}-", "both": f"-{p}-"}[self.direction]


@dataclass(frozen=True)
class Metapath:
    """A parsed metapath: ``len(nodes) == len(steps) + 1``."""

    text: str
    nodes: tuple[tuple[str, ...], ...]
    steps: tuple[Step, ...]
    weight: float = field(default=1.0, compare=False)

    def __len__(self) -> int:
        return len(self.steps)

    def __str__(self) -> str:
        return self.text


def parse_metapath(text: str, weight: float = 1.0) -> Metapath:
    """Parse a metapath from its text form.

    Args:
        text: e.g. ``"Drug -inhibits> Gene -member_of> ProteinComplex <depends_on- Disease"``.
        weight: how much the metapath's DWPC counts in a sum of metapaths (default 1).

    Returns:
        The metapath.

    Raises:
        MetapathError: the text does not alternate classes and steps, or a token is malformed.
    """
    tokens = text.split()
    if len(tokens) < 3 or len(tokens) % 2 == 0:
        raise MetapathError(f"metapath {text!r}: expected 'Class -predicate> Class ...'")
    nodes: list[tuple[str, ...]] = []
    steps: list[Step] = []
    for i, tok in enumerate(tokens):
        if i % 2 == 0:
            if not _NODE.match(tok):
                raise MetapathError(f"metapath {text!r}: {tok!r} is not a class key")
            nodes.append(tuple(tok.split("|")))
        else:
            m = _EDGE.match(tok)
            if not m:
                raise MetapathError(
                    f"metapath {text!r}: {tok!r} is not a step (-p>, <p- or -p-)")
            fwd, back, both = m.groups()
            preds = fwd or back or both
            direction = "forward" if fwd else "backward" if back else "both"
            steps.append(Step(tuple(preds.split("|")), direction))
    return Metapath(" ".join(tokens), tuple(nodes), tuple(steps), weight)


_FLIP = {"forward": "backward", "backward": "forward", "both": "both"}


def _text(nodes: tuple[tuple[str, ...], ...], steps: tuple[Step, ...]) -> str:
    parts = ["|".join(nodes[0])]
    for st, nd in zip(steps, nodes[1:], strict=False):
        parts += [st.arrow(), "|".join(nd)]
    return " ".join(parts)


def reverse(mp: Metapath) -> Metapath:
    """The same metapath walked from its last class to its first (same DWPC, transposed).

    >>> str(reverse(parse_metapath("Drug -inhibits> Gene <depends_on- Disease")))
    'Disease -depends_on> Gene <inhibits- Drug'
    """
    nodes = tuple(reversed(mp.nodes))
    steps = tuple(Step(s.predicates, _FLIP[s.direction]) for s in reversed(mp.steps))
    return Metapath(_text(nodes, steps), nodes, steps, mp.weight)


def join(first: Metapath, second: Metapath, junction: tuple[str, ...]) -> Metapath:
    """Concatenate two metapaths at a shared position whose classes are ``junction``.

    >>> a = parse_metapath("Drug -inhibits> GeneticEntity")
    >>> b = parse_metapath("Gene <depends_on- Disease")
    >>> str(join(a, b, ("Gene",)))
    'Drug -inhibits> Gene <depends_on- Disease'
    """
    nodes = first.nodes[:-1] + (junction,) + second.nodes[1:]
    steps = first.steps + second.steps
    return Metapath(_text(nodes, steps), nodes, steps, first.weight * second.weight)
