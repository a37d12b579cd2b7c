"""hypotheses feature package."""
