#!/usr/bin/env bash
# iptables dataplane benchmarks, per backend (nft and legacy): iperf3 throughput with 10,000 IPs in active policy vs
# none (both ends pinned to CPU 1), one-object change latency with 10,000 set elements installed (to the first packet
# seeing the new verdict), one policy change with 10,000 rules installed, full resync vs the raw restore tools.
#   benchmarks/iptables/run.sh [RUNS=5] [CHANGES=200] [IPERF_SECONDS=3] [BACKENDS=nft,legacy] [SECTIONS=throughput,member,policy,full]
# The member and policy sections print the same change through the raw tools (ipset restore, iptables-restore
# --noflush of the same one-chain delta on the same loaded table), interleaved with ours, and "ratio" lines.
# Needs root, iptables (nft and legacy), ipset and iperf3 (installed with apt when missing). Everything runs in
# fresh network namespaces.
set -euo pipefail
cd "$(dirname "$0")/../.."
if [ "$(id -u)" != 0 ]; then echo "run as root (network namespaces, iptables)" >&2; exit 2; fi
for p in iptables-nft-restore iptables-legacy-restore ipset; do
  command -v "$p" >/dev/null || { echo "$p is missing (apt-get install iptables ipset)" >&2; exit 2; }
done
command -v iperf3 >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y iperf3 >/dev/null
dotnet build -c Release benchmarks/iptables/Harness -nologo -v quiet >/dev/null
exec dotnet benchmarks/iptables/Harness/bin/Release/net10.0/Calico.Benchmarks.Iptables.dll "${1:-5}" "${2:-200}" "${3:-3}" "${4:-nft,legacy}" "${5:-throughput,member,policy,full}"
