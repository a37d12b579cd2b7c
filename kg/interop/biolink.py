"""Biolink categories and predicates of the graph, read from the ontology's SKOS mappings and
checked against the Biolink Model that the ``biolink-model`` package ships.

No table of mappings lives in code: a class or predicate of ``ontology/kmt2a-kg.ttl`` maps to
Biolink through ``skos:exactMatch`` (preferred), ``skos:closeMatch`` or ``skos:broadMatch``; a
class without a mapping inherits its superclass's (``rdfs:subClassOf``). A Biolink term that is
abstract or a mixin is replaced by its nearest concrete ancestor in the Biolink Model, because
KGX consumers expect instantiable categories and predicates.

The ``kgx`` package cannot be imported offline (it fetches the model at import), so the model
is read here from ``biolink_model/schema/biolink_model.yaml``.
"""

from __future__ import annotations

import functools
import importlib.resources
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import yaml
from rdflib import RDFS, Graph, URIRef
from rdflib.namespace import SKOS

from ..constants import BIOLINK, KGO
from .constants import BIOLINK_PACKAGE, BIOLINK_SCHEMA

__all__ = [
    "BiolinkModel",
    "BiolinkMapper",
    "load_biolink_model",
    "class_name",
    "slot_name",
    "NEGATION_OF",
]

#: Annotation on a predicate that states the negation of another predicate (e.g.
#: ``kgo:not_active_in_compartment kgo:negationOf kgo:active_in_compartment``): its edges are
#: exported with the other predicate's Biolink mapping and ``negated = True``.
NEGATION_OF = KGO.negationOf

_MATCH_ORDER = (SKOS.exactMatch, SKOS.closeMatch, SKOS.broadMatch)


def class_name(name: str) -> str:
    """Biolink's CamelCase form of a class name in the YAML (``named thing`` -> ``NamedThing``).

    >>> class_name("RNA product")
    'RNAProduct'
    """
    return "".join(w[:1].upper() + w[1:] for w in name.split(" "))


def slot_name(name: str) -> str:
    """Biolink's snake_case form of a slot name in the YAML (``related to`` -> ``related_to``)."""
    return name.replace(" ", "_")


@dataclass(frozen=True)
class BiolinkModel:
    """The parts of the Biolink Model that KGX export and validation need."""

    version: str
    classes: dict[str, dict[str, Any]]  # CamelCase name -> YAML definition
    slots: dict[str, dict[str, Any]]  # snake_case name -> YAML definition
    enums: dict[str, set[str]]  # enum name -> permissible values

    def _class_parent(self, name: str) -> str | None:
        parent = self.classes[name].get("is_a")
        return class_name(parent) if parent else None

    def _slot_parent(self, name: str) -> str | None:
        parent = self.slots[name].get("is_a")
        return slot_name(parent) if parent else None

    def is_category(self, name: str) -> bool:
        """True when ``name`` (``Gene`` or ``biolink:Gene``) is a class of the model."""
        return name.removeprefix("biolink:") in self.classes

    def is_concrete_category(self, name: str) -> bool:
        """True for a class that may be instantiated (neither abstract nor a mixin)."""
        d = self.classes.get(name.removeprefix("biolink:"))
        return d is not None and not d.get("abstract") and not d.get("mixin")

    def is_predicate(self, name: str) -> bool:
        """True when ``name`` is a slot that descends from ``related_to`` (a predicate)."""
        n: str | None = name.removeprefix("biolink:")
        seen: set[str] = set()
        while n and n in self.slots and n not in seen:
            if n == "related_to":
                return True
            seen.add(n)
            n = self._slot_parent(n)
        return False

    def is_concrete_predicate(self, name: str) -> bool:
        """True for a predicate that edges may use (not abstract, not a mixin, not deprecated)."""
        n = name.removeprefix("biolink:")
        d = self.slots.get(n)
        return (self.is_predicate(n) and d is not None and not d.get("abstract")
                and not d.get("mixin") and not d.get("deprecated"))

    def concrete_category(self, name: str) -> str | None:
        """The class itself or its nearest concrete ``is_a`` ancestor, or None if unknown."""
        n: str | None = name.removeprefix("biolink:")
        while n and n in self.classes:
            if self.is_concrete_category(n):
                return n
            n = self._class_parent(n)
        return None

    def concrete_predicate(self, name: str) -> str | None:
        """The predicate itself or its nearest concrete ``is_a`` ancestor, or None."""
        n: str | None = name.removeprefix("biolink:")
        if not n or not self.is_predicate(n):
            return None
        while n and n in self.slots:
            if self.is_concrete_predicate(n):
                return n
            n = self._slot_parent(n)
        return None

    def category_ancestors(self, name: str) -> list[str]:
        """The class and its ``is_a`` ancestors (up to ``Entity``), most specific first."""
        out: list[str] = []
        n: str | None = name.removeprefix("biolink:")
        while n and n in self.classes and n not in out:
            out.append(n)
            n = self._class_parent(n)
        return out


