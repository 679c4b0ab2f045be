#!/usr/bin/env bash
# Load harness of the standalone server: 2-step sagas with wait_result, against direct branch calls measured in
# the same run, from the Java client and from wrk; writes the table into docs/performance.md.
#   scripts/load.sh [store] [seconds] [clients]     store: h2 (default, the embedded file store) or memory
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v wrk >/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "[load] installing wrk (Debian package)"
    apt-get install -y -qq wrk >/dev/null || echo "[load] wrk could not be installed; its rows are left out"
  else
    echo "[load] wrk is not installed (apt-get install wrk); its rows are left out"
  fi
fi
./mvnw -q -B -ntp -pl dtm-server,benchmarks -am package -DskipTests
java -cp benchmarks/target/benchmarks.jar io.dtm4j.benchmarks.SagaLoad "${1:-h2}" "${2:-10}" "${3:-10}"
