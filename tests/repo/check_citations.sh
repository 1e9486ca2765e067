#!/usr/bin/env bash
# Fails when a file of the repository cites something the repository's own docs lack:
# - a fact id (S13, L6, MD14, ...) without a "### <id>" entry in docs/aws-facts.md;
# - "docs/architecture.md §N" without a "## §N." section (or a quoted section name without
#   its heading), "docs/aws-facts.md §N" without a "## N." section;
# - the design notes the docs replaced (the upper-case names of the old design and facts files).
# Usage: check_citations.sh [ROOT]   (default: the repository holding this script)
set -euo pipefail
root=$(cd "${1:-$(dirname "${BASH_SOURCE[0]}")/../..}" && pwd)
cd "$root"
arch=docs/architecture.md
facts=docs/aws-facts.md
for f in "$arch" "$facts"; do
  [ -f "$f" ] || { echo "missing $f"; exit 1; }
done

# The files to check: tracked and new (not ignored) files when this is a git checkout.
if git -C "$root" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  mapfile -t files < <(git ls-files --cached --others --exclude-standard | sort -u)
else
  mapfile -t files < <(find . -type f -not -path './.git/*' -not -path './node_modules/*' -not -path './build*' \
                         -not -path './slsim-*' | sed 's|^\./||' | sort)
fi
checked=()
for f in "${files[@]}"; do
  case "$f" in
    node_modules/* | package-lock.json | */package-lock.json) continue ;;
  esac
  [ -f "$f" ] && grep -Iq . "$f" 2>/dev/null && checked+=("$f")
done

status=0
fail() { echo "$*"; status=1; }

# 1. Fact ids. An id is a whole token: not inside a word, a path or a hex/base64 string.
# Percentiles (P50, P99, ...) and hardware names (L2 cache) are not citations.
id_re='(?<![A-Za-z0-9_./+#])(?:S|F|L|D|G|P|MD)[1-9][0-9]{0,2}(?![A-Za-z0-9_])(?<!P50)(?<!P75)(?<!P90)(?<!P95)(?<!P99)(?<!P999)(?! cache)'
defined=$(grep -oP '^### \K(?:S|F|L|D|G|P|MD)[0-9]+(?= )' "$facts" | sort -u)
declare -A is_defined=()
for id in $defined; do is_defined[$id]=1; done
while IFS= read -r hit; do
  file=${hit%%:*}; rest=${hit#*:}; line=${rest%%:*}; id=${rest#*:}
  [ -n "${is_defined[$id]:-}" ] || fail "$file:$line: cites fact $id, which $facts does not define (add a '### $id — ...' entry)"
done < <(grep -noP "$id_re" "${checked[@]}" 2>/dev/null || true)

# 2. Sections of docs/architecture.md (§N, and quoted section names) and docs/aws-facts.md (§N).
arch_sections=$(grep -oP '^## §\K[0-9]+(?=\.)' "$arch" | sort -u)
facts_sections=$(grep -oP '^## \K[0-9]+(?=\.)' "$facts" | sort -u)
while IFS= read -r hit; do
  file=${hit%%:*}; rest=${hit#*:}; line=${rest%%:*}; cite=${rest#*:}
  for n in $(grep -oP '§\K[0-9]+' <<<"$cite"); do
    grep -qx "$n" <<<"$arch_sections" || fail "$file:$line: cites $arch §$n, which does not exist"
  done
done < <(grep -noP 'architecture\.md(?:[ ,;–-]*(?:and )?§[0-9]+)+' "${checked[@]}" 2>/dev/null || true)
while IFS= read -r hit; do
  file=${hit%%:*}; rest=${hit#*:}; line=${rest%%:*}; name=${rest#*:}
  name=${name#*\"}; name=${name%\"}
  grep -qxF "## $name" "$arch" || fail "$file:$line: cites $arch section \"$name\", which does not exist"
done < <(grep -noP 'architecture\.md, "\K[^"]+"' "${checked[@]}" 2>/dev/null | sed 's/"$//' || true)
while IFS= read -r hit; do
  file=${hit%%:*}; rest=${hit#*:}; line=${rest%%:*}; cite=${rest#*:}
  for n in $(grep -oP '§\K[0-9]+' <<<"$cite"); do
    grep -qx "$n" <<<"$facts_sections" || fail "$file:$line: cites $facts §$n, which does not exist"
  done
done < <(grep -noP 'aws-facts\.md(?:[ ,;–-]*(?:and )?§[0-9]+)+' "${checked[@]}" 2>/dev/null || true)

# 3. The documents the repository's docs replaced must not be cited any more.
old_docs='\b(?:DES''IGN|SEMAN''TICS)(?:\.md)?\b'
while IFS= read -r hit; do
  fail "${hit%%:*}: line ${hit#*:} cites a design document outside the repository; cite $arch §N or $facts ids"
done < <(grep -noP "$old_docs" "${checked[@]}" 2>/dev/null | cut -d: -f1,2 || true)

if [ $status -eq 0 ]; then
  echo "citations: ${#checked[@]} files, $(wc -w <<<"$defined") fact ids, sections §$(tr '\n' ' ' <<<"$arch_sections")ok"
fi
exit $status
