"""viz feature package."""
