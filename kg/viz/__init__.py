"""The interactive HTML explorer: a self-contained page built from the RDF graph.

``kmt2a-kg build`` writes ``exports/kg.html`` (see :mod:`kg.viz.artifacts`); ``kmt2a-kg viz``
writes focused and themed views; ``kmt2a-kg bench viz`` times the page in headless Chromium.
See ``kg/viz/README.md``.
"""
