"""The package's public names: all of them resolve, and importing it stays light."""

from __future__ import annotations

import subprocess
import sys


def test_public_names_load_lazily_and_all_resolve() -> None:
    code = (
        "import sys, recommender\n"
        "assert 'sklearn' not in sys.modules, 'importing the package must not load the engine'\n"
        "missing = [n for n in recommender.__all__ if getattr(recommender, n, None) is None]\n"
        "assert not missing, missing\n"
        "assert 'sklearn' in sys.modules\n"
        "try:\n"
        "    recommender.nope\n"
        "except AttributeError as exc:\n"
        "    assert \"has no attribute 'nope'\" in str(exc)\n"
        "else:\n"
        "    raise SystemExit('no AttributeError')\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
