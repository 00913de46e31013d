"""Run bif as `python -m bif_cli`."""

from bif_cli.cli import run

run()
