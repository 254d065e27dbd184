#!/usr/bin/env bash
# calico-node memory benchmark: the Release agent on a SQLite datastore in a throw-away network namespace, for both
# builds of calico-node: the JIT build (bin/Release, what `./build.sh publish` ships; loads run-time plugins) and
# the Native AOT build (`dotnet publish src/Calico.Node -c Release -r linux-x64 -p:PublishAot=true`). For each:
#   1. start the agent, wait for /readiness (first datastore sync applied to the kernel), force a full compacting GC
#      through the diagnostic endpoint /debug/gc (enabled only by CALICO_DEBUG_ENDPOINTS=true, served on the health
#      port, here 127.0.0.1 inside the namespace), read VmRSS from /proc/PID/status: the idle resident set;
#   2. write ENDPOINTS WorkloadEndpoints of OTHER nodes (100 per node) plus their Nodes and affine IPAM blocks,
#      wait until the agent's metrics count them all (felix_cluster_num_workload_endpoints), force a GC again, read
#      VmRSS: growth per remote endpoint = (RSS after - RSS idle) / ENDPOINTS.
# Goals (issue #7): idle <= 80 MB, growth <= 10 KiB per remote endpoint.
#   benchmarks/node/run.sh [ENDPOINTS=10000]     BENCH_AOT=0 skips the Native AOT build (its publish takes minutes)
#   AGENT_ENV="DOTNET_X=1 ..." adds environment variables to the agent (for trying runtime knobs).
# Needs root and curl. Everything lives in one namespace and a temp dir per build, removed on exit; agents stopped.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
if [ "$(id -u)" != 0 ]; then echo "run as root (network namespaces, nftables)" >&2; exit 2; fi
command -v curl >/dev/null || { echo "curl is missing" >&2; exit 2; }
ENDPOINTS=${1:-10000}
WORK=$(mktemp -d /tmp/calico-memb.XXXXXX)
NS=calico-memb-$$
AGENT=
stop() { if [ -n "$AGENT" ]; then kill "$AGENT" 2>/dev/null; wait "$AGENT" 2>/dev/null; AGENT=; fi; ip netns del "$NS" 2>/dev/null; return 0; }
cleanup() { set +e; stop; rm -rf "$WORK"; }
trap cleanup EXIT

dotnet build -c Release src/Calico.Node/calico-node.csproj -nologo -v quiet -clp:ErrorsOnly
dotnet build -c Release benchmarks/node/Harness -nologo -v quiet -clp:ErrorsOnly
HARNESS=$ROOT/benchmarks/node/Harness/bin/Release/net10.0/Calico.Benchmarks.Node.dll
BUILDS=("jit:$ROOT/src/Calico.Node/bin/Release/net10.0/calico-node")
if [ "${BENCH_AOT:-1}" != 0 ]; then
  echo "publishing the Native AOT build (minutes)"
  dotnet publish -c Release -r linux-x64 -p:PublishAot=true src/Calico.Node/calico-node.csproj -o "$WORK/aot" -nologo -v quiet -clp:ErrorsOnly
  BUILDS+=("aot:$WORK/aot/calico-node")
fi

get() { ip netns exec "$NS" curl -sf -m 10 "http://127.0.0.1:$1"; }
metric() { get 9091/metrics | awk -v m="$1" '$1 == m { print $2 }'; }
rss_kib() { awk '/^VmRSS:/ { print $2 }' "/proc/$AGENT/status"; }
breakdown() { grep -E '^(RssAnon|RssFile|RssShmem|Threads)' "/proc/$AGENT/status" | tr -s ' \t' ' ' | paste -sd, -; }
settle_and_measure() { # a full compacting GC (twice, with finalizers between), then the resident set in KiB
  sleep 2; get 9099/debug/gc >/dev/null; sleep 1; get 9099/debug/gc >"$WORK/gc.txt"; sleep 1; rss_kib
}

