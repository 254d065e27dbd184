#!/usr/bin/env bash
# BGP benchmarks, side by side with BIRD (picked up by ./build.sh bench). Needs root, bird, gobgpd/gobgp.
# BGP_BENCH_RUNS (default 5) sets the runs per measurement; results go to stdout and benchmarks/bgp/results.txt.
set -euo pipefail
cd "$(dirname "$0")/../.."
dotnet run -c Release --project benchmarks/bgp/Calico.Bgp.Benchmarks | tee benchmarks/bgp/results.txt
