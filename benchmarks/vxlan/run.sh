#!/usr/bin/env bash
# VXLAN routing benchmark: pod-to-pod TCP across two nodes over vxlan.calico as programmed by the SDK's vxlan router,
# against the same VXLAN path built by hand with ip(8)/bridge(8) (Felix's layout: VNI 4096, port 4789, nolearning,
# derived VTEP MACs, permanent neighbour and FDB entries, onlink routes), and a bare veth pair for scale. iperf3 with
# both ends pinned to one CPU; runs alternate so drift hits both sides. Goal: SDK >= 0.90x hand-built.
#   benchmarks/vxlan/run.sh [RUNS=7] [IPERF_SECONDS=5]      (BENCH_CPU selects the CPU, default 1)
#   BENCH_FAMILY=6 benchmarks/vxlan/run.sh ...               the same over vxlan-v6.calico: IPv6 underlay fd00:18::/64,
#                                                            IPv6 pods, MTU 1430 (1500 - 70), Felix's v6 layout
#   (BENCH_FAMILY unset: IPv4, then IPv6; BENCH_FAMILY=4 only IPv4)
# Needs root, iproute2 and iperf3 (./build.sh bench installs iperf3; this script installs nothing).
# Everything runs in fresh network namespaces (198.18.0.0/15 addresses only inside them), removed on exit.
set -euo pipefail
cd "$(dirname "$0")/../.."
if [ "$(id -u)" != 0 ]; then echo "run as root (network namespaces)" >&2; exit 2; fi
for t in iperf3 taskset ip bridge ss python3; do
  command -v "$t" >/dev/null || { echo "$t is missing (./build.sh bench installs iperf3)" >&2; exit 2; }
done
if [ -z "${BENCH_FAMILY:-}" ]; then
  BENCH_FAMILY=4 bash "$0" "$@"; BENCH_FAMILY=6 bash "$0" "$@"; exit
fi
RUNS=${1:-7}; SECS=${2:-5}; CPU=${BENCH_CPU:-1}; FAMILY=$BENCH_FAMILY
case "$FAMILY" in
  4) DEV=vxlan.calico; MTU=1450; POD2=198.19.2.2; VETH2=198.18.9.2 ;;
  6) DEV=vxlan-v6.calico; MTU=1430; POD2=fd00:19:2::2; VETH2=fd00:18:9::2 ;;
  *) echo "BENCH_FAMILY must be 4 or 6, not '$FAMILY'" >&2; exit 2 ;;
esac
dotnet build -c Release benchmarks/vxlan/Harness -nologo -v quiet >/dev/null
HARNESS=benchmarks/vxlan/Harness/bin/Release/net10.0/Calico.Benchmarks.Vxlan.dll
P=calico-vxb-$$
cleanup() { for n in n1 n2 p1 p2 va vb; do ip netns del "$P-$n" 2>/dev/null || true; done; }
trap cleanup EXIT

# Two nodes joined by a veth underlay, each with one pod plumbed like Calico's CNI plugin (MTU 1500 - 50, v6: - 70).
for n in n1 n2 p1 p2 va vb; do ip netns add "$P-$n"; ip -n "$P-$n" link set lo up; done
ip link add eth0 netns "$P-n1" type veth peer name eth0 netns "$P-n2"
for i in 1 2; do
  h="$P-n$i"; p="$P-p$i"
  ip -n "$h" addr add "198.18.0.$i/24" dev eth0; ip -n "$h" link set eth0 up
  # A default route, as real hosts have: proxy ARP answers the pods' 169.254.1.1 only for routable addresses.
  ip -n "$h" route add default via 198.18.0.254 dev eth0
  ip netns exec "$h" sysctl -qw net.ipv4.ip_forward=1
  ip link add "cali$i" netns "$h" mtu $MTU address ee:ee:ee:ee:ee:ee type veth peer name eth0 netns "$p" mtu $MTU
  ip netns exec "$h" sysctl -qw "net.ipv4.conf.cali$i.proxy_arp=1" "net.ipv4.neigh.cali$i.proxy_delay=0"
  if [ "$FAMILY" = 6 ]; then
    # Calico's IPv6 pod plumbing: no DAD, the pod's default route via the host end's link-local fe80::ecee:eeff:feee:eeee.
    ip netns exec "$h" sysctl -qw net.ipv6.conf.all.forwarding=1 "net.ipv6.conf.cali$i.accept_dad=0"
    ip netns exec "$p" sysctl -qw net.ipv6.conf.eth0.accept_dad=0
    ip -n "$h" addr add "fd00:18::$i/64" dev eth0 nodad
  fi
  ip -n "$h" link set "cali$i" up
  ip -n "$h" route add "198.19.$i.2/32" dev "cali$i" proto 80
  ip -n "$p" addr add "198.19.$i.2/32" dev eth0; ip -n "$p" link set eth0 up
  ip -n "$p" route add 169.254.1.1 dev eth0 scope link; ip -n "$p" route add default via 169.254.1.1
  if [ "$FAMILY" = 6 ]; then
    ip -n "$h" -6 route add "fd00:19:$i::2/128" dev "cali$i" proto 80
    ip -n "$p" addr add "fd00:19:$i::2/128" dev eth0 nodad
    ip -n "$p" -6 route add default via fe80::ecee:eeff:feee:eeee dev eth0
  fi
