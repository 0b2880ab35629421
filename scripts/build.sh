#!/usr/bin/env bash
# Builds everything: TypeScript into dist/ and its bundle (scripts/bundle.sh), then the BPF objects
# and the native addon.
# Last, scripts/train-code-cache.sh runs `top` once to make the code cache a start compiles with.
# The addon is optional at run time (SmoothTask falls back to /proc and `doctor` says why), so a
# native build failure is reported loudly but does not stop `npm start`; with
# SMOOTHTASK_REQUIRE_NATIVE=1 (the test suite) it is fatal.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$PATH"

tsc -p tsconfig.json
bash scripts/bundle.sh

if [ -f scripts/build-native.sh ]; then
  if ! bash scripts/build-native.sh; then
    if [ "${SMOOTHTASK_REQUIRE_NATIVE:-0}" = 1 ]; then
      echo "build: the native addon failed to build (see above)" >&2
      exit 1
    fi
    echo "build: WARNING: the native addon failed to build; SmoothTask will run on /proc only (see \`smoothtask doctor\`)" >&2
  fi
fi

bash scripts/train-code-cache.sh
