#!/usr/bin/env bash
# Calico.Sdk build entry point.
#   ./build.sh test     install what is missing, restore, build, start services, run every test, print the summary
#   ./build.sh demo     the multi-node demo (3 agents, pods through the CNI plugin, policy), exit 0 when as expected
#   ./build.sh publish  every executable into out/bin/
#   ./build.sh pack     every library and plugin package into out/packages/
#   ./build.sh bench    side-by-side benchmarks (never part of the test run)
#   ./build.sh deps     only install the Debian packages the tests need
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$(pwd)
OUT="$ROOT/out"
CONFIG=${CONFIG:-Release}
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

# Debian packages the test suite and the programs need (real peers, kernel tools, compilers for layout checks).
APT_PACKAGES=(iproute2 nftables iptables ipset conntrack etcd-server etcd-client openssl gcc libc6-dev python3 procps psmisc
  bird2 frr gobgpd containerd containernetworking-plugins busybox-static tcpdump)

log() { printf '\033[1m==> %s\033[0m\n' "$*"; }

deps() {
  local missing=()
  for p in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
  done
  if ((${#missing[@]})); then
    if [ "$(id -u)" != 0 ]; then
      echo "missing Debian packages (${missing[*]}); run as root to install them" >&2; return 1
    fi
    log "installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
  # etcd-server's package starts a system etcd on the default ports; tests run their own, so stop it.
  # The same holds for the BGP daemons and containerd: tests start their own, in their own namespaces.
  for svc in etcd bird frr gobgpd containerd; do
    if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet "$svc" 2>/dev/null; then
      systemctl stop "$svc" >/dev/null 2>&1 || true
    fi
  done
}

build() {
  log "restore"
  dotnet restore Calico.Sdk.sln -v quiet
  log "build ($CONFIG)"
  dotnet build Calico.Sdk.sln -c "$CONFIG" --no-restore -v quiet -nologo -clp:ErrorsOnly
}

# Test projects (every tests/*/ project marked IsTestProject) run one after another on 2 cores; architecture
# rules first, then the fast unit tiers, then kernel and real-peer tiers. Each writes a trx file the summary reads.
test_projects() {
  local order=(Calico.Architecture.Tests Calico.Sdk.Tests)
  for n in "${order[@]}"; do [ -f "tests/$n/$n.csproj" ] && echo "tests/$n"; done
  for p in $(grep -l '<IsTestProject>true' tests/*/*.csproj | sort); do
    local d; d=$(dirname "$p")
    [[ " ${order[*]} " == *" $(basename "$d") "* ]] || echo "$d"
  done
}

run_tests() {
  local results="$OUT/test-results"
  rm -rf "$results"; mkdir -p "$results"
  local status=0
  for p in $(test_projects); do
    local name; name=$(basename "$p")
    log "test $name"
    if ! dotnet test "$p" -c "$CONFIG" --no-build --no-restore -v quiet -nologo \
        --logger "trx;LogFileName=$name.trx" --results-directory "$results" \
        --blame-hang-timeout 10m >"$results/$name.log" 2>&1; then
      status=1
    fi
    grep -E "^(Passed!|Failed!|  Failed |Total tests|\s+(Passed|Failed|Skipped):)" "$results/$name.log" | head -40 || true
  done

  log "conformance: selectors"
  dotnet run -c "$CONFIG" --no-build --project tests/Calico.Conformance -- \
    selectors --vectors tests/data/selectors/selectors.json >"$results/conformance-selectors.log" 2>&1 || status=1
  tail -n 5 "$results/conformance-selectors.log"

  # Every case folder under tests/data/netpol runs through the netpol runner: kernel and model must agree with
  # the expectation (--mode both) on every dataplane (nftables and iptables; NETPOL_DATAPLANE picks one). A folder
  # may hold a file `model-only` whose text says why its cases cannot run on the kernel yet; it then runs in model
  # mode and the reason is printed. A file `dataplanes` limits the kernel runs: first line the dataplanes that
  # support the folder, second line why the others are left out (printed).
  for dir in tests/data/netpol/*/; do
    [ -n "$(ls "$dir"/*.json 2>/dev/null)" ] || continue
    local set mode=both; set=$(basename "$dir")
    if [ -f "$dir/model-only" ]; then mode=model; echo "netpol $set: model only: $(head -n1 "$dir/model-only")"; fi
    [ -n "${NETPOL_MODE:-}" ] && mode=$NETPOL_MODE
    local dataplanes=(${NETPOL_DATAPLANE:-nftables iptables}); [ "$mode" = model ] && dataplanes=(model)
    if [ "$mode" != model ] && [ -z "${NETPOL_DATAPLANE:-}" ] && [ -f "$dir/dataplanes" ]; then
      dataplanes=($(head -n1 "$dir/dataplanes"))
      echo "netpol $set: kernel runs on ${dataplanes[*]} only: $(sed -n 2p "$dir/dataplanes")"
    fi
    for dataplane in "${dataplanes[@]}"; do
      local dp=() name=$set; [ "$mode" = model ] || { dp=(--dataplane "$dataplane"); name=$set-$dataplane; }
      log "conformance: netpol $set ($mode ${dp[*]})"
      dotnet run -c "$CONFIG" --no-build --project tests/Calico.Conformance -- \
        netpol --cases "$dir" --mode "$mode" "${dp[@]}" >"$results/conformance-netpol-$name.log" 2>&1 || status=1
      tail -n 1 "$results/conformance-netpol-$name.log"
    done
  done

  log "summary"
  python3 eng/test-summary.py "$results" || status=1
  return $status
}

cmd=${1:-test}
case "$cmd" in
  deps) deps ;;
  build) build ;;
  test)
    deps
    build
    run_tests
    ;;
  demo)
    # The README's main job: 3 node namespaces, 3 agents on the embedded SQLite datastore, pods via the CNI plugin,
    # the connectivity matrix before and after an allow-same-namespace policy (see eng/demo.sh).
    deps
    build
    bash eng/demo.sh
    ;;
  publish)
    build
    mkdir -p "$OUT/bin"
    for p in $(find samples src plugins tests/Calico.Conformance -name '*.csproj' 2>/dev/null | sort); do
      if grep -q '<OutputType>Exe</OutputType>' "$p" && ! grep -q '<IsTestProject>true' "$p"; then
        log "publish $(basename "$p" .csproj)"
        dotnet publish "$p" -c "$CONFIG" -o "$OUT/bin" -v quiet -nologo
      fi
    done
    ls -1 "$OUT/bin" | grep -vE '\.(dll|pdb|json|xml)$' || true
    ;;
  pack)
    rm -rf "$OUT/packages"; mkdir -p "$OUT/packages"
    dotnet pack Calico.Sdk.sln -c "$CONFIG" -o "$OUT/packages" -v quiet -nologo
    ls -1 "$OUT/packages"
    ;;
  bench)
    APT_PACKAGES+=(iperf3)
    deps
    build
    for s in benchmarks/*/run.sh benchmarks/*.sh; do
      [ -f "$s" ] || continue
      log "bench $s"; bash "$s"
    done
    log "BenchmarkDotNet suites"
    dotnet run -c Release --project benchmarks/Calico.Benchmarks -- --filter "${BENCH_FILTER:-*}" --join
    ;;
  *) echo "usage: $0 test|demo|publish|pack|bench|deps|build" >&2; exit 2 ;;
esac