done
# The bare veth pair.
ip link add eth0 netns "$P-va" type veth peer name eth0 netns "$P-vb"
ip -n "$P-va" addr add 198.18.9.1/24 dev eth0; ip -n "$P-va" link set eth0 up
ip -n "$P-vb" addr add 198.18.9.2/24 dev eth0; ip -n "$P-vb" link set eth0 up
ip -n "$P-va" addr add fd00:18:9::1/64 dev eth0 nodad; ip -n "$P-vb" addr add fd00:18:9::2/64 dev eth0 nodad

mac() { printf '%s' "$1" | sha1sum | sed -E 's/^(..)(..)(..)(..)(..).*/66:\1:\2:\3:\4:\5/'; }
hand() { if [ "$FAMILY" = 6 ]; then hand6; else hand4; fi; }
hand6() {
  for i in 1 2; do
    local j=$((3 - i)) x="ip netns exec $P-n$i"
    $x ip link add vxlan-v6.calico address "$(mac "bench-n$i-v6")" mtu 1430 type vxlan id 4096 dstport 4789 local "fd00:18::$i" dev eth0 nolearning
    $x ip link set vxlan-v6.calico up
    $x ip addr add "fd00:19:$i::1/128" dev vxlan-v6.calico nodad
    $x ip -6 neigh add "fd00:19:$j::1" lladdr "$(mac "bench-n$j-v6")" dev vxlan-v6.calico nud permanent
    $x bridge fdb add "$(mac "bench-n$j-v6")" dev vxlan-v6.calico dst "fd00:18::$j" self permanent
    $x ip -6 route add "fd00:19:$j::/122" via "fd00:19:$j::1" dev vxlan-v6.calico onlink proto 81
  done
}
hand4() {
  for i in 1 2; do
    local j=$((3 - i)) x="ip netns exec $P-n$i"
    $x ip link add vxlan.calico address "$(mac "bench-n$i")" mtu 1450 type vxlan id 4096 dstport 4789 local "198.18.0.$i" dev eth0 nolearning
    $x ip link set vxlan.calico up
    $x ip addr add "198.19.$i.1/32" dev vxlan.calico
    $x ip neigh add "198.19.$j.1" lladdr "$(mac "bench-n$j")" dev vxlan.calico nud permanent
    $x bridge fdb add "$(mac "bench-n$j")" dev vxlan.calico dst "198.18.0.$j" self permanent
    $x ip route add "198.19.$j.0/26" via "198.19.$j.1" dev vxlan.calico onlink proto 81
  done
}
sdk() { dotnet "$HARNESS" "$P-n1" "$P-n2" "$FAMILY"; }
teardown() { for i in 1 2; do ip -n "$P-n$i" link del "$DEV"; done; }
source benchmarks/Shared/iperf.sh # measure, median (the script runs from the repo root)

S=(); H=(); V=()
for r in $(seq "$RUNS"); do
  # Alternate which side goes first, so warm-up and drift do not favour one.
  if ((r % 2)); then
    hand; H+=("$(measure "$P-p2" "$P-p1" "$POD2")"); teardown
    sdk; S+=("$(measure "$P-p2" "$P-p1" "$POD2")"); teardown
  else
    sdk; S+=("$(measure "$P-p2" "$P-p1" "$POD2")"); teardown
    hand; H+=("$(measure "$P-p2" "$P-p1" "$POD2")"); teardown
  fi
  V+=("$(measure "$P-vb" "$P-va" "$VETH2")")
  echo "run $r/$RUNS: sdk ${S[-1]} Gbit/s, hand-built ${H[-1]} Gbit/s, bare veth ${V[-1]} Gbit/s"
done
s=$(median "${S[@]}"); h=$(median "${H[@]}"); v=$(median "${V[@]}")
ratio=$(python3 -c "print('%.3f' % ($s / $h))")
echo "$DEV (IPv$FAMILY) pod-to-pod TCP, median of $RUNS x ${SECS}s, iperf3 pinned to CPU $CPU:"
echo "  SDK vxlan router  $s Gbit/s"
echo "  hand-built vxlan  $h Gbit/s"
echo "  bare veth pair    $v Gbit/s  (SDK path = $(python3 -c "print('%.2f' % ($s / $v))")x bare veth)"
echo "  ratio SDK / hand-built = $ratio (goal >= 0.90): $(python3 -c "print('met' if $ratio >= 0.90 else 'NOT met')")"
