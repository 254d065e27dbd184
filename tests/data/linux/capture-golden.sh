#!/usr/bin/env bash
# Regenerates golden/*.hex: the exact netlink request iproute2 sends for each command, captured with strace in a
# scratch namespace (sequence number zeroed). Run as root when iproute2 or the expectations change; tests only read
# the .hex files. Layout of the scratch namespace: lo=1, v1=2, v0=3 (veth), vx0=4 (vxlan).
set -euo pipefail
cd "$(dirname "$0")/golden"
ns=golden-capture-$$
ip netns add "$ns"
trap 'ip netns del "$ns"' EXIT
ip -n "$ns" link add v0 type veth peer name v1
ip -n "$ns" link set v0 up
ip -n "$ns" addr add 10.0.0.1/24 dev v0
ip -n "$ns" link add vx0 type vxlan id 42 dstport 4789 local 10.0.0.1 nolearning

capture() { # name, command...
  local name=$1; shift
  strace -qq -e trace=sendmsg -f -e write=all "$@" 2>&1 >/dev/null | awk '
    /^sendmsg\(/ { hex = "" }
    /^ \| [0-9a-f]+  / { for (i = 3; i <= 18; i++) if ($i ~ /^[0-9a-f][0-9a-f]$/) hex = hex $i }
    END { print hex }' | sed -E 's/^(.{16}).{8}/\100000000/' > "$name.hex"
  echo "$name: $(wc -c < "$name.hex") hex chars"
}
x="ip netns exec $ns"
capture route-add-gateway-metric $x ip route add 10.1.2.0/24 via 10.0.0.2 metric 7 dev v0
capture route-add-blackhole-table $x ip route add blackhole 10.9.0.0/16 table 100 proto static
capture route-replace-dev-bigtable $x ip route replace 10.2.0.0/16 table 1000 dev v0
capture route-add-onlink $x ip route add 10.4.0.0/24 via 192.168.9.1 dev v0 onlink
capture route-add-multipath $x ip route add 10.3.0.0/24 nexthop via 10.0.0.2 dev v0 weight 2 nexthop via 10.0.0.3 dev v0
capture route-add-unreachable-v6 $x ip -6 route add unreachable fd00:9::/64 metric 10
capture route-del $x ip route del 10.1.2.0/24
capture addr-add-v4 $x ip addr add 10.0.0.5/24 dev v0
capture addr-add-v6-nodad $x ip -6 addr add fd00::5/64 dev v0 nodad
capture addr-del-v4 $x ip addr del 10.0.0.5/24 dev v0
capture neigh-add-permanent $x ip neigh add 10.0.0.9 lladdr 02:00:00:00:00:09 dev v0 nud permanent
capture neigh-replace-v6 $x ip -6 neigh replace fd00::9 lladdr 02:00:00:00:00:0a dev v0 nud permanent
capture fdb-append-flood $x bridge fdb append 00:00:00:00:00:00 dev vx0 dst 10.0.0.2 self permanent
capture fdb-add-vni-port $x bridge fdb add 02:00:00:00:00:0b dev vx0 dst 10.0.0.3 vni 42 port 4789 self permanent
capture rule-add-from-table $x ip rule add from 10.0.0.0/8 priority 100 table 200
capture rule-add-fwmark-bigtable $x ip rule add fwmark 0x10/0xff priority 101 table 1000
capture link-add-veth $x ip link add v9 type veth peer name v9p
capture link-add-bridge $x ip link add br9 type bridge
capture link-add-ifb $x ip link add ifb9 type ifb
capture link-add-vxlan $x ip link add vx9 type vxlan id 42 local 10.0.0.1 dstport 4789 nolearning
capture link-set-mtu $x ip link set dev v0 mtu 1400
capture link-set-down $x ip link set dev v0 down
capture link-del $x ip link del dev v0
