#!/usr/bin/env bash
# The local multi-node demo (docs/demo.md): 3 node network namespaces on one shared underlay bridge, 3 calico-node
# agents on one embedded SQLite datastore, pods in two namespaces created through the `calico` CNI plugin exactly as
# a container runtime calls it (CNI_* environment + JSON config on stdin), the pod-to-pod connectivity matrix, the
# classic allow-same-namespace NetworkPolicy, the matrix again, then everything is torn down (also on failure).
# Exit 0 only if both observed matrices equal what Kubernetes NetworkPolicy semantics (written out below, not taken
# from our evaluator) say. Every address used is inside the demo's own namespaces.
set -euo pipefail
[ "$(id -u)" = 0 ] || { echo "demo: run as root (network namespaces, routes, nftables)" >&2; exit 2; }
cd "$(dirname "$0")/.."
ROOT=$PWD
CONFIG=${CONFIG:-Release}
P=cdemo                                   # prefix of every namespace and link the demo creates
WORK=$(mktemp -d /tmp/calico-demo.XXXXXX)
PIDS=()
PODS=(a1:demo-a:1 a2:demo-a:2 b1:demo-b:2 b2:demo-b:3)   # pod:namespace:node
NODES=(1 2 3)
say() { printf '\n== %s\n' "$*"; }

