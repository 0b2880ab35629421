#!/usr/bin/env bash
# The whole test suite: unit, component, eBPF (as root), and end-to-end in tmux. Ends with one
# plain "tests: N passed, N failed, N skipped" line, and exits non-zero if anything failed.
set -uo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$PATH"
# Ink draws nothing until exit under CI=true; end-to-end tests unset it for the app they start.
results=$(mktemp)
vitest run --reporter=default --reporter=json --outputFile.json="$results" "$@"
status=$?
node -e '
  const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  const skipped = r.numPendingTests + r.numTodoTests;
  console.log(`tests: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${skipped} skipped`);
  if (r.numTotalTests === 0) { console.error("no tests ran"); process.exit(1); }
' "$results" || status=1
rm -f "$results"
exit $status
