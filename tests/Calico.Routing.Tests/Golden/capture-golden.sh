#!/usr/bin/env bash
# Regenerates the iproute2 side of the IPIP golden files: the exact netlink request iproute2 sends for each command,
# captured with strace in a scratch namespace (sequence number zeroed), as tests/data/linux/capture-golden.sh does.
# This kernel has no ipip module, so a veth named tunl0 stands in for the device (ifindex 3); eth0 is the underlay
# (ifindex 5). The routers' encodings are compared with these files byte for byte. Run as root; tests only read them.
set -euo pipefail
cd "$(dirname "$0")"
ns=routing-golden-$$
ip netns add "$ns"
trap 'ip netns del "$ns"' EXIT
x="ip netns exec $ns"
capture() { # name, command...
  local name=$1; shift
  strace -qq -e trace=sendmsg -f -e write=all "$@" 2>&1 >/dev/null | awk '
    /^sendmsg\(/ { hex = "" }
    /^ \| [0-9a-f]+  / { for (i = 3; i <= 18; i++) if ($i ~ /^[0-9a-f][0-9a-f]$/) hex = hex $i }
    END { print hex }' | sed -E 's/^(.{16}).{8}/\100000000/' > "$name.hex"
  echo "$name: $(($(wc -c < "$name.hex") / 2)) bytes"
}
# With ipip loaded the kernel creates tunl0 itself; otherwise it rejects the kind, after iproute2 sent the request.
capture ipip-link-add.iproute2 $x ip link add tunl0 mtu 1480 up type ipip || true
$x ip link add tunl0 type veth peer name t1
$x ip link add eth0 type veth peer name e1
$x ip link set tunl0 up
$x ip link set eth0 up
$x ip addr add 198.18.1.1/24 dev eth0
[ "$($x cat /sys/class/net/tunl0/ifindex)" = 3 ] && [ "$($x cat /sys/class/net/eth0/ifindex)" = 5 ] || { echo "unexpected ifindex layout" >&2; exit 1; }

capture ipip-route-add-onlink $x ip route add 198.19.2.0/26 via 198.18.2.3 dev tunl0 onlink proto 83
capture ipip-route-add-crosssubnet $x ip route add 198.19.3.0/26 via 198.18.1.2 dev eth0 proto 83
capture ipip-route-replace-onlink $x ip route replace 198.19.3.0/26 via 198.18.1.2 dev tunl0 onlink proto 83
capture ipip-route-del $x ip route del 198.19.2.0/26 via 198.18.2.3 dev tunl0 onlink
capture ipip-link-set-mtu-up $x ip link set dev tunl0 mtu 1480 up
capture ipip-addr-replace $x ip addr replace 198.19.1.1/32 dev tunl0
