"""Command-line commands of the feature modules (see kg/cli.py)."""