@functools.lru_cache(maxsize=1)
def load_biolink_model() -> BiolinkModel:
    """Read the Biolink Model YAML shipped by the ``biolink-model`` package.

    Returns:
        The model's classes, slots and enums, with Biolink's CamelCase/snake_case names.

    Raises:
        FileNotFoundError: the ``biolink-model`` package is not installed.
    """
    try:
        res = importlib.resources.files(BIOLINK_PACKAGE) / BIOLINK_SCHEMA
        text = res.read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError) as e:
        raise FileNotFoundError(
            f"the Biolink Model YAML ({BIOLINK_PACKAGE}/{BIOLINK_SCHEMA}) is missing: "
            "pip install biolink-model"
        ) from e
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    doc = yaml.load(text, Loader=loader)  # noqa: S506 (a safe loader)
    return BiolinkModel(
        version=str(doc.get("version", "")),
        classes={class_name(k): v or {} for k, v in doc["classes"].items()},
        slots={slot_name(k): v or {} for k, v in doc["slots"].items()},
        enums={k: set((v or {}).get("permissible_values") or {})
               for k, v in doc.get("enums", {}).items()},
    )


class BiolinkMapper:
    """Biolink category of each ontology class and predicate of each ontology property.

    Args:
        g: a graph holding the ontology's triples (the built graph does).
        model: the Biolink Model (default: the packaged one).
    """

    def __init__(self, g: Graph, model: BiolinkModel | None = None) -> None:
        self.g = g
        self.model = model or load_biolink_model()
        self._cat: dict[URIRef, str] = {}
        self._pred: dict[URIRef, tuple[str, bool]] = {}
        self.fallbacks: set[URIRef] = set()  # ontology terms with no usable Biolink mapping

    def _candidates(self, term: URIRef) -> list[str]:
        """Biolink local names mapped from ``term``, best match first (sorted within a kind)."""
        out: list[str] = []
        for rel in _MATCH_ORDER:
            names = sorted(str(o)[len(str(BIOLINK)):] for o in self.g.objects(term, rel)
                           if str(o).startswith(str(BIOLINK)))
            out += names
        return out

    def category(self, cls: URIRef) -> str:
        """The Biolink category CURIE of an ontology class (e.g. ``biolink:SmallMolecule``).

        Walks up ``rdfs:subClassOf`` until a class maps to a Biolink class; an abstract or
        mixin Biolink class is replaced by its nearest concrete ancestor. A class with no
        mapping anywhere above it gets ``biolink:NamedThing`` and is listed in
        :attr:`fallbacks`.
        """
        if cls in self._cat:
            return self._cat[cls]
        found = self._first_up(cls, RDFS.subClassOf, self.model.concrete_category)
        if found is None:
            self.fallbacks.add(cls)
            found = "NamedThing"
        self._cat[cls] = f"biolink:{found}"
        return self._cat[cls]

    def _first_up(self, start: URIRef, up: URIRef,
                  lookup: Callable[[str], str | None]) -> str | None:
        """Breadth-first from ``start`` along ``up`` (subClassOf / subPropertyOf): the first
        mapping candidate that ``lookup`` turns into a concrete Biolink term, else ``None``."""
        seen: set[URIRef] = set()
        todo = [start]
        while todo:
            node = todo.pop(0)
            if node in seen:
                continue
            seen.add(node)
            for name in self._candidates(node):
                found = lookup(name)
                if found:
                    return found
            todo += sorted(o for o in self.g.objects(node, up) if isinstance(o, URIRef))
        return None

    def predicate(self, prop: URIRef) -> tuple[str, bool]:
        """The Biolink predicate CURIE of an ontology property and whether it is negated.

        A property annotated ``kgo:negationOf q`` takes ``q``'s mapping with ``negated=True``.
        Walks up ``rdfs:subPropertyOf`` when the property has no usable mapping; the last
        resort is ``biolink:related_to`` (listed in :attr:`fallbacks`).
        """
        if prop in self._pred:
            return self._pred[prop]
        negated = False
        base = self.g.value(prop, NEGATION_OF)
        if isinstance(base, URIRef):
            negated, prop_for_map = True, base
        else:
            prop_for_map = prop
        found = self._first_up(prop_for_map, RDFS.subPropertyOf, self.model.concrete_predicate)
        if found is None:
            self.fallbacks.add(prop)
            found = "related_to"
        self._pred[prop] = (f"biolink:{found}", negated)
        return self._pred[prop]
