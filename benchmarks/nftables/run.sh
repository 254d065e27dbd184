#!/usr/bin/env bash
# nftables dataplane benchmarks: iperf3 throughput with 10,000 IPs in active policy vs none (both ends pinned to
# CPU 1), one-object change latency with 10,000 elements installed, full resync vs raw `nft -f`.
#   benchmarks/nftables/run.sh [RUNS=5] [CHANGES=200] [IPERF_SECONDS=3]
#   benchmarks/nftables/run.sh e2e [CHANGES=200]   (datastore commit in SQLite -> DatastoreSync -> PolicyEngine ->
#     dataplane -> first probe seeing the new verdict, next to raw `nft -f` and libnftables for the same delta)
# Needs root, nft and iperf3 (installed with apt when missing). Everything runs in fresh network namespaces.
set -euo pipefail
cd "$(dirname "$0")/../.."
if [ "$(id -u)" != 0 ]; then echo "run as root (network namespaces, nftables)" >&2; exit 2; fi
command -v nft >/dev/null || { echo "nft is missing (apt-get install nftables)" >&2; exit 2; }
command -v iperf3 >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y iperf3 >/dev/null
dotnet build -c Release benchmarks/nftables/Harness -nologo -v quiet >/dev/null
if [ "${1:-}" = e2e ]; then
  exec dotnet benchmarks/nftables/Harness/bin/Release/net10.0/Calico.Benchmarks.Nftables.dll e2e "${2:-200}"
fi
exec dotnet benchmarks/nftables/Harness/bin/Release/net10.0/Calico.Benchmarks.Nftables.dll "${1:-5}" "${2:-200}" "${3:-3}"
