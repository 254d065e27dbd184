#!/usr/bin/env bash
# CNI benchmarks, side by side in one run: ADD and DEL of calico (Native AOT; calico-ipam, WorkloadEndpoint write, wait
# for the agent to program routes and nftables policy) against the reference ptp + host-local, with 1 and 2
# concurrent callers; sampled ADDs are followed at once by a TCP probe that must get the final verdict; VERSION start-up
# of calico next to ptp (median of 100).
#   benchmarks/cni/run.sh [ADDS_PER_SERIES=60] [VERSION_RUNS=100] [--trace] [--stand-in]
# The agent is the real calico-node (Release build); --stand-in uses the in-process stand-in agent instead (the same SDK
# pieces, one event at a time), which also splits ADD's wait for the agent into phases under --trace.
# --trace runs the plugin with CALICO_CNI_TRACE=1 and prints where the time goes (plugin phases, agent reaction).
# Needs root, nft and Debian's containernetworking-plugins (/usr/lib/cni). Everything runs in fresh namespaces.
set -euo pipefail
cd "$(dirname "$0")/../.."
if [ "$(id -u)" != 0 ]; then echo "run as root (network namespaces, nftables)" >&2; exit 2; fi
[ -x /usr/lib/cni/ptp ] || { echo "/usr/lib/cni/ptp is missing (apt-get install containernetworking-plugins)" >&2; exit 2; }
pub=$(mktemp -d)
trap 'rm -rf "$pub"' EXIT
dotnet publish src/Calico.Cni/Calico.Cni.csproj -c Release -o "$pub" -nologo -v quiet >/dev/null
dotnet build -c Release benchmarks/cni/Harness -nologo -v quiet >/dev/null
dotnet build -c Release src/Calico.Node -nologo -v quiet >/dev/null
dotnet benchmarks/cni/Harness/bin/Release/net10.0/Calico.Benchmarks.Cni.dll "$pub" "${1:-60}" "${2:-100}" \
  --calico-node="$PWD/src/Calico.Node/bin/Release/net10.0/calico-node" "${@:3}"
