"""Output: filesystem helpers, Parquet shard writing, the run manifest."""
