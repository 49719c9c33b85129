#!/usr/bin/env bash
# Installs what is missing (Redis too, for the comparison), builds the release preset and runs both
# benchmark programs. They print numbers and never fail on a time. Arguments go to both programs,
# and each ignores section names it does not have:
#   ./scripts/bench.sh                 every section of both
#   ./scripts/bench.sh --runs 1        one run of each measurement
#   ./scripts/bench.sh pipeline redis  the pipeline section of one, the Redis section of the other
set -euo pipefail
cd "$(dirname "$0")/.."

./scripts/install-deps.sh redis-server

cmake --preset release >/dev/null
cmake --build --preset release --target bufferlab bufferlab-bench bufferlab-netbench

./build/release/tests/bench/bufferlab-bench "$@"
echo
./build/release/tests/bench/bufferlab-netbench "$@"
