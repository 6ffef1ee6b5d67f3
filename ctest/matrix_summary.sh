#!/usr/bin/env bash
# Prints the cross-check matrix as a table: one row per scenario, one column
# per pairing (server-client), from the result files run_scenario.sh wrote.
# Fails if any case failed or is missing.
set -euo pipefail
results=$1
pairings=(ours-ours ours-reference reference-ours reference-reference)
printf '%-44s' "scenario (server-client)"
for pairing in "${pairings[@]}"; do printf ' %-20s' "$pairing"; done
printf '\n'
status=0
for scenario in $(ls "$results" | grep -E '[.](ours|reference)-(ours|reference)$' | sed 's/\.[^.]*$//' | sort -u); do
  printf '%-44s' "$scenario"
  for pairing in "${pairings[@]}"; do
    file=$results/$scenario.$pairing
    if [ -f "$file" ]; then
      verdict=$(cut -d'|' -f3 "$file")
    else
      verdict=missing
    fi
    [ "$verdict" = passed ] || status=1
    printf ' %-20s' "$verdict"
  done
  printf '\n'
done
exit $status
