"""Deduplication and decontamination: exact, MinHash-LSH, repeated lines, evaluation overlap."""
