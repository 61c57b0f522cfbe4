#!/usr/bin/env bash
# Developer check before a commit: build, type-check everything, run the tests. Exits non-zero
# on the first failure, so `scripts/check.sh && git commit …` never commits a broken tree.
set -euo pipefail
cd "$(dirname "$0")/.."
npx tsc -b tsconfig.build.json
npx tsc -p tsconfig.json --noEmit
npx jest "$@"
