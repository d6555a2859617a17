"""Loaders: source bytes -> text -> plan record. Never imports a database, rdflib or pyvis."""
