"""Biolink categories and predicates of the graph, read from the ontology's SKOS mappings and
checked against the Biolink Model that the ``biolink-model`` package ships.

No table of mappings lives in code: a class or predicate of ``ontology/kmt2a-kg.ttl`` maps to
Biolink through ``skos:exactMatch`` (preferred), ``skos:closeMatch`` or ``skos:broadMatch``; a
class without a mapping inherits its superclass's (``rdfs:subClassOf``). A Biolink term that is
abstract or a mixin is replaced by its nearest concrete ancestor in the Biolink Model, because
KGX consumers expect instantiable categories and predicates.

The few facts of the model that the mapping needs (each class's and slot's ``is_a``, abstract
and mixin flags, domain and range, and the enums) ship with this package in
``biolink_model_facts.json``, so that a runtime install does not need the ``biolink-model``
package (and the linkml-runtime / prefixcommons / pytest-logging chain it brings). The file is
made from that package's ``schema/biolink_model.yaml`` by ``python -m kg.interop.biolink``, and a
test (``biolink-model`` is a test dependency) fails when the two differ.
"""

from __future__ import annotations

import functools
import importlib.resources
import json
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from rdflib import RDFS, Graph, URIRef
from rdflib.namespace import SKOS

from ..constants import BIOLINK, KGO
from .constants import BIOLINK_FACTS, BIOLINK_PACKAGE, BIOLINK_SCHEMA

__all__ = [
    "BiolinkModel",
    "BiolinkMapper",
    "load_biolink_model",
    "packaged_model",
    "model_from_yaml",
    "model_facts",
    "facts_bytes",
    "class_name",
    "slot_name",
    "NEGATION_OF",
    "QUALIFIER",
    "SUBJECT_PROPERTY",
]

#: Annotation on a predicate that states the negation of another predicate (e.g.
#: ``kgo:not_active_in_compartment kgo:negationOf kgo:active_in_compartment``): its edges are
#: exported with the other predicate's Biolink mapping and ``negated = True``.
NEGATION_OF = KGO.negationOf
#: Annotation on a predicate giving a Biolink edge qualifier as ``slot=value`` (e.g.
#: ``object_direction_qualifier=decreased`` on ``kgo:inhibits``): added to each of its edges.
QUALIFIER = KGO.biolinkQualifier
#: Annotation on a predicate naming a Biolink node property of the subject that also lists the
#: edge's objects (``kgo:studies_condition`` -> ``clinical_trial_conditions`` of a trial).
SUBJECT_PROPERTY = KGO.biolinkSubjectProperty

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


#: The fields of each class and slot that the mapper and the checks read.
_FACT_FIELDS = ("is_a", "abstract", "mixin", "deprecated", "domain", "range")


def model_from_yaml(text: str) -> BiolinkModel:
    """A :class:`BiolinkModel` from the text of ``biolink_model.yaml``."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    doc = yaml.load(text, Loader=loader)  # noqa: S506 (a safe loader)
    return BiolinkModel(
        version=str(doc.get("version", "")),
        classes={class_name(k): v or {} for k, v in doc["classes"].items()},
        slots={slot_name(k): v or {} for k, v in doc["slots"].items()},
        enums={k: set((v or {}).get("permissible_values") or {})
               for k, v in doc.get("enums", {}).items()},
    )


def model_facts(model: BiolinkModel) -> dict[str, Any]:
    """The few facts of the Biolink Model that this package uses, as sorted JSON-ready data:
    per class and slot its ``is_a``, ``abstract``, ``mixin``, ``deprecated``, ``domain`` and
    ``range`` (when set), and every enum's permissible values."""
    def keep(d: dict[str, Any]) -> dict[str, Any]:
        return {k: (str(d[k]) if k not in ("abstract", "mixin") else bool(d[k]))
                for k in _FACT_FIELDS if d.get(k) not in (None, False, "")}
    return {
        "source": f"{BIOLINK_PACKAGE}/{BIOLINK_SCHEMA}",
        "version": model.version,
        "classes": {k: keep(v) for k, v in sorted(model.classes.items())},
        "slots": {k: keep(v) for k, v in sorted(model.slots.items())},
        "enums": {k: sorted(v) for k, v in sorted(model.enums.items())},
    }


def facts_bytes(model: BiolinkModel) -> bytes:
    """:func:`model_facts` as the bytes of the shipped ``biolink_model_facts.json``."""
    text = json.dumps(model_facts(model), indent=0, sort_keys=True, ensure_ascii=False)
    return (text + "\n").encode("utf-8")


def packaged_model() -> BiolinkModel:
    """The Biolink Model read from the ``biolink-model`` package's YAML (a test dependency).

    Raises:
        FileNotFoundError: the ``biolink-model`` package is not installed.
    """
    try:
        text = (importlib.resources.files(BIOLINK_PACKAGE) / BIOLINK_SCHEMA).read_text("utf-8")
    except (ModuleNotFoundError, FileNotFoundError) as e:
        raise FileNotFoundError(
            f"the Biolink Model YAML ({BIOLINK_PACKAGE}/{BIOLINK_SCHEMA}) is missing: "
            "pip install biolink-model"
        ) from e
    return model_from_yaml(text)


@functools.lru_cache(maxsize=1)
def load_biolink_model() -> BiolinkModel:
    """The Biolink Model facts shipped with this package (``biolink_model_facts.json``, made from
    the ``biolink-model`` package by ``python -m kg.interop.biolink``; a test keeps them equal).

    Returns:
        The model's classes, slots and enums, with Biolink's CamelCase/snake_case names.
    """
    text = (importlib.resources.files(__package__) / BIOLINK_FACTS).read_text("utf-8")
    doc = json.loads(text)
    return BiolinkModel(version=doc["version"], classes=doc["classes"], slots=doc["slots"],
                        enums={k: set(v) for k, v in doc["enums"].items()})


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

    def qualifiers(self, prop: URIRef) -> tuple[tuple[str, str], ...]:
        """The Biolink qualifiers (slot, value) annotated on ``prop`` (or on the predicate it
        negates), sorted; each slot must be a Biolink slot."""
        base = self.g.value(prop, NEGATION_OF)
        src = base if isinstance(base, URIRef) else prop
        out = []
        for lit in self.g.objects(src, QUALIFIER):
            slot, sep, value = str(lit).partition("=")
            if not sep or slot not in self.model.slots:
                raise ValueError(f"{src}: kgo:biolinkQualifier {str(lit)!r} is not "
                                 "'<Biolink slot>=<value>'")
            out.append((slot, value))
        return tuple(sorted(out))

    def subject_property(self, prop: URIRef) -> str | None:
        """The Biolink node property of the subject that lists this predicate's objects."""
        v = self.g.value(prop, SUBJECT_PROPERTY)
        if v is None:
            return None
        if str(v) not in self.model.slots:
            raise ValueError(f"{prop}: kgo:biolinkSubjectProperty {v} is not a Biolink slot")
        return str(v)


def main(argv: list[str] | None = None) -> int:
    """Rewrite the shipped facts from the installed ``biolink-model`` package."""
    out = Path(__file__).with_name(BIOLINK_FACTS)
    out.write_bytes(facts_bytes(packaged_model()))
    print(f"wrote {out} (Biolink Model {packaged_model().version})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
