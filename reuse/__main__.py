"""`python -m reuse` does what the `newsreuse` command does."""

from .cli import main

main()
