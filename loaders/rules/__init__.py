"""Extraction rules, one concern per module (doc numbers, responsibility, deadlines ...)."""
