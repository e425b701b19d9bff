#!/usr/bin/env bash
# The whole suite, as the README's test command runs it: lint, build, typecheck, unit tests, the real
# peers (OpenSSH, FRRouting) with the integration tests against them, and the package checks.
# Ends with one line adding up every vitest run: "N passed, N failed".
set -euo pipefail
cd "$(dirname "$0")/.."
export TURBO_TELEMETRY_DISABLED=1 DO_NOT_TRACK=1
summary=$(mktemp -d)
export PATCHBAY_TEST_SUMMARY_DIR="$summary"
peers_started=0
finish() {
  status=$?
  if [ "$peers_started" = 1 ]; then bash test/peers/teardown.sh || true; fi
  node test/summarise.js "$summary" || status=1
  rm -rf "$summary"
  exit "$status"
}
trap finish EXIT

pnpm exec biome check .
# Unused files, exports and dependencies (knip.jsonc), and import cycles in any package's source.
pnpm run check:unused
pnpm run check:cycles
pnpm exec turbo run build typecheck test --force --output-logs=new-only
# Support matrices and patchbay.plugins are generated from the plugins' definitions: fail when stale.
node tooling/plugin-docs/src/main.js --check
bash test/peers/setup.sh
peers_started=1
# One package at a time: the integration suites start servers and measure nothing, but 2 cores are few.
pnpm exec turbo run test:integration --concurrency=1 --force --output-logs=new-only
node tooling/package-check/src/main.js
