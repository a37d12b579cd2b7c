"""The graph in the wider ecosystem: standard exports, a SPARQL server, merging large graphs.

- exports (written by ``kmt2a-kg build``): :mod:`.kgx` (KGX TSV with Biolink terms from
  :mod:`.biolink`), :mod:`.graphml`, :mod:`.cytoscape`, :mod:`.neo4j`, all from the one table
  of :mod:`.view`; :mod:`.artifacts` collects them;
- :mod:`.server`: ``oxigraph serve-read-only`` on loopback, Graph Store Protocol ``push``;
- :mod:`.remote`: a remote SPARQL endpoint as a :class:`kg.sparql.Engine`;
- :mod:`.merge` (with :mod:`.readers` and :mod:`.normalise`): external KGX / N-Triples /
  Turtle merged with identifier normalisation and per-edge provenance;
- :mod:`.bench`: ``kmt2a-kg bench scale``.

Submodules are imported on use (see ``README.md`` in this folder).
"""
