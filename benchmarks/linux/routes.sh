#!/usr/bin/env bash
# Side-by-side route benchmark, one run, as root:
#   install: COUNT /32 routes "10.128.x.y via 10.0.0.2 dev eth0" into a fresh namespace
#            - iproute2: wall time of `ip -n NS -batch FILE` (one request per route, each acked)
#            - Calico.Sdk.Linux: NetlinkRoute opened cold inside the namespace + one NetlinkBatch (harness)
#   dump:    - iproute2: wall time of `ip -n NS route show >/dev/null`
#            - Calico.Sdk.Linux: GetRoutes() into RouteInfo objects
# Every namespace is built the same way (veth eth0 10.0.0.1/24, peer up). Median of RUNS runs (default 5).
# Goals (docs: issue 5): install rate >= 1.0x ip -batch; dump time <= 1.2x ip route show.
set -euo pipefail
COUNT=${COUNT:-10000}
RUNS=${RUNS:-5}
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
namespaces=()
cleanup() { for n in "${namespaces[@]}"; do ip netns del "$n" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

harness_project="$root/benchmarks/Calico.Benchmarks.Linux/Calico.Benchmarks.Linux.csproj"
if dotnet publish "$harness_project" -c Release -r linux-x64 -o "$work/aot" >"$work/publish.log" 2>&1 && [ -x "$work/aot/Calico.Benchmarks.Linux" ]; then
  harness=("$work/aot/Calico.Benchmarks.Linux"); mode="native AOT"
else
  dotnet build "$harness_project" -c Release -o "$work/jit" >"$work/build.log" 2>&1
  harness=(dotnet "$work/jit/Calico.Benchmarks.Linux.dll" ); mode="JIT (warm-up run first)"
fi

"${harness[@]}" selftest   # every Calico.Sdk.Linux API once, in the harness's build mode (AOT when available)

for ((i = 0; i < COUNT; i++)); do
  echo "route add 10.$((128 + (i >> 16))).$(((i >> 8) & 255)).$((i & 255))/32 via 10.0.0.2 dev eth0"
done > "$work/routes.batch"

make_ns() { # name
  ip netns add "$1"; namespaces+=("$1")
  ip -n "$1" link set lo up
  ip -n "$1" link add eth0 type veth peer name eth0p
  ip -n "$1" link set eth0 up; ip -n "$1" link set eth0p up
  ip -n "$1" addr add 10.0.0.1/24 dev eth0
}
now() { date +%s%N; }
ms() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f\n", (b - a) / 1e6 }'; }
median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

: > "$work/ip_install"; : > "$work/ip_dump"; : > "$work/sdk_install"; : > "$work/sdk_dump"
for ((run = 1; run <= RUNS; run++)); do
  a="bench-ip-$$-$run"; b="bench-sdk-$$-$run"
  make_ns "$a"; make_ns "$b"
  t0=$(now); ip -n "$a" -batch "$work/routes.batch"; t1=$(now)
  ip -n "$a" route show > /dev/null  # equal footing: the first dump of a table pays for cache misses
  t2=$(now); ip -n "$a" route show > /dev/null; t3=$(now)
  ms "$t0" "$t1" >> "$work/ip_install"; ms "$t2" "$t3" >> "$work/ip_dump"
  out=$("${harness[@]}" routes --netns "$b" --count "$COUNT" --warmup)
  echo "$out" | sed -E 's/.*install_ms=([0-9.]+).*/\1/' >> "$work/sdk_install"
  echo "$out" | sed -E 's/.*dump_ms=([0-9.]+).*/\1/' >> "$work/sdk_dump"
  shown=$(ip -n "$b" route show | wc -l)
  [ "$shown" -ge "$COUNT" ] || { echo "SDK namespace has only $shown routes" >&2; exit 1; }
  ip netns del "$a"; ip netns del "$b"
  echo "run $run: ip install $(tail -1 "$work/ip_install") ms, dump $(tail -1 "$work/ip_dump") ms | sdk install $(tail -1 "$work/sdk_install") ms, dump $(tail -1 "$work/sdk_dump") ms"
done

ipi=$(median < "$work/ip_install"); ipd=$(median < "$work/ip_dump")
sdi=$(median < "$work/sdk_install"); sdd=$(median < "$work/sdk_dump")
awk -v c="$COUNT" -v ipi="$ipi" -v ipd="$ipd" -v sdi="$sdi" -v sdd="$sdd" -v mode="$mode" -v runs="$RUNS" 'BEGIN {
  printf "routes=%d runs=%d harness=%s (medians)\n", c, runs, mode
  printf "install: ip -batch %.1f ms (%.0f routes/s) | Calico.Sdk.Linux %.1f ms (%.0f routes/s) | rate ratio %.2fx (goal >= 1.0x)\n", ipi, c / ipi * 1000, sdi, c / sdi * 1000, ipi / sdi
  printf "dump:    ip route show %.1f ms | Calico.Sdk.Linux GetRoutes %.1f ms | time ratio %.2fx (goal <= 1.2x)\n", ipd, sdd, sdd / ipd
}'
