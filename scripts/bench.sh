#!/usr/bin/env bash
# Runs a JMH benchmark group against the real services and writes its table into docs/performance.md.
#   scripts/bench.sh [group]        group: barrier (default), barrier-jdbc, barrier-mybatis, starter (annotation vs DtmTemplate)
# Quicker, noisier runs: BENCH_WARMUPS=1 BENCH_ITERATIONS=3 BENCH_SECONDS=2 scripts/bench.sh
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/services.sh
./mvnw -q -B -ntp -pl benchmarks -am package -DskipTests
java -jar benchmarks/target/benchmarks.jar "${1:-barrier}" docs/performance.md
