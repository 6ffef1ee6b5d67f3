#!/usr/bin/env bash
# Turns raw "side metric value" lines (from run.sh) into a table of medians
# and ours/upstream ratios, with the direction of "better" and the issue's
# target per row (from bench/targets.txt), and writes the same as CSV.
#
#   bench/summarize.sh raw.txt rounds results.csv
set -euo pipefail
cd "$(dirname "$0")/.."
raw=$1 rounds=$2 csv=$3
when=$(date -u '+%Y-%m-%d %H:%M UTC')
cpu=$(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)
machine="$(nproc) CPUs, ${cpu:-unknown CPU}, Linux $(uname -r)"

awk -v when="$when" -v machine="$machine" -v rounds="$rounds" -v csv="$csv" '
  # Range of the runs relative to their median, in percent: how far to trust a ratio.
  function spread(list, mid,    n, v, i, lo, hi) {
    n = split(list, v, " "); lo = hi = v[1] + 0
    for (i = 2; i <= n; i++) { if (v[i] + 0 < lo) lo = v[i] + 0; if (v[i] + 0 > hi) hi = v[i] + 0 }
    return (mid != 0) ? sprintf("%.0f", 100 * (hi - lo) / mid) : "0"
  }
  function median(list,    n, v, i, j, t) {
    n = split(list, v, " ")
    for (i = 2; i <= n; i++) for (j = i; j > 1 && v[j - 1] + 0 > v[j] + 0; j--) { t = v[j]; v[j] = v[j - 1]; v[j - 1] = t }
    return (n % 2) ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
  }
  # Targets are ratios; "nomore" (loss) compares the medians themselves.
  function met(target, ratio, ours, up) {
    if (target == "-") return "-"
    if (target == "nomore") return (ours <= up) ? "yes" : "NO"
    if (ratio == "") return "?"
    if (substr(target, 1, 2) == ">=") return (ratio >= substr(target, 3) + 0) ? "yes" : "NO"
    if (substr(target, 1, 2) == "<=") return (ratio <= substr(target, 3) + 0) ? "yes" : "NO"
    return "?"
  }
  FNR == NR { if ($1 !~ /^#/ && NF >= 3) { order[++count] = $1; better[$1] = $2; target[$1] = $3 } next }
  { values[$1, $2] = values[$1, $2] " " $3; if (!(($2) in better)) { order[++count] = $2; better[$2] = "?"; target[$2] = "-" } }
  END {
    printf "ENet benchmark: medians of %s interleaved rounds, %s\nmachine: %s\n\n", rounds, when, machine
    printf "%-37s %-7s %12s %12s %8s %7s %4s %11s\n", "metric", "better", "upstream", "ours", "ours/up", "target", "met", "range% u/o"
    print "# ENet benchmark, medians of " rounds " interleaved rounds, " when ", " machine > csv
    print "metric,better,upstream_median,ours_median,ratio,target,met,upstream_range_pct,ours_range_pct" >> csv
    for (i = 1; i <= count; i++) {
      m = order[i]
      if (!((("upstream", m) in values) && (("ours", m) in values)) || seen[m]++) continue
      up = median(values["upstream", m]); ours = median(values["ours", m])
      ratio = (up != 0) ? sprintf("%.3f", ours / up) : ""
      ok = met(target[m], ratio, ours, up)
      su = spread(values["upstream", m], up); so = spread(values["ours", m], ours)
      printf "%-37s %-7s %12.6g %12.6g %8s %7s %4s %11s\n", m, better[m], up, ours, (ratio == "" ? "-" : ratio), target[m], ok, su "/" so
      printf "%s,%s,%.6g,%.6g,%s,%s,%s,%s,%s\n", m, better[m], up, ours, ratio, target[m], ok, su, so >> csv
    }
  }' bench/targets.txt "$raw"
echo
echo "CSV: $csv"
