"""Generator of the synthetic sample corpus (see ``sample_data/README.md``)."""
