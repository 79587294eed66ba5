#!/usr/bin/env bash
# The long fuzz run: the property tests of the suite with 40x the examples (about 30-60 min
# on two cores). CI runs the same tests at the default scale within a few minutes.
#   bash benchmarks/fuzz.sh            # or SHARECHECK_FUZZ_SCALE=200 bash benchmarks/fuzz.sh
set -euo pipefail
cd "$(dirname "$0")/.."
export SHARECHECK_FUZZ_SCALE="${SHARECHECK_FUZZ_SCALE:-40}"
.venv/bin/python -m pytest -p no:cacheprovider \
  tests/test_fuzz.py tests/test_engine.py tests/test_framework.py tests/test_contradictions.py \
  -k "random or arbitrary or mutated or schema_shaped or command_line or minimal or impossible or contradiction"
