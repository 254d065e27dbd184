#!/usr/bin/env bash
# calico-node memory benchmark: the Release agent on a SQLite datastore in a throw-away network namespace.
#   1. start the agent, wait for /readiness (first datastore sync applied to the kernel), force a full compacting GC
#      through the diagnostic endpoint /debug/gc (enabled by CALICO_DEBUG_ENDPOINTS=true, served on the health port,
#      here 127.0.0.1 inside the namespace), read VmRSS from /proc/PID/status: the idle resident set;
#   2. write ENDPOINTS WorkloadEndpoints of OTHER nodes (100 per node) plus their Nodes and affine IPAM blocks,
#      wait until the agent's metrics count them all (felix_cluster_num_workload_endpoints), force a GC again, read
#      VmRSS: growth per remote endpoint = (RSS after - RSS idle) / ENDPOINTS.
# Goals (design/performance.md): idle <= 80 MB, growth <= 10 KiB per remote endpoint.
#   benchmarks/node/run.sh [ENDPOINTS=10000]        (CONFIG=Release by default; measure Release builds only)
#   AGENT_ENV="DOTNET_X=1 ..." adds environment variables to the agent (for trying runtime knobs).
# Needs root and curl. Everything lives in one namespace and a temp dir, removed on exit; the agent is stopped.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
if [ "$(id -u)" != 0 ]; then echo "run as root (network namespaces, nftables)" >&2; exit 2; fi
command -v curl >/dev/null || { echo "curl is missing" >&2; exit 2; }
ENDPOINTS=${1:-10000}; CONFIG=${CONFIG:-Release}
dotnet build -c "$CONFIG" src/Calico.Node/calico-node.csproj -nologo -v quiet -clp:ErrorsOnly
dotnet build -c Release benchmarks/node/Harness -nologo -v quiet -clp:ErrorsOnly
NODE_BIN=$ROOT/src/Calico.Node/bin/$CONFIG/net10.0/calico-node
HARNESS=$ROOT/benchmarks/node/Harness/bin/Release/net10.0/Calico.Benchmarks.Node.dll
NS=calico-memb-$$
WORK=$(mktemp -d /tmp/calico-memb.XXXXXX)
AGENT=
cleanup() {
  set +e
  if [ -n "$AGENT" ]; then kill "$AGENT" 2>/dev/null; wait "$AGENT" 2>/dev/null; fi
  ip netns del "$NS" 2>/dev/null
  rm -rf "$WORK"
}
trap cleanup EXIT

# The node: an uplink on the remote nodes' subnet (their addresses are 10.240.x.y/16, so the noencap router's routes
# to their blocks are on-link) and a default route, like any host.
ip netns add "$NS"
ip -n "$NS" link set lo up
ip -n "$NS" link add eth0 type veth peer name peer0
ip -n "$NS" addr add 10.240.255.1/16 dev eth0
ip -n "$NS" link set eth0 up; ip -n "$NS" link set peer0 up
ip -n "$NS" route add default via 10.240.255.254 dev eth0
mkdir -p "$WORK/run" "$WORK/lib"
ip netns exec "$NS" env -i PATH="$PATH" HOME="$HOME" DOTNET_CLI_TELEMETRY_OPTOUT=1 \
  NODENAME=bench-node DATASTORE_TYPE=sqlite SQLITE_PATH="$WORK/calico.db" IP=autodetect CALICO_NETWORKING_BACKEND=none \
  CALICO_IPV4POOL_CIDR=10.248.0.0/14 CALICO_IPV4POOL_BLOCK_SIZE=26 CALICO_VAR_LIB_DIR="$WORK/lib" \
  FELIX_ENDPOINTSTATUSPATHPREFIX="$WORK/run" FELIX_HEALTHHOST=127.0.0.1 FELIX_PROMETHEUSMETRICSENABLED=true \
  FELIX_PROMETHEUSMETRICSHOST=127.0.0.1 FELIX_IPV6SUPPORT=false CALICO_IPAM_GC_INTERVAL=0 CALICO_DEBUG_ENDPOINTS=true \
  ${AGENT_ENV:-} "$NODE_BIN" >"$WORK/agent.log" 2>&1 &
