"""``python -m sphinx_algokader``: the command line (``cli.py``), as
``sphinx-algokader``."""

import sys

from sphinx_algokader.cli import main

sys.exit(main())
