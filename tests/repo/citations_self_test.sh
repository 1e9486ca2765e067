#!/usr/bin/env bash
# The citation check catches what it is meant to catch: in a scratch tree, a file citing an
# undefined fact id, a missing architecture section, a missing facts section and an old design
# document fails the check, each named; the same tree without them passes; and look-alikes
# (P99 latency, an L2 cache, an S3 path segment, a hex digest) are not taken for citations.
set -euo pipefail
check=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/check_citations.sh
tree=$(mktemp -d)
trap 'rm -rf "$tree"' EXIT
mkdir -p "$tree/docs" "$tree/src"
cat >"$tree/docs/architecture.md" <<'DOC'
## §0. The pipeline
## §6. Properties
## Assertions
DOC
cat >"$tree/docs/aws-facts.md" <<'DOC'
## 1. SQS standard queues
### S13 — The DLQ move is lazy
### MD1 — DLQ move timing
DOC
cat >"$tree/src/good.cpp" <<'DOC'
// S13: lazy move (docs/architecture.md §6, §0; docs/aws-facts.md §1; MD1–S13)
// see docs/architecture.md, "Assertions"
// not citations: P99 latency, an L2 cache, s3://bucket/S7/x, digest 0xF7, ab+D9, a_S4, L9x
DOC
expect_pass() {
  local out
  if ! out=$(bash "$check" "$tree" 2>&1); then
    echo "expected the check to pass on: $(cat "$tree"/src/*)"; echo "$out"; exit 1
  fi
}
expect_failure_naming() {
  local out
  if out=$(bash "$check" "$tree" 2>&1); then
    echo "expected the check to fail on: $(cat "$tree/src/bad.cpp")"; echo "$out"; exit 1
  fi
  grep -qF -- "$1" <<<"$out" || { echo "expected the failure to name '$1':"; echo "$out"; exit 1; }
  rm "$tree/src/bad.cpp"
}
expect_pass
# (The bogus citations are assembled at run time so that this file itself cites nothing.)
printf '// %s: no such fact\n' "L""99" >"$tree/src/bad.cpp"; expect_failure_naming "cites fact L""99"
echo '// MD2 is not in the catalogue' >"$tree/src/bad.cpp"; expect_failure_naming "cites fact MD2"
printf '// (docs/architecture.md §6, %s)\n' "§""12" >"$tree/src/bad.cpp"; expect_failure_naming "§""12, which does not exist"
echo '// docs/aws-facts.md §2' >"$tree/src/bad.cpp"; expect_failure_naming "docs/aws-facts.md §2"
echo '// docs/architecture.md, "Glossary"' >"$tree/src/bad.cpp"; expect_failure_naming '"Glossary", which does not exist'
printf '// see %s §3\n' "DES""IGN.md" >"$tree/src/bad.cpp"; expect_failure_naming "design document outside the repository"
printf '// %s S13\n' "SEMAN""TICS" >"$tree/src/bad.cpp"; expect_failure_naming "design document outside the repository"
expect_pass
echo "citation check self-test: ok"