AGENT=$!   # ip netns exec and env exec the agent: this is its PID

get() { ip netns exec "$NS" curl -sf -m 10 "http://127.0.0.1:$1"; }
metric() { get 9091/metrics | awk -v m="$1" '$1 == m { print $2 }'; }
rss_kib() { awk '/^VmRSS:/ { print $2 }' "/proc/$AGENT/status"; }
settle_and_measure() { # a full compacting GC (twice, with finalizers between), then the resident set in KiB
  sleep 2; get 9099/debug/gc >/dev/null; sleep 1; get 9099/debug/gc >"$WORK/gc.txt"; sleep 1; rss_kib
}

for _ in $(seq 1 240); do
  get 9099/readiness >/dev/null 2>&1 && break
  kill -0 "$AGENT" 2>/dev/null || { echo "agent exited:"; tail -n 20 "$WORK/agent.log"; exit 1; }
  sleep 0.5
done
get 9099/readiness >/dev/null || { echo "agent not ready:"; tail -n 20 "$WORK/agent.log"; exit 1; }
[ "$(cat "/proc/$AGENT/comm")" = calico-node ] || { echo "PID $AGENT is $(cat "/proc/$AGENT/comm"), not calico-node" >&2; exit 1; }
idle=$(settle_and_measure)
grep -E '^(RssAnon|RssFile|RssShmem|Threads)' "/proc/$AGENT/status" | tr -s ' \t' ' ' | paste -sd, | sed 's/^/idle: /'
idle_managed=$(awk '/^managed_bytes/ { print $2 }' "$WORK/gc.txt")

dotnet "$HARNESS" "$WORK/calico.db" "$ENDPOINTS"
start=$(date +%s)
until [ "$(metric felix_cluster_num_workload_endpoints)" = "$ENDPOINTS" ]; do
  kill -0 "$AGENT" 2>/dev/null || { echo "agent exited:"; tail -n 20 "$WORK/agent.log"; exit 1; }
  [ $(($(date +%s) - start)) -lt 300 ] || { echo "agent did not count $ENDPOINTS endpoints in 300 s (saw $(metric felix_cluster_num_workload_endpoints))"; exit 1; }
  sleep 1
done
echo "agent processed $ENDPOINTS remote endpoints in $(($(date +%s) - start)) s (hosts $(metric felix_cluster_num_hosts), remote block routes $(ip -n "$NS" route show proto 82 | wc -l))"
loaded=$(settle_and_measure)
grep -E '^(RssAnon|RssFile|RssShmem|Threads)' "/proc/$AGENT/status" | tr -s ' \t' ' ' | paste -sd, | sed "s/^/at $ENDPOINTS: /"
loaded_managed=$(awk '/^managed_bytes/ { print $2 }' "$WORK/gc.txt")
get 9099/readiness >/dev/null || { echo "agent not ready after the endpoints" >&2; exit 1; }

python3 - "$idle" "$loaded" "$ENDPOINTS" "$idle_managed" "$loaded_managed" "$(cut -d' ' -f1-3 /proc/loadavg)" <<'PY'
import sys
idle, loaded, n, im, lm, load = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), sys.argv[6]
per = (loaded - idle) / n if n else 0.0
print(f"calico-node memory ({'Release'}), after in-sync and a forced compacting GC; load average {load}:")
print(f"  idle RSS            {idle / 1024:.1f} MiB ({idle * 1024 / 1e6:.1f} MB), managed heap {im / 1048576:.1f} MiB  (goal <= 80 MB): {'met' if idle * 1024 <= 80e6 else 'NOT met'}")
print(f"  RSS at {n} remote   {loaded / 1024:.1f} MiB, managed heap {lm / 1048576:.1f} MiB")
print(f"  growth per remote endpoint = {per:.2f} KiB (managed {(lm - im) / 1024 / n if n else 0:.2f} KiB)  (goal <= 10 KiB): {'met' if per <= 10 else 'NOT met'}")
PY
