#!/usr/bin/env bash
# The whole test suite: ESLint and the Prettier check, then unit, component, eBPF (as root), and
# end-to-end in tmux. Every part runs even when an earlier one failed, so one run reports all.
# Ends with one plain "tests: N passed, N failed, N skipped (...)" line, which names skipped eBPF
# tests and why and appends the lint or format check when it failed, and exits non-zero if
# anything failed.
set -uo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$PATH"
status=0
echo '== lint: eslint . --max-warnings 0'
if eslint . --max-warnings 0; then lint=ok; else lint='failed (eslint output above; npm run lint)'; status=1; fi
echo '== format: prettier --check .'
if prettier --check . --log-level warn; then format=ok; else format='failed (files listed above; npm run format writes them)'; status=1; fi
echo '== tests: vitest run'
# Ink draws nothing until exit under CI=true; end-to-end tests unset it for the app they start.
results=$(mktemp)
vitest run --reporter=default --reporter=json --outputFile.json="$results" "$@" || status=1
node scripts/test-summary.mjs "$results" "$lint" "$format" || status=1
rm -f "$results"
exit $status
