#!/usr/bin/env bash
# `npm test`: lint (zero warnings), type-check, unit, integration and browser tests.
# Exits non-zero on the first failure.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/system-deps.sh
echo "== lint"; npx biome check --error-on-warnings .
echo "== type-check"; npm run --silent typecheck
echo "== build web"; npm run --silent build
echo "== unit tests"; npx vitest run --project unit
echo "== integration tests"; npx vitest run --project integration
echo "== browser tests"; npx vitest run --project e2e
