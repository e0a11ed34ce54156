"""``python -m recommender``: the command-line interface."""

import sys

from recommender.cli.main import main

sys.exit(main())