cleanup() {
  local rc=$?
  set +e
  if [ "$rc" != 0 ] && [ -n "${DEMO_DEBUG:-}" ]; then
    for n in "${NODES[@]}"; do
      echo "--- node-$n routes"; ip -n "$P-node$n" route 2>/dev/null
      echo "--- node-$n links"; ip -n "$P-node$n" -br link 2>/dev/null
      echo "--- node-$n nft"; ip netns exec "$P-node$n" nft list table inet calico 2>/dev/null | head -"${DEMO_DEBUG}"
    done
    for spec in "${PODS[@]}"; do pod=${spec%%:*}; echo "--- pod $pod"; ip -n "$P-pod-$pod" -br addr; ip -n "$P-pod-$pod" route; done
  fi
  say "teardown"
  for spec in "${PODS[@]}"; do
    IFS=: read -r pod ns node <<<"$spec"
    if [ -f "$WORK/$pod.added" ]; then
      cni "$node" DEL "$pod" "$ns" >/dev/null 2>&1
    fi
    [ -f "$WORK/$pod.httpd.pid" ] && kill "$(cat "$WORK/$pod.httpd.pid")" 2>/dev/null
  done
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null; done
  for n in $(ip netns list | awk '{print $1}' | grep "^$P-"); do
    ip netns exec "$n" nft delete table inet calico 2>/dev/null
    ip netns del "$n"
  done
  if [ "$rc" != 0 ] && [ -d "$WORK" ]; then
    for n in "${NODES[@]}"; do echo "--- agent node-$n log (tail)"; tail -n 15 "$WORK/node$n.log" 2>/dev/null; done
  fi
  rm -rf "$WORK"
  echo "teardown complete: $(ip netns list | grep -c "^$P-" || true) demo namespaces left"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if [ "${DEMO_NO_BUILD:-}" != 1 ]; then
  say "build calico-node and the calico CNI plugin ($CONFIG)"
  dotnet build src/Calico.Node/calico-node.csproj -c "$CONFIG" -v quiet -nologo -clp:ErrorsOnly
  dotnet build src/Calico.Cni/Calico.Cni.csproj -c "$CONFIG" -v quiet -nologo -clp:ErrorsOnly
fi
NODE_BIN=$ROOT/src/Calico.Node/bin/$CONFIG/net10.0/calico-node
CNI_BIN=$ROOT/src/Calico.Cni/bin/$CONFIG/net10.0/Calico.Cni
# CNI_PATH as a runtime sees it: executables named after the plugin types. The build output is the JIT build of the
# multi-call binary, so the two names are tiny launchers (the Native AOT publish produces real copies instead).
mkdir -p "$WORK/cni-bin"
printf '#!/bin/sh\nexec "%s" "$@"\n' "$CNI_BIN" >"$WORK/cni-bin/calico"
printf '#!/bin/sh\nexec "%s" calico-ipam "$@"\n' "$CNI_BIN" >"$WORK/cni-bin/calico-ipam"
chmod +x "$WORK/cni-bin/"*
DB=$WORK/calico.db

say "underlay: bridge in $P-underlay (10.200.0.1), nodes 10.200.0.11-13/24"
ip netns add "$P-underlay"
ip -n "$P-underlay" link add br0 type bridge
ip -n "$P-underlay" addr add 10.200.0.1/24 dev br0
ip -n "$P-underlay" link set br0 up
for n in "${NODES[@]}"; do
  ip netns add "$P-node$n"
  ip -n "$P-node$n" link set lo up
  ip -n "$P-node$n" link add eth0 type veth peer name "node$n" netns "$P-underlay"
  ip -n "$P-node$n" addr add "10.200.0.1$n/24" dev eth0
  ip -n "$P-node$n" link set eth0 up
  ip -n "$P-underlay" link set "node$n" master br0 up
  # Like any host, a default route (proxy ARP answers the pods' 169.254.1.1 only for routable addresses).
  ip -n "$P-node$n" route add default via 10.200.0.1 dev eth0
done

say "start 3 agents (SQLite $DB, backend none: direct routes between nodes on one L2)"
for n in "${NODES[@]}"; do
  mkdir -p "$WORK/node$n/run" "$WORK/node$n/lib"
  ip netns exec "$P-node$n" env -i PATH="$PATH" HOME="$HOME" DOTNET_CLI_TELEMETRY_OPTOUT=1 \
    NODENAME="node-$n" DATASTORE_TYPE=sqlite SQLITE_PATH="$DB" IP=autodetect CALICO_NETWORKING_BACKEND=none \
    CALICO_IPV4POOL_CIDR=10.244.0.0/16 CALICO_IPV4POOL_BLOCK_SIZE=26 CALICO_VAR_LIB_DIR="$WORK/node$n/lib" \
    FELIX_ENDPOINTSTATUSPATHPREFIX="$WORK/node$n/run" FELIX_HEALTHHOST=127.0.0.1 FELIX_PROMETHEUSMETRICSENABLED=true \
    FELIX_PROMETHEUSMETRICSHOST=127.0.0.1 FELIX_IPV6SUPPORT=false CALICO_IPAM_GC_INTERVAL=1m \
    "$NODE_BIN" >"$WORK/node$n.log" 2>&1 &
  PIDS+=($!)
done
for n in "${NODES[@]}"; do
  for _ in $(seq 1 120); do
    ip netns exec "$P-node$n" curl -sf -o /dev/null http://127.0.0.1:9099/readiness && break
    kill -0 "${PIDS[$((n - 1))]}" 2>/dev/null || { echo "agent node-$n exited"; exit 1; }
    sleep 0.5
  done
  ip netns exec "$P-node$n" curl -sf -o /dev/null http://127.0.0.1:9099/readiness || { echo "agent node-$n not ready"; exit 1; }
  echo "node-$n ready ($(cat "$WORK/node$n/lib/nodename"), mtu $(cat "$WORK/node$n/lib/mtu"))"
done

say "namespaces demo-a, demo-b (the kns.* profiles kube-controllers would write)"
cat >"$WORK/namespaces.yaml" <<'EOF'
apiVersion: projectcalico.org/v3
kind: Profile
metadata:
  name: kns.demo-a
spec:
  labelsToApply:
    pcns.projectcalico.org/name: demo-a
  ingress:
  - action: Allow
  egress:
  - action: Allow
---
apiVersion: projectcalico.org/v3
kind: Profile
metadata:
  name: kns.demo-b
spec:
  labelsToApply:
    pcns.projectcalico.org/name: demo-b
  ingress:
  - action: Allow
  egress:
  - action: Allow
EOF
SQLITE_PATH=$DB "$NODE_BIN" apply -f "$WORK/namespaces.yaml"

# One CNI call, as a runtime makes it, run in the node's network namespace.
cni() {
  local node=$1 cmd=$2 pod=$3 ns=$4
  cat >"$WORK/node$node/net.conf" <<EOF
{"cniVersion":"1.0.0","name":"k8s-pod-network","type":"calico","datastore_type":"sqlite","sqlite_path":"$DB",
 "nodename_file":"$WORK/node$node/lib/nodename","endpoint_status_dir":"$WORK/node$node/run/endpoint-status",
 "ipam_lock_file":"$WORK/node$node/run/ipam.lock","policy_setup_timeout_seconds":20,"ipam":{"type":"calico-ipam"}}
EOF
  ip netns exec "$P-node$node" env -i PATH="$PATH" CNI_COMMAND="$cmd" CNI_CONTAINERID="cid-$pod" \
    CNI_NETNS="/run/netns/$P-pod-$pod" CNI_IFNAME=eth0 CNI_PATH="$WORK/cni-bin" \
    CNI_ARGS="IgnoreUnknown=1;K8S_POD_NAMESPACE=$ns;K8S_POD_NAME=$pod" \
    "$WORK/cni-bin/calico" <"$WORK/node$node/net.conf"
}

say "pods through the CNI plugin (ADD returns once the agent has programmed the endpoint)"
declare -A IPOF NSOF
for spec in "${PODS[@]}"; do
  IFS=: read -r pod ns node <<<"$spec"
  ip netns add "$P-pod-$pod"
  ip -n "$P-pod-$pod" link set lo up
  result=$(cni "$node" ADD "$pod" "$ns")
  touch "$WORK/$pod.added"
  ip=$(printf '%s' "$result" | python3 -c 'import json,sys; print(json.load(sys.stdin)["ips"][0]["address"].split("/")[0])')
  IPOF[$pod]=$ip
  NSOF[$pod]=$ns
  mkdir -p "$WORK/www-$pod" && echo "$pod" >"$WORK/www-$pod/index.html"
  ip netns exec "$P-pod-$pod" busybox httpd -f -p 8080 -h "$WORK/www-$pod" &
  echo $! >"$WORK/$pod.httpd.pid"
  echo "pod $ns/$pod on node-$node: $ip"
done

NAMES=()
for spec in "${PODS[@]}"; do NAMES+=("${spec%%:*}"); done

# Observed: can <src> open TCP 8080 on <dst>? (1/0)
probe() { ip netns exec "$P-pod-$1" curl -s -m 2 "http://${IPOF[$2]}:8080/" 2>/dev/null | grep -qx "$2" && echo 1 || echo 0; }
observe() {
  local out=""
  for s in "${NAMES[@]}"; do for d in "${NAMES[@]}"; do
    [ "$s" = "$d" ] && continue
    out+="$s>$d=$(probe "$s" "$d") "
  done; done
  echo "$out"
}
# Expected, from Kubernetes NetworkPolicy semantics: with no policy every pod accepts all traffic. The
# allow-same-namespace policy (podSelector: {} in each namespace, ingress from podSelector: {}) selects every pod of
# its namespace, so a selected pod accepts ingress only from pods of the same namespace; egress is not restricted.
expect() {
  local policy=$1 out=""
  for s in "${NAMES[@]}"; do for d in "${NAMES[@]}"; do
    [ "$s" = "$d" ] && continue
    if [ "$policy" = none ] || [ "${NSOF[$s]}" = "${NSOF[$d]}" ]; then v=1; else v=0; fi
    out+="$s>$d=$v "
  done; done
  echo "$out"
}
show() {
  printf '%-8s' "from\\to"
  for d in "${NAMES[@]}"; do printf '%-10s' "${NSOF[$d]#demo-}/$d"; done; echo
  for s in "${NAMES[@]}"; do
    printf '%-8s' "${NSOF[$s]#demo-}/$s"
    for d in "${NAMES[@]}"; do
      if [ "$s" = "$d" ]; then printf '%-10s' "-"; continue; fi
      case " $1 " in *" $s>$d=1 "*) printf '%-10s' allow ;; *) printf '%-10s' DENY ;; esac
    done; echo
  done
}
# Measure until the observation equals the expectation or 10 attempts passed (policy takes effect asynchronously,
# as in any cluster); what is compared is the last observation.
measure() {
  local want=$1 got
  for attempt in $(seq 1 10); do
    got=$(observe)
    [ "$got" = "$want" ] && break
    sleep 1
  done
  echo "$got"
}

