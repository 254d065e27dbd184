#!/usr/bin/env bash
# Benchmark: Calico.Sdk etcd backend writes/s vs a raw gRPC put loop, same etcd, same concurrency and value size.
# Usage: benchmarks/etcd/run.sh [concurrency=16] [seconds-per-round=1] [rounds=9] [data-dir-base=/dev/shm]
# Starts a throw-away etcd 3.4 on a free loopback port with a temporary data dir (tmpfs by default, so the client's
# CPU cost is not hidden behind fsync; pass a disk directory to include fsync), runs the harness, cleans up.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
concurrency="${1:-16}"; seconds="${2:-1}"; rounds="${3:-9}"; base="${4:-/dev/shm}"
command -v etcd >/dev/null || { echo "etcd not found (apt-get install etcd-server)" >&2; exit 2; }
out="$(mktemp -d /tmp/calico-etcd-bench-bin.XXXXXX)"
dotnet build -c Release -o "$out" "$here/EtcdBench/EtcdBench.csproj" >"$out.build.log" 2>&1 || { cat "$out.build.log" >&2; exit 2; }
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
peer="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
data="$(mktemp -d "$base/calico-etcd-bench.XXXXXX")"
etcd --name bench --data-dir "$data/etcd" --listen-client-urls "http://127.0.0.1:$port" \
  --advertise-client-urls "http://127.0.0.1:$port" --listen-peer-urls "http://127.0.0.1:$peer" \
  --initial-advertise-peer-urls "http://127.0.0.1:$peer" --initial-cluster "bench=http://127.0.0.1:$peer" \
  --logger zap --log-level warn >"$data/etcd.log" 2>&1 &
etcd_pid=$!
cleanup() { kill "$etcd_pid" 2>/dev/null || true; wait "$etcd_pid" 2>/dev/null || true; rm -rf "$data" "$out" "$out.build.log"; }
trap cleanup EXIT
for _ in $(seq 100); do
  ETCDCTL_API=3 etcdctl --endpoints="http://127.0.0.1:$port" endpoint health >/dev/null 2>&1 && break
  sleep 0.1
done
dotnet "$out/EtcdBench.dll" "http://127.0.0.1:$port" "$concurrency" "$seconds" "$rounds"
