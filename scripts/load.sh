#!/usr/bin/env bash
# Load harnesses of the standalone server, with the JVM options it ships with (dtm-server/src/main/dist/jvm.options;
# DTM_SERVER_JVM_OPTS replaces them). Both print the server's resident memory idle and at its peak, and write their
# tables into docs/performance.md:
#   1. SagaLoad: 2-step sagas with wait_result from concurrent clients (and from wrk), against direct branch calls
#      measured in the same run;
#   2. SustainedLoad: 200 sagas/s offered for 30 s, branches of 200 ms: throughput, backlog, p99.
#   scripts/load.sh [store] [seconds] [clients]     store: h2 (default, the embedded file store) or memory
#   scripts/load.sh workflow [store] [seconds] [clients]   a two-branch workflow against a two-branch saga (WorkflowLoad)
# A jar given as label=path after the arguments of either harness is measured in the same run (see
# benchmarks/compare-http.sh, which compares against the JDK-HttpServer server this one replaced).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-wrk.sh
./mvnw -q -B -ntp -pl dtm-server,benchmarks -am package -DskipTests
if [ "${1:-}" = workflow ]; then
  shift
  exec java -cp benchmarks/target/benchmarks.jar io.dtm4j.benchmarks.WorkflowLoad "${1:-h2}" "${2:-10}" "${3:-10}"
fi
java -cp benchmarks/target/benchmarks.jar io.dtm4j.benchmarks.SagaLoad "${1:-h2}" "${2:-10}" "${3:-10}"
java -cp benchmarks/target/benchmarks.jar io.dtm4j.benchmarks.SustainedLoad "${1:-h2}" 200 30
