#!/usr/bin/env bash
# Records the public API of every shipped library (src/ and plugins/) in its PublicAPI.Unshipped.txt, the files
# Microsoft.CodeAnalysis.PublicApiAnalyzers checks on every build. Run it after a deliberate public API change and
# review the diff like any other change: an unintended public type shows up here first.
#   eng/update-public-api.sh                      every shipped project (one solution build)
#   eng/update-public-api.sh src/X/X.csproj ...   only the named projects (and what they reference)
set -euo pipefail
cd "$(dirname "$0")/.."
for p in $(find src plugins -name '*.csproj' | sort); do
  dir=$(dirname "$p")
  for f in PublicAPI.Shipped.txt PublicAPI.Unshipped.txt; do
    [ -f "$dir/$f" ] || echo "#nullable enable" > "$dir/$f"
  done
done
# One build with the API rules downgraded to warnings, so every missing or removed symbol of every project is
# reported at once (as errors they would stop dependent projects from compiling).
log=$(mktemp); trap 'rm -f "$log"' EXIT
targets=("$@"); ((${#targets[@]})) || targets=(Calico.Sdk.sln)
for t in "${targets[@]}"; do
  dotnet build "$t" -c Release --no-incremental -p:PublicApiUpdate=true -nologo -v quiet -clp:NoSummary >>"$log" 2>&1 || true
done
python3 - "$log" <<'PY'
import os, re, sys
out = open(sys.argv[1], encoding="utf-8", errors="replace").read()
add, remove = {}, {}
pat = re.compile(r"(RS0016|RS0017): Symbol '(.*)' (?:is not part of the declared public API|is part of the declared API, but is either not public or could not be found).*\[(.*\.csproj)\]")
for line in out.splitlines():
    m = pat.search(line)
    if not m:
        continue
    code, symbol, project = m.groups()
    (add if code == "RS0016" else remove).setdefault(os.path.dirname(project), set()).add(symbol)
for d in sorted(set(add) | set(remove)):
    path = os.path.join(d, "PublicAPI.Unshipped.txt")
    lines = {l.rstrip("\n") for l in open(path) if l.strip() and not l.startswith("#")}
    lines = sorted((lines | add.get(d, set())) - remove.get(d, set()))
    with open(path, "w") as f:
        f.write("#nullable enable\n" + "".join(l + "\n" for l in lines))
    print(f"{os.path.relpath(d)}: +{len(add.get(d, ()))} -{len(remove.get(d, ()))} ({len(lines)} entries)")
errors = [l for l in out.splitlines() if ": error " in l]
if errors:
    print("build errors other than public API ones:", *sorted(set(errors))[:20], sep="\n")
    sys.exit(1)
PY
