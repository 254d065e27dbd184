#!/usr/bin/env bash
# Entry point for `./build.sh bench`: the Linux side-by-side benchmarks (see README.md here).
set -euo pipefail
exec bash "$(dirname "$0")/routes.sh"
