#!/usr/bin/env bash
# Same-node pod-to-pod TCP with policy active: two pods on one node, plumbed like Calico's CNI plugin (veth, proxy
# ARP, /32 routes, 169.254.1.1 default gateway). "calico-node": the Release agent on a SQLite datastore programs the
# routes and the nftables dataplane for both WorkloadEndpoints; a GlobalNetworkPolicy on the server first matches a
# GlobalNetworkSet of 10,000 addresses (not the client's), then allows the client by selector: a connection's first
# packet is looked up in the 10,000-element set, later ones take the conntrack fast path, as in Felix.
# "hand-built": the same veth + proxy-ARP routed path with routes added by hand and no nftables at all.
# "bare veth": two namespaces on one veth pair, no routing.
# iperf3 with both ends pinned to one CPU; the sides alternate which goes first.
#   benchmarks/podnet/run.sh [RUNS=5] [IPERF_SECONDS=5]      (BENCH_CPU selects the CPU, default 1)
#   DUMP=FILE writes the agent's nftables ruleset to FILE once (to see what the packets cross).
# Needs root, iproute2, nftables and iperf3 (./build.sh bench installs iperf3). Addresses only inside the script's
# own namespaces (10.240.255.0/24 node uplink, 10.65.0.0/16 pods); all removed on exit, the agent stopped.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
if [ "$(id -u)" != 0 ]; then echo "run as root (network namespaces)" >&2; exit 2; fi
for t in iperf3 taskset ip nft ss python3 curl; do
  command -v "$t" >/dev/null || { echo "$t is missing (./build.sh bench installs iperf3)" >&2; exit 2; }
done
RUNS=${1:-5}; SECS=${2:-5}; CPU=${BENCH_CPU:-1}; CONFIG=${CONFIG:-Release}
dotnet build -c "$CONFIG" src/Calico.Node/calico-node.csproj -nologo -v quiet -clp:ErrorsOnly
NODE_BIN=$ROOT/src/Calico.Node/bin/$CONFIG/net10.0/calico-node
P=calico-pnb-$$
WORK=$(mktemp -d /tmp/calico-pnb.XXXXXX)
AGENT=
stop_agent() { if [ -n "$AGENT" ]; then kill "$AGENT" 2>/dev/null || true; wait "$AGENT" 2>/dev/null || true; AGENT=; fi; }
cleanup() { set +e; stop_agent; for n in node p1 p2 va vb; do ip netns del "$P-$n" 2>/dev/null; done; rm -rf "$WORK"; }
trap cleanup EXIT

N="$P-node"
for n in node p1 p2 va vb; do ip netns add "$P-$n"; ip -n "$P-$n" link set lo up; done
ip -n "$N" link add eth0 type veth peer name peer0
ip -n "$N" addr add 10.240.255.1/24 dev eth0
ip -n "$N" link set eth0 up; ip -n "$N" link set peer0 up
ip -n "$N" route add default via 10.240.255.254 dev eth0
ip netns exec "$N" sysctl -qw net.ipv4.ip_forward=1
for i in 1 2; do
  ip link add "calibench$i" netns "$N" type veth peer name eth0 netns "$P-p$i"
  ip netns exec "$N" sysctl -qw "net.ipv4.conf.calibench$i.proxy_arp=1" "net.ipv4.neigh.calibench$i.proxy_delay=0"
  ip -n "$N" link set "calibench$i" up
  ip -n "$P-p$i" addr add "10.65.0.$((i + 1))/32" dev eth0; ip -n "$P-p$i" link set eth0 up
  ip -n "$P-p$i" route add 169.254.1.1 dev eth0 scope link; ip -n "$P-p$i" route add default via 169.254.1.1
done
ip link add eth0 netns "$P-va" type veth peer name eth0 netns "$P-vb"
ip -n "$P-va" addr add 10.65.9.1/24 dev eth0; ip -n "$P-va" link set eth0 up
ip -n "$P-vb" addr add 10.65.9.2/24 dev eth0; ip -n "$P-vb" link set eth0 up

# The datastore: namespace profile, both endpoints, a 10,000-address GlobalNetworkSet and the server's policy.
python3 - "$WORK/resources.yaml" <<'PY'
import sys
# Every other address, so that the kernel's interval set cannot merge them into a few ranges: 10,000 elements.
nets = "\n".join(f"  - 10.{100 + i // 32768}.{(i // 128) % 256}.{(i % 128) * 2}/32" for i in range(10000))
wep = lambda i, app: f"""apiVersion: projectcalico.org/v3
kind: WorkloadEndpoint
metadata:
  name: bench--node-k8s-pod{i}-eth0
  namespace: bench
  labels: {{app: {app}, projectcalico.org/namespace: bench, projectcalico.org/orchestrator: k8s}}
spec:
  orchestrator: k8s
  node: bench-node
  pod: pod{i}
  endpoint: eth0
  containerID: cid{i}
  interfaceName: calibench{i}
  ipNetworks: [10.65.0.{i + 1}/32]
  profiles: [kns.bench]
---
"""
open(sys.argv[1], "w").write(f"""apiVersion: projectcalico.org/v3
kind: Profile
metadata:
  name: kns.bench
spec:
  labelsToApply: {{pcns.projectcalico.org/name: bench}}
  ingress: [{{action: Allow}}]
  egress: [{{action: Allow}}]
---
apiVersion: projectcalico.org/v3
kind: GlobalNetworkSet
metadata:
  name: ten-thousand
  labels: {{role: big}}
spec:
  nets:
{nets}
---
apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata:
  name: server-ingress
spec:
  selector: app == 'server'
  types: [Ingress]
  ingress:
  - action: Deny
    source: {{selector: role == 'big'}}
  - action: Allow
    protocol: TCP
    source: {{selector: app == 'client'}}
---
""" + wep(1, "client") + wep(2, "server"))
PY
SQLITE_PATH="$WORK/calico.db" "$NODE_BIN" apply -f "$WORK/resources.yaml" | tail -n 1

