# Shared by the throughput benchmarks (sourced, not run): one pinned iperf3 measurement and a median.
# The caller sets SECS (seconds per run) and CPU (the CPU both iperf3 ends are pinned to, for a steady ratio).

measure() { # server netns, client netns, server address -> Gbit/s
  ip netns exec "$1" timeout $((SECS + 30)) taskset -c "$CPU" iperf3 -s -1 -B "$3" >/dev/null 2>&1 &
  local server=$! tries=0
  until ip netns exec "$1" ss -ltn | grep -q ":5201"; do
    tries=$((tries + 1)); [ $tries -lt 50 ] || { echo "iperf3 server in $1 did not start" >&2; kill $server; return 1; }; sleep 0.1
  done
  ip netns exec "$2" timeout $((SECS + 20)) taskset -c "$CPU" iperf3 -c "$3" -t "$SECS" -J |
    python3 -c 'import json,sys; print("%.2f" % (json.load(sys.stdin)["end"]["sum_received"]["bits_per_second"] / 1e9))'
  wait $server || true
}

median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
