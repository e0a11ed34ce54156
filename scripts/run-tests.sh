#!/usr/bin/env bash
# Lint, then the whole test suite. Called by `make test` (and so by CI).
# Brings up what pip cannot install: Debian's Chromium for the browser tests and a
# PostgreSQL server on loopback for the store tests (installed with apt-get when
# running as root; otherwise those tests are skipped with a note, except on CI).
set -euo pipefail
cd "$(dirname "$0")/.."

# shellcheck source=scripts/test-services.sh
source scripts/test-services.sh

.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/lint-imports --no-cache
.venv/bin/python -m pytest "$@"
