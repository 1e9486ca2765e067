#!/usr/bin/env bash
# Every C++ source of the repository is formatted with the checked-in .clang-format.
# Fails (never skips) when clang-format is missing: scripts/test.sh installs it.
# Usage: check_format.sh [ROOT]
set -euo pipefail
root=$(cd "${1:-$(dirname "${BASH_SOURCE[0]}")/../..}" && pwd)
cd "$root"
command -v clang-format >/dev/null || { echo "clang-format is not installed (apt-get install clang-format)"; exit 1; }
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  mapfile -t files < <(git ls-files --cached --others --exclude-standard '*.cpp' '*.hpp')
else
  mapfile -t files < <(find . -name '*.[ch]pp' -not -path './build*' -not -path './node_modules/*' | sed 's|^\./||')
fi
existing=()
for f in "${files[@]}"; do [ -f "$f" ] && existing+=("$f"); done
printf '%s\0' "${existing[@]}" | xargs -0 -n 40 -P "$(nproc)" clang-format --style=file --dry-run --Werror
echo "clang-format: ${#existing[@]} files clean ($(clang-format --version | head -1))"
