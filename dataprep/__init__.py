"""dataprep: pretraining data-cleaning pipeline."""