measure_build() { # NAME BINARY -> one result line in $WORK/results
  local name=$1 bin=$2 dir="$WORK/$1"
  mkdir -p "$dir/run" "$dir/lib"
  # The node: an uplink on the remote nodes' subnet (their addresses are 10.240.x.y/16, so the noencap router's
  # routes to their blocks are on-link) and a default route, like any host.
  ip netns add "$NS"
  ip -n "$NS" link set lo up
  ip -n "$NS" link add eth0 type veth peer name peer0
  ip -n "$NS" addr add 10.240.255.1/16 dev eth0
  ip -n "$NS" link set eth0 up; ip -n "$NS" link set peer0 up
  ip -n "$NS" route add default via 10.240.255.254 dev eth0
  ip netns exec "$NS" env -i PATH="$PATH" HOME="$HOME" DOTNET_CLI_TELEMETRY_OPTOUT=1 \
    NODENAME=bench-node DATASTORE_TYPE=sqlite SQLITE_PATH="$dir/calico.db" IP=autodetect CALICO_NETWORKING_BACKEND=none \
    CALICO_IPV4POOL_CIDR=10.248.0.0/14 CALICO_IPV4POOL_BLOCK_SIZE=26 CALICO_VAR_LIB_DIR="$dir/lib" \
    FELIX_ENDPOINTSTATUSPATHPREFIX="$dir/run" FELIX_HEALTHHOST=127.0.0.1 FELIX_PROMETHEUSMETRICSENABLED=true \
    FELIX_PROMETHEUSMETRICSHOST=127.0.0.1 FELIX_IPV6SUPPORT=false CALICO_IPAM_GC_INTERVAL=0 CALICO_DEBUG_ENDPOINTS=true \
    ${AGENT_ENV:-} "$bin" >"$dir/agent.log" 2>&1 &
  AGENT=$!   # ip netns exec and env exec the agent: this is its PID
  for _ in $(seq 1 240); do
    get 9099/readiness >/dev/null 2>&1 && break
    kill -0 "$AGENT" 2>/dev/null || { echo "$name agent exited:"; tail -n 20 "$dir/agent.log"; exit 1; }
    sleep 0.5
  done
  get 9099/readiness >/dev/null || { echo "$name agent not ready:"; tail -n 20 "$dir/agent.log"; exit 1; }
  [ "$(cat "/proc/$AGENT/comm")" = calico-node ] || { echo "PID $AGENT is $(cat "/proc/$AGENT/comm"), not calico-node" >&2; exit 1; }
  local idle idle_managed loaded loaded_managed start
  idle=$(settle_and_measure); idle_managed=$(awk '/^managed_bytes/ { print $2 }' "$WORK/gc.txt")
  echo "$name idle: $(breakdown)"
  # OpenSSL costs ~5 MB resident; nothing on the SQLite path should load it (issue #7). List what did.
  echo "$name idle: OpenSSL mappings $(grep -cE 'libssl|libcrypto|Cryptography\.Native' "/proc/$AGENT/maps" || true)$(grep -oE '[^/ ]*(libssl|libcrypto|Cryptography\.Native)[^/ ]*$' "/proc/$AGENT/maps" | sort -u | sed 's/^/ /' | paste -sd, -)"
  dotnet "$HARNESS" "$dir/calico.db" "$ENDPOINTS"
  start=$(date +%s)
  until [ "$(metric felix_cluster_num_workload_endpoints)" = "$ENDPOINTS" ]; do
    kill -0 "$AGENT" 2>/dev/null || { echo "$name agent exited:"; tail -n 20 "$dir/agent.log"; exit 1; }
    [ $(($(date +%s) - start)) -lt 300 ] || { echo "$name agent did not count $ENDPOINTS endpoints in 300 s"; exit 1; }
    sleep 1
  done
  echo "$name agent processed $ENDPOINTS remote endpoints (hosts $(metric felix_cluster_num_hosts), remote block routes $(ip -n "$NS" route show proto 82 | wc -l))"
  loaded=$(settle_and_measure); loaded_managed=$(awk '/^managed_bytes/ { print $2 }' "$WORK/gc.txt")
  echo "$name at $ENDPOINTS: $(breakdown)"
  get 9099/readiness >/dev/null || { echo "$name agent not ready after the endpoints" >&2; exit 1; }
  echo "$name $idle $loaded $idle_managed $loaded_managed" >>"$WORK/results"
  stop
}

for b in "${BUILDS[@]}"; do measure_build "${b%%:*}" "${b#*:}"; done
python3 - "$WORK/results" "$ENDPOINTS" "$(cut -d' ' -f1-3 /proc/loadavg)" <<'PY'
import sys
n, load = int(sys.argv[2]), sys.argv[3]
print(f"calico-node memory, Release, after in-sync and a forced compacting GC; load average {load}:")
for line in open(sys.argv[1]):
    name, idle, loaded, im, lm = line.split(); idle, loaded, im, lm = int(idle), int(loaded), int(im), int(lm)
    label = {"jit": "JIT build        ", "aot": "Native AOT build "}[name]
    per = (loaded - idle) / n if n else 0.0
    print(f"  {label} idle RSS {idle / 1024:.1f} MiB ({idle * 1024 / 1e6:.1f} MB, managed {im / 1048576:.1f} MiB) (goal <= 80 MB): {'met' if idle * 1024 <= 80e6 else 'NOT met'}")
    print(f"  {label} at {n} remote endpoints {loaded / 1024:.1f} MiB: {per:.2f} KiB per endpoint (managed {(lm - im) / 1024 / n if n else 0:.2f}) (goal <= 10 KiB): {'met' if per <= 10 else 'NOT met'}")
PY
