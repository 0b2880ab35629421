#!/usr/bin/env bash
# Makes dist/bundle/smoothtask.codecache, V8's code cache of the bundle as a start of `top` leaves
# it (src/launch/start.ts says why): runs `top` for a few refreshes in a 200x50 terminal that
# script(1) provides, quits it, and start.ts writes the cache on exit. It runs through
# bin/smoothtask, so the cache is made under the flags every start uses (V8 refuses a cache made
# under others). Without the cache SmoothTask starts as well, only slower: a failure here warns.
set -uo pipefail
cd "$(dirname "$0")/.."

out="$PWD/dist/bundle/smoothtask.codecache"
rm -f "$out"
home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT
# Not the user's configuration, and no alert rules or desktop notifications: a build must not
# notify anyone (a full disk would fire the built-in rule), nor write in the user's folders (the
# XDG variables unset, HOME a temporary one). CI unset: Ink would otherwise draw nothing until
# exit, and the cache would lack the drawing code.
printf '[alerts]\ndefault_rules = false\n\n[notifications]\ndesktop = false\n' >"$home/config.toml"
cmd="stty cols 200 rows 50; exec env -u CI -u XDG_CONFIG_HOME -u XDG_STATE_HOME -u XDG_CACHE_HOME -u XDG_DATA_HOME HOME='$home' TERM=xterm-256color SMOOTHTASK_CODE_CACHE_OUT='$out' bin/smoothtask top --config '$home/config.toml'"
(sleep 4; printf q) | timeout 30 script -qec "$cmd" /dev/null >/dev/null 2>"$home/stderr"
status=$?
if [ ! -s "$out" ]; then
  echo "build: WARNING: no start-up code cache (top exited with $status; scripts/train-code-cache.sh): starts compile the bundle anew" >&2
  head -c 2000 "$home/stderr" >&2
fi
exit 0
