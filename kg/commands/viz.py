"""`kmt2a-kg` commands for this feature (stub: filled in by its issue)."""

from __future__ import annotations

import click

COMMANDS: list[click.Command] = []
BENCH_COMMANDS: list[click.Command] = []
