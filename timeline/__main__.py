"""`python -m timeline`: the same command as `timeline`."""

from timeline.cli import main

main()
