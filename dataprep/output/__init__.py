"""Training-ready output: shaping (shuffle, token shards, packing), mixtures, loading."""

from dataprep.output.loader import TokenBatches

__all__ = ["TokenBatches"]
