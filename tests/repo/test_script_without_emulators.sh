#!/usr/bin/env bash
# scripts/test.sh without the npm registry: the emulators cannot be installed, yet the test
# suite still runs, and the script then fails loudly (non-zero, naming the emulators). Runs a
# copy of scripts/ in a scratch root with stub dpkg-query, npm, cmake and ctest on PATH.
set -euo pipefail
src=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
mkdir -p "$root/scripts" "$root/stubs"
cp "$src"/scripts/lib.sh "$src"/scripts/test.sh "$root/scripts/"
echo '{}' >"$root/package-lock.json"
cat >"$root/stubs/dpkg-query" <<'STUB'
#!/bin/sh
printf 'install ok installed'
STUB
cat >"$root/stubs/npm" <<'STUB'
#!/bin/sh
echo "npm ERR! network request to https://registry.npmjs.org failed" >&2
exit 1
STUB
cat >"$root/stubs/cmake" <<'STUB'
#!/bin/sh
exit 0
STUB
cat >"$root/stubs/ctest" <<STUB
#!/bin/sh
echo ran >"$root/ctest-ran"
exit \${CTEST_RC:-0}
STUB
chmod +x "$root"/stubs/*
run() { PATH="$root/stubs:$PATH" CI= bash "$root/scripts/test.sh" 2>&1; }

for ctest_rc in 0 8; do
  rm -f "$root/ctest-ran"
  set +e
  out=$(CTEST_RC=$ctest_rc run)
  rc=$?
  set -e
  [ -f "$root/ctest-ran" ] || { echo "the tests did not run without the emulators:"; echo "$out"; exit 1; }
  [ "$rc" -ne 0 ] || { echo "test.sh exited 0 although the emulators are missing:"; echo "$out"; exit 1; }
  grep -q "FAILED: the conformance emulators" <<<"$out" || { echo "no loud failure at the end:"; echo "$out"; exit 1; }
  [ "$(tail -1 <<<"$out" | grep -c FAILED)" -eq 1 ] || { echo "the failure is not the last line:"; echo "$out"; exit 1; }
done
# With the emulators (and the Node example's packages) present and the tests passing, the script succeeds.
mkdir -p "$root/node_modules" && echo '{}' >"$root/node_modules/.package-lock.json"
touch -d '1 minute' "$root/node_modules/.package-lock.json"
mkdir -p "$root/examples/node/node_modules" && echo '{}' >"$root/examples/node/package-lock.json"
echo '{}' >"$root/examples/node/node_modules/.package-lock.json"
touch -d '1 minute' "$root/examples/node/node_modules/.package-lock.json"
out=$(CTEST_RC=0 run) || { echo "test.sh failed with the emulators present:"; echo "$out"; exit 1; }
echo "test.sh without emulators: tests ran, exit non-zero, failure named"
