#!/usr/bin/env bash
# Bundles the compiled CLI (dist/main.js and everything it imports, dependencies included) into one
# ES module, dist/bundle/smoothtask.mjs, which bin/smoothtask runs. Why: Node's module loader
# spends time and memory on every one of the hundreds of files the unbundled app loads (Ink's
# `throttle` import alone pulls in all of es-toolkit); one file starts sooner and smaller
# (bench/README.md, "Runtime flags and the bundle").
#
# Whitespace and comments are left out (--minify-whitespace; names stay): V8 holds the whole
# source in the heap for as long as the program runs, and ascii.mjs keeps it a
# one-byte string. yoga-without-fetch.mjs keeps Node from loading undici at start-up, and so does
# builtins-by-require.mjs (Node's built-ins through require(), not ES facades that read every export);
# React's production builds are chosen at build time (build.mjs `define`);
# string-width-fast.mjs measures the borders, meters and charts on every line without
# Intl.Segmenter; ink-cell-renderer.mjs puts the cell renderer in place of Ink's log-update (the
# esbuild options are in scripts/bundle/build.mjs, since that plugin needs esbuild's API);
# shared-interop.mjs makes each CommonJS module's ES namespace once, not once per importer.
#
# The source map beside it (not referenced from the bundle: no cost at run time) lets
# bench/profile.ts name the original file of each profiled function.
#
# bin/smoothtask runs neither directly: it runs dist/bundle/start.cjs (src/launch/start.ts), which
# compiles the bundle's script form, smoothtask.script.js (scripts/bundle/script-form.mjs), with
# the code cache that scripts/train-code-cache.sh makes after the native build.
#
# The history writer thread (dist/history/history-writer.js) is a second, small bundle beside the
# first: src/history/recorder.ts starts it from the folder it runs from, as history-writer.mjs here.
#
# The bundle sits two folders below the checkout, as dist/cli/ and dist/native/ do, so the paths
# those modules resolve from import.meta.url (package.json, build/Release, build/bpf) still hold.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$PATH"

# A code cache of an older build must not outlive it (scripts/train-code-cache.sh makes a new one).
rm -f dist/bundle/smoothtask.codecache
node scripts/bundle/build.mjs
node scripts/bundle/shared-interop.mjs dist/bundle/smoothtask.mjs
node scripts/bundle/ascii.mjs dist/bundle/smoothtask.mjs
node scripts/bundle/script-form.mjs dist/bundle/smoothtask.mjs dist/bundle/smoothtask.script.js
