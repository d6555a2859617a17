"""Where the graph goes: the embedded store (default), Neo4j, RDF, GraphML, maps."""
