"""Runners: the same per-unit code, in one process (`inline`) or as Ray tasks (`ray`)."""
