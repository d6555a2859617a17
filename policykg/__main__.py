"""`python -m policykg`."""

from .cli import cli

cli()
