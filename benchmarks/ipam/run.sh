#!/usr/bin/env bash
# Benchmark: IPAM allocations/s on etcd and SQLite, next to etcd raw put rate at the same concurrency (same run).
# Usage: benchmarks/ipam/run.sh [callers=2] [seconds-per-round=1] [rounds=7] [settings-cache-ms=default] [etcd-data-base=/dev/shm] [sqlite-dir-base=/tmp]
# Starts a throw-away etcd 3.4 on a free loopback port with a temporary data dir (tmpfs by default, so the client's
# CPU cost is not hidden behind fsync; pass a disk directory to include fsync) and a SQLite file on disk (the default
# synchronous=FULL pays its fsync, as in production), runs the harness, cleans up.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
callers="${1:-2}"; seconds="${2:-1}"; rounds="${3:-7}"; cache="${4:-default}"; base="${5:-/dev/shm}"; sqlite_base="${6:-/tmp}"
command -v etcd >/dev/null || { echo "etcd not found (apt-get install etcd-server)" >&2; exit 2; }
out="$(mktemp -d /tmp/calico-ipam-bench-bin.XXXXXX)"
dotnet build -c Release -o "$out" "$here/IpamBench/IpamBench.csproj" >"$out.build.log" 2>&1 || { cat "$out.build.log" >&2; exit 2; }
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
peer="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
data="$(mktemp -d "$base/calico-ipam-bench.XXXXXX")"
sqlite_dir="$(mktemp -d "$sqlite_base/calico-ipam-bench-sqlite.XXXXXX")"
etcd --name bench --data-dir "$data/etcd" --listen-client-urls "http://127.0.0.1:$port" \
  --advertise-client-urls "http://127.0.0.1:$port" --listen-peer-urls "http://127.0.0.1:$peer" \
  --initial-advertise-peer-urls "http://127.0.0.1:$peer" --initial-cluster "bench=http://127.0.0.1:$peer" \
  --logger zap --log-level warn >"$data/etcd.log" 2>&1 &
etcd_pid=$!
cleanup() { kill "$etcd_pid" 2>/dev/null || true; wait "$etcd_pid" 2>/dev/null || true; rm -rf "$data" "$sqlite_dir" "$out" "$out.build.log"; }
trap cleanup EXIT
for _ in $(seq 100); do
  ETCDCTL_API=3 etcdctl --endpoints="http://127.0.0.1:$port" endpoint health >/dev/null 2>&1 && break
  sleep 0.1
done
dotnet "$out/IpamBench.dll" "http://127.0.0.1:$port" "$sqlite_dir/calico.db" "$callers" "$seconds" "$rounds" "$cache"
