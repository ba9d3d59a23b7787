"""``python -m govnet``: the same command line as the ``govnet`` script."""

import sys

from .cli import main

if __name__ == "__main__":
    sys.exit(main())