FAIL=0
[ -n "${DEMO_HOLD:-}" ] && { echo "holding ${DEMO_HOLD}s (work dir $WORK)"; sleep "$DEMO_HOLD"; }
say "connectivity matrix, no policy"
want=$(expect none); got=$(measure "$want")
show "$got"
[ "$got" = "$want" ] && echo "as expected" || { echo "UNEXPECTED: want [$want]"; FAIL=1; }

say "apply allow-same-namespace in demo-a and demo-b"
for ns in demo-a demo-b; do cat <<EOF; echo ---; done >"$WORK/policy.yaml"
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: allow-same-namespace
  namespace: $ns
spec:
  podSelector: {}
  ingress:
  - from:
    - podSelector: {}
EOF
SQLITE_PATH=$DB "$NODE_BIN" apply -f "$WORK/policy.yaml"

say "connectivity matrix, allow-same-namespace"
want=$(expect same-namespace); got=$(measure "$want")
show "$got"
[ "$got" = "$want" ] && echo "as expected" || { echo "UNEXPECTED: want [$want]"; FAIL=1; }

say "agents"
for n in "${NODES[@]}"; do
  eps=$(ip netns exec "$P-node$n" curl -sf http://127.0.0.1:9091/metrics | awk '/^felix_active_local_endpoints /{print $2}')
  pol=$(ip netns exec "$P-node$n" curl -sf http://127.0.0.1:9091/metrics | awk '/^felix_active_local_policies /{print $2}')
  echo "node-$n: active local endpoints $eps, active policies $pol (policies and namespace profiles in force on its endpoints)"
done

if [ "$FAIL" = 0 ]; then say "demo passed: observed connectivity equals Kubernetes semantics before and after the policy"; else say "demo FAILED"; fi
exit "$FAIL"
