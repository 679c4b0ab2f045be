#!/usr/bin/env bash
# Load harness of the standalone server: 2-step sagas with wait_result, against direct branch calls measured in
# the same run; writes the table into docs/performance.md.
#   scripts/load.sh [store] [seconds] [clients]     store: h2 (default, the embedded file store) or memory
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -B -ntp -pl dtm-server,benchmarks -am package -DskipTests
java -cp benchmarks/target/benchmarks.jar io.dtm4j.benchmarks.SagaLoad "${1:-h2}" "${2:-10}" "${3:-10}"