sdk() { # start the agent; ready once both endpoints' status files exist (routes and policy are live)
  ip netns exec "$N" env -i PATH="$PATH" HOME="$HOME" DOTNET_CLI_TELEMETRY_OPTOUT=1 \
    NODENAME=bench-node DATASTORE_TYPE=sqlite SQLITE_PATH="$WORK/calico.db" IP=autodetect CALICO_NETWORKING_BACKEND=none \
    CALICO_IPV4POOL_CIDR=10.65.0.0/16 CALICO_VAR_LIB_DIR="$WORK/lib" FELIX_ENDPOINTSTATUSPATHPREFIX="$WORK/run" \
    FELIX_HEALTHHOST=127.0.0.1 FELIX_IPV6SUPPORT=false CALICO_IPAM_GC_INTERVAL=0 "$NODE_BIN" >>"$WORK/agent.log" 2>&1 &
  AGENT=$!
  for _ in $(seq 1 240); do
    if [ -f "$WORK/run/endpoint-status/bench_bench--node-k8s-pod1-eth0" ] && [ -f "$WORK/run/endpoint-status/bench_bench--node-k8s-pod2-eth0" ]; then
      if [ -z "${CHECKED:-}" ]; then # once: the 10,000 addresses are in the kernel's ruleset
        [ -n "${DUMP:-}" ] && dump >"$DUMP"
        CHECKED=$(ip netns exec "$N" nft list table inet calico | grep -o '10\.10[0-9]\.[0-9]*\.[0-9]*' | sort -u | wc -l)
        [ "$CHECKED" -ge 10000 ] || { echo "the agent's ruleset holds $CHECKED of the 10,000 addresses" >&2; exit 1; }
        echo "agent programmed both endpoints; its ruleset holds the $CHECKED-address set"
      fi
      return 0
    fi
    kill -0 "$AGENT" 2>/dev/null || { echo "agent exited:"; tail -n 20 "$WORK/agent.log"; exit 1; }
    sleep 0.5
  done
  echo "agent did not program the endpoints:"; tail -n 20 "$WORK/agent.log"; exit 1
}
dump() { ip netns exec "$N" nft list table inet calico; }
sdk_teardown() { # the agent leaves its kernel state on stop (by design); remove it so the hand-built run has none
  stop_agent; rm -rf "$WORK/run/endpoint-status"
  ip netns exec "$N" nft delete table inet calico 2>/dev/null || true
  for i in 1 2; do ip -n "$N" route del "10.65.0.$((i + 1))/32" 2>/dev/null || true; done
}
hand() { for i in 1 2; do ip -n "$N" route add "10.65.0.$((i + 1))/32" dev "calibench$i" scope link; done; }
hand_teardown() { for i in 1 2; do ip -n "$N" route del "10.65.0.$((i + 1))/32"; done; }
source benchmarks/Shared/iperf.sh # measure, median (the script runs from the repo root)
S=(); H=(); V=()
for r in $(seq "$RUNS"); do
  if ((r % 2)); then
    hand; H+=("$(measure "$P-p2" "$P-p1" 10.65.0.3)"); hand_teardown
    sdk; S+=("$(measure "$P-p2" "$P-p1" 10.65.0.3)"); sdk_teardown
  else
    sdk; S+=("$(measure "$P-p2" "$P-p1" 10.65.0.3)"); sdk_teardown
    hand; H+=("$(measure "$P-p2" "$P-p1" 10.65.0.3)"); hand_teardown
  fi
  V+=("$(measure "$P-vb" "$P-va" 10.65.9.2)")
  echo "run $r/$RUNS: calico-node ${S[-1]} Gbit/s, hand-built ${H[-1]} Gbit/s, bare veth ${V[-1]} Gbit/s"
done
s=$(median "${S[@]}"); h=$(median "${H[@]}"); v=$(median "${V[@]}")
echo "same-node pod-to-pod TCP, median of $RUNS x ${SECS}s, iperf3 pinned to CPU $CPU; load average $(cut -d' ' -f1-3 /proc/loadavg):"
echo "  calico-node + nftables, policy with a 10,000-address set  $s Gbit/s"
echo "  hand-built veth + proxy-ARP routes, no policy             $h Gbit/s"
echo "  bare veth pair                                            $v Gbit/s"
echo "  ratio calico-node / hand-built = $(python3 -c "print('%.3f' % ($s / $h))")"
echo "  ratio calico-node / bare veth  = $(python3 -c "print('%.3f' % ($s / $v))")"
