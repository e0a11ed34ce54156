"""``python -m recommender``: the command-line interface."""

import sys

from recommender.cli import main

sys.exit(main())
