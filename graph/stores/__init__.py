"""The stores a build writes into and queries read from, behind one interface (base.py
GraphStore: write a document, delete a document, read, count the sources): the embedded
store (kglite; the default, no server) and Neo4j."""
