#!/usr/bin/env bash
# Fails unless the C source calls every function the library exports:
#   check_calls_every_export.sh LIBRARY SOURCE.c
# (a call is the name followed by optional spaces and an opening
# parenthesis, outside comments).
set -euo pipefail
library=$1
source=$2
# The source without its comments, so a name mentioned in prose does not count.
code=$(sed -e ':a' -e 's@/\*[^*]*\*\+\([^/*][^*]*\*\+\)*/@@g' -e '/\/\*/{N;ba' -e '}' "$source")
missing=()
count=0
while read -r symbol; do
  count=$((count + 1))
  grep -Eq "\\b${symbol}[[:space:]]*\\(" <<<"$code" || missing+=("$symbol")
done < <(nm -D --defined-only "$library" | awk '$2 == "T" {print $3}' | sort -u)
if [ ${#missing[@]} -gt 0 ]; then
  echo "FAIL: $(basename "$source") does not call: ${missing[*]}"
  exit 1
fi
echo "$(basename "$source") calls all $count exported functions"
