"""Saved Cypher queries (one question per .cypher file) and the code that runs them."""
