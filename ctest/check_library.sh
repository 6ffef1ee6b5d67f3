#!/usr/bin/env bash
# Checks the built shared library against upstream's contract:
#   check_library.sh OUR_LIBRARY REFERENCE_LIBRARY
# - SONAME is libenet.so.7;
# - it needs nothing beyond the C runtime (libc and the dynamic loader);
# - it defines no symbol versions;
# - it exports functions only, every one of them in upstream's list (the
#   reference library's exports plus 1.3.18's two additions), and all
#   start with enet_.
set -euo pipefail
ours=$1
reference=$2
fail=0
complain() { echo "FAIL: $*"; fail=1; }

soname=$(readelf -d "$ours" | sed -n 's/.*(SONAME).*\[\(.*\)\]/\1/p')
[ "$soname" = "libenet.so.7" ] || complain "SONAME is '$soname', not libenet.so.7"

while read -r needed; do
  case "$needed" in
    libc.so.6|ld-linux-*.so.*) ;;
    *) complain "needs $needed (upstream needs only libc)" ;;
  esac
done < <(readelf -d "$ours" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p')

if readelf -V "$ours" | grep -q 'Version definition'; then
  complain "defines symbol versions"
fi

allowed=$( (nm -D --defined-only "$reference" | awk '{print $3}'; printf '%s\n' enet_host_random enet_peer_has_outgoing_commands) | sort -u)
exported=$(nm -D --defined-only "$ours" | awk '{print $3}' | sort -u)
non_functions=$(nm -D --defined-only "$ours" | awk '$2 != "T" {print $3 " (" $2 ")"}')
[ -z "$non_functions" ] || complain "exports non-function symbols: $non_functions"
extra=$(comm -23 <(echo "$exported") <(echo "$allowed"))
[ -z "$extra" ] || complain "exports symbols upstream does not have: $extra"
missing=$(comm -13 <(echo "$exported") <(echo "$allowed") | tr '\n' ' ')

count=$(echo "$exported" | wc -l)
echo "SONAME $soname; exports $count of upstream's $(echo "$allowed" | wc -l) functions"
echo "not exported yet: ${missing:-none}"
exit $fail
