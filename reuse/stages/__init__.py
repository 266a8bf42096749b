"""The stages of the pipeline, in order: prepare, candidates, align, cluster (with boilerplate and
quotes), attribution."""
