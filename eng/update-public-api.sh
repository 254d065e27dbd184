#!/usr/bin/env bash
# Records the public API of every shipped library in its PublicAPI.Unshipped.txt (PublicApiAnalyzers).
# Run it after a deliberate public API change; review the diff like any other code change.
#   eng/update-public-api.sh            all projects under src/ and plugins/
#   eng/update-public-api.sh path.csproj ...
set -euo pipefail
cd "$(dirname "$0")/.."
projects=("$@")
if [ ${#projects[@]} -eq 0 ]; then
  mapfile -t projects < <(find src plugins -name '*.csproj' | sort)
fi
for p in "${projects[@]}"; do
  dir=$(dirname "$p")
  for f in PublicAPI.Shipped.txt PublicAPI.Unshipped.txt; do
    [ -f "$dir/$f" ] || echo "#nullable enable" > "$dir/$f"
  done
  # Build with the API rules downgraded to warnings so every missing/removed symbol is reported at once.
  out=$(dotnet build "$p" -c Release --no-incremental -p:PublicApiUpdate=true -nologo -v quiet 2>&1 || true)
  python3 - "$dir" "$out" <<'PY'
import re, sys
d = sys.argv[1]; out = sys.argv[2]
add = set(re.findall(r"RS0016: Symbol '(.*)' is not part of the declared public API", out))
remove = set(re.findall(r"RS0017: Symbol '(.*)' is part of the declared API, but is either not public or could not be found", out))
path = d + "/PublicAPI.Unshipped.txt"
lines = [l.rstrip("\n") for l in open(path) if l.strip() and not l.startswith("#")]
lines = sorted((set(lines) | add) - remove)
open(path, "w").write("#nullable enable\n" + "".join(l + "\n" for l in lines))
print(f"{d}: +{len(add)} -{len(remove)} ({len(lines)} entries)")
PY
done
