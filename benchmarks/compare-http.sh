#!/usr/bin/env bash
# The HTTP layer decision, measured again: the server as it is against the last one on the JDK's HttpServer
# (commit cc4f9a7), both with the same JVM options, taking turns in the same run:
#   1. SagaLoad on the memory store (median of 3 rounds, wait_result, 10 clients): the HTTP layer and the engine
#      with no database in the way. The memory store keeps every transaction on the heap, so this pass runs with
#      a 512 MB heap instead of the shipped 96 MB (otherwise full collections of a full heap are measured);
#   2. SustainedLoad on the store given (default h2, the shipped default) with the shipped JVM options: 200 sagas/s
#      with 200 ms branches, throughput, backlog, p99 and resident memory.
# Writes the sections server-compare-memory and sustained-compare-<store> of docs/performance.md.
#   benchmarks/compare-http.sh [store] [seconds]
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-wrk.sh
store="${1:-h2}"
seconds="${2:-8}"
base=$(mktemp -d)
trap 'git worktree remove --force "$base/src" >/dev/null 2>&1 || true; rm -rf "$base"' EXIT
git worktree add -q --detach "$base/src" cc4f9a7
(cd "$base/src" && ./mvnw -q -B -ntp -pl dtm-server -am package -DskipTests -Dcheckstyle.skip -Dmaven.javadoc.skip)
cp "$base/src/dtm-server/target/dtm-server.jar" "$base/jdk-httpserver.jar"
./mvnw -q -B -ntp -pl dtm-server,benchmarks -am package -DskipTests
cp dtm-server/target/dtm-server.jar "$base/netty.jar"
options=$(cat dtm-server/src/main/dist/jvm.options)
DTM_SERVER_JVM_OPTS="${options/-Xmx96m/-Xmx512m}" \
  java -Drounds=3 -cp benchmarks/target/benchmarks.jar io.dtm4j.benchmarks.SagaLoad memory "$seconds" 10 \
  "jdk=$base/jdk-httpserver.jar" "netty=$base/netty.jar"
java -cp benchmarks/target/benchmarks.jar io.dtm4j.benchmarks.SustainedLoad "$store" 200 30 \
  "jdk=$base/jdk-httpserver.jar" "netty=$base/netty.jar"
